"""POST /export/<fmt>: excerpts re-read from the Library, with citation and provenance."""

import io
import json

import pytest
from docx import Document

from kb.library import Library

BASKET = [{"slug": "dog-keeping", "article": 15, "suffix": 0, "paragraph": 0},
          {"slug": "dog-keeping", "article": 2, "suffix": 0, "paragraph": 2},
          {"slug": "civilized-behaviour", "article": 9}]


def export(client, fmt, items=BASKET, **kwargs):
    return client.post(f"/export/{fmt}", json=items, **kwargs)


def test_text_export(shared_client, _built_jining):
    response = export(shared_client, "txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert "attachment" in response.headers["Content-Disposition"]
    assert ".txt" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    dog = Library(_built_jining).find("dog-keeping").regulation
    assert f"{dog.article(15).text}（《济宁市养犬管理条例》第十五条）" in text
    assert f"{dog.article(2).paragraphs[1].full_text}（《济宁市养犬管理条例》第二条第二款）" in text
    assert "（《济宁市文明行为促进条例》第九条）" in text
    assert ("来源：2018年12月27日 济宁市第十七届人民代表大会常务委员会第十九次会议通过；"
            "2019年5月31日 山东省第十三届人民代表大会常务委员会第十二次会议批准。") in text
    assert "所据文本：济宁市养犬管理条例(2019-06-05).md（LawRefBook/Laws 提交 2f4c5c2；sha256 dfcc53306d5a）" in text
    assert "raw.githubusercontent.com" not in text          # a mirror is not the source of a law
    assert "注意：该法规文本不完整" in text
    assert text.index("第十五条") < text.index("第二条第二款") < text.index("第九条")


def test_markdown_export(shared_client):
    response = export(shared_client, "md")
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    text = response.get_data(as_text=True)
    assert text.startswith("# 法规条文摘录")
    assert "## 1\\. 《济宁市养犬管理条例》第十五条" in text
    assert "（《济宁市养犬管理条例》第二条第二款）" in text


def test_docx_export(shared_client):
    response = export(shared_client, "docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "（《济宁市养犬管理条例》第十五条）" in text
    assert "（《济宁市养犬管理条例》第二条第二款）" in text
    assert "（《济宁市文明行为促进条例》第九条）" in text
    assert "2019年6月28日 济宁市第十七届人民代表大会常务委员会第二十四次会议通过" in text
    assert "所据文本：济宁市文明行为促进条例(2019-07-29).md" in text


def test_form_post_downloads_too(shared_client):
    response = shared_client.post("/export/txt", data={"items": json.dumps(BASKET)})
    assert response.status_code == 200 and "（《济宁市养犬管理条例》第十五条）" in response.get_data(as_text=True)


def test_markdown_escapes_markup_in_the_text():
    from webapp.export import markdown_escape
    assert markdown_escape("a*b_c <script>") == "a\\*b\\_c \\<script\\>"
    assert markdown_escape("1. 一") == "1\\. 一" and markdown_escape("- 二") == "\\- 二"


def test_text_sent_by_the_browser_is_refused(shared_client):
    items = [{"slug": "dog-keeping", "article": 15, "text": "伪造的条文"}]
    response = export(shared_client, "txt", items)
    assert response.status_code == 400 and "未知字段：text" in response.get_json()["error"]


GARBAGE = [
    ({"slug": "dog-keeping", "article": 15}, "应为列表"),
    ([], "1 到 200 条"),
    ([{"slug": "dog-keeping", "article": 15}] * 201, "1 到 200 条"),
    (["dog-keeping"], "格式无效"),
    ([{"article": 15}], "缺少字段：slug"),
    ([{"slug": "dog-keeping"}], "缺少字段：article"),
    ([{"slug": "dog-keeping", "article": "15"}], "类型无效"),
    ([{"slug": "dog-keeping", "article": True}], "类型无效"),
    ([{"slug": "dog-keeping", "article": 15.0}], "类型无效"),
    ([{"slug": "dog-keeping", "article": 0}], "超出范围"),
    ([{"slug": "dog-keeping", "article": -3}], "超出范围"),
    ([{"slug": "dog-keeping", "article": 10 ** 30}], "超出范围"),
    ([{"slug": "dog-keeping", "article": 15, "paragraph": -1}], "超出范围"),
    ([{"slug": "", "article": 15}], "长度无效"),
    ([{"slug": "x" * 201, "article": 15}], "长度无效"),
    ([{"slug": None, "article": 15}], "类型无效"),
    ([{"slug": "no-such-law", "article": 1}], "找不到法规"),
    ([{"slug": "dog-keeping", "article": 16}], "没有第十六条"),
    ([{"slug": "dog-keeping", "article": 15, "suffix": 1}], "没有第十五条之一"),
    ([{"slug": "dog-keeping", "article": 15, "paragraph": 2}], "没有第二款"),
    ("字符串", "应为列表"),
    (None, "应为列表"),
]


@pytest.mark.parametrize("payload, message", GARBAGE)
def test_garbage_is_refused_with_a_reason(shared_client, payload, message):
    response = shared_client.post("/export/txt", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    assert message in response.get_json()["error"]


@pytest.mark.parametrize("body, content_type, message", [
    (b"{not json", "application/json", "不是有效的 JSON"),
    (b"\xff\xfe\x00garbage", "application/json", "不是有效的 JSON"),
    (b"items=%7Bbroken", "application/x-www-form-urlencoded", "不是有效的 JSON"),
    (b"other=1", "application/x-www-form-urlencoded", "缺少摘录清单"),
    (b"", "text/plain", "缺少摘录清单"),
])
def test_malformed_bodies_are_refused(shared_client, body, content_type, message):
    response = shared_client.post("/export/docx", data=body, content_type=content_type)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_form_errors_are_a_page_json_errors_are_json(shared_client):
    page = shared_client.post("/export/txt", data={"items": "[]"})
    assert page.status_code == 400 and page.mimetype == "text/html" and "1 到 200 条" in page.get_data(as_text=True)


def test_oversized_body_is_refused(shared_client):
    response = shared_client.post("/export/txt", data=b"[" + b" " * 70000 + b"]", content_type="application/json")
    assert response.status_code == 413 and response.get_json() == {"error": "请求内容过大"}


def test_unknown_format(shared_client):
    response = export(shared_client, "pdf")
    assert response.status_code == 404 and "不支持的导出格式" in response.get_json()["error"]


def test_export_only_accepts_post(shared_client):
    assert shared_client.get("/export/txt").status_code == 405


def nested(depth, open_="[", close="]"):
    return open_ * depth + close * depth


DEEP = [nested(1000), nested(21), nested(1000, '{"a":', "}"), "[" + nested(500, '{"a":[', "]}") + "]"]


@pytest.mark.parametrize("body", [*DEEP, nested(30000)])
def test_deeply_nested_json_is_a_400_with_a_reason(shared_client, body):
    response = shared_client.post("/export/txt", data=body, content_type="application/json")
    assert response.status_code == 400 and "嵌套过深" in response.get_json()["error"]


@pytest.mark.parametrize("body", DEEP)
def test_deeply_nested_json_in_the_form_field_too(shared_client, body):
    form = shared_client.post("/export/txt", data={"items": body})
    assert form.status_code == 400 and "摘录清单嵌套过深" in form.get_data(as_text=True)


def test_brackets_inside_strings_are_not_nesting(shared_client):
    items = [{"slug": "[" * 150 + "\\\"{", "article": 15}]
    response = shared_client.post("/export/txt", data=json.dumps(items), content_type="application/json")
    assert response.status_code == 400 and "找不到法规" in response.get_json()["error"]


def test_json_helper_bounds():
    from werkzeug.exceptions import HTTPException

    from webapp.jsonbody import load_json, nesting_depth
    assert nesting_depth(r'[{"a": "[[[", "b": [1, {"c": "\\", "d": "\"]"}]}]') == 4
    assert load_json(b'[{"slug": "dog-keeping", "article": 15}]') == [{"slug": "dog-keeping", "article": 15}]
    for raw, code in ((b"[" * 21 + b"]" * 21, 400), (b" " * (64 * 1024 + 1), 413), (b"\xff", 400), (b"{", 400)):
        with pytest.raises(HTTPException) as refused:
            load_json(raw)
        assert refused.value.code == code
