import shutil
import sys
from pathlib import Path

import pytest

from kb.home import Home

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
JINING = SHARED / "regulations" / "jining"
CORPUS = SHARED / "corpus" / "lawrefbook"

if not JINING.is_dir():
    sys.exit(f"../shared is missing: the tests read the real texts from {SHARED}")


def jining_file(short):
    """The path of a Jining text by a unique part of its title."""
    matches = [p for p in JINING.glob("*.md") if short in p.name]
    assert len(matches) == 1, (short, matches)
    return matches[0]


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
    library = Library(home)
    build(home.index_dir, [(e.slug, e.regulation) for e in library.entries])
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
def jining_index(_built_jining):
    """A shared read-only index of the Jining texts (do not modify)."""
    from kb.search.searcher import ClauseIndex
    return ClauseIndex(_built_jining.index_dir)


@pytest.fixture
def cli(capsys):
    """Run `regkb` in-process; returns (exit code, stdout, stderr)."""
    from kb.cli import main

    def run(*args):
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run
