"""The JSON API: the same data as `regkb … --json`, errors as {"error": "<中文>"}."""

import json

import pytest

from kb.library import Library

DOG = "dog-keeping"
DOG_TITLE = "济宁市养犬管理条例"


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
    assert response.content_type == "application/json"
    return response.get_json()


def test_search_returns_the_cli_hit_objects_and_facets(shared_client, _built_jining, cli):
    data = get_json(shared_client, "/api/search?q=犬只登记&limit=5")
    code, out, _ = cli("--home", _built_jining.root, "search", "犬只登记", "--json", "--limit", "5")
    expected = json.loads(out)
    assert code == 0
    assert [h["citation"] for h in data["hits"]] == [h["citation"] for h in expected["hits"]]
    assert data["hits"][0].keys() == expected["hits"][0].keys()
    assert data["hits"][0] == expected["hits"][0]
    assert data["total"] == expected["total"] and data["limit"] == 5 and data["page"] == 1
    assert {"regulation", "chapter", "department", "penalty"} <= set(data["facets"])
    assert data["facets"]["regulation"][0][0] == DOG and isinstance(data["facets"]["regulation"][0][1], int)


def test_search_filters(shared_client):
    data = get_json(shared_client, "/api/search?q=罚款&reg=si-river&penalty=true&limit=50")
    assert data["hits"] and {h["regulation"] for h in data["hits"]} == {"济宁市泗河保护管理条例"}
    assert all(h["penalty"] for h in data["hits"])
    chapter = get_json(shared_client, "/api/search?q=罚款&chapter=第七章 法律责任&limit=50")
    assert chapter["hits"] and {h["chapter"] for h in chapter["hits"]} == {"第七章 法律责任"}
    department = get_json(shared_client, "/api/search?q=犬只&department=公安机关&limit=50")
    assert department["hits"] and all("公安机关" in h["departments"] for h in department["hits"])


def test_search_citation(shared_client):
    data = get_json(shared_client, "/api/search?q=养犬条例第十五条")
    assert data["hits"][0]["cited"] and data["hits"][0]["citation"] == f"《{DOG_TITLE}》第十五条"
    missing = get_json(shared_client, "/api/search?q=养犬条例第三十条")
    assert missing["total"] == 0 and "没有第三十条" in missing["notice"]


def test_search_pages_do_not_overlap(shared_client):
    first = get_json(shared_client, "/api/search?q=罚款&limit=5")
    second = get_json(shared_client, "/api/search?q=罚款&limit=5&page=2")
    def ids(data):
        return {(h["slug"], h["article"]) for h in data["hits"]}
    assert ids(first) and ids(second) and not ids(first) & ids(second)


def test_regulations(shared_client):
    data = get_json(shared_client, "/api/regulations")["regulations"]
    assert len(data) == 11
    dog = next(r for r in data if r["slug"] == "dog-keeping")
    assert dog["title"] == DOG_TITLE and dog["articles"] == 15 and dog["status"] == "现行有效"
    assert dog["complete"] is False and dog["problems"] and dog["last_article"] == "15"
    assert next(r for r in data if r["slug"] == "city-appearance")["amended"] is True


def test_regulation(shared_client):
    data = get_json(shared_client, "/api/regulations/dog-keeping")
    assert data["title"] == DOG_TITLE and data["sha256"].startswith("dfcc5330")
    assert [e["event"] for e in data["history"]] == ["通过", "批准"]
    assert len(data["full_text"]) == 15 and data["full_text"][14]["label"] == "第十五条"
    assert get_json(shared_client, "/api/regulations/养犬条例")["slug"] == "dog-keeping"


def test_article(shared_client, _built_jining):
    data = get_json(shared_client, "/api/articles/urban-greening/42")
    assert data["label"] == "第四十二条" and data["url"] == "/r/urban-greening/42"
    assert data["citation"] == "《济宁市城市绿化条例》第四十二条"
    assert data["facts"]["references"] == [17] and data["facts"]["penalty"] is True
    assert data["facts"]["fines"][0]["high"] == 50000
    entry = Library(_built_jining).find("urban-greening")
    assert data["text"] == entry.regulation.article(42).text


def test_api_search_is_what_the_index_says(shared_client, jining_index):
    expected = jining_index.search("乱扔垃圾", limit=10).as_json()
    data = get_json(shared_client, "/api/search?q=乱扔垃圾")
    assert data["hits"] == expected["hits"] and data["facets"] == json.loads(json.dumps(expected["facets"]))


@pytest.mark.parametrize("url, status, message", [
    ("/api/regulations/nope", 404, "找不到法规：nope"),
    ("/api/articles/dog-keeping/99", 404, "没有第九十九条"),
    ("/api/articles/dog-keeping/x", 404, "条文编号无效"),
    ("/api/articles/nope/1", 404, "找不到法规"),
    ("/api/nothing-here", 404, "找不到该页面"),
    ("/api/search?page=0", 400, "页码无效"),
    ("/api/search?limit=1000", 400, "每页条数无效"),
    ("/api/search?reg=nope", 400, "找不到法规：nope"),
    ("/api/search?penalty=maybe", 400, "罚则筛选值无效"),
])
def test_errors_are_json_in_chinese(shared_client, url, status, message):
    data = get_json(shared_client, url, status)
    assert set(data) == {"error"} and message in data["error"]


def test_wrong_method_is_a_json_405(shared_client):
    response = shared_client.post("/api/search?q=犬")
    assert response.status_code == 405 and response.get_json() == {"error": "不支持该请求方法"}
    assert "GET" in response.headers["Allow"]


def test_openapi_document_describes_every_api_route(shared_client, app):
    document = get_json(shared_client, "/api/openapi.json")
    assert document["openapi"].startswith("3.")
    documented = set(document["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/export/")):
            path = rule.rule.replace("<", "{").replace(">", "}")
            assert path in documented, path
    _check_refs(document, document)


def test_every_field_the_api_returns_is_documented(shared_client):
    schemas = get_json(shared_client, "/api/openapi.json")["components"]["schemas"]
    result = get_json(shared_client, "/api/search?q=遛狗不拴绳")
    assert set(result) <= set(schemas["SearchResult"]["properties"])
    assert set(result["hits"][0]) <= set(schemas["Hit"]["properties"])
    assert set(result["facets"]) == {"regulation", "chapter", "department", "penalty", "jurisdiction"}
    regulation = get_json(shared_client, "/api/regulations")["regulations"][0]
    assert set(regulation) <= set(schemas["Regulation"]["properties"])
    parameters = {p["name"] for p in get_json(shared_client, "/api/openapi.json")["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "reg", "chapter", "department", "penalty", "scope", "page", "limit"} <= parameters


def _check_refs(node, document):
    """Every $ref in the document points at something that exists."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
        for value in node.values():
            _check_refs(value, document)
    elif isinstance(node, list):
        for value in node:
            _check_refs(value, document)


def test_search_answer_and_unmatched(shared_client):
    data = get_json(shared_client, "/api/search?q=遛狗不拴绳")
    assert data["answer"] == "direct" and data["unmatched"] == []
    loose = get_json(shared_client, "/api/search?q=住房公积金怎么提取")
    assert loose["answer"] in ("related", "none")
    spec = get_json(shared_client, "/api/openapi.json")
    assert spec["components"]["schemas"]["SearchResult"]["properties"]["answer"]["enum"] == ["direct", "related", "none"]


def test_search_chapter_by_number_or_title(shared_client):
    by_title = get_json(shared_client, "/api/search?q=罚款&reg=si-river&chapter=法律责任&limit=50")
    by_number = get_json(shared_client, "/api/search?q=罚款&reg=si-river&chapter=第七章&limit=50")
    assert by_title["total"] == by_number["total"] > 0
    assert {c for c, _ in by_title["facets"]["chapter"]} == {"第七章 法律责任"}


def test_search_unknown_chapter_or_department_is_400_with_the_list(shared_client):
    data = get_json(shared_client, "/api/search?q=罚款&reg=si-river&chapter=第九十章", status=400)
    assert "第七章 法律责任" in data["error"]
    data = get_json(shared_client, "/api/search?q=罚款&department=消防救援大队", status=400)
    assert "公安机关" in data["error"]


def test_search_page_past_the_end_says_how_many(shared_client):
    first = get_json(shared_client, "/api/search?q=犬只")
    past = get_json(shared_client, f"/api/search?q=犬只&page={first['pages'] + 2}")
    assert past["hits"] == [] and f"共 {first['pages']} 页" in past["notice"]
    page = shared_client.get(f"/search?q=犬只&page={first['pages'] + 2}").get_data(as_text=True)
    assert f"共 {first['pages']} 页" in page


def test_search_says_why_a_question_is_only_related(shared_client):
    contact = get_json(shared_client, "/api/search?q=" + "养犬举报电话")
    assert contact["answer"] == "related" and "不载明具体号码" in contact["notice"]
    hours = get_json(shared_client, "/api/search?q=" + "政务服务中心周六上班不")
    assert hours["answer"] == "related" and "办公或营业时间" in hours["notice"]
    advice = get_json(shared_client, "/api/search?q=" + "无烟烧烤炉啥牌子好")
    assert advice["answer"] == "related" and "不评价或推荐" in advice["notice"]
    owner = get_json(shared_client, "/api/search?q=" + "古树死了木头归谁")
    assert owner["answer"] == "related" and "物权法定" in owner["notice"]
