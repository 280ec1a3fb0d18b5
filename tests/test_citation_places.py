"""A short citation with other cities' texts stored (养犬条例第十一条 fits 济宁市, 青岛市, 东营市 and
烟台市养犬管理条例) is the home jurisdiction's; a citation that names another city is that
city's, or not found — never the home city's article of the same number. In the CLI, search's
citation pinning and the web."""

import json

import pytest

from kb.fetch import fetch
from kb.home import Home
from kb.index.builder import build
from kb.jurisdiction import HOME_ENV, ends_with_place, governs, named_place, places_named, places_outside, without_place
from kb.library import Library
from kb.locate import citations_in, locate
from kb.snapshot import Snapshot
from tests.conftest import CORPUS
from tests.test_scope import subset_entries

HOME_FIRST = ("养犬条例第十一条", "养犬管理条例第十一条", "《养犬管理条例》第十一条", "济宁养犬条例第十一条",
              "山东省济宁市养犬管理条例第十一条")
NAMED = {"青岛市养犬管理条例第八条": "青岛市养犬管理条例", "青岛养犬条例第八条": "青岛市养犬管理条例",
         "《东营市养犬管理条例》第八条": "东营市养犬管理条例", "烟台市养犬条例第八条": "烟台市养犬管理条例"}
ELSEWHERE = ("上海市养犬条例第八条", "威海市养犬管理条例第八条", "威海养犬条例第八条", "违反上海市养犬条例第八条")


@pytest.fixture(scope="module")
def subset(subset_home):
    return Snapshot.open(subset_home)


@pytest.fixture
def app_client(subset_home):
    from webapp import create_app
    return create_app({"TESTING": True, "REGKB_HOME": str(subset_home.root)}).test_client()


def test_places_a_name_starts_or_ends_with():
    assert named_place("青岛市养犬条例") == ("青岛市", "养犬条例")
    assert named_place("青岛养犬条例") == ("青岛市", "养犬条例")
    assert named_place("山东省济宁市养犬管理条例") == ("济宁市", "养犬管理条例")
    assert named_place("养犬条例") == ("", "养犬条例")
    assert named_place("城市绿化条例") == ("", "城市绿化条例")
    assert named_place("") == ("", "")
    # 智慧城市 and 文明城市 are matters, not places; 聊城市 and 邹城市 are places
    assert named_place("济宁市智慧城市促进条例") == ("济宁市", "智慧城市促进条例")
    assert named_place("智慧城市促进条例") == ("", "智慧城市促进条例")
    assert named_place("聊城市养犬管理条例") == ("聊城市", "养犬管理条例")
    assert named_place("邹城市文明行为促进条例") == ("邹城市", "文明行为促进条例")
    assert without_place("山东省济宁市文明城市创建条例") == "文明城市创建条例"
    assert ends_with_place("违反青岛市") and ends_with_place("青岛") and ends_with_place("上海市")
    assert not ends_with_place("违反本市") and not ends_with_place("全市") and not ends_with_place("")


@pytest.mark.parametrize("citation", HOME_FIRST)
def test_a_short_citation_is_the_home_citys(subset, cli, citation):
    code, out, err = cli("--home", subset.home.root, "show", citation)
    assert code == 0, err
    assert out.startswith("《济宁市养犬管理条例》第十一条")
    hits = subset.search(citation).hits
    assert hits[0].cited and (hits[0].slug, hits[0].article) == ("dog-keeping", 11)


ABRIDGED = {"济宁城镇容貌环境卫生条例 第六十五条": ("city-appearance", 65), "泗河管理条例第10条": ("si-river", 10),
            "大气污染条例第五条": ("air-pollution", 5), "古树条例第4条": ("ancient-trees", 4)}
# Names of other laws that a stored title merely contains: never the stored one's articles
OTHER_LAWS = ("济宁市环境保护条例第五条", "卫生条例第五条", "济宁市环境卫生管理条例第五条")


@pytest.mark.parametrize("citation, article", ABRIDGED.items())
def test_a_title_with_words_left_out_is_that_regulation(jining_index, citation, article):
    hits = jining_index.search(citation).hits
    assert hits[0].cited and (hits[0].slug, hits[0].article) == article


@pytest.mark.parametrize("citation", OTHER_LAWS)
def test_a_tail_cut_from_a_title_names_no_stored_regulation(jining_snapshot, cli, citation):
    assert not any(h.cited for h in jining_snapshot.search(citation).hits)
    code, _, err = cli("--home", jining_snapshot.home.root, "show", citation)
    assert code == 1 and "找不到法规" in err


@pytest.mark.parametrize("citation, title", NAMED.items())
def test_a_citation_naming_another_city_is_that_citys(subset, cli, citation, title):
    code, out, err = cli("--home", subset.home.root, "show", citation)
    assert code == 0, err
    assert out.startswith(f"《{title}》第八条")
    result = subset.search(citation)      # the default scope: the home city's; the citation names Qingdao
    assert [(h.regulation, h.article, h.cited) for h in result.hits] == [(title, 8, True)]


@pytest.mark.parametrize("citation", ELSEWHERE)
def test_a_city_not_stored_is_not_found_rather_than_the_home_citys(subset, cli, citation):
    code, _, err = cli("--home", subset.home.root, "show", citation)
    assert code == 1 and "找不到法规" in err
    assert not any(h.cited for h in subset.search(citation).hits)
    assert [located for _, located in citations_in(subset.library, citation) if located] == []


def test_a_missing_article_of_another_city_says_so(subset, cli):
    code, _, err = cli("--home", subset.home.root, "show", "青岛市养犬管理条例第九十九条")
    assert code == 1 and "《青岛市养犬管理条例》没有第九十九条" in err
    result = subset.search("青岛市养犬管理条例第九十九条")
    assert "《青岛市养犬管理条例》没有第九十九条" in result.notice and not result.hits


def test_running_text_keeps_each_citation_with_its_city(subset):
    text = "《青岛市养犬管理条例》第八条和养犬条例第十一条；另见上海市养犬条例第八条，违反本市养犬条例第十条"
    found = [(m.citation.regulation, located.citation) for m, located in citations_in(subset.library, text)]
    assert found == [("青岛市养犬管理条例", "《青岛市养犬管理条例》第八条"),
                     ("养犬条例", "《济宁市养犬管理条例》第十一条"),
                     ("养犬条例", "《济宁市养犬管理条例》第十条")]


def test_the_web_follows_the_same_rules(app_client):
    response = app_client.get("/search?q=青岛市养犬管理条例第八条")
    assert response.status_code == 302 and response.headers["Location"].endswith("/r/%E9%9D%92%E5%B2%9B%E5%B8%82%E5%85%BB%E7%8A%AC%E7%AE%A1%E7%90%86%E6%9D%A1%E4%BE%8B/8")
    response = app_client.get("/search?q=养犬条例第十一条")
    assert response.status_code == 302 and response.headers["Location"].endswith("/r/dog-keeping/11")
    data = app_client.get("/api/search?q=青岛养犬条例第八条").get_json()
    assert [(h["regulation"], h["article"], h["cited"]) for h in data["hits"]] == [("青岛市养犬管理条例", 8, True)]
    data = app_client.get("/api/search?q=上海市养犬条例第八条").get_json()
    assert not any(h["cited"] for h in data["hits"])
    assert app_client.get("/search?q=威海养犬条例第八条").status_code == 200     # no article to go to
    data = app_client.get("/api/search?q=威海养犬条例第八条").get_json()
    assert data["answer"] != "direct" and not any(h["cited"] for h in data["hits"])


def test_another_home_jurisdiction_prefers_its_own(subset, monkeypatch):
    monkeypatch.setenv(HOME_ENV, "青岛市")
    library = Library(subset.home)
    assert locate(library, "养犬条例", 8).entry.title == "青岛市养犬管理条例"
    assert locate(library, "济宁市养犬管理条例", 8).entry.slug == "dog-keeping"


@pytest.fixture(scope="module")
def others_only(tmp_path_factory):
    """Qingdao's and Dongying's dog regulations, without the home city's."""
    home = Home.resolve(tmp_path_factory.mktemp("others") / "home")
    chosen = [e for e in subset_entries() if e.file.startswith(("青岛市养犬", "东营市养犬"))]
    fetch(home, source=str(CORPUS), progress=lambda _: None, catalog=chosen)
    build(home.index_dir, Library(home).entries)
    return home


def test_a_short_citation_of_several_other_cities_asks_which(others_only, cli):
    code, _, err = cli("--home", others_only.root, "show", "养犬条例第八条")
    assert code == 1
    assert "“养犬条例”可指多部法规" in err and "《青岛市养犬管理条例》" in err and "《东营市养犬管理条例》" in err
    code, out, _ = cli("--home", others_only.root, "show", "青岛养犬条例第八条")
    assert code == 0 and out.startswith("《青岛市养犬管理条例》第八条")
    assert Library(others_only).find("养犬条例") is None


def test_list_shows_every_jurisdiction(subset, cli):
    code, out, _ = cli("--home", subset.home.root, "list")
    assert code == 0
    assert "青岛市养犬管理条例（青岛市，设区的市地方性法规；" in out
    assert "中华人民共和国动物防疫法（全国，法律；" in out and "山东省大气污染防治条例（山东省，省地方性法规；" in out
    code, out, _ = cli("--home", subset.home.root, "list", "--json")
    rows = {r["title"]: r for r in json.loads(out)}
    assert (rows["青岛市养犬管理条例"]["jurisdiction"], rows["青岛市养犬管理条例"]["level"]) == ("青岛市", "设区的市地方性法规")
    assert len(rows) == len(Library(subset.home).entries) > 17


@pytest.mark.parametrize("garbage", ["", "第", "条", "市第八条", "青岛第八条", "《《养犬条例》第八条", "养犬条例第〇条",
                                     "青岛市" * 500 + "养犬条例第八条", "\x00养犬条例第八条"])
def test_garbage_citations_do_not_crash(subset, garbage):
    for _, located in citations_in(subset.library, garbage):
        assert located is not None
    subset.search(garbage)


# --- a free-text question naming a place --------------------------------------------------


@pytest.mark.parametrize("words, places", [
    (["济南", "新建", "小区", "绿地率"], ["济南市"]), (["济宁", "搞", "智慧", "跟", "杭州", "比"], ["济宁市", "杭州市"]),
    (["浙江", "养狗"], ["浙江省"]), (["山东", "大气"], ["山东省"]), (["青岛市", "养犬"], ["青岛市"]),
    (["泗河", "南岸"], []), (["经济", "南北"], []), ([], []), (["日照"], ["日照市"]),
])
def test_the_places_a_questions_words_name(words, places):
    assert places_named(words) == places


@pytest.mark.parametrize("jurisdiction, place, law", [
    ("济宁市", "济宁市", True), ("全国", "济南市", True), ("山东省", "济南市", True),
    ("山东省", "杭州市", False), ("济宁市", "济南市", False), ("青岛市", "浙江省", False), ("未标注", "济南市", False),
])
def test_a_text_is_law_in_its_own_place_and_the_superior_laws_everywhere_below_them(jurisdiction, place, law):
    assert governs(jurisdiction, place) is law


def test_a_question_about_another_city_is_not_answered_directly_by_the_home_citys_article(jining_index):
    asked = jining_index.search("济南新建小区绿地率要求是多少")
    assert asked.answer == "related" and "济南市" in asked.notice
    assert ("urban-greening", 10) in [(h.slug, h.article) for h in asked.hits[:3]]
    home = jining_index.search("济宁新建小区绿地率要求是多少")
    assert home.answer == "direct" and "济南" not in home.notice


def test_a_question_naming_a_city_is_answered_by_that_citys_text_in_a_wider_scope(subset):
    home = subset.search("青岛养狗要办登记吗")
    assert home.answer != "direct" and "青岛市" in home.notice
    wide = subset.search("青岛养狗要办登记吗", scope="shandong")
    assert wide.hits[0].jurisdiction == "青岛市", wide.hits[0].regulation
    assert "青岛市" not in wide.notice


def test_the_places_a_text_is_no_law_in():
    assert places_outside("济宁市", ["济宁市", "济南市", "浙江省"]) == ["济南市", "浙江省"]
    assert places_outside("全国", ["济南市", "浙江省"]) == []
    assert places_outside("", ["济南市"]) == [] and places_outside("济宁市", []) == []
