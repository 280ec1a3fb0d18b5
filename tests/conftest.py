import shutil
from pathlib import Path

import pytest

from kb.home import Home

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
JINING = SHARED / "regulations" / "jining"
CORPUS = SHARED / "corpus" / "lawrefbook"

SHARED_MISSING = f"../shared is missing: these tests read the real texts from {SHARED}"


def pytest_collection_modifyitems(config, items):
    """Without ../shared, every test that reads the real texts is skipped with the reason;
    the rest still run."""
    if JINING.is_dir():
        return
    skip = pytest.mark.skip(reason=SHARED_MISSING)
    for item in items:
        if item.get_closest_marker("shared") or _uses_shared(item):
            item.add_marker(skip)


def _uses_shared(item):
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & SHARED_FIXTURES) or "SHARED" in getattr(item.module, "__dict__", {}) \
        or any(name in getattr(item.module, "__dict__", {}) for name in ("JINING", "CORPUS"))


def jining_file(short):
    """The path of a Jining text by a unique part of its title (a path that does not exist
    when ../shared is missing: the tests using it are skipped)."""
    matches = [p for p in JINING.glob("*.md") if short in p.name]
    if not JINING.is_dir():
        return JINING / f"{short}.md"
    assert len(matches) == 1, (short, matches)
    return matches[0]


SHARED_FIXTURES = {"_built_jining", "jining_home", "notes_home", "jining_snapshot", "jining_index", "subset_home"}


@pytest.fixture
def home(tmp_path):
    return Home.resolve(tmp_path / "home")


@pytest.fixture(scope="session")
def _built_jining(tmp_path_factory):
    from kb.fetch import fetch
    from kb.index.builder import build
    from kb.library import Library
    home = Home.resolve(tmp_path_factory.mktemp("jining") / "home")
    fetch(home, source=str(JINING), progress=lambda _: None)
    build(home.index_dir, Library(home).entries)
    return home


@pytest.fixture
def jining_home(_built_jining, tmp_path):
    """A home with the 11 Jining texts fetched and indexed; each test gets its own copy."""
    target = tmp_path / "jining-home"
    shutil.copytree(_built_jining.root, target)
    return Home.resolve(target)


@pytest.fixture
def notes_home(jining_home, monkeypatch):
    """`jining_home` with the shipped example notes, which every home shows (they are read
    from kb/data/notes/ in place, unless REGKB_EXAMPLE_NOTES=0)."""
    monkeypatch.delenv("REGKB_EXAMPLE_NOTES", raising=False)
    (jining_home.root / "notes").mkdir(exist_ok=True)
    return jining_home


@pytest.fixture(scope="session")
def jining_snapshot(_built_jining):
    """A shared read-only snapshot (index + Library) of the Jining texts (do not modify)."""
    from kb.snapshot import Snapshot
    return Snapshot.open(_built_jining)


@pytest.fixture(scope="session")
def jining_index(jining_snapshot):
    """The shared read-only index of the Jining texts."""
    return jining_snapshot.index


@pytest.fixture
def cli(capsys):
    """Run `regkb` in-process; returns (exit code, stdout, stderr)."""
    from regkb.cli import main

    def run(*args):
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


@pytest.fixture(scope="session")
def pg_cluster():
    """The base URL of a throwaway PostgreSQL cluster (skips when PostgreSQL is missing)."""
    from tests import pg
    reason = pg.missing_reason()
    if reason:
        pytest.skip(reason)
    with pg.cluster() as url:
        yield url


SHARED_SECRET = "shared-secret-of-the-test-hosts"


@pytest.fixture(params=["files", "postgres"])
def backend(request, monkeypatch):
    """Each storage backend in turn: "files" (the home), or "postgres" (a fresh schema in the
    throwaway cluster, with the shared secret key every host then needs)."""
    from kb.storage import DATABASE_SETTING, close_databases
    if request.param == "files":
        monkeypatch.delenv(DATABASE_SETTING, raising=False)
        yield "files"
        return
    from tests import pg
    monkeypatch.setenv(DATABASE_SETTING, pg.fresh_schema(request.getfixturevalue("pg_cluster")))
    monkeypatch.setenv("REGKB_SECRET_KEY", SHARED_SECRET)
    yield "postgres"
    close_databases()


@pytest.fixture(scope="session")
def subset_home(tmp_path_factory):
    """The Jining texts plus the named subset of the other collections of tests/test_scope.py
    (three cities' 养犬管理条例, the province's and the nation's 大气污染防治, 动物防疫法), indexed."""
    from kb.fetch import fetch
    from kb.index.builder import build
    from kb.library import Library
    from tests.test_scope import subset_entries
    home = Home.resolve(tmp_path_factory.mktemp("subset") / "home")
    fetch(home, source=str(JINING), progress=lambda _: None)
    fetch(home, source=str(CORPUS), progress=lambda _: None, catalog=subset_entries())
    build(home.index_dir, Library(home).entries)
    return home
