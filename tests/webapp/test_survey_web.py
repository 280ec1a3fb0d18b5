"""The survey sheet pages: printable table, chapter choice, .docx, and a note started from it."""

import html
import io
import re
from urllib.parse import quote

import docx

from kb.survey import chapters_of
from tests.webapp.conftest import signed_in

HEADINGS = ("条文", "义务或禁止性规定", "责任部门", "罚则与罚款幅度", "检查发现")


def slug_of(client, word):
    return next(r["slug"] for r in client.get("/api/regulations").get_json()["regulations"] if word in r["title"])


def test_sheet_has_the_columns_and_an_empty_findings_column(shared_client):
    slug = slug_of(shared_client, "城镇容貌")
    page = shared_client.get(f"/r/{slug}/survey").get_data(as_text=True)
    assert all(f'<th scope="col">{h}</th>' in page for h in HEADINGS)
    assert page.count('<td class="finding"></td>') > 5
    assert f"/r/{slug}/survey.docx" in page


def test_regulation_page_links_to_its_sheet(shared_client):
    assert "/r/dog-keeping/survey" in shared_client.get("/r/dog-keeping").get_data(as_text=True)


def test_one_chapter(shared_client, _built_jining):
    from kb.library import Library
    slug = slug_of(shared_client, "城镇容貌")
    regulation = Library(_built_jining).find(slug).regulation
    chapter = chapters_of(regulation)[1]
    whole = shared_client.get(f"/r/{slug}/survey").get_data(as_text=True)
    part = shared_client.get(f"/r/{slug}/survey?chapter={quote(chapter)}").get_data(as_text=True)
    assert f"（{chapter}）" in part and part.count("<tr>") < whole.count("<tr>")


def test_unknown_chapter_and_regulation_are_404(shared_client):
    assert shared_client.get("/r/dog-keeping/survey?chapter=第九十九章").status_code == 404
    assert shared_client.get("/r/no-such-law/survey").status_code == 404
    assert shared_client.get("/r/no-such-law/survey.docx").status_code == 404


def test_docx_download(shared_client):
    slug = slug_of(shared_client, "城镇容貌")
    response = shared_client.get(f"/r/{slug}/survey.docx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    table = docx.Document(io.BytesIO(response.data)).tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == HEADINGS


def test_editor_starts_an_inspection_note_from_a_sheet(app_for, jining_home):
    client = app_for(jining_home).test_client()
    anonymous_page = client.get("/r/dog-keeping/survey").get_data(as_text=True)
    assert "据此新建执法检查笔记" not in anonymous_page
    signed_in(client, jining_home)
    page = client.get("/r/dog-keeping/survey").get_data(as_text=True)
    link = re.search(r'href="(/notes/new\?survey=dog-keeping[^"]*)"', page).group(1)
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "type: 执法检查" in form and "regulations: 济宁市养犬管理条例" in form
    text = re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S).group(1)
    text = html.unescape(text).replace("---\n\n", "---\n检查发现：已逐条检查。\n")
    response = client.post("/notes/new", data={"id": "from-sheet", "text": text, "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "from-sheet" in client.get("/r/dog-keeping/15").get_data(as_text=True)
