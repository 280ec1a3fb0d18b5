"""Enforcement notes in the web app: browsing, backlinks, search, writing, history, bad input."""

import re

import pytest

from kb.accounts import add_user
from kb.notes.model import parse_note
from kb.notes.store import NoteStore
from tests.storage import stored
from tests.webapp.conftest import EDITOR, PASSWORD
from tests.xss import PAYLOADS, note_text, unsafe_parts

DOG_15, CIVIL_9 = "/r/dog-keeping/15", None   # 文明行为促进条例 slug is looked up below
NOTE = """---
title: 养犬与文明行为联合检查
date: 2024-03-05
type: 执法检查
regulations: 养犬条例
articles: 养犬条例第十五条, 《济宁市文明行为促进条例》第九条
tags: 养犬, 联合检查
authors: 张三
---
检查发现重点管理区内遛犬未牵引的情况，对照养犬条例第十五条处理。
"""


@pytest.fixture
def home(backend, notes_home):
    """Each test runs over both storage backends (files, PostgreSQL)."""
    add_user(notes_home, EDITOR, PASSWORD)
    return notes_home



@pytest.fixture
def client(app_for, home):
    return app_for(home).test_client()


def civil_slug(client):
    found = [r for r in client.get("/api/regulations").get_json()["regulations"] if "文明行为" in r["title"]]
    return found[0]["slug"]


def files(home):
    """Every stored note and kept version, in whichever backend holds them."""
    return stored(home)


def create(editor, text=NOTE, note_id="joint-2024", action="save"):
    return editor.post("/notes/new", data={"id": note_id, "text": text, "action": action})


# ---------- browsing ----------

def test_list_labels_examples_and_filters(client):
    page = client.get("/notes").get_data(as_text=True)
    assert "示例" in page and page.count('class="note-item is-example"') == 4
    assert client.get("/notes?type=执法检查").get_data(as_text=True).count("note-item") == 0
    assert client.get("/notes?year=2020").get_data(as_text=True).count('class="note-item') == 4
    assert client.get("/notes?year=1999").get_data(as_text=True).count('class="note-item') == 0


@pytest.mark.parametrize("query", ["type=闲聊", "year=20x0", "article=15", "reg=no-such-law", "tag=" + "长" * 101])
def test_bad_filters_are_refused(client, query):
    assert client.get(f"/notes?{query}").status_code in (400, 404)


def test_note_page_shows_body_links_and_cited_clauses(editor, home):
    create(editor)
    page = editor.get("/notes/joint-2024").get_data(as_text=True)
    assert "养犬与文明行为联合检查" in page and "执法检查" in page
    assert 'href="/r/dog-keeping/15"' in page                          # a citation in the body is a link
    assert page.count('<details class="clause">') == 2                 # both front-matter articles, readable in place
    assert "重点管理区" in page


def test_backlinks_and_counts(editor):
    create(editor)
    civil = civil_slug(editor)
    for url in (DOG_15, f"/r/{civil}/9"):
        page = editor.get(url).get_data(as_text=True)
        assert "/notes/joint-2024" in page
    page = editor.get(DOG_15).get_data(as_text=True)
    listed = int(re.search(r"关于本条的执法笔记（(\d+)）", page).group(1))
    regulation = editor.get("/r/dog-keeping").get_data(as_text=True)
    badge = re.search(r'class="note-count" href="/notes\?[^"]*article=15[^"]*"[^>]*>(\d+)</a>', regulation)
    assert int(badge.group(1)) == listed >= 1
    assert editor.get("/r/dog-keeping/14").get_data(as_text=True).count("关于本条的执法笔记（0）") == 1


def test_example_notes_are_labelled_on_article_pages_and_search(client):
    search = client.get("/search?q=古树名木").get_data(as_text=True)
    assert "相关执法笔记" in search and "tag-example" in search
    data = client.get("/api/notes?q=古树名木").get_json()
    assert data["total"] >= 1 and all(n["example"] for n in data["notes"])


def test_api_notes_and_search_find_a_new_note(editor):
    create(editor)
    data = editor.get("/api/notes?q=遛犬未牵引").get_json()
    assert data["notes"][0]["id"] == "joint-2024"              # the best match first
    snippet = data["notes"][0]["snippet"]
    assert snippet["marks"] and "遛犬" in [snippet["text"][s:e] for s, e in snippet["marks"]]
    assert "《济宁市养犬管理条例》第十五条" in data["notes"][0]["articles"]
    assert "joint-2024" in editor.get("/search?q=遛犬未牵引").get_data(as_text=True)
    filtered = editor.get("/api/notes?reg=dog-keeping&article=15").get_json()
    assert "joint-2024" in [n["id"] for n in filtered["notes"]]
    assert "joint-2024" not in [n["id"] for n in editor.get("/api/notes?reg=dog-keeping&article=3").get_json()["notes"]]


# ---------- writing ----------

def test_anonymous_cannot_open_the_editor_or_write(client, home):
    before = files(home)
    assert client.get("/notes/new").status_code == 302
    assert create(client).status_code in (302, 403)
    assert client.post("/notes/example-2020-legislative-research/edit", data={"text": NOTE}).status_code in (302, 403)
    assert files(home) == before


def test_preview_renders_without_writing(editor, home):
    before = files(home)
    response = create(editor, action="preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "预览（尚未保存）" in page and 'href="/r/dog-keeping/15"' in page
    assert files(home) == before


def test_save_then_edit_keeps_history_and_restore(editor, home):
    assert create(editor).status_code == 302
    form = editor.get("/notes/joint-2024/edit").get_data(as_text=True)
    base = re.search(r'name="base_version" value="([0-9a-f]+)"', form).group(1)
    changed = NOTE.replace("处理。", "处理，并责令改正。")
    response = editor.post("/notes/joint-2024/edit", data={"text": changed, "base_version": base})
    assert response.status_code == 302
    assert "责令改正" in editor.get("/notes/joint-2024").get_data(as_text=True)   # the catalog follows saves
    history = editor.get("/notes/joint-2024/history").get_data(as_text=True)
    name = re.search(r"/notes/joint-2024/history/([^\"]+\.md)", history).group(1)
    version = editor.get(f"/notes/joint-2024/history/{name}").get_data(as_text=True)
    assert "d-add" in version or "d-del" in version
    current = re.search(r'name="base_version" value="([0-9a-f]+)"', version).group(1)
    assert editor.post("/notes/joint-2024/restore", data={"name": name, "base_version": current}).status_code == 302
    assert "责令改正" not in editor.get("/notes/joint-2024").get_data(as_text=True)
    assert len(NoteStore(home).history("joint-2024")) == 2


def test_a_second_editor_gets_a_conflict_and_keeps_their_text(editor, app_for, home):
    create(editor)
    form = editor.get("/notes/joint-2024/edit").get_data(as_text=True)
    base = re.search(r'name="base_version" value="([0-9a-f]+)"', form).group(1)
    editor.post("/notes/joint-2024/edit", data={"text": NOTE.replace("处理。", "甲的修改。"), "base_version": base})
    mine = NOTE.replace("处理。", "乙的修改。")
    response = editor.post("/notes/joint-2024/edit", data={"text": mine, "base_version": base})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "已被他人修改" in page and "乙的修改" in page and 'href="/notes/joint-2024"' in page
    assert "甲的修改" in NoteStore(home).text("joint-2024")


def test_new_note_with_a_taken_id_is_refused(editor, home):
    create(editor)
    response = create(editor, text=NOTE.replace("联合检查", "另一条"))
    assert response.status_code == 409 and "已被另一条笔记使用" in response.get_data(as_text=True)


def test_blank_id_is_generated_from_the_date(editor, home):
    response = create(editor, note_id="")
    assert re.search(r"/notes/2024-03-05-[0-9a-f]{6}$", response.headers["Location"])


# ---------- bad input ----------

@pytest.mark.parametrize("text, reason", [
    ("没有元数据", "缺少开头的 --- 元数据段"),
    (NOTE.replace("type: 执法检查", "type: 闲聊"), "未知的笔记类型"),
    (NOTE.split("---\n", 2)[0] + "---\n" + NOTE.split("---\n", 2)[1] + "---\n   \n", "正文为空"),
    (NOTE.replace("date: 2024-03-05", "date: 昨天"), "日期格式"),
    (NOTE.replace("养犬条例第十五条, ", "养犬条例第九十九条, "), "第九十九条"),
    (NOTE.replace("regulations: 养犬条例", "regulations: 不存在条例"), "找不到法规"),
])
def test_invalid_notes_come_back_with_the_reason(editor, home, text, reason):
    before = files(home)
    response = create(editor, text=text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and reason in page
    assert "没有元数据" in page or "title:" in page          # the author's text is kept in the form
    assert files(home) == before


def test_missing_body_citation_is_a_warning_not_a_refusal(editor, home):
    text = NOTE.replace("对照养犬条例第十五条处理。", "另见养犬条例第九十九条。")
    response = create(editor, text=text)
    assert response.status_code == 302
    page = editor.get("/notes/joint-2024").get_data(as_text=True)
    assert "引用问题" in page and "第九十九条" in page
    anonymous = editor.application.test_client()
    assert "引用问题" not in anonymous.get("/notes/joint-2024").get_data(as_text=True)


def test_a_ten_megabyte_note_is_refused(editor, home):
    before = files(home)
    response = create(editor, text=NOTE + "很长" * (5 * 1024 * 1024))
    assert response.status_code == 413
    assert files(home) == before


def test_a_note_just_over_the_note_limit_comes_back_with_the_reason(editor, home):
    before = files(home)
    response = create(editor, text=NOTE + "长" * 360_000)
    assert response.status_code == 400 and "笔记过大" in response.get_data(as_text=True)
    assert files(home) == before


def test_html_in_a_note_is_shown_as_text(editor):
    create(editor, text=NOTE + '\n<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))\n')
    page = editor.get("/notes/joint-2024").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "javascript:" not in page


NOTE_BODY_RE = re.compile(r'<div class="note-body">(.*?)</div>', re.DOTALL)


def note_body(page):
    return NOTE_BODY_RE.search(page).group(1)


def test_no_script_payload_survives_on_the_note_page_or_in_the_preview(editor, home):
    store, unsafe = NoteStore(home), {}
    for number, payload in enumerate(PAYLOADS):
        store.save(parse_note(f"xss-{number}", note_text(payload)))
    for number, payload in enumerate(PAYLOADS):
        page = editor.get(f"/notes/xss-{number}")
        preview = create(editor, note_text(payload), note_id="", action="preview")
        assert page.status_code == 200 and preview.status_code == 200
        found = unsafe_parts(note_body(page.get_data(as_text=True))) + \
            unsafe_parts(note_body(preview.get_data(as_text=True)))
        if found:
            unsafe[payload] = found
    assert unsafe == {}


@pytest.mark.parametrize("url", [
    "/notes/../../etc/passwd", "/notes/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/notes/..%2F..%2Fetc%2Fpasswd",
    "/notes/%2e%2e", "/notes/.history/edit", "/notes/example-2020-legislative-research/history/..%2F..%2Fusers.json",
    "/notes/example-2020-legislative-research/history/%2e%2e",
])
def test_path_tricks_in_note_routes_read_nothing(editor, url):
    assert editor.get(url).status_code in (400, 404)


@pytest.mark.parametrize("url", ["/notes/%2e%2e%2fevil/edit", "/notes/..%2Fevil/edit", "/notes/.hidden/edit"])
def test_path_tricks_write_nothing(editor, home, url):
    before = files(home)
    assert editor.post(url, data={"text": NOTE, "base_version": ""}).status_code in (400, 404, 405)
    assert editor.post("/notes/new", data={"id": "../evil", "text": NOTE}).status_code == 400
    assert files(home) == before
    assert not (home.root / "evil.md").exists()


def test_restore_refuses_a_forged_history_name(editor, home):
    create(editor)
    before = files(home)
    response = editor.post("/notes/joint-2024/restore", data={"name": "../joint-2024.md", "base_version": ""})
    assert response.status_code == 404
    assert files(home) == before
