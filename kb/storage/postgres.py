"""The PostgreSQL backend, for several app hosts sharing one database (REGKB_DATABASE_URL).

Every statement takes its values as parameters; nothing is built from input by string
formatting. A save is one transaction: the note's row is locked (SELECT … FOR UPDATE), its
version checked, the replaced text kept in history and the new text written, so of any
number of hosts saving from one version exactly one is acknowledged; a new note is an
INSERT … ON CONFLICT DO NOTHING, which only one can win. The sign-in throttle is one
INSERT … ON CONFLICT DO UPDATE … WHERE on the name's row, so a try is counted or refused
atomically. Each thread has its own connection (psycopg 3, autocommit outside explicit
transactions); a forked process opens its own."""

import os
import threading
from contextlib import contextmanager

import psycopg

from kb.errors import KbError
from kb.storage.base import AccountsBackend, NotesBackend, StaleVersion, checked_current, history_name, version_of

SCHEMA_LOCK = 7_351_206_014     # pg_advisory_xact_lock key: one upgrade at a time
# Each migration brings the schema from the version before it to its own number.
MIGRATIONS = [
    (1, [
        "CREATE TABLE regkb_notes (id text PRIMARY KEY, text text NOT NULL, revision bigint NOT NULL)",
        "CREATE SEQUENCE regkb_note_revision",
        "CREATE TABLE regkb_note_history (note_id text NOT NULL, name text NOT NULL, text text NOT NULL,"
        " PRIMARY KEY (note_id, name))",
        "CREATE TABLE regkb_users (name text PRIMARY KEY, hash text NOT NULL, epoch integer NOT NULL DEFAULT 0,"
        " created text NOT NULL)",
        "CREATE TABLE regkb_login_tries (name text PRIMARY KEY, count integer NOT NULL, last timestamptz NOT NULL)",
    ]),
]
LATEST = MIGRATIONS[-1][0]


class Database:
    """One database URL: per-thread connections, the schema checked once."""

    def __init__(self, url: str):
        self.url = url
        self._local = threading.local()
        self._pid = os.getpid()
        self._checked = False

    def connection(self) -> psycopg.Connection:
        if self._pid != os.getpid():            # forked: the parent's connections are not ours
            self._local, self._pid = threading.local(), os.getpid()
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            conn = self._local.conn = self.connect()
        if not self._checked:
            self._check_schema(conn)
        return conn

    def connect(self) -> psycopg.Connection:
        """A new connection of its own (autocommit)."""
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise KbError(f"无法连接数据库（REGKB_DATABASE_URL）：{_first_line(error)}") from error

    @contextmanager
    def transaction(self):
        conn = self.connection()
        try:
            with conn.transaction():
                yield conn
        except psycopg.OperationalError as error:
            raise KbError(f"数据库操作失败：{_first_line(error)}") from error

    def _check_schema(self, conn):
        """On start: create or migrate the schema if it is older than this code."""
        version = schema_version(conn)
        if version > LATEST:
            raise KbError(f"数据库结构版本为 {version}，比本程序（{LATEST}）新：请升级程序")
        if version < LATEST:
            upgrade(conn)
        self._checked = True

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()


def schema_version(conn: psycopg.Connection) -> int:
    """0 for an empty database."""
    if conn.execute("SELECT to_regclass('regkb_schema')").fetchone()[0] is None:
        return 0
    row = conn.execute("SELECT version FROM regkb_schema").fetchone()
    return row[0] if row else 0


def upgrade(conn: psycopg.Connection) -> tuple[int, int]:
    """Apply the missing migrations in one transaction; returns (from, to)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS regkb_schema (version integer NOT NULL)")
        before = schema_version(conn)
        if before > LATEST:
            raise KbError(f"数据库结构版本为 {before}，比本程序（{LATEST}）新：请升级程序")
        for number, statements in MIGRATIONS:
            if number > before:
                for statement in statements:
                    conn.execute(statement)
        conn.execute("DELETE FROM regkb_schema")
        conn.execute("INSERT INTO regkb_schema (version) VALUES (%s)", (LATEST,))
    return before, LATEST


def _first_line(error):
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class PgNotes(NotesBackend):
    def __init__(self, db: Database):
        self.db = db

    def ids(self) -> set:
        with self.db.transaction() as conn:
            return {row[0] for row in conn.execute("SELECT id FROM regkb_notes")}

    def text(self, note_id: str) -> str | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT text FROM regkb_notes WHERE id = %s", (note_id,)).fetchone()
        return row[0] if row else None

    def write(self, note_id: str, text: str, base_version: str | None, fallback: str | None) -> None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT text FROM regkb_notes WHERE id = %s FOR UPDATE", (note_id,)).fetchone()
            current = row[0] if row else fallback
            checked_current(current, base_version)
            if current is not None:
                self._keep(conn, note_id, history_name(current), current)
            if row:
                conn.execute("UPDATE regkb_notes SET text = %s, revision = nextval('regkb_note_revision')"
                             " WHERE id = %s", (text, note_id))
            elif not self._insert(conn, note_id, text):
                # Another host created it meanwhile; this transaction (and its history row) is undone.
                winner = conn.execute("SELECT text FROM regkb_notes WHERE id = %s", (note_id,)).fetchone()
                raise StaleVersion(version_of(winner[0]) if winner else None)

    @staticmethod
    def _insert(conn, note_id, text):
        cursor = conn.execute("INSERT INTO regkb_notes (id, text, revision)"
                              " VALUES (%s, %s, nextval('regkb_note_revision')) ON CONFLICT (id) DO NOTHING",
                              (note_id, text))
        return cursor.rowcount == 1

    @staticmethod
    def _keep(conn, note_id, name, text):
        conn.execute("INSERT INTO regkb_note_history (note_id, name, text) VALUES (%s, %s, %s)"
                     " ON CONFLICT DO NOTHING", (note_id, name, text))

    def history_names(self, note_id: str) -> list:
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT name FROM regkb_note_history WHERE note_id = %s", (note_id,))
            return [row[0] for row in rows]

    def old_text(self, note_id: str, name: str) -> str | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT text FROM regkb_note_history WHERE note_id = %s AND name = %s",
                               (note_id, name)).fetchone()
        return row[0] if row else None

    def add_history(self, note_id: str, name: str, text: str) -> None:
        with self.db.transaction() as conn:
            self._keep(conn, note_id, name, text)

    def create(self, note_id: str, text: str) -> bool:
        with self.db.transaction() as conn:
            return self._insert(conn, note_id, text)

    def state(self):
        with self.db.transaction() as conn:
            return tuple(conn.execute("SELECT count(*), coalesce(max(revision), 0) FROM regkb_notes").fetchone())


class PgAccounts(AccountsBackend):
    def __init__(self, db: Database):
        self.db = db

    def users(self) -> dict:
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT name, hash, epoch, created FROM regkb_users").fetchall()
        return {name: {"hash": hash_, "epoch": epoch, "created": created} for name, hash_, epoch, created in rows}

    def user(self, name: str) -> dict | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT hash, epoch, created FROM regkb_users WHERE name = %s", (name,)).fetchone()
        return {"hash": row[0], "epoch": row[1], "created": row[2]} if row else None

    def create(self, name: str, password_hash: str, created: str) -> bool:
        with self.db.transaction() as conn:
            cursor = conn.execute("INSERT INTO regkb_users (name, hash, epoch, created) VALUES (%s, %s, 0, %s)"
                                  " ON CONFLICT (name) DO NOTHING", (name, password_hash, created))
            return cursor.rowcount == 1

    def take_a_try(self, name: str, limit: int, window: float) -> bool:
        # The row of `name` is created or updated in one statement; its WHERE refuses the
        # update (no row returned) when the name has `limit` tries within the window.
        with self.db.transaction() as conn:
            row = conn.execute(
                "INSERT INTO regkb_login_tries AS t (name, count, last) VALUES (%(name)s, 1, now())"
                " ON CONFLICT (name) DO UPDATE SET"
                " count = CASE WHEN t.last <= now() - make_interval(secs => %(window)s) THEN 1 ELSE t.count + 1 END,"
                " last = now()"
                " WHERE t.last <= now() - make_interval(secs => %(window)s) OR t.count < %(limit)s"
                " RETURNING count", {"name": name, "window": float(window), "limit": limit}).fetchone()
        return row is not None

    def clear_tries(self, name: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM regkb_login_tries WHERE name = %s", (name,))

    def raise_epoch(self, name: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE regkb_users SET epoch = epoch + 1 WHERE name = %s", (name,))
