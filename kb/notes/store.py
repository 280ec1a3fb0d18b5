"""The team's notes, in the storage kb.storage chooses: files in the home
(`<home>/notes/<id>.md`, history under `<home>/notes/.history/<id>/`) or PostgreSQL.

A save names the version it was edited from; if the note changed since, the save is
refused as a conflict and nothing is overwritten. The check and the write are one step in
either backend (a file lock per note, or one transaction on the note's row), so of many
processes or hosts saving from the same version exactly one succeeds.

The shipped example notes (type 示例, package data in kb/data/notes/) are part of every home,
read in place and never copied; REGKB_EXAMPLE_NOTES=0 hides them. Editing one stores the
edited note, which then takes its place (the shipped text goes to history)."""

import os
from pathlib import Path

from kb.home import EXAMPLE_NOTES
from kb.notes.model import NoteError, check_id, dump_note, parse_note
from kb.storage import storage_for
from kb.storage.base import HistoryEntry, NoteRecord, StaleVersion, version_of
from kb.storage.files import Busy

__all__ = ["HistoryEntry", "NoteConflict", "NoteRecord", "NoteStore", "version_of"]

EXAMPLES_SETTING = "REGKB_EXAMPLE_NOTES"


class NoteConflict(NoteError):
    def __init__(self, note_id, current_version):
        self.current_version = current_version
        super().__init__(f"{note_id}：在你编辑期间，这条笔记已被他人修改。你的内容没有保存，也没有丢失；请对照最新版本后重新提交。")


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
    def __init__(self, home, backend=None):
        self.backend = backend or storage_for(home).notes
        self.examples = EXAMPLE_NOTES if examples_shown() else None

    def _example(self, note_id):
        """The shipped example of this id, if examples are shown and there is one."""
        if not self.examples:
            return None
        path = self.examples / f"{check_id(note_id)}.md"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def ids(self):
        shipped = _note_ids(self.examples) if self.examples else set()
        return sorted(self.backend.ids() | shipped)

    def _current(self, note_id):
        """The note's text as it stands (the stored one, else the shipped example), or None."""
        stored = self.backend.text(check_id(note_id))
        return stored if stored is not None else self._example(note_id)

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
        return self._current(note_id) is not None

    def state(self):
        """Changes whenever a note is saved."""
        return self.backend.state()

    def save(self, note, base_version=None):
        """Write a note. `base_version` is the version the editor started from (None for a
        new note); returns the new version, or raises NoteConflict and writes nothing."""
        check_id(note.id)
        text = dump_note(note)
        parse_note(note.id, text)  # never write what could not be read back
        try:
            self.backend.write(note.id, text, base_version, self._example(note.id))
        except StaleVersion as stale:
            raise NoteConflict(note.id, stale.current_version) from None
        except Busy:
            raise NoteError(f"{note.id}：这条笔记正在被保存，请稍后重试；你的内容没有保存。") from None
        return version_of(text)

    def history(self, note_id):
        return self.backend.history(check_id(note_id))

    def old_text(self, note_id, name):
        text = self.backend.old_text(check_id(note_id), name)
        if text is None:
            raise NoteError(f"没有这个历史版本：{name[:60]}")
        return text

    def restore(self, note_id, name, base_version):
        """Make an old version current again (the replaced one goes to history too)."""
        note = parse_note(note_id, self.old_text(note_id, name))
        return self.save(note, base_version=base_version)
