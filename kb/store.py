"""Texts on disk and the manifest that says which regulation each one is a version of.

Texts are stored under their sha256, so no user input ever becomes a path and a text is
never overwritten. Every write goes to a temporary file first and is renamed into place,
so a crash leaves either the old or the new manifest, never half of one."""

import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from kb.errors import KbError

ALLOWED_SUFFIXES = {".md", ".txt", ".docx", ".html", ".htm"}


@dataclass(frozen=True)
class Version:
    sha256: str
    file: str          # name inside the texts folder: <sha256><suffix>
    title: str
    origin: str        # "catalog" or "import"
    source: str        # URL or the user's file name
    version_date: str = ""
    added: str = ""


TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60     # a temporary file this old belongs to a save that was killed


def _temporary_copy(path, data):
    """`data` in a synced temporary file beside `path`; returns the temporary file's path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def atomic_write(path, data):
    """Replace `path` with `data` in one rename: a reader sees the old or the new file."""
    path = Path(path)
    tmp = _temporary_copy(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def exclusive_write(path, data) -> bool:
    """Create `path` holding `data` only if it does not exist yet (False if it does); the
    file appears complete or not at all."""
    path = Path(path)
    tmp = _temporary_copy(path, data)
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    except OSError:
        # No hard links here (some network or FAT file systems): claim the name, then fill it.
        return _claim_and_replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


def _claim_and_replace(tmp, path):
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        return False
    os.replace(tmp, path)
    return True


def remove_stale_temporaries(folder, older_than=STALE_TEMP_SECONDS) -> list:
    """Delete the temporary files of writes killed midway (older than `older_than` seconds:
    a younger one may belong to a write still going on); returns the removed paths."""
    removed = []
    cutoff = time.time() - older_than
    for path in Path(folder).glob(f".*{TEMP_SUFFIX}"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            pass    # another process cleaned it first
    return removed


class Store:
    def __init__(self, home):
        self.home = home

    def versions(self):
        path = self.home.manifest_path
        if not path.exists():
            return []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return [Version(**row) for row in data["versions"]]
        except (ValueError, KeyError, TypeError) as error:
            raise KbError(f"{path}: 清单文件已损坏（{error}），请从备份恢复或删除后重新获取") from error

    def path_of(self, version):
        path = (self.home.texts_dir / version.file).resolve()
        if path.parent != self.home.texts_dir.resolve():
            raise KbError(f"清单中的文件名不合法：{version.file}")
        return path

    def add(self, items):
        """Add (data, suffix, Version fields) triples; all are written or none."""
        known = {v.sha256 for v in self.versions()}
        added = []
        for data, suffix, fields in items:
            if fields["sha256"] in known:
                continue
            if suffix not in ALLOWED_SUFFIXES:
                raise KbError(f"不支持的文件类型：{suffix}")
            version = Version(file=f"{fields['sha256']}{suffix}",
                              added=datetime.now(timezone.utc).isoformat(timespec="seconds"),  # noqa: UP017 (3.10)
                              **fields)
            atomic_write(self.home.texts_dir / version.file, data)
            known.add(version.sha256)
            added.append(version)
        if added:
            self._write_manifest(self.versions() + added)
        return added

    def _write_manifest(self, versions):
        payload = {"versions": [asdict(v) for v in versions]}
        text = json.dumps(payload, ensure_ascii=False, indent=1)
        atomic_write(self.home.manifest_path, text.encode("utf-8"))
