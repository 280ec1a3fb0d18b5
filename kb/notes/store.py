"""Notes on disk: `<home>/notes/<id>.md`, every earlier version kept under
`<home>/notes/.history/<id>/`.

A save writes a temporary file and renames it over the note, so a crash leaves the old
or the new version, never a mix. A save names the version it was edited from; if the note
changed since, the save is refused as a conflict and nothing is overwritten. The check and
the write are one step under an OS file lock per note (`<home>/notes/.locks/<id>.lock`), so
of many processes saving from the same version exactly one succeeds; a new note is created
exclusively. Temporary files left by a killed save are removed when the store is opened.

The shipped example notes (type 示例, package data in kb/data/notes/) are part of every home,
read in place and never copied; REGKB_EXAMPLE_NOTES=0 hides them. Editing one writes the
edited note into the home, which then takes its place (the shipped text goes to history)."""

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from kb.home import EXAMPLE_NOTES
from kb.notes.model import NoteError, check_id, dump_note, parse_note
from kb.store import atomic_write, exclusive_write, remove_stale_temporaries

EXAMPLES_SETTING = "REGKB_EXAMPLE_NOTES"

LOCK_TIMEOUT = 10       # seconds; a save takes milliseconds, so this only trips on a stuck disk


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


def notes_folder(home) -> Path:
    return Path(home.root) / "notes"


def examples_shown() -> bool:
    """False when REGKB_EXAMPLE_NOTES is 0 (or false, no, off)."""
    return os.environ.get(EXAMPLES_SETTING, "1").strip().lower() not in ("0", "false", "no", "off")


def _note_ids(folder):
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.glob("*.md") if not p.name.startswith(".")}


class NoteStore:
    def __init__(self, home):
        self.folder = notes_folder(home)
        self.examples = EXAMPLE_NOTES if examples_shown() else None
        self._remove_stale_temporaries()

    def _remove_stale_temporaries(self):
        if not self.folder.is_dir():
            return
        for folder in [self.folder, *(self.folder / ".history").glob("*/")]:
            remove_stale_temporaries(folder)

    def _lock(self, note_id):
        folder = self.folder / ".locks"
        folder.mkdir(parents=True, exist_ok=True)
        return FileLock(folder / f"{check_id(note_id)}.lock", timeout=LOCK_TIMEOUT)

    def _path(self, note_id, folder=None):
        check_id(note_id)
        folder = (folder or self.folder).resolve()
        path = (folder / f"{note_id}.md").resolve()
        if path.parent != folder:
            raise NoteError(f"笔记编号不合法：{note_id!r}")
        return path

    def _example_path(self, note_id):
        """The shipped example of this id, if examples are shown and there is one."""
        path = self._path(note_id, self.examples) if self.examples else None
        return path if path and path.is_file() else None

    def _history_dir(self, note_id):
        return self.folder / ".history" / check_id(note_id)

    def ids(self):
        shipped = _note_ids(self.examples) if self.examples else set()
        return sorted(_note_ids(self.folder) | shipped)

    def _current(self, note_id):
        """The note's text as it stands (the home's copy, else the shipped example), or None."""
        path = self._path(note_id)
        if path.is_file():
            return path.read_text(encoding="utf-8")
        example = self._example_path(note_id)
        return example.read_text(encoding="utf-8") if example else None

    def text(self, note_id):
        current = self._current(note_id)
        if current is None:
            raise NoteError(f"没有这条笔记：{note_id}")
        return current

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
        return self._path(note_id).is_file() or self._example_path(note_id) is not None

    def save(self, note, base_version=None):
        """Write a note. `base_version` is the version the editor started from (None for a
        new note); returns the new version, or raises NoteConflict and writes nothing."""
        path = self._path(note.id)
        text = dump_note(note)
        parse_note(note.id, text)  # never write what could not be read back
        try:
            with self._lock(note.id):
                self._write_checked(note.id, path, text, base_version)
        except Timeout:
            raise NoteError(f"{note.id}：这条笔记正在被保存，请稍后重试；你的内容没有保存。") from None
        return version_of(text)

    def _write_checked(self, note_id, path, text, base_version):
        """The version check and the write; called with the note's lock held."""
        current = self._current(note_id)
        if current is None and base_version is not None:
            raise NoteConflict(note_id, None)     # deleted since the editor opened it
        if current is not None and version_of(current) != base_version:
            raise NoteConflict(note_id, version_of(current))
        if current is not None:
            self._keep(note_id, current)
        if path.exists():
            atomic_write(path, text.encode("utf-8"))
        elif not exclusive_write(path, text.encode("utf-8")):   # a new note, or an example's first edit
            raise NoteConflict(note_id, version_of(path.read_text(encoding="utf-8")))

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

