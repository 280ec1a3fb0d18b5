import os
import signal
import subprocess
import sys
import time

import docx
import pytest

from kb.accounts import add_user, load_users, verify
from kb.library import Library
from kb.notes.catalog import NotesCatalog
from kb.notes.model import Note, NoteError, dump_note, parse_note
from kb.notes.store import NoteConflict, NoteStore, version_of
from kb.survey import survey_sheet
from tests.conftest import ROOT
from tests.parallel import run_together
from tests.xss import CHARACTER_REFERENCE_LINKS, PAYLOADS, unsafe_parts
from webapp.note_render import render_body, sanitize
from webapp.survey_docx import survey_docx

GOOD = """---
title: 养犬管理执法调研
date: 2021-05-06
type: 执法调研
regulations: 养犬条例
articles: 养犬条例第六条
tags: 养犬, 登记
authors: 张三, 李四
---
调研发现《济宁市养犬管理条例》第十五条执行中……另见本条例第十二条。
"""


def test_parse_and_dump_round_trip():
    note = parse_note("n1", GOOD)
    assert (note.title, note.type, note.year) == ("养犬管理执法调研", "执法调研", "2021")
    assert note.tags == ["养犬", "登记"] and note.authors == ["张三", "李四"]
    assert parse_note("n1", dump_note(note)) == note


@pytest.mark.parametrize("text, reason", [
    ("no front matter", "缺少开头的 --- 元数据段"),
    ("---\ntitle: x\ndate: 2021-01-01\n---\n正文", "缺少元数据“type”"),
    ("---\ntitle: x\ndate: 2021-01-01\ntype: 闲聊\n---\n正文", "未知的笔记类型"),
    ("---\ntitle: x\ndate: 昨天\ntype: 示例\n---\n正文", "日期格式"),
    ("---\ntitle: x\ndate: 2021-01-01\ntype: 示例\n---\n   \n", "正文为空"),
    ("---\ntitle: x\ntitle: y\ndate: 2021-01-01\ntype: 示例\n---\n正文", "重复"),
    ("---\ntitle: x\ndate: 2021-01-01\ntype: 示例\nowner: z\n---\n正文", "无法识别"),
    ("---\ntitle: x\ndate: 2021-01-01\ntype: 示例\n---\n" + "很长" * 600_000, "笔记过大"),
])
def test_broken_notes_are_refused_with_the_reason(text, reason):
    with pytest.raises(NoteError, match=reason):
        parse_note("n1", text)


@pytest.mark.parametrize("note_id", ["../../etc/passwd", "a/b", ".hidden", "", "x" * 200, "a\x00b", "..", "名 字"])
def test_forged_ids_are_refused(backend, notes_home, note_id):
    store = NoteStore(notes_home)
    with pytest.raises(NoteError, match="编号不合法"):
        store.text(note_id)
    with pytest.raises(NoteError):
        store.save(Note(id=note_id, title="t", date="2021-01-01", type="示例", body="b"))
    assert not (notes_home.root.parent / "etc").exists()


def test_html_in_a_note_never_runs():
    html = render_body('<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) '
                       '<a href="javascript:alert(2)">b</a>')
    assert "<script" not in html and "<img" not in html and "<a href=\"javascript" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("body", CHARACTER_REFERENCE_LINKS)
def test_character_references_never_spell_a_script_link(body):
    html = render_body(body)
    assert html == '<p><a rel="noopener noreferrer">x</a></p>'


@pytest.mark.parametrize("payload", PAYLOADS)
def test_classic_payloads_are_harmless_rendered_or_sanitized_alone(payload):
    assert unsafe_parts(render_body(payload)) == []
    assert unsafe_parts(sanitize(payload)) == []      # the sanitizer holds even without Markdown


def test_the_sanitizer_keeps_citation_links_and_safe_links():
    html = render_body("[a](https://example.org/x?a=1&b=2) [b](mailto:x@example.org) [c](../notes)")
    assert 'href="https://example.org/x?a=1&amp;b=2"' in html and 'href="mailto:x@example.org"' in html
    assert 'href="../notes"' in html


def test_citations_become_links_and_backlinks(backend, notes_home):
    store = NoteStore(notes_home)
    store.save(parse_note("dog-survey", GOOD))
    catalog = NotesCatalog(notes_home, Library(notes_home))
    note = catalog.by_id["dog-survey"]
    cited, problems = catalog.linker.citations(note)
    assert problems == []
    assert [(c.located.article.number, c.located.entry.slug) for c in cited] == [(15, "dog-keeping"), (12, "dog-keeping")]
    from webapp import create_app
    with create_app({"REGKB_HOME": str(notes_home.root), "TESTING": True}).test_request_context():
        html = render_body(note.body, cited)       # links come from the one URL builder
    assert 'href="/r/dog-keeping/15" title="《济宁市养犬管理条例》第十五条"' in html
    assert 'href="/r/dog-keeping/12"' in html
    assert [n.id for n in catalog.notes_for("dog-keeping", 6)] == ["dog-survey", "example-2020-three-regulations-survey"]
    assert catalog.counts_for("dog-keeping")[(15, 0)] == 2


def test_citation_of_a_missing_article_is_reported(notes_home):
    note = parse_note("bad", GOOD.replace("第十五条", "第八十条").replace("养犬条例第六条", "养犬条例第九十条")
                      + "\n《济宁市不存在条例》第一条")
    problems = NotesCatalog(notes_home, Library(notes_home)).linker.check(note)
    assert any("没有第九十条" in p for p in problems)
    assert any("没有第八十条" in p and "止于第十五条" in p for p in problems)
    assert "找不到法规《济宁市不存在条例》" in problems


def test_notes_filter_and_search(notes_home):
    catalog = NotesCatalog(notes_home, Library(notes_home))
    assert all(n.type == "示例" for n in catalog.filter(type="示例"))
    trees = catalog.filter(regulation="ancient-trees")
    assert [n.id for n in trees] == ["example-2020-ancient-trees-inspection"]
    assert [n.id for n in catalog.filter(regulation="ancient-trees", article=6)] == [trees[0].id]
    assert catalog.filter(year=1999) == []
    assert catalog.search("古树名木")[0].note.id == "example-2020-ancient-trees-inspection"


def test_saves_keep_history_and_detect_conflicts(backend, notes_home):
    store = NoteStore(notes_home)
    first = store.save(parse_note("n1", GOOD))
    second = store.save(parse_note("n1", GOOD.replace("调研发现", "复查发现")), base_version=first)
    mine = parse_note("n1", GOOD.replace("调研发现", "我的修改"))
    before = store.text("n1")
    with pytest.raises(NoteConflict, match="没有丢失"):
        store.save(mine, base_version=first)
    assert store.text("n1") == before and version_of(before) == second
    history = store.history("n1")
    assert len(history) == 1 and "调研发现" in store.old_text("n1", history[0].name)
    store.restore("n1", history[0].name, base_version=second)
    assert "调研发现" in store.text("n1") and len(store.history("n1")) == 2
    with pytest.raises(NoteConflict):
        store.save(parse_note("n1", GOOD), base_version=None)
    with pytest.raises(NoteError, match="没有这个历史版本"):
        store.old_text("n1", "../../n1.md")


KILLER = """
import os, sys, time
sys.path.insert(0, {root!r})
from kb.home import Home
from kb.notes.model import parse_note
from kb.notes.store import NoteStore
import kb.store
real = os.replace
def slow_replace(src, dst):
    print("writing", flush=True)
    time.sleep(30)
    real(src, dst)
kb.store.os.replace = slow_replace
store = NoteStore(Home.resolve({home!r}))
note = parse_note("n1", {text!r})
store.save(note, base_version={base!r})
"""


def test_a_process_killed_mid_save_leaves_the_previous_version(notes_home):
    store = NoteStore(notes_home)
    base = store.save(parse_note("n1", GOOD))
    killed_mid_save(notes_home, base)
    assert store.text("n1") == dump_note(parse_note("n1", GOOD))
    assert NotesCatalog(notes_home, Library(notes_home)).by_id["n1"].title == "养犬管理执法调研"


def killed_mid_save(home, base):
    """A real process killed by SIGKILL while it renames its note into place."""
    script = KILLER.format(root=str(ROOT), home=str(home.root), text=GOOD.replace("调研发现", "半截内容"), base=base)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "writing"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_temporary_files_of_a_killed_save_are_removed_when_the_store_opens(notes_home):
    store = NoteStore(notes_home)
    base = store.save(parse_note("n1", GOOD))
    killed_mid_save(notes_home, base)
    folder = notes_home.root / "notes"
    left = list(folder.rglob(".*.tmp"))        # the history copy was being renamed
    assert len(left) == 1
    NoteStore(notes_home)
    assert left[0].exists()             # under a minute old: it may be a save still going on
    an_hour_ago = time.time() - 3600
    os.utime(left[0], (an_hour_ago, an_hour_ago))
    NoteStore(notes_home)
    assert not left[0].exists()
    # The killed process held the note's lock; the kernel released it with the process.
    assert store.save(parse_note("n1", GOOD.replace("调研发现", "再次修改")), base_version=base)


SAVER = """
from kb.home import Home
from kb.notes.model import parse_note
from kb.notes.store import NoteConflict, NoteStore
store = NoteStore(Home.resolve(ARGS["home"]))
note = parse_note("n1", ARGS["text"].replace("调研发现", f"第{NUMBER}号进程的修改"))
wait_at_gate()
try:
    print(json.dumps({"saved": store.save(note, base_version=ARGS["base"])}))
except NoteConflict as conflict:
    print(json.dumps({"conflict": conflict.current_version}))
"""


def saved_versions(store, note_id):
    """The current version and every version kept in the history."""
    return {version_of(store.text(note_id))} | {e.version for e in store.history(note_id)}


@pytest.mark.parametrize("base_from", ["existing", "new"])
def test_of_twenty_parallel_saves_from_one_version_exactly_one_wins(backend, notes_home, tmp_path, base_from):
    store = NoteStore(notes_home)
    base = store.save(parse_note("n1", GOOD)) if base_from == "existing" else None
    results = run_together(SAVER, 20, {"home": str(notes_home.root), "text": GOOD, "base": base},
                           gate=tmp_path / "gate")
    saved = [r["saved"] for r in results if "saved" in r]
    conflicts = [r["conflict"] for r in results if "conflict" in r]
    assert len(saved) == 1 and len(conflicts) == 19
    assert set(conflicts) == {saved[0]}        # each loser is told the winner's version
    assert version_of(store.text("n1")) == saved[0]
    assert saved_versions(store, "n1") == ({saved[0], base} if base else {saved[0]})


def test_every_acknowledged_version_is_kept(backend, notes_home):
    store = NoteStore(notes_home)
    acknowledged = [store.save(parse_note("n1", GOOD))]
    for number in range(5):
        edited = parse_note("n1", GOOD.replace("调研发现", f"第{number}次修改"))
        acknowledged.append(store.save(edited, base_version=acknowledged[-1]))
    assert saved_versions(store, "n1") == set(acknowledged)


def test_cli_notes(notes_home, cli):
    code, out, _ = cli("--home", notes_home.root, "notes", "list")
    assert code == 0 and "example-2020-ancient-trees-inspection" in out
    code, out, _ = cli("--home", notes_home.root, "notes", "show", "example-2020-ancient-trees-inspection")
    assert code == 0 and out.startswith("---\ntitle: 【示例】")
    assert cli("--home", notes_home.root, "notes", "check")[0] == 0
    (notes_home.root / "notes" / "broken.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (notes_home.root / "notes" / "cites-nothing.md").write_text(
        GOOD.replace("第十五条", "第九十九条"), encoding="utf-8")
    code, out, err = cli("--home", notes_home.root, "notes", "check")
    assert code == 1 and "broken" in err and "没有第九十九条" in err
    code, _, err = cli("--home", notes_home.root, "notes", "show", "../../etc/passwd")
    assert code == 1 and "编号不合法" in err


def test_accounts(backend, home, cli, monkeypatch):
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    code, _, err = cli("--home", home.root, "user", "add", "editor1", "--password-stdin")
    assert code == 0, err
    assert verify(home, "editor1", "correct horse battery")
    assert not verify(home, "editor1", "wrong password")
    assert not verify(home, "nobody", "correct horse battery")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = cli("--home", home.root, "user", "add", "editor2", "--password-stdin")
    assert code == 1 and "密码至少" in err
    with pytest.raises(Exception, match="用户已存在"):
        add_user(home, "editor1", "another password")
    assert "correct horse" not in str(load_users(home))
    if backend == "files":
        assert "correct horse" not in (home.root / "instance" / "users.json").read_text(encoding="utf-8")


def test_survey_sheet_for_city_appearance(jining_home, cli, tmp_path):
    entry = Library(jining_home).find("市容环卫条例")
    sheet = survey_sheet(entry)
    assert len(sheet.rows) > 30
    assert all(any(w in row.text for w in ("应", "不得", "禁止", "严禁", "必须")) for row in sheet.rows)
    row = next(r for r in sheet.rows if r.article == 41)
    assert "公安机关" in row.departments and "罚款" in row.penalty_text
    target = tmp_path / "sheet.docx"
    code, _, _ = cli("--home", jining_home.root, "survey", "市容环卫条例", "--docx", target)
    assert code == 0
    table = docx.Document(target).tables[0]
    assert [c.text for c in table.rows[0].cells][-1] == "检查发现"
    assert len(table.rows) == len(sheet.rows) + 1
    code, _, err = cli("--home", jining_home.root, "survey", "市容环卫条例", "--chapter", "第九十章 不存在")
    assert code == 1 and "没有这一章" in err
    assert survey_docx(survey_sheet(entry, "第三章 城镇容貌管理"))[:2] == b"PK"
