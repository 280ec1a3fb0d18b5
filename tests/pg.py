"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, listening on a
unix socket in that folder only (never on a network address), stopped at the end.

Started once per test session; each test gets its own schema (search_path in the URL), so
tests never see each other's rows. As root, the server runs as the `postgres` user (initdb
refuses root)."""

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

BIN_DIRS = [Path("/usr/lib/postgresql/15/bin"), *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
USER = "regkb"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    for folder in BIN_DIRS:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def missing_reason() -> str:
    if binaries() is None:
        return "PostgreSQL binaries (initdb, pg_ctl) are missing: install Debian's postgresql-15 to run the postgres tests"
    if os.geteuid() == 0 and not _has_user("postgres"):
        return "running as root without a postgres user to run the server as"
    return ""


def _has_user(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _as_server_user(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def cluster(durable: bool = False):
    """Yields the base URL of a running throwaway cluster; fsync off unless `durable`."""
    folder = Path(tempfile.mkdtemp(prefix="regkb-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    bindir = binaries()
    run = lambda *command: subprocess.run(_as_server_user([str(c) for c in command]), check=True,  # noqa: E731
                                          capture_output=True, text=True)
    try:
        run(bindir / "initdb", "-D", data, "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale")
        options = f"-k {folder} -c listen_addresses='' -c max_connections=300 -c fsync={'on' if durable else 'off'}"
        run(bindir / "pg_ctl", "-D", data, "-l", folder / "log", "-o", options, "-w", "start")
        try:
            yield f"postgresql://{USER}@/postgres?host={quote(str(folder), safe='')}"
        finally:
            run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_schema(base_url: str) -> str:
    """A new empty schema in the cluster; the URL that uses it."""
    import psycopg
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')      # a name made here, never from input
    return f"{base_url}&options={quote(f'-csearch_path={name}', safe='')}"
