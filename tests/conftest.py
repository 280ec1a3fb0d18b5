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


# What the comparison's hand-checked set (tests/compare/expected.tsv) needs beyond
# tests/test_scope.py's SUBSET: each kind of Jining regulation in it with three or four other
# cities' regulations of the same kind and the superior law of its matter (whole collections
# take minutes to index). The full suite's time is the limit: keep it this small.
COMPARE_SUBSET = (
    # 大气污染防治条例: 东营, 聊城 and 临沂 (秸秆, 焚烧, 烧烤, 散煤); 日照 for 油烟, which 临沂 lacks
    "东营市大气污染防治条例", "聊城市大气污染防治条例", "临沂市大气污染防治条例", "日照市大气污染防治条例",
    # 烟花爆竹燃放管理条例: three cities (临沂 also for 大气污染防治条例第二十三条) and the State Council's
    "临沂市烟花爆竹燃放管理条例", "泰安市烟花爆竹燃放管理条例", "菏泽市烟花爆竹燃放管理条例", "烟花爆竹安全管理条例",
    # 城镇容貌和环境卫生管理条例: four cities (菏泽 lacks 阳台, 东营 大型户外广告) and the State Council's
    "东营市城镇容貌和环境卫生管理条例", "聊城市城镇容貌和环境卫生管理条例", "菏泽市城镇容貌和环境卫生管理条例",
    "临沂市城镇容貌和环境卫生管理条例", "城市市容和环境卫生管理条例",
    # the pair of the set's out-of-range flag (a city fine below the province's range for the same act)
    "烟台市节约用水条例", "山东省节约用水条例",
)


def subset_catalog():
    """The catalog entries of subset_home beyond the Jining texts."""
    from kb.collections import collection_entries
    from tests.test_scope import subset_entries
    extra = [e for e in collection_entries("shandong") + collection_entries("national")
             if any(e.file.startswith(name + "(") for name in COMPARE_SUBSET)]
    return subset_entries() + extra


@pytest.fixture(scope="session")
def subset_home(tmp_path_factory):
    """The Jining texts plus the named subset of the other collections (tests/test_scope.py's
    SUBSET: three cities' 养犬管理条例, the province's and the nation's 大气污染防治, 动物防疫法;
    and COMPARE_SUBSET above), indexed."""
    from kb.fetch import fetch
    from kb.index.builder import build
    from kb.library import Library
    home = Home.resolve(tmp_path_factory.mktemp("subset") / "home")
    fetch(home, source=str(JINING), progress=lambda _: None)
    fetch(home, source=str(CORPUS), progress=lambda _: None, catalog=subset_catalog())
    build(home.index_dir, Library(home).entries)
    return home
