import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.library import Library
from kb.search.highlight import snippet
from kb.survey import penalty_line


def test_dog_terms_find_dog_articles(jining_index):
    result = jining_index.search("犬只登记")
    assert result.total > 0
    assert result.hits[0].regulation == "济宁市养犬管理条例"
    assert result.hits[0].snippet.spans


def test_single_character_still_finds_compounds(jining_index):
    """犬 is rarely a word of its own in statute text, but 犬只 and 养犬人 are."""
    result = jining_index.search("犬", limit=50)
    regulations = {h.regulation for h in result.hits}
    assert "济宁市养犬管理条例" in regulations
    assert result.total >= 10


def test_regulation_filter(jining_index):
    result = jining_index.search("罚款", filters={"regulation": "civilized-behaviour"}, limit=50)
    assert result.hits and {h.regulation for h in result.hits} == {"济宁市文明行为促进条例"}
    assert result.facets["regulation"] == [("civilized-behaviour", result.total)]


def test_hit_json_shape(jining_index):
    hit = jining_index.search("户外广告设施").hits[0].as_json()
    assert {"regulation", "article", "label", "chapter", "section", "text", "snippet", "score"} <= set(hit)
    assert isinstance(hit["article"], int) and hit["label"].startswith("第")


def test_a_snippet_is_data_and_each_renderer_marks_it():
    from regkb.cli import bracketed
    from webapp.render import marked
    found = snippet("<script>alert(1)</script> 犬只", ["犬只", "script"])
    assert found.text == "<script>alert(1)</script> 犬只"
    assert [found.text[s:e] for s, e in found.spans] == ["script", "script", "犬只"]
    html = str(marked(found))
    assert "<script>" not in html and "&lt;<mark>script</mark>&gt;" in html and "<mark>犬只</mark>" in html
    assert bracketed(found) == "<【script】>alert(1)</【script】> 【犬只】"


def test_a_cut_snippet_keeps_its_spans_on_the_words():
    text = "甲" * 200 + "犬只" + "乙" * 200
    found = snippet(text, ["犬只"])
    assert found.text.startswith("…") and found.text.endswith("…")
    assert [found.text[s:e] for s, e in found.spans] == ["犬只"]


GARBAGE = ["", " ", "？！。，", "的 了 和", '"未闭合', "-", "🐶🐕", "AND OR NOT", "' OR 1=1 --",
           "text:犬 OR", "\x00\x01\x1f", "犬" * 2000, "(((", "*?", "Ｆｕｌｌ　ｗｉｄｔｈ"]


@pytest.mark.parametrize("query", GARBAGE)
def test_garbage_queries_return_a_valid_result(jining_index, query):
    result = jining_index.search(query)
    assert result.total >= 0 and isinstance(result.hits, list)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_a_valid_query(jining_index, query):
    result = jining_index.search(query, limit=3)
    assert result.total >= len(result.hits)


def test_cli_search_json(jining_home, cli):
    code, out, _ = cli("--home", jining_home.root, "search", "犬只", "--reg", "养犬条例", "--json", "--limit", "3")
    data = json.loads(out)
    assert code == 0 and data["query"] == "犬只" and len(data["hits"]) == 3
    assert {h["regulation"] for h in data["hits"]} == {"济宁市养犬管理条例"}


def test_cli_search_jsonl_answers_line_by_line(jining_home, cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("犬只\n\n烟花爆竹\n"))
    code, out, _ = cli("--home", jining_home.root, "search", "--jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["query"] for r in rows] == ["犬只", "", "烟花爆竹"]
    assert rows[1]["total"] == 0 and rows[2]["hits"]


def test_cli_unknown_regulation_filter(jining_home, cli):
    code, _, err = cli("--home", jining_home.root, "search", "犬", "--reg", "不存在的条例")
    assert code == 1 and "找不到法规" in err


def test_search_without_index_says_what_to_do(home, cli):
    code, _, err = cli("--home", home.root, "search", "犬")
    assert code == 1 and "regkb index" in err


@pytest.mark.parametrize("citation", ["养犬条例第十五条", "养犬管理条例 第15条", "《济宁市养犬管理条例》第十五条",
                                      "济宁市养犬管理条例第１５条", "养犬 第十五条"])
def test_show_citation_forms(jining_home, cli, citation):
    code, out, err = cli("--home", jining_home.root, "show", citation, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["regulation"], data["article"], data["label"]) == ("济宁市养犬管理条例", 15, "第十五条")
    assert data["text"].startswith("重点管理区的养犬人应当自取得")


def test_show_text_warns_about_incomplete_text(jining_home, cli):
    code, out, _ = cli("--home", jining_home.root, "show", "养犬条例第十五条")
    assert code == 0 and "《济宁市养犬管理条例》第十五条" in out and "不完整" in out


@pytest.mark.parametrize("citation, reason", [
    ("养犬条例第八十条", "共 15 条；文本不完整，止于第十五条"),
    ("文明行为促进条例第九十九条", "共 52 条"),
    ("不存在条例第一条", "找不到法规"),
    ("第十五条", "请写明法规名称"),
    ("随便说点什么", "无法识别的引用")])
def test_show_errors_say_why(jining_home, cli, citation, reason):
    code, _, err = cli("--home", jining_home.root, "show", citation)
    assert code == 1 and reason in err


def test_list_json(jining_home, cli):
    code, out, _ = cli("--home", jining_home.root, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 11
    dog = next(r for r in rows if r["title"] == "济宁市养犬管理条例")
    assert dog["articles"] == 15 and dog["complete"] is False and dog["problems"]
    assert "养犬条例" in dog["aliases"] and dog["effective"] == "2019-09-01"
    assert {"title", "aliases", "articles", "complete", "problems", "status", "effective", "versions"} <= set(dog)
    assert dog["jurisdiction"] == "济宁市" and dog["level"] == "设区的市地方性法规"


def test_list_shows_jurisdiction_and_level(jining_home, cli):
    code, out, _ = cli("--home", jining_home.root, "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 11
    assert all("（济宁市，设区的市地方性法规；" in line for line in lines)
    assert "济宁市养犬管理条例（济宁市，设区的市地方性法规；15 条，" in out


def test_list_of_an_empty_home_says_what_to_do(home, cli):
    code, out, _ = cli("--home", home.root, "list")
    assert code == 0 and "regkb fetch" in out
    code, out, _ = cli("--home", home.root, "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_a_fine_for_one_item_says_which_item_it_fines(jining_home, cli):
    # 文明行为促进条例第十一条第二款 fines its item (八) only, not 闯红灯 of item (一)
    code, out, _ = cli("--home", jining_home.root, "search", "行人闯红灯罚多少", "--limit", "3")
    assert code == 0 and "违反本条第一款第（八）项：第十一条第二款 处警告或者五十元罚款 · 执法：公安机关" in out
    entry = Library(jining_home).get("civilized-behaviour")
    link = entry.facts[(11, 0)].penalized_by[0]
    assert link.own == "本条第一款第（八）项" and "只罚本条第一款第（八）项" in penalty_line(link)


def test_a_penalty_question_shows_the_duty_with_its_fine_and_enforcer(jining_home, cli):
    """One answer from the one penalty map: 露天焚烧 (大气第二十二条) with its fine (第三十一条第二款)."""
    code, out, _ = cli("--home", jining_home.root, "search", "露天焚烧树叶罚多少", "--limit", "3")
    assert code == 0
    assert "违反本条第一款：第三十一条第二款 可以处五百元以上二千元以下的罚款 · 执法：城市管理部门、生态环境部门" in out
    assert "所罚行为：第二十二条第一款" in out and out.count("所罚行为：第二十二条第一款") == 1



@pytest.mark.parametrize("query, answer", [
    ("行人闯红灯罚多少", "related"),               # 第十一条 fines its item (八) alone; 闯红灯 is item (一)
    ("在街上吐口痰会罚钱吗", "related"),           # 第九条 fines its item (二), smoking; 吐痰 is item (一)
    ("在路口给过往车辆发小卡片罚多少", "direct"),   # item (八) itself
    ("在公交车上抽烟罚多少", "direct"),             # item (二) itself
])
def test_a_fine_for_another_item_of_the_article_is_no_answer(jining_index, query, answer):
    result = jining_index.search(query)
    assert result.hits[0].slug == "civilized-behaviour" and result.hits[0].article in (9, 11)
    assert result.answer == answer


def test_the_item_asked_about_is_the_one_holding_most_of_the_question():
    from kb.search.query import parse_query
    from kb.search.ranking import _fining
    parsed = parse_query("公交车上抽烟罚多少", lambda ch: [])
    items = [("不随地吐痰、便溺", set()), ("不在公共交通工具上吸烟、抽烟", {(9, 0)})]
    assert _fining(items, parsed) == {(9, 0)}
    assert _fining([], parsed) is None and _fining(None, parsed) is None
    assert _fining([("无关的话", {(9, 0)})], parsed) is None       # about no item: the article-level rule
    assert _fining(items, parse_query("", lambda ch: [])) is None
