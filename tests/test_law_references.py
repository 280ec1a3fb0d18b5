"""References to other laws in a text (《中华人民共和国动物防疫法》, …》第九十九条) become links
when the law is stored: in the core (kb.library.Library.by_title, kb.locate.law_references and
text_links), on the article, regulation and comparison pages, in the article API and in
`regkb show`. Over the subset home (Jining's texts, three cities' 养犬管理条例, the province's
大气污染防治条例, the nation's 动物防疫法 and 大气污染防治法) plus texts written here."""

import time

import pytest

from kb.fetch import fetch
from kb.home import Home
from kb.index.builder import build
from kb.library import Library, title_key
from kb.locate import law_references, text_links
from tests.conftest import CORPUS, JINING
from tests.test_scope import subset_entries

AIR = "中华人民共和国大气污染防治法"
ANIMAL = "中华人民共和国动物防疫法"
PROVINCE_AIR = "山东省大气污染防治条例"
# A text written for these tests: every kind of reference, stored or not, article found or not.
CITING = f"""济宁市援引测试条例

第一条 为了测试，根据《{ANIMAL}》《山东省动物防疫条例》等法律、法规，制定本条例。

第二条 违反本条例规定的，依照《{AIR}》第九十九条第一款的规定处罚；《{AIR}》第九百条另有规定的除外。

第三条 依照《城市绿化条例》第十条和《大气污染防治法》第九十九条执行，另见《{ANIMAL}（2021年修订）》与《{PROVINCE_AIR}》第十条第九款。

第四条 <script>alert(1)</script>《《{ANIMAL}》》、《》、《{ANIMAL}

第五条 本条例自2022年1月1日起施行。
"""
# Two stored versions of one law under titles with version marks: the newer is linked.
OLD_VERSION = """中华人民共和国示例法〔2010修正〕

2010年1月1日 全国人民代表大会常务委员会通过

第一条 旧文本。

第二条 本法自2010年6月1日起施行。
"""
NEW_VERSION = """中华人民共和国示例法〔2018修正〕

2018年1月1日 全国人民代表大会常务委员会修正

第一条 新文本。

第二条 本法自2018年6月1日起施行。
"""


@pytest.fixture(scope="module")
def linked_home(tmp_path_factory):
    """The subset home plus the texts above, imported and indexed."""
    home = Home.resolve(tmp_path_factory.mktemp("linked") / "home")
    fetch(home, source=str(JINING), progress=lambda _: None)
    fetch(home, source=str(CORPUS), progress=lambda _: None, catalog=subset_entries())
    folder = tmp_path_factory.mktemp("citing")
    (folder / "citing.md").write_text(CITING + "\n第六条 另见《中华人民共和国示例法》第一条。\n", encoding="utf-8")
    (folder / "old.md").write_text(OLD_VERSION, encoding="utf-8")
    (folder / "new.md").write_text(NEW_VERSION, encoding="utf-8")
    from kb.importer import import_paths
    import_paths(home, [folder], lambda title: title, progress=lambda _: None)
    build(home.index_dir, Library(home).entries)
    return home


@pytest.fixture(scope="module")
def library(linked_home):
    return Library(linked_home)


@pytest.fixture(scope="module")
def client(linked_home):
    from webapp import create_app
    app = create_app({"TESTING": True, "REGKB_HOME": str(linked_home.root)})
    return app.test_client()


@pytest.fixture(scope="module")
def citing(library):
    return library.find("济宁市援引测试条例")


def test_title_key_leaves_out_the_nation_and_version_marks_only():
    assert title_key(ANIMAL) == title_key("动物防疫法") == title_key(f"{ANIMAL}（2021年修订）") == "动物防疫法"
    assert title_key("中华人民共和国宪法〔2018修正〕") == "宪法"
    assert title_key("最高人民法院关于审理网络消费纠纷案件适用法律若干问题的规定（一）").endswith("（一）")
    assert title_key("某某条例（试行）") == "某某条例（试行）"
    assert title_key("") == "" and title_key("（2018修正）") == ""


def test_by_title(library):
    assert library.by_title(ANIMAL).title == ANIMAL
    assert library.by_title("动物防疫法").title == ANIMAL
    assert library.by_title(f"{ANIMAL}（2021年修订）").title == ANIMAL
    assert library.by_title(PROVINCE_AIR).title == PROVINCE_AIR
    assert library.by_title("中华人民共和国示例法").title == "中华人民共和国示例法〔2018修正〕"
    # A title is a title: no alias, no part, no other city's law of that name.
    for name in ("大气污染防治条例", "养犬条例", "城市绿化条例", "山东省动物防疫条例", "防疫法", "", "   ", "（2018修正）"):
        assert library.by_title(name) is None, name


def test_references_in_a_text(library, citing):
    second = law_references(library, citing.regulation.article(2).text)
    assert [(r.entry.title, r.located and r.located.citation) for r in second] == [
        (AIR, f"《{AIR}》第九十九条第一款"), (AIR, None)]
    assert second[1].problem == f"《{AIR}》没有第九百条：共 129 条"
    third = law_references(library, citing.regulation.article(3).text)
    assert [(r.title, r.located and r.located.citation) for r in third] == [
        ("大气污染防治法", f"《{AIR}》第九十九条"), (f"{ANIMAL}（2021年修订）", None),
        (PROVINCE_AIR, f"《{PROVINCE_AIR}》第十条")]          # its 第九款 is missing: the article
    assert "没有第九款" in third[2].problem
    first = law_references(library, citing.regulation.article(1).text)
    assert [r.entry.title for r in first] == [ANIMAL]       # 山东省动物防疫条例 is not stored


def test_a_quoted_title_is_never_found_by_alias(library, citing):
    text = citing.regulation.article(3).text
    linked = [text[link.start:link.end] for link in text_links(library, text, citing.slug)]
    assert "《城市绿化条例》第十条" not in "".join(linked)     # not 济宁市城市绿化条例, whose alias it is
    assert linked[0] == "《大气污染防治法》第九十九条"


@pytest.mark.parametrize("text", ["", "《", "》", "《》", "《《》》", "《" * 1000, "《动物防疫法", "动物防疫法》第一条",
                                  f"《《{ANIMAL}》》", f"《{ANIMAL}》第", f"《{ANIMAL}》第〇条", f"《{ANIMAL}》第一万条",
                                  f"《{ANIMAL}》第十条之九十九", "\x00《\x00》", "《" + "法" * 5000 + "》"])
def test_garbage_gives_no_wrong_link(library, text):
    for link in text_links(library, text, "dog-keeping"):
        shown = text[link.start:link.end]
        assert link.entry.title == ANIMAL and shown.startswith((f"《{ANIMAL}》", "动物防疫法》第一条"))
        assert link.located is None or link.located.article.number == 1


def test_a_huge_text_is_quick(library):
    text = (f"依照《{AIR}》第九十九条，" + "《" * 50 + "《》" * 50 + "文字" * 500) * 40
    started = time.perf_counter()
    links = text_links(library, text, "dog-keeping")
    assert time.perf_counter() - started < 5
    assert len(links) == 40


def test_article_page_links_the_references(client, citing, linked_home):
    from webapp import create_app
    app = create_app({"TESTING": True, "REGKB_HOME": str(linked_home.root)})
    with app.test_request_context():
        from webapp.urls import article_url, regulation_url
        air_99_1, air_99 = article_url(AIR, 99, 0, 1), article_url(AIR, 99)
        air, animal = regulation_url(AIR), regulation_url(ANIMAL)
        page_2, page_3 = article_url(citing.slug, 2), article_url(citing.slug, 3)
    body = client.get(page_2).get_data(as_text=True)
    assert f'<a class="ref" href="{air_99_1}">《{AIR}》第九十九条第一款</a>' in body
    # The missing 第九百条 links the law only, and says why.
    assert f'<a class="ref" href="{air}" title="《{AIR}》没有第九百条：共 129 条">《{AIR}》</a>第九百条' in body
    body = client.get(page_3).get_data(as_text=True)
    assert f'<a class="ref" href="{air_99}">《大气污染防治法》第九十九条</a>' in body
    assert f'href="{animal}">《{ANIMAL}（2021年修订）》</a>' in body
    assert "依照《城市绿化条例》第十条" in body and "/r/urban-greening/10" not in body
    body = client.get(article_url_of(app, citing.slug, 4)).get_data(as_text=True)
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert f'《<a class="ref" href="{animal}">《{ANIMAL}》</a>》' in body


def article_url_of(app, slug, number):
    with app.test_request_context():
        from webapp.urls import article_url
        return article_url(slug, number)


def test_the_facts_list_links_stored_laws_only(client, citing, linked_home):
    from webapp import create_app
    app = create_app({"TESTING": True, "REGKB_HOME": str(linked_home.root)})
    body = client.get(article_url_of(app, citing.slug, 1)).get_data(as_text=True)
    facts = body[body.index("援引的法律法规"):]
    assert f">《{ANIMAL}》</a>" in facts and "、《山东省动物防疫条例》" in facts


def test_regulation_page_links_the_references(client, citing):
    body = client.get(f"/r/{citing.slug}").get_data(as_text=True)
    assert body.count('class="ref"') >= 6 and "&lt;script&gt;" in body and "<script>alert" not in body


def test_a_real_text_links_the_stored_superior_law(client, library):
    body = client.get(f"/r/{PROVINCE_AIR}/1").get_data(as_text=True)
    assert f">《{AIR}》</a>" in body
    assert "《中华人民共和国环境保护法》" in body and ">《中华人民共和国环境保护法》</a>" not in body
    data = client.get(f"/api/articles/{PROVINCE_AIR}/1").get_json()
    assert [(r["regulation"], r["article"]) for r in data["references"]] == [(AIR, None)]
    animal_93 = client.get(f"/api/articles/{ANIMAL}/93").get_json()
    assert animal_93["references"] == []        # 《中华人民共和国畜牧法》 is not stored


def test_article_api_references(client, citing):
    data = client.get(f"/api/articles/{citing.slug}/2").get_json()
    assert [(r["regulation"], r["article"], r["paragraph"], r["problem"] == "") for r in data["references"]] == [
        (AIR, 99, 1, True), (AIR, None, 0, False)]
    first = data["references"][0]
    assert first["url"].endswith("/99#p1") and first["slug"] == AIR and first["title"] == AIR
    assert client.get(f"/api/articles/{citing.slug}/6").get_json()["references"][0]["regulation"] == \
        "中华人民共和国示例法〔2018修正〕"
    spec = client.get("/api/openapi.json").get_json()
    detail = spec["components"]["schemas"]["ArticleDetail"]["allOf"][1]["properties"]
    assert detail["references"]["items"]["$ref"] == "#/components/schemas/LawReference"
    assert {"title", "slug", "article", "url"} <= set(spec["components"]["schemas"]["LawReference"]["properties"])


def test_comparison_page_links_references_in_the_texts_shown(client, library):
    body = client.get(f"/r/{PROVINCE_AIR}/1/compare").get_data(as_text=True)
    assert f">《{AIR}》</a>" in body


def test_show_lists_the_stored_references(linked_home, cli, citing):
    code, out, _ = cli("--home", linked_home.root, "show", "济宁市援引测试条例第二条")
    assert code == 0
    assert f"援引的已收录法律法规：《{AIR}》第九十九条第一款、《{AIR}》（《{AIR}》没有第九百条：共 129 条）" in out
    code, out, _ = cli("--home", linked_home.root, "show", "济宁市援引测试条例第二条", "--json")
    import json
    assert [r["article"] for r in json.loads(out)["references"]] == [99, None]


def test_without_other_collections_nothing_changes(jining_home):
    """With the Jining texts alone, 《中华人民共和国立法法》 of 制定地方性法规条例 stays text."""
    library = Library(jining_home)
    entry = library.find("立法条例")
    assert law_references(library, entry.regulation.article(1).text) == []
    assert "《中华人民共和国立法法》" in entry.regulation.article(1).text
