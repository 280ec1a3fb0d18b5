"""The storage interface: notes (with history and the conflict check) and accounts (with the
sign-in throttle and the session epoch). Two implementations: kb.storage.files (the
embedded default) and kb.storage.postgres (several app hosts sharing one database).

The backends store and check; policy (ids, parsing, examples, passwords, limits, messages)
stays in kb.notes.store and kb.accounts."""

import hashlib
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterator
from dataclasses import dataclass

HISTORY_NAME_RE = re.compile(r"[0-9]{8}T[0-9]{6}-[0-9]{9}-[0-9a-f]{16}\.md")


def version_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class StaleVersion(Exception):
    """The note is not at the version the save was made from; nothing was written."""

    def __init__(self, current_version: str | None):
        super().__init__(current_version)
        self.current_version = current_version


@dataclass(frozen=True)
class HistoryEntry:
    name: str         # <UTC stamp>-<nanoseconds>-<version>.md, the same in every backend
    saved: str        # when it was replaced, ISO time
    version: str      # sha256 prefix of that text


@dataclass(frozen=True)
class NoteRecord:
    """A note with its whole history, as moved between backends by export and import."""
    id: str
    text: str
    history: tuple = ()     # (history name, text) pairs


def history_name(text: str) -> str:
    """The name a replaced version is kept under: its time, then its version."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{time.time_ns() % 10**9:09d}"
    return f"{stamp}-{version_of(text)}.md"


def history_entry(name: str) -> HistoryEntry:
    stamp, _, rest = name.removesuffix(".md").partition("-")
    return HistoryEntry(name=name, saved=_iso(stamp), version=rest.rpartition("-")[2])


def newest_first(names) -> list[HistoryEntry]:
    return [history_entry(name) for name in sorted(names, reverse=True)]


def _iso(stamp):
    try:
        parsed = time.strptime(stamp, "%Y%m%dT%H%M%S")
    except ValueError:
        return stamp
    return time.strftime("%Y-%m-%d %H:%M:%S", parsed) + " UTC"


def checked_current(current: str | None, base_version: str | None) -> None:
    """The conflict rule of every backend, applied to the note as it stands (None: absent)."""
    if current is None and base_version is not None:
        raise StaleVersion(None)          # deleted since the editor opened it
    if current is not None and version_of(current) != base_version:
        raise StaleVersion(version_of(current))


class NotesBackend(ABC):
    """The team's notes. Ids are checked by the caller (kb.notes.store)."""

    @abstractmethod
    def ids(self) -> set:
        """Ids of the stored notes."""

    @abstractmethod
    def text(self, note_id: str) -> str | None:
        """The stored text, or None."""

    @abstractmethod
    def write(self, note_id: str, text: str, base_version: str | None, fallback: str | None) -> None:
        """Store `text` if the note is at `base_version`, in one step: the check, keeping the
        replaced text in history, and the write. `fallback` is what the note is when it is not
        stored (a shipped example), or None. Raises StaleVersion and writes nothing otherwise."""

    @abstractmethod
    def history_names(self, note_id: str) -> list:
        """Names of the kept versions."""

    @abstractmethod
    def old_text(self, note_id: str, name: str) -> str | None:
        """A kept version by its name, or None."""

    @abstractmethod
    def add_history(self, note_id: str, name: str, text: str) -> None:
        """Keep `text` under `name` (import)."""

    @abstractmethod
    def create(self, note_id: str, text: str) -> bool:
        """Store a note that is not stored yet; False if it is (import)."""

    @abstractmethod
    def state(self) -> Hashable:
        """Changes whenever a note is saved (what the notes catalog is cached by)."""

    def history(self, note_id: str) -> list[HistoryEntry]:
        return newest_first(self.history_names(note_id))

    def records(self) -> Iterator[NoteRecord]:
        for note_id in sorted(self.ids()):
            kept = tuple((name, self.old_text(note_id, name)) for name in sorted(self.history_names(note_id)))
            yield NoteRecord(note_id, self.text(note_id), kept)

    def import_record(self, record: NoteRecord) -> bool:
        """Add a note and its history. A note stored here with another text is left alone
        (False); its history entries missing here are added either way. Nothing is lost."""
        current = self.text(record.id)
        known = set(self.history_names(record.id))
        for name, text in record.history:
            if not HISTORY_NAME_RE.fullmatch(name):
                raise ValueError(f"history name {name!r}")
            if name not in known:
                self.add_history(record.id, name, text)
        if current is None:
            return self.create(record.id, record.text)
        return current == record.text


class AccountsBackend(ABC):
    """Editor accounts: name → {hash, epoch, created}, and the count of sign-in tries."""

    @abstractmethod
    def users(self) -> dict:
        """Every account."""

    @abstractmethod
    def user(self, name: str) -> dict | None:
        """One account, or None."""

    @abstractmethod
    def create(self, name: str, password_hash: str, created: str) -> bool:
        """A new account with epoch 0; False if the name is taken."""

    @abstractmethod
    def take_a_try(self, name: str, limit: int, window: float) -> bool:
        """Count one sign-in try for `name`, atomically across processes and hosts; False
        (nothing counted) when it already has `limit` tries within the last `window` seconds."""

    @abstractmethod
    def clear_tries(self, name: str) -> None:
        """A successful sign-in: the count starts afresh."""

    @abstractmethod
    def raise_epoch(self, name: str) -> None:
        """Sign-out: sessions carrying an older epoch stop working."""
