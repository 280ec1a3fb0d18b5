import copy
import os
import signal
import subprocess
import sys

import pytest

from kb.index import builder
from kb.index.builder import build, current_generation, read_state
from kb.library import Library
from kb.search.searcher import ClauseIndex
from tests.conftest import JINING, ROOT


def _regulations(home):
    return [(e.slug, e.regulation) for e in Library(home).entries]


def _changed(regulations, title, new_text):
    changed = []
    for slug, regulation in regulations:
        if regulation.title == title:
            regulation = copy.deepcopy(regulation)
            regulation.articles[0].paragraphs[0].text = new_text
            regulation.sha256 = "0" * 64
        changed.append((slug, regulation))
    return changed


def test_no_change_means_no_work(jining_home):
    report = build(jining_home.index_dir, _regulations(jining_home))
    assert not report.changed


def test_incremental_build_redoes_only_the_changed_regulation(jining_home):
    regulations = _changed(_regulations(jining_home), "济宁市养犬管理条例", "独一无二的测试词语句。")
    before = current_generation(jining_home.index_dir)
    report = build(jining_home.index_dir, regulations)
    assert not report.full
    assert report.added == ["济宁市养犬管理条例"] and report.articles == 15
    after = current_generation(jining_home.index_dir)
    assert after != before and read_state(after)["regulations"]["济宁市养犬管理条例"] == "0" * 64
    index = ClauseIndex(jining_home.index_dir)
    assert index.search("独一无二").hits[0].label == "第一条"
    assert index.search("文明行为").total > 0
    assert len(index.regulation_articles("济宁市养犬管理条例")) == 15


def test_removed_regulation_leaves_the_index(jining_home):
    regulations = [r for r in _regulations(jining_home) if r[1].title != "济宁市烟花爆竹燃放管理条例"]
    report = build(jining_home.index_dir, regulations)
    assert report.removed == ["济宁市烟花爆竹燃放管理条例"]
    assert ClauseIndex(jining_home.index_dir).regulation_articles("济宁市烟花爆竹燃放管理条例") == []


class _Boom(Exception):
    pass


def test_a_crash_mid_build_leaves_the_old_index_answering(jining_home, monkeypatch):
    index = ClauseIndex(jining_home.index_dir)
    before = current_generation(jining_home.index_dir)
    expected = index.search("犬只").total
    real = builder.article_documents

    def exploding(slug, regulation):
        yield from list(real(slug, regulation))[:3]
        raise _Boom()
    monkeypatch.setattr(builder, "article_documents", exploding)
    with pytest.raises(_Boom):
        build(jining_home.index_dir, _regulations(jining_home), force=True)
    assert current_generation(jining_home.index_dir) == before
    assert [p.name for p in jining_home.index_dir.glob("gen-*")] == [before.name]
    assert ClauseIndex(jining_home.index_dir).search("犬只").total == expected


def test_engine_change_forces_a_full_rebuild(jining_home, monkeypatch):
    monkeypatch.setattr(builder, "engine_signature", lambda: "something-else")
    report = build(jining_home.index_dir, _regulations(jining_home))
    assert report.full and report.articles == 547


def test_a_running_searcher_follows_a_new_generation(jining_home):
    index = ClauseIndex(jining_home.index_dir)
    assert index.search("独一无二").total == 0
    build(jining_home.index_dir,
          _changed(_regulations(jining_home), "济宁市养犬管理条例", "独一无二的测试词语句。"))
    assert index.search("独一无二").total == 1


def test_indexer_script_and_cli(home, cli, tmp_path):
    assert cli("--home", home.root, "index")[0] == 1  # nothing to index yet
    assert cli("--home", home.root, "fetch", "--from", JINING)[0] == 0
    done = subprocess.run([sys.executable, str(ROOT / "indexer.py"), "--home", str(home.root)],
                          check=False, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "547 条" in done.stdout and "[11/11]" in done.stderr
    code, out, _ = cli("--home", home.root, "index")
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
build(home.index_dir, [(e.slug, e.regulation) for e in Library(home).entries], progress=stall, force=True)
"""


def test_a_killed_builds_folder_is_removed_when_the_next_build_starts(jining_home):
    before = current_generation(jining_home.index_dir)
    script = KILLED_BUILD.format(root=str(ROOT), home=str(jining_home.root))
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "building"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    left = [p for p in jining_home.index_dir.glob("gen-*") if p != before]
    assert len(left) == 1 and current_generation(jining_home.index_dir) == before
    report = build(jining_home.index_dir, _regulations(jining_home))     # nothing to do, yet it cleans
    assert not report.changed and not left[0].exists()
    assert [p.name for p in jining_home.index_dir.glob("gen-*")] == [before.name]
    assert ClauseIndex(jining_home.index_dir).search("犬只").total > 0
