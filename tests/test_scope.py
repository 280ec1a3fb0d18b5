"""Search scopes over the Jining texts plus a named subset of the other collections: three
cities' 养犬管理条例, the province's 大气污染防治条例 and, of the national collection, the
动物防疫法 and 大气污染防治法 (a whole collection takes minutes to index; these are the
superior laws of the Jining articles the scopes are checked on); the scopes' own home also
has the State Council's 城市绿化条例 and 古树名木保护条例, whose titles are the short names
of Jining regulations."""

import pytest

from kb.collections import collection_entries
from kb.fetch import fetch
from kb.home import Home
from kb.index.builder import build
from kb.library import Library
from kb.snapshot import Snapshot
from tests.conftest import CORPUS, JINING

SUBSET = ("青岛市养犬管理条例", "东营市养犬管理条例", "烟台市养犬管理条例", "山东省大气污染防治条例",
          "动物防疫法", "大气污染防治法")
SHORT_NAMED = ("城市绿化条例", "古树名木保护条例")
QUERIES = ("遛狗不拴绳怎么罚", "燃放烟花爆竹", "大气污染", "养犬登记",
           # A Jining officer's short names, though national titles too.
           "城市绿化条例第四十六条", "古树名木保护条例 第二十八条")


def subset_entries(names=SUBSET):
    entries = collection_entries("shandong") + collection_entries("national")
    return [e for e in entries if any(e.file.startswith(name + "(") for name in names)]


@pytest.fixture(scope="module")
def wide_snapshot(tmp_path_factory):
    home = Home.resolve(tmp_path_factory.mktemp("wide") / "home")
    fetch(home, source=str(JINING), progress=lambda _: None)
    fetch(home, source=str(CORPUS), progress=lambda _: None, catalog=subset_entries(SUBSET + SHORT_NAMED))
    build(home.index_dir, Library(home).entries)
    return Snapshot.open(home)


def test_the_subset_is_what_it_names():
    assert len(subset_entries()) >= len(SUBSET)


@pytest.mark.parametrize("query", QUERIES)
def test_default_scope_answers_stay_as_with_the_jining_texts_alone(wide_snapshot, jining_snapshot, query):
    wide = wide_snapshot.search(query, limit=10)
    alone = jining_snapshot.index.search(query, limit=10)
    assert [h.citation for h in wide.hits] == [h.citation for h in alone.hits]
    assert wide.total == alone.total
    assert all(h.jurisdiction == "济宁市" for h in wide.hits)


def test_wider_scopes(wide_snapshot):
    shandong = wide_snapshot.search("养犬登记", scope="shandong", limit=50)
    places = {h.jurisdiction for h in shandong.hits}
    assert {"济宁市", "青岛市"} <= places and "全国" not in places
    national = wide_snapshot.search("大气污染防治", scope="national", limit=20)
    assert national.hits and {h.jurisdiction for h in national.hits} == {"全国"}
    assert {h.level for h in national.hits} == {"法律"}
    everything = wide_snapshot.search("大气污染防治", scope="all", limit=50)
    assert {"全国", "山东省"} <= {h.jurisdiction for h in everything.hits}


def test_cli_scope_and_jurisdiction_shown(wide_snapshot, cli):
    code, out, _ = cli("--home", wide_snapshot.home.root, "search", "--scope", "shandong", "养犬登记", "--limit", "20")
    assert code == 0 and "（青岛市）" in out and "（济宁市）" in out


def test_search_page_scope_control(wide_snapshot):
    from webapp import create_app
    app = create_app({"TESTING": True, "REGKB_HOME": str(wide_snapshot.home.root)})
    client = app.test_client()
    body = client.get("/search?q=养犬登记&scope=shandong").get_data(as_text=True)
    assert 'name="scope"' in body and "青岛市" in body
    data = client.get("/api/search?q=养犬登记&scope=shandong&limit=30").get_json()
    assert {"青岛市", "济宁市"} <= {h["jurisdiction"] for h in data["hits"]}
    assert client.get("/api/search?q=养犬&scope=mars").status_code == 400


def test_a_facet_lists_its_commonest_values_and_says_how_many_more(wide_snapshot, monkeypatch):
    from kb.search import searcher
    whole = wide_snapshot.search("应当", scope="all", limit=5)
    assert whole.facets_omitted["regulation"] == 0
    assert sum(c for _, c in whole.facets["regulation"]) == whole.total
    monkeypatch.setattr(searcher, "FACET_VALUES", 3)
    cut = wide_snapshot.search("应当", scope="all", limit=5)
    assert cut.total == whole.total and cut.hits == whole.hits
    assert cut.facets["regulation"] == whole.facets["regulation"][:3]
    assert cut.facets_omitted["regulation"] == len(whole.facets["regulation"]) - 3
    assert cut.as_json()["facets_omitted"]["regulation"] == cut.facets_omitted["regulation"]


def test_warm_up_loads_both_indexes_and_the_home_texts_facts_only(wide_snapshot):
    snapshot = Snapshot.open(wide_snapshot.home)
    expected = [h.as_json() for h in wide_snapshot.search("遛狗不拴绳怎么罚", scope="all").hits]
    snapshot.warm_up()
    home = [e for e in snapshot.library.entries if e.jurisdiction == "济宁市"]
    others = [e for e in snapshot.library.entries if e.jurisdiction != "济宁市"]
    assert len(home) == 11 and all("facts" in e.__dict__ for e in home)
    # Other texts are worked out only as a search shows them (the warm-up search shows some).
    assert others and not all("facts" in e.__dict__ for e in others)
    assert snapshot.index._pinyin is not None and snapshot.wide._pinyin is not None
    assert [h.as_json() for h in snapshot.search("遛狗不拴绳怎么罚", scope="all").hits] == expected


def test_warm_up_without_an_index_does_nothing(home):
    snapshot = Snapshot.open(home)
    snapshot.warm_up()
    assert snapshot.problem
