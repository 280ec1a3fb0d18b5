"""Notes and survey sheets in headless Debian Chromium at phone size, against the real app
(waitress, CSRF on) over its own copy of the Jining home with one editor account."""

import re
import shutil

import pytest

from kb.accounts import add_user
from kb.home import Home
from kb.notes.model import parse_note
from kb.notes.store import NoteStore
from tests.webapp.browser import needs_browser, served, watched_page
from tests.webapp.test_browser import screenshot
from tests.xss import PAYLOADS, note_text

pytestmark = needs_browser

EDITOR, PASSWORD = "editor1", "correct horse 1"
NOTE = """---
title: 城区遛犬与文明行为联合检查
date: 2024-04-12
type: 执法检查
articles: 养犬条例第十五条, 《济宁市文明行为促进条例》第九条
tags: 养犬, 联合检查
---
在重点管理区抽查遛犬人员十二名，三人未使用犬绳，对照{dog}劝导；同时对照《济宁市文明行为促进条例》第九条开展宣传。
"""
HOSTILE = """---
title: 含脚本的笔记
date: 2024-04-13
type: 执法调研
---
<script>alert("script")</script> <img src=x onerror="alert('img')"> [点我](javascript:alert('link'))
"""


@pytest.fixture(scope="module")
def served_home(_built_jining, tmp_path_factory):
    home = Home.resolve(tmp_path_factory.mktemp("notes-browser") / "home")
    shutil.copytree(_built_jining.root, home.root, dirs_exist_ok=True)
    add_user(home, EDITOR, PASSWORD)
    return home


@pytest.fixture(scope="module")
def base_url(served_home):
    with served(served_home.root) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    with watched_page(browser, base_url) as opened:
        yield opened


def sign_in(page):
    page.goto("/notes/new")
    page.wait_for_url(re.compile(r"/login"))
    page.fill("#name", EDITOR)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/notes/new$"))


def test_editor_writes_a_note_that_shows_on_both_articles_and_in_search(page):
    sign_in(page)
    page.fill("#note-id", "joint-walk")
    body = NOTE.replace("{dog}", "")
    page.fill("#note-text", body)
    # The article picker inserts the first citation where the cursor is.
    page.evaluate("""() => { const area = document.getElementById('note-text');
        const at = area.value.indexOf('劝导'); area.focus(); area.setSelectionRange(at, at); }""")
    page.locator("#picker-q").fill("养犬条例第十五条")
    page.locator(".picker-results button", has_text="第十五条").first.click()
    assert "对照《济宁市养犬管理条例》第十五条劝导" in page.input_value("#note-text")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/notes/joint-walk$"))
    assert page.locator("h1").inner_text() == "城区遛犬与文明行为联合检查"
    assert page.locator(".note-body a[href='/r/dog-keeping/15']").count() == 1
    assert page.locator(".note-body a[href='/r/civilized-behaviour/9']").count() == 1
    page.locator("details.clause summary").first.click()               # read the clause in place
    assert page.locator("details.clause[open] .article-body").is_visible()
    screenshot(page, "note", for_docs=True)

    for url in ("/r/dog-keeping/15", "/r/civilized-behaviour/9"):
        page.goto(url)
        assert page.locator(".backlinks a[href='/notes/joint-walk']").count() == 1

    page.goto("/")
    page.locator("#q").press_sequentially("未使用犬绳", delay=20)
    page.locator(".note-hits a[href='/notes/joint-walk']").wait_for()


def test_script_in_a_note_is_shown_as_text_and_never_runs(page):
    sign_in(page)
    page.fill("#note-id", "hostile")
    page.fill("#note-text", HOSTILE)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/notes/hostile$"))
    page.wait_for_load_state("load")
    text = page.locator(".note-body").inner_text()
    assert '<script>alert("script")</script>' in text and "onerror" in text
    assert page.locator(".note-body script, .note-body img").count() == 0
    page.locator(".note-body a", has_text="点我").click()            # the neutralised link goes nowhere
    page.wait_for_timeout(200)                                         # a dialog would be recorded by now


# Run in the page: every element of the note body that could run a script, as the browser
# parsed it (URLs resolved by the browser itself).
UNSAFE_IN_BODY = """() => {
  const bad = [], schemes = ["http:", "https:", "mailto:"];
  const urlAttributes = ["href", "src", "action", "formaction", "data", "poster", "xlink:href"];
  const tags = ["SCRIPT", "IFRAME", "OBJECT", "EMBED", "FORM", "STYLE", "SVG", "MATH", "META", "BASE", "LINK"];
  for (const body of document.querySelectorAll(".note-body")) {
    for (const element of body.querySelectorAll("*")) {
      if (tags.includes(element.tagName.toUpperCase())) bad.push(element.tagName);
      for (const attribute of element.attributes) {
        if (attribute.name.startsWith("on")) bad.push(element.tagName + " " + attribute.name);
        if (urlAttributes.includes(attribute.name)
            && !schemes.includes(new URL(attribute.value, location.href).protocol)) {
          bad.push(element.tagName + " " + attribute.name + "=" + attribute.value);
        }
      }
    }
  }
  return bad;
}"""
ONE_PIXEL_GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def serve_images_locally(page):
    """A relative image URL in a payload (x" onerror=…) would otherwise be a 404 asset."""
    page.route(re.compile(r".*"), lambda route: route.fulfill(status=200, content_type="image/gif", body=ONE_PIXEL_GIF)
               if route.request.resource_type == "image" else route.continue_())


def poke(page):
    """Hover every element and click every link that goes nowhere, as a curious reader would."""
    for element in page.locator(".note-body *").all():
        element.hover()
    for link in page.locator(".note-body a:not([href])").all():
        link.click()


def test_no_payload_yields_a_script_link_or_handler_and_none_runs(page, served_home):
    store = NoteStore(served_home)
    for number, payload in enumerate(PAYLOADS):
        store.save(parse_note(f"xss-{number}", note_text(payload)))
    serve_images_locally(page)
    for number, payload in enumerate(PAYLOADS):
        page.goto(f"/notes/xss-{number}")
        assert page.evaluate(UNSAFE_IN_BODY) == [], payload
        poke(page)
    sign_in(page)
    page.fill("#note-text", note_text("\n\n".join(PAYLOADS), title="预览中的攻击代码"))
    page.get_by_role("button", name="预览").click()
    page.locator(".preview .note-body").wait_for()
    assert page.evaluate(UNSAFE_IN_BODY) == []
    poke(page)
    page.wait_for_timeout(200)                 # a dialog or a blocked inline script would be recorded by now


def test_survey_sheet_renders_and_its_docx_downloads(page):
    page.goto("/r/city-appearance")
    page.get_by_role("link", name="执法检查表").click()
    page.wait_for_url(re.compile(r"/r/city-appearance/survey$"))
    assert "执法检查表" in page.locator("h1").inner_text()
    assert page.locator("table.survey tbody tr").count() > 5
    screenshot(page, "survey", for_docs=True)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("下载 Word")).click()
    assert download.value.suggested_filename.endswith(".docx")
    assert download.value.path().stat().st_size > 10_000
