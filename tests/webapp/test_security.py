"""Headers, escaping (highlights included) and limits."""

import re

import pytest

from kb.home import Home
from kb.importer import import_paths
from kb.index.builder import build
from kb.library import Library

HOSTILE = "养犬人不得<script>alert(1)</script>遛犬，\"引号\"与'单引号'&amp; <b>粗体</b>。"


@pytest.fixture
def hostile_client(tmp_path, app_for):
    """An app over one imported regulation whose text contains markup."""
    source = tmp_path / "济宁市测试条例.md"
    source.write_text(f"# 济宁市测试条例\n\n第一条 {HOSTILE}\n\n第二条 本条例自2020年1月1日起施行。\n",
                      encoding="utf-8")
    home = Home.resolve(tmp_path / "home")
    import_paths(home, [str(source)], Library(home).canonical_title, progress=lambda _: None)
    library = Library(home)
    build(home.index_dir, library.entries)
    slug = library.entries[0].slug
    return app_for(home).test_client(), slug


def assert_no_live_markup(body):
    assert "<script>alert" not in body and "<b>粗体" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_text_with_markup_is_escaped_in_search_snippets(hostile_client):
    client, _ = hostile_client
    body = client.get("/search?q=遛犬").get_data(as_text=True)
    assert "<mark>遛犬</mark>" in body    # the snippet is marked safe: only <mark> survives
    assert_no_live_markup(body)
    fragment = client.get("/search/results?q=遛犬").get_data(as_text=True)
    assert_no_live_markup(fragment)


def test_text_with_markup_is_escaped_on_article_and_regulation_pages(hostile_client):
    client, slug = hostile_client
    for url in (f"/r/{slug}/1", f"/r/{slug}"):
        body = client.get(url).get_data(as_text=True)
        assert_no_live_markup(body)


def test_copy_and_basket_attributes_cannot_be_broken_out_of(hostile_client):
    client, slug = hostile_client
    body = client.get(f"/r/{slug}/1").get_data(as_text=True)
    for attribute in re.findall(r"data-(?:copy|basket-add)=(\"[^\"]*\"|'[^']*')", body):
        assert "<" not in attribute and ">" not in attribute
    assert re.search(r"data-basket-add='[^']*\\u0027单引号\\u0027[^']*'", body)


def test_api_returns_the_snippet_escaped(hostile_client):
    client, _ = hostile_client
    hit = client.get("/api/search?q=遛犬").get_json()["hits"][0]
    assert hit["text"] == HOSTILE
    # The API gives the snippet as plain text with spans: the client escapes it as it renders.
    assert hit["snippet"]["text"] in HOSTILE.replace("\n", " ")
    assert [hit["snippet"]["text"][s:e] for s, e in hit["snippet"]["marks"]] == ["遛犬"]


@pytest.mark.parametrize("url", ["/search?q=<script>alert(1)</script>",
                                 "/search/results?q=<script>alert(1)</script>",
                                 "/search?q=\"><script>alert(1)</script>"])
def test_a_hostile_query_is_shown_as_text(shared_client, url):
    body = shared_client.get(url).get_data(as_text=True)
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_hostile_path_is_shown_as_text(shared_client):
    body = shared_client.get("/r/%3Cscript%3Ealert(1)%3C%2Fscript%3E").get_data(as_text=True)
    assert "<script>alert" not in body and "&lt;script&gt;" in body


@pytest.mark.parametrize("url", ["/", "/search?q=犬", "/r/dog-keeping/2", "/api/search?q=犬",
                                 "/static/app.js", "/r/nope", "/api/nope"])
def test_security_headers(shared_client, url):
    headers = shared_client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/", "/search?q=罚款", "/r/dog-keeping", "/r/dog-keeping/11", "/basket", "/r/x"])
def test_no_inline_script_or_style(shared_client, url):
    """The CSP forbids them; a page that used them would silently break."""
    body = shared_client.get(url).get_data(as_text=True)
    for script in re.findall(r"<script\b[^>]*>", body):
        assert "src=" in script
    assert "<style" not in body
    assert not re.search(r"<[^>]+\sstyle=", body)
    assert not re.search(r"<[^>]+\son[a-z]+=", body)


def test_query_length_is_capped(shared_client):
    response = shared_client.get("/search?q=" + "犬" * 201)
    assert response.status_code == 400 and "检索词过长" in response.get_data(as_text=True)
    assert shared_client.get("/search?q=" + "犬" * 200).status_code == 200


def test_request_body_size_is_capped(app):
    assert app.config["MAX_CONTENT_LENGTH"] <= 64 * 1024
