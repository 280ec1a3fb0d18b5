"""The embedded backend: files in the home, nothing to set up.

Notes: `<home>/notes/<id>.md`, every earlier version under `<home>/notes/.history/<id>/`.
A save writes a temporary file and renames it over the note, so a crash leaves the old or
the new version, never a mix. The version check and the write are one step under an OS
file lock per note (`<home>/notes/.locks/<id>.lock`); a new note is created exclusively.
Temporary files left by a killed save are removed when the store is opened.

Accounts: `<home>/instance/users.json`; sign-in tries in `<home>/instance/login_failures.json`;
every read-modify-write of them holds one OS file lock."""

import json
import time
from pathlib import Path

from filelock import FileLock, Timeout

from kb.errors import KbError
from kb.storage.base import AccountsBackend, NotesBackend, StaleVersion, checked_current, history_name, version_of
from kb.store import atomic_write, exclusive_write, remove_stale_temporaries

LOCK_TIMEOUT = 10       # seconds; a save takes milliseconds, so this only trips on a stuck disk


class Busy(KbError):
    """A lock was not had in time."""


class FileNotes(NotesBackend):
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._remove_stale_temporaries()

    def _remove_stale_temporaries(self):
        if not self.folder.is_dir():
            return
        for folder in [self.folder, *(self.folder / ".history").glob("*/")]:
            remove_stale_temporaries(folder)

    def _path(self, note_id):
        folder = self.folder.resolve()
        path = (folder / f"{note_id}.md").resolve()
        if path.parent != folder:
            raise ValueError(f"note id {note_id!r}")
        return path

    def _history_dir(self, note_id):
        return self.folder / ".history" / note_id

    def _lock(self, note_id):
        folder = self.folder / ".locks"
        folder.mkdir(parents=True, exist_ok=True)
        return FileLock(folder / f"{note_id}.lock", timeout=LOCK_TIMEOUT)

    def ids(self) -> set:
        if not self.folder.is_dir():
            return set()
        return {p.stem for p in self.folder.glob("*.md") if not p.name.startswith(".")}

    def text(self, note_id: str) -> str | None:
        path = self._path(note_id)
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def write(self, note_id: str, text: str, base_version: str | None, fallback: str | None) -> None:
        path = self._path(note_id)
        try:
            with self._lock(note_id):
                current = self.text(note_id)
                current = fallback if current is None else current
                checked_current(current, base_version)
                if current is not None:
                    self.add_history(note_id, history_name(current), current)
                if path.exists():
                    atomic_write(path, text.encode("utf-8"))
                elif not exclusive_write(path, text.encode("utf-8")):   # new, or an example's first edit
                    raise StaleVersion(version_of(path.read_text(encoding="utf-8")))
        except Timeout:
            raise Busy(note_id) from None

    def history_names(self, note_id: str) -> list:
        folder = self._history_dir(note_id)
        return [p.name for p in folder.glob("*.md")] if folder.is_dir() else []

    def old_text(self, note_id: str, name: str) -> str | None:
        folder = self._history_dir(note_id).resolve()
        path = (folder / name).resolve()
        if path.parent != folder or not path.is_file():
            return None
        return path.read_text(encoding="utf-8")

    def add_history(self, note_id: str, name: str, text: str) -> None:
        atomic_write(self._history_dir(note_id) / name, text.encode("utf-8"))

    def create(self, note_id: str, text: str) -> bool:
        return exclusive_write(self._path(note_id), text.encode("utf-8"))

    def state(self):
        if not self.folder.is_dir():
            return ()
        return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in self.folder.glob("*.md")))


class FileAccounts(AccountsBackend):
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.users_path = self.folder / "users.json"
        self.tries_path = self.folder / "login_failures.json"

    def _lock(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        return FileLock(self.folder / ".accounts.lock", timeout=30)

    def users(self) -> dict:
        return _read_json(self.users_path, "账户文件")

    def user(self, name: str) -> dict | None:
        return self.users().get(name)

    def create(self, name: str, password_hash: str, created: str) -> bool:
        with self._lock():
            users = self.users()
            if name in users:
                return False
            users[name] = {"hash": password_hash, "epoch": 0, "created": created}
            _write_json(self.users_path, users)
            return True

    def take_a_try(self, name: str, limit: int, window: float) -> bool:
        with self._lock():
            tries = self._recent_tries(window)
            count = tries.get(name, {}).get("count", 0)
            if count >= limit:
                return False
            tries[name] = {"count": count + 1, "last": time.time()}
            _write_json(self.tries_path, tries)
            return True

    def _recent_tries(self, window):
        """name → {count, last}; names whose last try is older than `window` start afresh."""
        cutoff = time.time() - window
        tries = _read_json(self.tries_path, "登录记录")
        return {name: row for name, row in tries.items() if isinstance(row, dict) and row.get("last", 0) > cutoff}

    def clear_tries(self, name: str) -> None:
        with self._lock():
            tries = _read_json(self.tries_path, "登录记录")
            if tries.pop(name, None) is not None:
                _write_json(self.tries_path, tries)

    def raise_epoch(self, name: str) -> None:
        with self._lock():
            users = self.users()
            if name in users:
                users[name]["epoch"] = users[name].get("epoch", 0) + 1
                _write_json(self.users_path, users)


def _read_json(path, what):
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise KbError(f"{path}: {what}已损坏（{error}）") from error


def _write_json(path, data):
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
