"""The 修改对照表 in the web app: versions on the regulation page, the side-by-side page, its
.docx, and the draft upload (sign-in, CSRF, size, bad files)."""

import io
import re

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from kb.importer import import_paths
from kb.index.builder import build
from kb.library import Library
from tests import amend_drafts as drafts
from tests.webapp.browser import PHONE, needs_browser, served, watched_page
from tests.webapp.conftest import AuthActions
from webapp import create_app
from webapp.amend_docx import HEADERS, PRODUCT

EDITOR, PASSWORD = "editor1", "correct horse 1"
PAGE = "/r/urban-greening/diff"
VERSIONS = f"from=2018-01-23&to={drafts.DRAFT_DATE}"


@pytest.fixture
def home(jining_home, tmp_path):
    """The Jining home with the greening draft imported as a newer version, and an editor."""
    _, draft = drafts.greening_texts()
    path = tmp_path / "绿化条例修正草案.md"
    path.write_text(drafts.dated(draft), encoding="utf-8")
    import_paths(jining_home, [path], Library(jining_home).canonical_title, progress=lambda _: None)
    build(jining_home.index_dir, Library(jining_home).entries)     # the app shows what is indexed
    AuthActions(None, jining_home).create()
    return jining_home



@pytest.fixture
def client(app_for, home):
    return app_for(home).test_client()


def strict(home):
    """The app as it runs: CSRF on."""
    return create_app({"REGKB_HOME": str(home.root), "TESTING": True}).test_client()


def csrf_token(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def upload(client, data, name="草案.md", **fields):
    return client.post(PAGE, data={"draft": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")


def greening_draft():
    return drafts.greening_texts()[1].encode("utf-8")


def text(response):
    return response.get_data(as_text=True)


# ------------------------------------------------------------ regulation page

def test_regulation_page_lists_every_version_with_a_link_to_the_one_before(client):
    page = text(client.get("/r/urban-greening"))
    versions = re.search(r"<dt>版本</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.DOTALL).group(1)
    assert versions.count("<li>") == 2 and "2018-01-23（" in versions and f"{drafts.DRAFT_DATE}（" in versions
    assert versions.count("与上一版本对照") == 1
    assert f'href="{PAGE}?{VERSIONS.replace("&", "&amp;")}"' in versions


def test_a_single_version_has_no_comparison_link(shared_client):
    page = text(shared_client.get("/r/dog-keeping"))
    versions = re.search(r"<dt>版本</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.DOTALL).group(1)
    assert versions.count("<li>") == 1 and "与上一版本对照" not in versions
    assert "只保存了一个版本" in text(shared_client.get("/r/dog-keeping/diff"))
    assert shared_client.get("/r/dog-keeping/diff.docx").status_code == 404


# ---------------------------------------------------------- side-by-side page

def test_side_by_side_with_character_highlights(client):
    response = client.get(f"{PAGE}?{VERSIONS}")
    page = text(response)
    assert response.status_code == 200
    assert "处以<del>一</del>万元以上<del>五</del>万元以下的罚款" in page
    assert "处以<ins>二</ins>万元以上<ins>十</ins>万元以下的罚款" in page
    assert '<span class="label">第十一条</span> <ins>新建、改建城市道路' in page
    assert "由原第四十一条移至第四十八条" in page and "删除" in page
    assert "<strong>请核对：</strong>引用的第三十一条未随条文序号调整" in page
    assert '<del class="minor">第十七条</del>' in page and '<ins class="minor">第十八条</ins>' in page


def test_unchanged_articles_are_folded(client):
    page = text(client.get(PAGE))       # by default: the shown version and the one before
    assert "<details><summary>第一条至第八条未修改（8 条）</summary>" in page
    assert "第十二条至第二十四条（原第十一条至第二十三条）仅条文序号调整，内容未修改（13 条）" in page
    assert f'href="{PAGE}?only=1&amp;{VERSIONS.replace("&", "&amp;")}">只看修改</a>' in page


def test_only_changes_without_javascript(client):
    page = text(client.get(f"{PAGE}?{VERSIONS}&only=1"))
    assert "<details>" not in page and "第一条至第八条未修改（8 条），已略去。" in page
    assert ">显示全部条文</a>" in page and "处以<ins>二</ins>万元" in page
    assert f'href="/r/urban-greening/diff.docx?only=1&amp;{VERSIONS.replace("&", "&amp;")}"' in page


@pytest.mark.parametrize("query, status, message", [
    ("from=2001-01-01", 404, "没有版本 2001-01-01"),
    ("to=yesterday", 400, "版本写法无效"),
    ("from=" + "1" * 80, 400, "版本参数过长"),
])
def test_bad_versions(client, query, status, message):
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == status and message in text(response)


def test_the_oldest_version_has_nothing_before_it(client):
    page = text(client.get(f"{PAGE}?to=2018-01-23"))
    assert "最早的版本" in page and "<table" not in page


def test_unknown_regulation(client):
    assert client.get("/r/no-such-law/diff").status_code == 404
    assert client.get("/r/no-such-law/diff.docx").status_code == 404


# ------------------------------------------------------------------- docx

def open_docx(response):
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    return docx.Document(io.BytesIO(response.data))


def runs_of(document, words):
    """(strike, bold) of every run whose text is one of `words`."""
    return {(run.text, bool(run.font.strike), bool(run.bold))
            for table in document.tables for row in table.rows for cell in row.cells
            for paragraph in cell.paragraphs for run in paragraph.runs if run.text in words}


def test_docx_is_the_customary_table(client):
    document = open_docx(client.get(f"/r/urban-greening/diff.docx?{VERSIONS}"))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)     # A4
    table = document.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == HEADERS
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert runs_of(document, {"一", "五", "二", "十"}) == {
        ("一", True, False), ("五", True, False), ("二", False, True), ("十", False, True)}
    added = [c for r in table.rows for c in r.cells if c.text.startswith("第十一条　新建")]
    assert added and all(run.bold for p in added[0].paragraphs for run in p.runs[1:])
    assert document.core_properties.author == PRODUCT and document.core_properties.language == "zh-CN"
    assert "修改对照表" in document.core_properties.title


def test_docx_fonts_language_and_page_numbers(client):
    document = open_docx(client.get(f"/r/urban-greening/diff.docx?{VERSIONS}"))
    normal = document.styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer


def test_docx_only_changes_folds_unchanged_articles(client):
    full = open_docx(client.get(f"/r/urban-greening/diff.docx?{VERSIONS}")).tables[0]
    short = open_docx(client.get(f"/r/urban-greening/diff.docx?{VERSIONS}&only=1")).tables[0]
    assert len(short.rows) < len(full.rows) - 30
    cells = [c.text for r in short.rows for c in r.cells]
    assert "第一条至第八条未修改（8 条），从略" in cells
    assert any(c.startswith("第四十二条　违反本条例第二十二条规定") for c in cells)


# ----------------------------------------------------------------- upload

def test_readers_see_no_upload_form_and_cannot_post(client):
    assert 'enctype="multipart/form-data"' not in text(client.get(PAGE))
    response = upload(client, greening_draft())
    assert response.status_code == 403 and "请先登录" in text(response)


def test_an_editor_compares_a_draft_with_the_version_in_force(editor, home):
    page = text(editor.get(f"{PAGE}?{VERSIONS}"))
    assert 'enctype="multipart/form-data"' in page and 'name="draft"' in page
    stored = sorted(p.name for p in home.texts_dir.iterdir())
    response = upload(editor, greening_draft(), "绿化条例草案.docx.md", **{"from": "2018-01-23"})
    page = text(response)
    assert response.status_code == 200 and "草案" in page and "绿化条例草案.docx.md" in page
    assert "处以<ins>二</ins>万元以上<ins>十</ins>万元以下的罚款" in page
    assert sorted(p.name for p in home.texts_dir.iterdir()) == stored      # nothing stored


def test_an_uploaded_draft_as_docx(editor):
    document = open_docx(upload(editor, greening_draft(), format="docx", only="1"))
    assert "第一条至第八条未修改（8 条），从略" in [c.text for r in document.tables[0].rows for c in r.cells]


def test_markup_in_a_draft_is_shown_as_text(editor):
    real, _ = drafts.greening_texts()
    hostile = real.replace("制定本条例。", "制定本条例。<script>alert(1)</script><b>粗</b>", 1)
    page = text(upload(editor, hostile.encode("utf-8"), **{"from": "2018-01-23"}))
    assert "<script>alert" not in page and "<b>粗" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.docx", "文件为空"),
    (bytes(range(256)) * 64, "garbage.txt", "二进制文件"),
    (b"PK\x03\x04" + bytes(2000), "broken.docx", "docx 文件已损坏"),
    ("济宁市某某条例\n\n本文没有任何条文。\n".encode(), "notes.txt", "没有找到任何条文"),
    (b"%PDF-1.7 ...", "draft.pdf", "不支持 PDF"),
])
def test_garbage_uploads_are_a_clear_400(editor, data, name, message):
    response = upload(editor, data, name)
    assert response.status_code == 400 and message in text(response) and "草案文件无法对照" in text(response)


def test_missing_file_and_bad_base_version(editor):
    response = editor.post(PAGE, data={"from": "2018-01-23"}, content_type="multipart/form-data")
    assert response.status_code == 400 and "请选择要对照的草案文件" in text(response)
    response = upload(editor, greening_draft(), **{"from": "2001-01-01"})
    assert response.status_code == 400 and "没有版本 2001-01-01" in text(response)


def test_a_draft_over_the_limit_is_refused(editor):
    response = upload(editor, b"x" * (6 * 1024 * 1024))
    assert response.status_code == 413


def test_a_large_draft_stays_in_memory(editor, monkeypatch):
    import werkzeug.formparser

    def no_temporary_files(*args, **kwargs):
        raise AssertionError("an upload was spooled to disk")
    monkeypatch.setattr(werkzeug.formparser, "SpooledTemporaryFile", no_temporary_files)
    draft = drafts.greening_texts()[1]
    padded = draft.replace(drafts.INFO_END, "<!-- " + "备注" * 300_000 + " -->\n" + drafts.INFO_END, 1)
    assert len(padded.encode("utf-8")) > 1024 * 1024
    response = upload(editor, padded.encode("utf-8"), **{"from": "2018-01-23"})
    assert response.status_code == 200 and "处以<ins>二</ins>万元" in text(response)


def test_upload_needs_a_csrf_token(home):
    client = strict(home)
    assert AuthActions(client, home).login().status_code == 302
    token = csrf_token(client, PAGE)
    response = upload(client, greening_draft())
    assert response.status_code == 400 and "CSRF" in text(response)
    response = upload(client, greening_draft(), csrf_token=token, **{"from": "2018-01-23"})
    assert response.status_code == 200 and "处以<ins>二</ins>万元" in text(response)


def test_anonymous_post_with_a_valid_token_is_refused(home):
    client = strict(home)
    response = upload(client, greening_draft(), csrf_token=csrf_token(client, "/login"))
    assert response.status_code == 403


# ---------------------------------------------------------------- browser

@needs_browser
def test_the_page_fits_a_phone_and_unfolds(browser, home):
    with served(home.root) as base_url, watched_page(browser, base_url) as page:
        page.goto(f"{PAGE}?{VERSIONS}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        fold = page.locator("tr.folded details").first
        assert not fold.evaluate("d => d.open")
        fold.locator("summary").click()
        assert fold.evaluate("d => d.open") and "第一条" in fold.inner_text()
        page.get_by_role("link", name="只看修改").click()
        assert "only=1" in page.url and page.locator("tr.folded details").count() == 0
