"""Notes on disk: `<home>/notes/<id>.md`, every earlier version kept under
`<home>/notes/.history/<id>/`.

A save writes a temporary file and renames it over the note, so a crash leaves the old
or the new version, never a mix. A save names the version it was edited from; if the note
changed since, the save is refused as a conflict and nothing is overwritten."""

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from kb.notes.model import NoteError, check_id, dump_note, parse_note
from kb.store import atomic_write


class NoteConflict(NoteError):
    def __init__(self, note_id, current_version):
        self.current_version = current_version
        super().__init__(f"{note_id}：在你编辑期间，这条笔记已被他人修改。你的内容没有保存，也没有丢失；请对照最新版本后重新提交。")


@dataclass(frozen=True)
class HistoryEntry:
    name: str         # file name inside the note's history folder
    saved: str        # when it was replaced, ISO time
    version: str      # sha256 prefix of that text


def version_of(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class NoteStore:
    def __init__(self, home):
        self.folder = Path(home.root) / "notes"

    def _path(self, note_id):
        check_id(note_id)
        path = (self.folder / f"{note_id}.md").resolve()
        if path.parent != self.folder.resolve():
            raise NoteError(f"笔记编号不合法：{note_id!r}")
        return path

    def _history_dir(self, note_id):
        return self.folder / ".history" / check_id(note_id)

    def ids(self):
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.md") if not p.name.startswith("."))

    def text(self, note_id):
        path = self._path(note_id)
        if not path.is_file():
            raise NoteError(f"没有这条笔记：{note_id}")
        return path.read_text(encoding="utf-8")

    def load(self, note_id):
        return parse_note(note_id, self.text(note_id))

    def load_all(self):
        """(notes, problems): every readable note, and a reason for each unreadable one."""
        notes, problems = [], []
        for note_id in self.ids():
            try:
                notes.append(self.load(note_id))
            except (NoteError, UnicodeDecodeError, ValueError) as error:
                problems.append(str(error) if isinstance(error, NoteError) else f"{note_id}：无法读取（{error}）")
        return notes, problems

    def exists(self, note_id):
        return self._path(note_id).is_file()

    def save(self, note, base_version=None):
        """Write a note. `base_version` is the version the editor started from (None for a
        new note); returns the new version."""
        path = self._path(note.id)
        text = dump_note(note)
        parse_note(note.id, text)  # never write what could not be read back
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current is not None and version_of(current) != base_version:
            raise NoteConflict(note.id, version_of(current))
        if current is None and base_version is not None:
            raise NoteConflict(note.id, None)
        if current is not None:
            self._keep(note.id, current)
        atomic_write(path, text.encode("utf-8"))
        return version_of(text)

    def _keep(self, note_id, text):
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{time.time_ns() % 10**9:09d}"
        atomic_write(self._history_dir(note_id) / f"{stamp}-{version_of(text)}.md", text.encode("utf-8"))

    def history(self, note_id):
        folder = self._history_dir(note_id)
        if not folder.is_dir():
            return []
        entries = []
        for path in sorted(folder.glob("*.md"), reverse=True):
            stamp, _, rest = path.stem.partition("-")
            entries.append(HistoryEntry(name=path.name, saved=_iso(stamp), version=rest.rpartition("-")[2]))
        return entries

    def old_text(self, note_id, name):
        folder = self._history_dir(note_id).resolve()
        path = (folder / name).resolve()
        if path.parent != folder or not path.is_file():
            raise NoteError(f"没有这个历史版本：{name[:60]}")
        return path.read_text(encoding="utf-8")

    def restore(self, note_id, name, base_version):
        """Make an old version current again (the replaced one goes to history too)."""
        note = parse_note(note_id, self.old_text(note_id, name))
        return self.save(note, base_version=base_version)


def _iso(stamp):
    try:
        parsed = time.strptime(stamp, "%Y%m%dT%H%M%S")
    except ValueError:
        return stamp
    return time.strftime("%Y-%m-%d %H:%M:%S", parsed) + " UTC"

