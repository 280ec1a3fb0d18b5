"""Where notes, accounts, sign-in tries and session epochs are kept: the one owner of that
choice. Files in the home (the default), or PostgreSQL when REGKB_DATABASE_URL is set to a
postgresql:// URL, so that several app hosts share them."""

import os
import threading
from dataclasses import dataclass

from kb.errors import KbError
from kb.storage.base import AccountsBackend, NotesBackend

DATABASE_SETTING = "REGKB_DATABASE_URL"
URL_SCHEMES = ("postgresql://", "postgres://")

_databases: dict = {}
_databases_lock = threading.Lock()


@dataclass(frozen=True)
class Storage:
    notes: NotesBackend
    accounts: AccountsBackend
    kind: str                   # "files" or "postgres"


def database_url() -> str:
    """REGKB_DATABASE_URL, checked; "" when it is not set."""
    url = os.environ.get(DATABASE_SETTING, "").strip()
    if url and not url.startswith(URL_SCHEMES):
        raise KbError(f"环境变量 {DATABASE_SETTING} 应为 postgresql://… 形式的地址")
    return url


def storage_for(home) -> Storage:
    url = database_url()
    if url:
        from kb.storage.postgres import PgAccounts, PgNotes
        db = database(url)
        return Storage(PgNotes(db), PgAccounts(db), "postgres")
    from kb.storage.files import FileAccounts, FileNotes
    return Storage(FileNotes(home.root / "notes"), FileAccounts(home.root / "instance"), "files")


def database(url: str):
    """One kb.storage.postgres.Database per URL in this process (its connections are reused)."""
    from kb.storage.postgres import Database
    with _databases_lock:
        if url not in _databases:
            _databases[url] = Database(url)
        return _databases[url]


def close_databases() -> None:
    """Close this thread's connections and forget the databases (tests, benchmarks)."""
    with _databases_lock:
        for db in _databases.values():
            db.close()
        _databases.clear()


def describe() -> str:
    """For `regkb where`: the storage in use, without any password."""
    url = database_url()
    if not url:
        return "数据目录中的文件"
    from psycopg.conninfo import conninfo_to_dict
    info = conninfo_to_dict(url)
    where = info.get("host", "") + (f":{info['port']}" if info.get("port") else "")
    return f"PostgreSQL 数据库 {info.get('dbname', '')}（{where or '本机'}）"
