"""Collections (regkb fetch --collection), jurisdiction and level, status from evidence.

The Shandong collection is fetched from the local mirror (../shared/corpus/lawrefbook, in
the repository's own layout); the national one is only checked as a manifest here: parsing
its 1,512 files takes minutes, which CI cannot spend on every run."""

import pytest

from kb.collections import COLLECTIONS_DIR, collection_entries, read_manifest
from kb.fetch import fetch
from kb.jurisdiction import in_scope, placement
from kb.library import Library
from tests.conftest import CORPUS

SHANDONG_TITLES = ("青岛市养犬管理条例", "山东省大气污染防治条例")


@pytest.mark.parametrize("title, source, jurisdiction, level", [
    ("济宁市养犬管理条例", "DLC/山东地方法规/地方性法规/山东/济宁市养犬管理条例(2019-06-05).md", "济宁市", "设区的市地方性法规"),
    ("青岛市养犬管理条例", "", "青岛市", "设区的市地方性法规"),
    ("泰山风景名胜区保护管理条例", "DLC/山东地方法规/地方性法规/山东/x.md", "泰安市", "设区的市地方性法规"),
    ("山东省大气污染防治条例", "", "山东省", "省地方性法规"),
    ("中华人民共和国动物防疫法", "经济法/动物防疫法(2021-01-22).md", "全国", "法律"),
    ("城市市容和环境卫生管理条例", "行政法规/城市市容和环境卫生管理条例(2017-03-01).md", "全国", "行政法规"),
    ("最高人民法院关于审理x的解释", "司法解释/x.md", "全国", "司法解释"),
    ("某某办法", "", "未标注", "未标注"),
    # Other provinces: by their folder in the source repository, or a title naming the province.
    ("郑州市养犬管理条例", "DLC/河南地方法规/地方性法规/河南/郑州市养犬管理条例(2021-01-01).md", "郑州市", "设区的市地方性法规"),
    ("河南省大气污染防治条例", "DLC/河南地方法规/地方性法规/河南/x.md", "河南省", "省地方性法规"),
    ("上海市养犬管理条例", "DLC/上海地方法规/地方性法规/上海/x.md", "上海市", "直辖市地方性法规"),
    ("关于加强x的决定", "DLC/浙江地方法规/地方性法规/浙江/x.md", "浙江省", "省地方性法规"),
    ("北京市生活垃圾管理条例", "", "北京市", "直辖市地方性法规"),
    ("广西壮族自治区x条例", "", "广西壮族自治区", "自治区地方性法规"),
    # A city outside Shandong without its folder is not known as one: unmarked, never guessed.
    ("郑州市养犬管理条例", "", "未标注", "未标注"),
    ("农贸市场管理办法", "", "未标注", "未标注"),
])
def test_placement_from_title_and_path(title, source, jurisdiction, level):
    found = placement(title, source)
    assert (found.jurisdiction, found.level) == (jurisdiction, level)


def test_pinned_url_is_read_as_a_repository_path():
    entry = next(e for e in collection_entries("national") if "动物防疫法" in e.file)
    assert placement("中华人民共和国动物防疫法", entry.source_url).level == "法律"


def test_scopes():
    assert in_scope("济宁市", "jining") and not in_scope("青岛市", "jining")
    assert in_scope("青岛市", "shandong") and in_scope("山东省", "shandong") and not in_scope("全国", "shandong")
    assert in_scope("全国", "national") and not in_scope("济宁市", "national") and in_scope("全国", "all")
    # Another province's texts are searched only in the all scope.
    for place in ("郑州市", "上海市", "河南省"):
        assert in_scope(place, "all") and not any(in_scope(place, s) for s in ("jining", "shandong", "national"))


def test_manifests_are_facts_of_the_mirror():
    rows = read_manifest(COLLECTIONS_DIR / "shandong.tsv")
    assert len(rows) == 472 and all(r["path"].startswith("DLC/山东地方法规/") for r in rows)
    national = read_manifest(COLLECTIONS_DIR / "national.tsv")
    assert not any(r["path"].startswith(("DLC/", "案例/")) for r in national)
    for row in rows[:5] + national[:5]:
        assert (CORPUS / row["path"]).stat().st_size == int(row["bytes"])
    all_entries = collection_entries("all")
    assert len({e.sha256 for e in all_entries}) == len(all_entries)


@pytest.fixture(scope="module")
def shandong_library(tmp_path_factory):
    from kb.home import Home
    home = Home.resolve(tmp_path_factory.mktemp("shandong") / "home")
    messages = []
    fetch(home, source=str(CORPUS), progress=messages.append, collection="shandong")
    return Library(home), messages


def test_fetch_shandong_from_a_mirror_in_the_repository_layout(shandong_library):
    library, messages = shandong_library
    titles = {e.title for e in library.entries}
    assert all(t in titles for t in SHANDONG_TITLES)
    # A 决议 has no articles: reported, not stored.
    assert any("决议" in m and "未收入" in m for m in messages)
    qingdao = library.find("青岛市养犬管理条例")
    assert (qingdao.jurisdiction, qingdao.level) == ("青岛市", "设区的市地方性法规")
    # No evidence of its status: 未标注, never a made-up 现行有效.
    assert qingdao.regulation.status == "未标注"
    # The Jining texts of the Shandong folder are the catalog's (same sha256): their status stands.
    assert library.find("济宁市养犬管理条例").regulation.status == "现行有效"


def test_other_places_texts_are_parsed_on_first_read_and_let_go_past_the_bound(subset_home):
    from kb.library import Library
    library = Library(subset_home, keep_parsed=2)
    assert not any("regulation" in e.__dict__ for e in library.entries)     # none parsed to open
    others = [e for e in library.entries if e.jurisdiction != "济宁市"]
    home = [e for e in library.entries if e.jurisdiction == "济宁市"]
    counts = {e.slug: len(e.regulation.articles) for e in others + home}
    facts = {e.slug: len(e.facts) for e in others}
    parsed = [e.slug for e in library.entries if "regulation" in e.__dict__]
    assert len([s for s in parsed if s in facts]) == 2 and all(e.slug in parsed for e in home)
    assert {e.slug: len(e.regulation.articles) for e in others} == {s: counts[s] for s in facts}
    assert {e.slug: len(e.facts) for e in others} == facts       # parsed again, the same


def test_threads_reading_texts_past_the_bound_see_whole_texts(subset_home):
    import threading

    from kb.library import Library
    expected = {e.slug: [a.text for a in e.regulation.articles] for e in Library(subset_home, keep_parsed=None).entries}
    library = Library(subset_home, keep_parsed=3)
    errors = []

    def read(offset):
        try:
            for entry in (library.entries[offset:] + library.entries[:offset]) * 3:
                assert [a.text for a in entry.regulation.articles] == expected[entry.slug]
                assert set(entry.facts) == {a.key for a in entry.regulation.articles}
        except Exception as error:      # noqa: BLE001 — reported below
            errors.append(error)

    threads = [threading.Thread(target=read, args=(n * 3,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
