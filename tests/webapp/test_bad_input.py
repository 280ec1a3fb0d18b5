"""Garbage in every query-string parameter and path segment: a 4xx or an empty result, never a 500.

The app runs with TESTING=True, so an unhandled exception fails the test instead of
turning into a 500 page."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEARCH_ENDPOINTS = ["/search", "/search/results", "/api/search"]
PARAMS = ["q", "reg", "chapter", "department", "penalty", "page", "limit"]
# Raw (already percent-encoded) values, so malformed encodings reach the server as sent.
RAW_VALUES = [
    "", "%20", "%FF%FE", "%C3%28", "%ED%A0%80", "%E4%B8", "%ZZ", "%", "%%", "%0", "%00", "%01%1F%7F",
    "x" * 10000, "%E7%8A%AC" * 3000, "-1", "0", "-0", "99999999999999999999999", "1e3", "1.5", "0x10",
    "%EF%BC%92", "+2+", "NaN", "null", "[]", "%5B%5D=1", "a&b", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%F0%9F%90%B6", "%E2%80%AE%E2%80%8B", "'%20OR%201=1%20--", "text:%E7%8A%AC%20OR", "(((", "*?",
]


@pytest.mark.parametrize("endpoint", SEARCH_ENDPOINTS)
@pytest.mark.parametrize("param", PARAMS)
@pytest.mark.parametrize("raw", RAW_VALUES)
def test_garbage_parameter(shared_client, endpoint, param, raw):
    query = f"{param}={raw}" if param == "q" else f"q=%E7%8A%AC&{param}={raw}"
    response = shared_client.get(endpoint, query_string=query)
    assert response.status_code in (200, 400), (query, response.status_code)
    if endpoint.startswith("/api/"):
        data = response.get_json()
        assert ("error" in data) if response.status_code == 400 else ("hits" in data)


@pytest.mark.parametrize("query", [
    "q=%E7%8A%AC&q=%E7%8A%AC&page=1&page=2",       # repeated parameters
    "q=%E7%8A%AC&unknown=1&filters[x]=y",          # unknown parameters are ignored
    "q=%E7%8A%AC&chapter=%E6%B2%A1%E6%9C%89%E8%BF%99%E7%AB%A0",   # a chapter that does not exist
    "q=%E7%8A%AC&department=%E4%B8%8D%E5%AD%98%E5%9C%A8",
    "q",                                           # a name without a value
    "=%E7%8A%AC", "&&&", "q=%E7%8A%AC;page=2",
])
def test_odd_query_strings(shared_client, query):
    for endpoint in SEARCH_ENDPOINTS:
        response = shared_client.get(endpoint, query_string=query)
        assert response.status_code in (200, 400), (endpoint, query)


def test_unknown_filter_value_is_refused_with_the_valid_ones(shared_client):
    response = shared_client.get("/api/search?q=犬只&chapter=第九十九章")
    assert response.status_code == 400 and "第五章 法律责任" in response.get_json()["error"]


@pytest.mark.parametrize("page", ["-1", "0", "1001", "99999999999999999999", "abc", "1.5"])
def test_bad_page_numbers_are_refused(shared_client, page):
    response = shared_client.get(f"/api/search?q=犬&page={page}")
    assert response.status_code == 400 and "页码无效" in response.get_json()["error"]


PATH_SEGMENTS = ["%FF%FE", "%C3%28", "%00", "%ZZ", "..", "%2E%2E", "x" * 5000, "%E7%8A%AC" * 2000,
                 "%3Cscript%3E", "-1", "0", "1-0", "1-", "-1-1", "15-100", "99999", "1e3", "%EF%BC%91%EF%BC%95",
                 "%20", "%0A", "%F0%9F%90%B6"]
PATH_TEMPLATES = ["/r/{}", "/r/{}/1", "/r/dog-keeping/{}", "/api/regulations/{}", "/api/articles/{}/1",
                  "/api/articles/dog-keeping/{}", "/static/{}", "/{}"]


@pytest.mark.parametrize("template", PATH_TEMPLATES)
@pytest.mark.parametrize("segment", PATH_SEGMENTS)
def test_garbage_path_segment(shared_client, template, segment):
    response = shared_client.get(template.format(segment))
    assert 300 <= response.status_code < 500, (template, segment, response.status_code)


@pytest.mark.parametrize("segment", PATH_SEGMENTS)
def test_garbage_export_format(shared_client, segment):
    response = shared_client.post(f"/export/{segment}", json=[{"slug": "dog-keeping", "article": 1}])
    assert 400 <= response.status_code < 500


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.one_of(st.sampled_from(PARAMS), st.text(max_size=10)),
                       st.one_of(st.text(max_size=300), st.integers().map(str)), max_size=6))
def test_any_search_parameters(shared_client, params):
    response = shared_client.get("/api/search?" + urlencode(params))
    assert response.status_code in (200, 400)
    data = response.get_json()
    if response.status_code == 200:
        assert data["total"] >= len(data["hits"]) and isinstance(data["facets"], dict)
    else:
        assert data["error"]


# str.isdigit() accepts all of these; int() refuses some and reads others as digits.
NOT_ASCII_NUMBERS = ["²", "①", "⑮", "１５", "١٥", "𝟏𝟓", "15²", "Ⅻ", "¹⁵", "३"]
NUMBER_URLS = ["/notes?reg=dog-keeping&article={}", "/api/notes?reg=dog-keeping&article={}", "/notes?year={}",
               "/api/notes?year={}", "/search?q=犬&page={}", "/api/search?q=犬&page={}", "/api/search?q=犬&limit={}"]


@pytest.mark.parametrize("url", NUMBER_URLS)
@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS + ["+15", "-15", "15.0", "0x0f", " 1 5", "1" * 40])
def test_numbers_are_ascii_digits_in_range_or_a_400(shared_client, url, value):
    response = shared_client.get(url.format(quote(value)))
    assert response.status_code == 400, (url, value)
    assert "无效" in response.get_data(as_text=True)


def test_ascii_int():
    from webapp.params import ascii_int
    assert ascii_int("15", 1, 9999) == 15 and ascii_int(" 15 ", 1, 9999) == 15
    assert [ascii_int(v, 1, 9999) for v in NOT_ASCII_NUMBERS + ["", "0", "10000", "-1"]] == [None] * 14
