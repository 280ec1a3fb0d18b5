"""The same matter elsewhere (kb.compare) on the Jining texts plus the named subset of the
other collections (tests/conftest.py subset_home)."""

import json

import pytest

from kb.citation import parse_citation
from kb.compare import NO_OTHERS, FineRow, compare, outside_range, same_act
from kb.errors import KbError
from kb.legal import Fine
from kb.locate import locate_citation
from kb.snapshot import Snapshot
from tests.compare.scoring import KINDS, OUTSIDE, expected_rows, outcomes, qualifying, recall


@pytest.fixture(scope="module")
def snapshot(subset_home):
    return Snapshot.open(subset_home)


def compared(snapshot, text):
    located = locate_citation(snapshot.library, parse_citation(text))
    return compare(snapshot, located.entry, located.article)


def articles_of(groups, title):
    return next((g["articles"] for g in groups if g["regulation"] == title), [])


def test_rabies_vaccination_in_other_cities_and_the_animal_epidemic_law(snapshot):
    data = compared(snapshot, "养犬管理条例第十一条").as_json()
    assert data["regulation"] == "济宁市养犬管理条例" and data["article"] == 11
    peers = data["peers"]
    assert {g["jurisdiction"] for g in peers} == {"青岛市", "东营市", "烟台市"}
    assert all(g["same_kind"] for g in peers[:3])
    assert 8 in articles_of(peers, "青岛市养犬管理条例")
    assert 10 in articles_of(peers, "东营市养犬管理条例")
    assert {8, 9} & set(articles_of(peers, "烟台市养犬管理条例"))
    by_title = {g["regulation"]: g for g in data["superior"]}
    law = by_title["中华人民共和国动物防疫法"]
    assert law["level"] == "法律"
    text = snapshot.library.get(law["slug"]).regulation.article(law["articles"][0]).text
    assert "狂犬病" in text or "免疫" in text
    assert all(g["regulation"] != "济宁市养犬管理条例" for g in peers + data["superior"])


def test_air_pollution_counterparts_and_fines_as_written(snapshot):
    data = compared(snapshot, "大气污染防治条例第三十三条").as_json()
    titles = [g["regulation"] for g in data["superior"]]
    assert {"山东省大气污染防治条例", "中华人民共和国大气污染防治法"} <= set(titles)
    assert 118 in articles_of(data["superior"], "中华人民共和国大气污染防治法")   # 露天烧烤
    own = data["fines"][0]
    assert own["role"] == "own" and own["article"] == 33
    assert [(f["low"], f["high"], f["text"]) for f in own["fines"]] == [
        (2000, 20000, "对单位处二千元以上二万元以下的罚款"), (500, 1000, "对个人处五百元以上一千元以下的罚款")]
    assert any(row["role"] == "superior" and row["fines"] for row in data["fines"])


def test_a_duty_article_takes_the_fines_of_its_penalty_clause(snapshot):
    rows = compared(snapshot, "大气污染防治条例第二十二条").fines
    assert rows[0].where.startswith("第三十一条") and rows[0].fines


def test_fines_are_compared_only_for_the_same_act(snapshot):
    rows = compared(snapshot, "大气污染防治条例第三十二条").fines
    own = next(r for r in rows if r.role == "own" and r.where == "第三十二条第一款")
    superior = [r for r in rows if r.role == "superior"]
    same = same_act(own, superior)
    assert (same.entry.title, same.where) == ("中华人民共和国大气污染防治法", "第一百一十八条第一款")
    assert not own.flags        # 五千元以上五万元以下 on both sides
    listed = FineRow("own", own.entry, own.article, own.where, [], text="有下列行为之一的，由公安机关处五百元罚款")
    assert same_act(listed, superior) is None


def test_the_flag_needs_numbers_on_both_sides_and_one_superior_range():
    local = Fine(low=500, high=5000, per="", text="处五百元以上五千元以下罚款")
    assert "超出上位法" in outside_range(local, [Fine(low=500, high=2000, per="", text="处五百元以上二千元以下罚款")])
    assert outside_range(local, [Fine(low=100, high=5000, per="", text="x")]) == ""
    assert outside_range(local, []) == ""
    two = [Fine(low=500, high=2000, per="", text="a"), Fine(low=1000, high=3000, per="", text="b")]
    assert outside_range(local, two) == ""
    assert outside_range(local, [Fine(low=500, high=2000, per="每平方米", text="c")]) == ""
    assert outside_range(Fine(low=1, high=3, per="", text="d", base="货值金额"), [Fine(0, 1, "", "e")]) == ""


def test_no_other_collection_stored_is_a_clear_error(jining_snapshot):
    entry = jining_snapshot.library.find("养犬管理条例")
    with pytest.raises(KbError, match="还没有其他城市或上位法的文本"):
        compare(jining_snapshot, entry, entry.regulation.article(11))
    assert "regkb fetch --collection shandong" in NO_OTHERS


def test_cli_compare(subset_home, cli):
    code, out, _ = cli("--home", subset_home.root, "compare", "养犬条例第十一条")
    assert code == 0 and "《青岛市养犬管理条例》（青岛市）" in out and "《中华人民共和国动物防疫法》（法律）" in out
    assert "各市罚款对比" in out
    code, out, _ = cli("--home", subset_home.root, "compare", "大气污染防治条例第三十三条", "--scope", "national",
                       "--json")
    data = json.loads(out)
    assert code == 0 and not data["peers"] and {g["level"] for g in data["superior"]} == {"法律"}


@pytest.mark.parametrize("citation, message", [("胡说八道", "无法识别的引用"), ("养犬条例第九十九条", "没有第九十九条"),
                                               ("火星条例第一条", "找不到法规")])
def test_cli_compare_errors(subset_home, cli, citation, message):
    code, _, err = cli("--home", subset_home.root, "compare", citation)
    assert code == 1 and message in err


def test_cli_compare_without_other_collections(jining_home, cli):
    code, _, err = cli("--home", jining_home.root, "compare", "养犬条例第十一条")
    assert code == 1 and "还没有其他城市或上位法的文本：请先运行 regkb fetch --collection shandong" in err


# Measured on the subset home when the set was made (bench/compare_set.py prints each row):
# peers 73 of 82, superior 30 of 33. The superior misses are the one score floor: where other
# cities' texts of the same kind repeat the Jining wording, 30 % of their score is more than the
# superior law's matching article reaches (烟花爆竹燃放管理条例第九条: 99 against 397).
PEER_FLOOR = 0.88
SUPERIOR_FLOOR = 0.90


def test_the_hand_checked_set_is_what_the_issue_asks():
    rows = expected_rows()
    articles = qualifying(rows)
    assert len(articles) >= 20, articles
    assert len({parse_citation(c).regulation for c in articles}) >= 4
    assert {row.kind for row in rows} == {"peer", "superior", "outside"}


def test_recall_of_peers_and_of_superior_articles_on_the_hand_checked_set(snapshot):
    """A counterpart counts as found when it is among the first articles (at most
    PER_REGULATION) listed for its regulation; peers and superior articles are scored apart."""
    results = outcomes(snapshot, [row for row in expected_rows() if row.kind != OUTSIDE])
    figures = {kind: recall(results, kind) for kind in KINDS}
    print(" ".join(f"{kind} recall {found}/{total} = {found / total:.3f}" for kind, (found, total) in figures.items()))
    missed = [(row.citation, row.regulation) for row, found, _ in results if not found]
    (peers, peer_total), (superior, superior_total) = figures["peer"], figures["superior"]
    assert peers / peer_total >= PEER_FLOOR, missed
    assert superior / superior_total >= SUPERIOR_FLOOR, missed


def test_the_out_of_range_flag_fires_on_the_real_pair_of_the_set(snapshot):
    """烟台市节约用水条例第三十九条 fines 未循环利用工业冷却水、冷凝水 一万元以上五万元以下;
    山东省节约用水条例第四十七条 (2021, later than Yantai's 2018 text) 十万元以上五十万元以下."""
    rows = [row for row in expected_rows() if row.kind == OUTSIDE]
    results = outcomes(snapshot, rows)
    assert rows and all(found for _, found, _ in results), results
    own = next(r for r in compared(snapshot, rows[0].citation).fines if r.role == "own")
    assert own.flags == ["处一万元以上五万元以下罚款：超出上位法规定的幅度（处十万元以上五十万元以下的罚款）"]


def test_cross_references_are_no_part_of_the_act():
    """Two clauses that share only their texts' article numbers (违反本条例第二十九条规定) do
    not punish the same act."""
    entry, article = object(), object()
    local = FineRow("own", entry, article, "第五十条", [Fine(low=10000, high=50000, per="", text="a")],
                    text="违反本条例第二十七条、第二十九条规定的，由城市管理部门责令限期改正，处一万元以上五万元以下罚款。")
    other = FineRow("superior", entry, article, "第三十六条", [Fine(low=10000, high=30000, per="", text="b")],
                    text="违反本条例第二十九条规定的，由邮政管理部门责令停止生产，并可处以一万元以上三万元以下罚款。")
    assert same_act(local, [other]) is None
    same = FineRow("superior", entry, article, "第四十七条", [Fine(low=100000, high=500000, per="", text="c")],
                   text="违反本条例第三十条规定，工业冷却水、冷凝水未循环利用的，由水行政主管部门处十万元以上五十万元以下罚款。")
    local.text = "违反本条例第十二条规定，工业冷却水、冷凝水未循环利用的，由节约用水主管部门处一万元以上五万元以下罚款。"
    assert same_act(local, [other, same]) is same


def test_a_fixed_fine_is_its_own_lowest_amount():
    superior = [Fine(low=100, high=500, per="", text="处100元以上500元以下的罚款", amount="100元以上500元以下")]
    assert outside_range(Fine(low=None, high=500, per="", text="处五百元的罚款", amount="五百元"), superior) == ""
    assert outside_range(Fine(low=None, high=50, per="", text="处五十元罚款", amount="五十元"), superior)
    assert outside_range(Fine(low=None, high=300, per="", text="处三百元以下罚款", amount="三百元以下"), superior)


def test_cli_compare_without_an_index(home, cli):
    from kb.fetch import fetch
    from tests.conftest import JINING
    fetch(home, source=str(JINING), progress=lambda _: None)
    code, _, err = cli("--home", home.root, "compare", "养犬条例第十一条")
    assert code == 1 and "还没有索引" in err
