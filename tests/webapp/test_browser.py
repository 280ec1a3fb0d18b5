"""The real app (waitress, loopback, free port) in headless Debian Chromium at phone size.

Screenshots go to tests/screenshots/ (git-ignored); with REGKB_SCREENSHOTS=docs the main
pages are also written to docs/screenshots/ for the README."""

import os
import re
from pathlib import Path

import pytest

from tests.webapp.browser import PHONE, needs_browser, served, watched_page

pytestmark = needs_browser

ROOT = Path(__file__).resolve().parents[2]
THROWAWAY_SHOTS = ROOT / "tests" / "screenshots"
DOC_SHOTS = ROOT / "docs" / "screenshots"
DOG = "济宁市养犬管理条例"


@pytest.fixture(scope="module")
def base_url(_built_jining):
    with served(_built_jining.root) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    with watched_page(browser, base_url, permissions=("clipboard-read", "clipboard-write")) as opened:
        yield opened


def screenshot(page, name, for_docs=False):
    THROWAWAY_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(THROWAWAY_SHOTS / f"{name}.png"))
    if for_docs and os.environ.get("REGKB_SCREENSHOTS") == "docs":
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOC_SHOTS / f"{name}.png"))


def test_officer_search_shows_results_while_typing(page):
    page.goto("/")
    box = page.locator("#q")
    assert page.evaluate("document.activeElement.id") == "q"     # focused on arrival
    box.press_sequentially("遛狗不拴绳怎么罚", delay=30)
    first = page.locator(".hit").first
    first.wait_for()                                              # no Enter pressed
    assert DOG in first.inner_text()
    assert page.locator(".hit mark").count() > 0
    assert "q=%E9%81%9B" in page.url                              # the address follows the query
    page.goto(page.url)                                           # and reproduces it on reload
    page.locator(".hit").first.wait_for()
    screenshot(page, "search", for_docs=True)


def test_filter_change_refreshes_results(page):
    page.goto("/search?q=罚款")
    page.locator(".filters-box summary").click()
    page.locator("#f-reg").focus()
    page.select_option("#f-reg", "si-river")
    page.wait_for_function("() => [...document.querySelectorAll('.hit h3')].every(h => h.textContent.includes('泗河'))")
    assert "reg=si-river" in page.url
    assert page.evaluate("document.activeElement.id") == "f-reg"   # focus stays on the control


def test_citation_query_opens_the_article(page):
    page.goto("/")
    page.locator("#q").fill("养犬条例第十五条")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/r/dog-keeping/15$"))
    assert "第十五条" in page.locator("h1").inner_text()


def test_open_an_article_and_copy_an_excerpt(page):
    page.goto("/search?q=犬只登记")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/r/dog-keeping/\d+"))
    heading = page.locator("h1").inner_text()
    screenshot(page, "article", for_docs=True)
    page.get_by_role("button", name=re.compile(r"^复制《济宁市养犬管理条例》第.+条（含出处）$")).first.click()
    page.locator("[data-toast]").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    label = heading.split("》")[-1].strip()
    assert copied.endswith(f"（《{DOG}》{label}）")


def test_copy_one_paragraph(page):
    page.goto("/r/dog-keeping/2#p2")
    page.locator("#p2 [data-copy]").click()
    page.locator("[data-toast]").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"（《{DOG}》第二条第二款）")
    assert copied == page.locator("#p2 [data-copy]").get_attribute("data-copy")


def add_to_basket(page, url, selector="article.article > .actions [data-basket-add]"):
    page.goto(url)
    page.locator(selector).click()
    page.locator("[data-toast]").wait_for()


def test_basket_from_two_regulations_exports_a_docx(page, tmp_path):
    from docx import Document
    add_to_basket(page, "/r/dog-keeping/15")
    add_to_basket(page, "/r/civilized-behaviour/9")
    add_to_basket(page, "/r/dog-keeping/2", "#p2 [data-basket-add]")
    add_to_basket(page, "/r/fireworks/3")
    assert page.locator("[data-basket-count]").inner_text() == "4"
    page.goto("/basket")
    items = page.locator(".basket-item .cite")
    assert items.count() == 4
    page.get_by_role("button", name=f"上移：《{DOG}》第二条第二款").click()        # third → second
    page.get_by_role("button", name="移除：《济宁市烟花爆竹燃放管理条例》第三条").click()
    expected = [f"《{DOG}》第十五条", f"《{DOG}》第二条第二款", "《济宁市文明行为促进条例》第九条"]
    assert items.all_inner_texts() == expected
    screenshot(page, "basket", for_docs=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Word（.docx）").click()
    path = tmp_path / "excerpts.docx"
    download_info.value.save_as(path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    positions = [text.index(f"（{citation}）") for citation in expected]
    assert positions == sorted(positions)
    assert "所据文本：济宁市养犬管理条例(2019-06-05).md（LawRefBook/Laws 提交 2f4c5c2；sha256 dfcc53306d5a）" in text
    assert "烟花爆竹" not in text


def test_basket_is_operable_by_keyboard(page):
    add_to_basket(page, "/r/dog-keeping/1")
    add_to_basket(page, "/r/dog-keeping/3")
    page.goto("/basket")
    page.get_by_role("button", name=f"下移：《{DOG}》第一条").focus()
    page.keyboard.press("Enter")
    assert page.locator(".basket-item .cite").all_inner_texts() == [f"《{DOG}》第三条", f"《{DOG}》第一条"]
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == f"上移：《{DOG}》第一条"          # focus follows the moved row


def test_skip_link_comes_first(page):
    page.goto("/r/dog-keeping/11")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"


@pytest.mark.parametrize("url, name", [("/", "home"), ("/r/dog-keeping", "regulation"),
                                       ("/search?q=罚款", "search-filters"), ("/r/si-river/43", "penalty"),
                                       ("/r/nope", "not-found")])
def test_pages_fit_a_phone(page, url, name):
    response = page.goto(url)
    assert response.status in (200, 404)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, name, for_docs=name in ("home", "regulation", "search-filters"))


def test_search_works_without_javascript(browser, base_url):
    context = browser.new_context(viewport=PHONE, base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.locator("#q").fill("乱扔垃圾")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator(".hit").count() > 0
    context.close()
