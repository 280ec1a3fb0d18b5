import copy
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from kb.index import builder, generations
from kb.index.builder import build
from kb.library import Library
from kb.snapshot import Snapshot
from tests.conftest import JINING, ROOT


def _entries(home):
    return Library(home).entries


def _changed(entries, slug, new_text):
    changed = []
    for entry in entries:
        if entry.slug == slug:
            entry = copy.deepcopy(entry)
            entry.text_changed()
            entry.regulation.articles[0].paragraphs[0].text = new_text
            entry.regulation.sha256 = "0" * 64
        changed.append(entry)
    return changed


def test_no_change_means_no_work(jining_home):
    report = build(jining_home.index_dir, _entries(jining_home))
    assert not report.changed


def test_incremental_build_redoes_only_the_changed_regulation(jining_home):
    entries = _changed(_entries(jining_home), "dog-keeping", "独一无二的测试词语句。")
    before = generations.current(jining_home.index_dir)
    report = build(jining_home.index_dir, entries)
    assert not report.full
    assert report.added == ["dog-keeping"] and report.articles == 15
    after = generations.current(jining_home.index_dir)
    assert after.name != before.name and after.regulations["dog-keeping"] == "0" * 64
    index = Snapshot.open(jining_home).index
    assert index.search("独一无二").hits[0].label == "第一条"
    assert index.search("文明行为").total > 0
    assert index.search("犬只", filters={"regulation": "dog-keeping"}).total > 0


def test_removed_regulation_leaves_the_index(jining_home):
    entries = [e for e in _entries(jining_home) if e.slug != "fireworks"]
    report = build(jining_home.index_dir, entries)
    assert report.removed == ["fireworks"]
    snapshot = Snapshot.open(jining_home)
    assert snapshot.library.get("fireworks") is None
    assert "fireworks" not in dict(snapshot.index.search("燃放烟花爆竹").facets["regulation"])


class _Boom(Exception):
    pass


def test_a_crash_mid_build_leaves_the_old_index_answering(jining_home, monkeypatch):
    before = generations.current(jining_home.index_dir)
    expected = Snapshot.open(jining_home).index.search("犬只").total
    real = builder.article_documents

    def exploding(entry):
        yield from list(real(entry))[:3]
        raise _Boom()
    monkeypatch.setattr(builder, "article_documents", exploding)
    with pytest.raises(_Boom):
        build(jining_home.index_dir, _entries(jining_home), force=True)
    assert generations.current(jining_home.index_dir).name == before.name
    assert [p.name for p in jining_home.index_dir.glob("gen-*")] == [before.name]
    assert Snapshot.open(jining_home).index.search("犬只").total == expected


def test_engine_change_forces_a_full_rebuild(jining_home, monkeypatch):
    monkeypatch.setattr(builder, "engine_signature", lambda: "something-else")
    report = build(jining_home.index_dir, _entries(jining_home))
    assert report.full and report.articles == 547


@pytest.mark.parametrize("name", ["model.py", "numerals.py", "sources/parser.py", "sources/readers.py",
                                  "legal/__init__.py", "legal/words.py", "legal/clauses.py", "legal/links.py",
                                  "index/schema.py", "analysis.py", "data/legal_words.txt",
                                  "data/synonyms.txt"])
def test_the_signature_covers_everything_that_shapes_stored_fields(tmp_path, monkeypatch, name):
    copied = tmp_path / "kb"
    shutil.copytree(generations.KB_DIR, copied, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(generations, "KB_DIR", copied)
    before = generations.engine_signature()
    with open(copied / name, "a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    assert generations.engine_signature() != before


def test_a_stale_index_says_to_rebuild(jining_home, monkeypatch):
    monkeypatch.setattr(generations, "engine_signature", lambda: "something-else")
    snapshot = Snapshot.open(jining_home)
    with pytest.raises(Exception, match="regkb index"):
        snapshot.index.search("犬")


def _finds(snapshot, word):
    """Whether a search for `word` lists an article saying it: an unknown word may still find
    loosely related articles by its characters."""
    return any(word in hit.text for hit in snapshot.index.search(word).hits)


def test_an_open_snapshot_keeps_its_generation_and_a_new_one_sees_the_next(jining_home):
    old = Snapshot.open(jining_home)
    assert not _finds(old, "独一无二")
    build(jining_home.index_dir, _changed(_entries(jining_home), "dog-keeping", "独一无二的测试词语句。"))
    assert not _finds(old, "独一无二")
    assert old.library.get("dog-keeping").regulation.articles[0].text != "独一无二的测试词语句。"
    assert Snapshot.open(jining_home).index.search("独一无二").total == 1


def test_library_and_index_of_a_snapshot_are_of_one_generation(jining_home, tmp_path, cli):
    """A text imported but not yet indexed is not shown beside an index that lacks it."""
    from tests.conftest import jining_file
    source = jining_file("养犬").read_text(encoding="utf-8")
    changed = tmp_path / "济宁市养犬管理条例.md"
    changed.write_text(source.replace("第一条 为了", "第一条 独一无二地为了", 1), encoding="utf-8")
    assert cli("--home", jining_home.root, "import", changed)[0] == 0
    snapshot = Snapshot.open(jining_home)
    dog = snapshot.library.get("dog-keeping")
    assert "独一无二" not in dog.regulation.articles[0].text
    assert not _finds(snapshot, "独一无二")
    assert cli("--home", jining_home.root, "index")[0] == 0
    snapshot = Snapshot.open(jining_home)
    assert "独一无二" in snapshot.library.get("dog-keeping").regulation.articles[0].text
    assert snapshot.index.search("独一无二").total == 1


def test_total_and_facets_count_every_match(jining_home, cli):
    code, out, _ = cli("--home", jining_home.root, "search", "应当", "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 341 and data["pages"] == 35
    for name in ("regulation", "chapter", "penalty"):
        assert sum(count for _, count in data["facets"][name]) == 341, name
    last = json.loads(cli("--home", jining_home.root, "search", "应当", "--json", "--page", "35")[1])
    assert len(last["hits"]) == 1
    seen = set()
    for page in range(1, 36):
        hits = json.loads(cli("--home", jining_home.root, "search", "应当", "--json", "--page", page)[1])["hits"]
        seen |= {(h["slug"], h["article"], h["suffix"]) for h in hits}
    assert len(seen) == 341


def test_a_filter_narrows_total_and_facets_alike(jining_index):
    everything = jining_index.search("应当")
    counts = dict(everything.facets["regulation"])
    narrowed = jining_index.search("应当", filters={"regulation": "dog-keeping"})
    assert narrowed.total == counts["dog-keeping"]
    assert narrowed.facets["regulation"] == [("dog-keeping", counts["dog-keeping"])]


def test_indexer_script_and_cli(home, cli, tmp_path):
    assert cli("--home", home.root, "index")[0] == 1  # nothing to index yet
    assert cli("--home", home.root, "fetch", "--from", JINING)[0] == 0
    done = subprocess.run([sys.executable, str(ROOT / "indexer.py"), "--home", str(home.root)],
                          check=False, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "547 条" in done.stdout and "[11/11]" in done.stderr
    code, out, _ = cli("index", "--home", home.root)
    assert code == 0 and "已是最新" in out


KILLED_BUILD = """
import os, sys, time
sys.path.insert(0, {root!r})
from kb.home import Home
from kb.index.builder import build
from kb.library import Library
home = Home.resolve({home!r})
def stall(number, total, done, articles, title):
    print("building", flush=True)
    time.sleep(60)
build(home.index_dir, Library(home).entries, progress=stall, force=True)
"""


def test_a_killed_builds_folder_is_removed_when_the_next_build_starts(jining_home):
    before = generations.current(jining_home.index_dir).path
    script = KILLED_BUILD.format(root=str(ROOT), home=str(jining_home.root))
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "building"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    left = [p for p in jining_home.index_dir.glob("gen-*") if p != before]
    assert len(left) == 1 and generations.current(jining_home.index_dir).path == before
    report = build(jining_home.index_dir, _entries(jining_home))     # nothing to do, yet it cleans
    assert not report.changed and not left[0].exists()
    assert [p.name for p in jining_home.index_dir.glob("gen-*")] == [before.name]
    assert Snapshot.open(jining_home).index.search("犬只").total > 0
