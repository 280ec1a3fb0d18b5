"""The wrongs named in issue 11, one by one, on the real Jining texts."""

import pytest

from kb.legal import MAYBE_MISSING, NO_PENALTY, fines, regulation_facts
from kb.legal.clauses import clauses_of
from kb.legal.words import departments, enforcing_departments
from kb.sources.parser import parse_file
from tests.conftest import jining_file


def facts_of(short):
    regulation = parse_file(jining_file(short))
    return regulation, regulation_facts(regulation)


def penalized_by(facts, number):
    return {(link.article, link.paragraph, link.how) for link in facts[(number, 0)].penalized_by}


def test_burning_leaves_is_linked_to_its_fine_by_restated_conduct():
    _, facts = facts_of("大气")
    links = [link for link in facts[(22, 0)].penalized_by if link.paragraph == 2]
    assert [(link.article, link.how) for link in links] == [(31, "restated")]
    assert [f.amount for f in links[0].fines] == ["五百元以上二千元以下"]
    assert links[0].fines[0].discretionary and links[0].departments == ["城市管理部门", "生态环境部门"]
    assert "露天焚烧落叶" in links[0].evidence


def test_fireworks_places_ways_and_zones_go_to_article_18_and_zones_are_not_penalties():
    _, facts = facts_of("烟花")
    for number in (9, 10, 11):
        assert (18, 1, "restated") in penalized_by(facts, number)
    assert all(link.article != 11 for link in facts[(10, 0)].penalized_by)


def test_every_duty_of_the_air_and_water_texts_with_a_penalty_chapter_is_not_said_to_have_none():
    for short in ("大气", "水环境"):
        _, facts = facts_of(short)
        assert any(f.penalized_by for f in facts.values())


def test_a_truncated_text_says_its_penalty_may_be_missing():
    _, facts = facts_of("养犬")
    assert facts[(15, 0)].no_penalty == MAYBE_MISSING
    assert penalized_by(facts, 12) == {(12, 3, "same-article")}
    assert facts[(12, 0)].penalized_by[0].fines[0].per == "每只"


def test_no_penalty_only_where_the_text_is_complete():
    _, facts = facts_of("城镇容貌")
    assert facts[(39, 0)].no_penalty == NO_PENALTY
    assert [link.article for link in facts[(39, 0)].generic] == [67]


def test_department_lists_and_capacities():
    assert departments("市、县（市、区）自然资源和规划、城市管理、住房城乡建设、市场监管、商务等部门应当组织编制") == [
        "自然资源和规划部门", "城市管理部门", "住房城乡建设部门", "市场监督管理部门", "商务部门"]
    assert enforcing_departments("由所在地镇人民政府或者街道办事处责令饲养人限期处理") == ["街道办事处、乡镇人民政府"]
    regulation = parse_file(jining_file("城镇容貌"))
    clause = next(c for c in clauses_of(regulation.article(29)) if c.paragraph == 1)
    assert [(d.name, d.capacity) for d in clause.departments] == [("行政审批服务部门", "approving")]


@pytest.mark.parametrize("text, named", [
    ("人社主管部门应当整合社会保障领域业务信息系统", "人力资源和社会保障部门"),
    ("市能源主管部门会同市生态环境主管部门制定燃煤消耗总量控制计划", "能源主管部门"),
    ("财政部门负责养犬管理工作经费", "财政部门"),
    ("城市绿化行政主管部门应当会同林业行政主管部门加强", "林业主管部门"),
    ("卫生计生主管部门应当建立居民电子健康档案", "卫生计生主管部门"),
    ("物业主管部门负责本行政区域内物业服务", "物业主管部门"),
    ("由上级主管部门或者监察机关责令改正", "监察机关"),
])
def test_every_body_the_texts_name_is_a_department(text, named):
    # Unknown, these bodies left their articles with no department (执法：条文未明确)
    assert named in departments(text)


@pytest.mark.parametrize("text, amount, per, addressee, discretionary", [
    ("对单位处一万元以上十万元以下的罚款", "一万元以上十万元以下", "", "单位", False),
    ("并按每只处一千元罚款", "每只一千元", "每只", "", False),
    ("处以每只（头）二十元以上一百元以下的罚款", "每只（头）二十元以上一百元以下", "每只（头）", "", False),
    ("并处货值金额一倍以上三倍以下的罚款", "货值金额一倍以上三倍以下", "", "", False),
    ("可以并处建设工程造价百分之十以下的罚款", "建设工程造价百分之十以下", "", "", True),
    ("可处五十元罚款", "五十元", "", "", True),
])
def test_fine_forms(text, amount, per, addressee, discretionary):
    fine = fines(text)[0]
    assert (fine.amount, fine.per, fine.addressee, fine.discretionary) == (amount, per, addressee, discretionary)


def test_a_government_body_told_to_order_a_stop_is_not_a_penalty():
    regulation = parse_file(jining_file("水环境"))
    assert {c.role for c in clauses_of(regulation.article(37))} == {"government-duty"}


def test_officials_clauses_are_generic_and_point_to_no_duty():
    _, facts = facts_of("城镇容貌")
    assert [link.how for link in facts[(61, 0)].penalizes] == ["generic"]
    assert facts[(61, 0)].penalizes[0].article == 0


def test_show_json_and_survey_json_carry_the_links(jining_home, cli):
    import json
    code, out, _ = cli("--home", jining_home.root, "show", "大气污染防治条例第二十二条", "--json")
    link = next(x for x in json.loads(out)["penalized_by"] if x["paragraph"] == 2)
    assert code == 0 and (link["article"], link["how"]) == (31, "restated")
    assert link["fines"] == ["可以处五百元以上二千元以下的罚款"] and link["departments"] == ["城市管理部门", "生态环境部门"]
    code, out, _ = cli("--home", jining_home.root, "survey", "烟花", "--json")
    rows = {row["article"]: row for row in json.loads(out)["rows"]}
    assert [p["article"] for p in rows[9]["penalties"]] == [18] and rows[10]["penalties"][0]["article"] == 18
    code, out, _ = cli("--home", jining_home.root, "survey", "养犬")
    assert "罚则可能在文本缺失的部分" in out and "本条例未规定罚则" not in out


def test_no_survey_row_says_no_penalty_where_the_map_has_one(jining_home):
    from kb.library import Library
    from kb.survey import survey_sheet
    from tests.legal.test_accuracy import accuracy
    punished = {(e.regulation, d[0]) for e in accuracy.load_map() for d in e.duties}
    for entry in Library(jining_home).entries:
        for row in survey_sheet(entry).rows:
            if (entry.title, row.article) in punished:
                assert row.penalties and "未规定罚则" not in row.penalty_text, (entry.title, row.label)


def test_a_duty_with_its_sanction_in_the_same_paragraph_is_a_survey_row():
    from kb.survey import survey_sheet

    class Entry:
        regulation, facts = facts_of("城镇容貌")
    rows = {row.article: row for row in survey_sheet(Entry).rows}
    assert rows[56].penalties[0].how == "same-article"
    assert rows[7].departments == ["自然资源和规划部门", "城市管理部门", "住房城乡建设部门", "市场监督管理部门", "商务部门"]


def test_a_penalty_that_matches_no_duty_makes_no_penalty_uncertain():
    from kb.model import Article, Paragraph, Regulation
    regulation = Regulation(title="测试条例", articles=[
        Article(1, [Paragraph(1, "任何单位和个人不得在河道内洗车。")]),
        Article(2, [Paragraph(1, "违反本条例规定，攀爬古城墙的，由城市管理部门处五十元罚款。")], chapter="第二章 法律责任"),
        Article(3, [Paragraph(1, "本条例自2020年1月1日起施行。")])])
    facts = regulation_facts(regulation)
    assert facts[(1, 0)].no_penalty.startswith("未找到对应罚则") and "第二条第一款" in facts[(1, 0)].no_penalty


def test_filings_are_the_facts_departments_and_penalty(jining_home):
    from kb.legal import filings
    from kb.library import Library
    for entry in Library(jining_home).entries:
        filed = filings(entry.regulation)
        assert list(filed) == list(entry.facts)
        assert all((filed[k].departments, filed[k].penalty) == (f.departments, f.penalty)
                   for k, f in entry.facts.items())
        assert entry.filings == filed


def test_a_text_changed_in_memory_is_worked_out_again(jining_home):
    from kb.library import Library
    entry = Library(jining_home).get("dog-keeping")
    assert entry.filings and entry.facts and entry.facts_json(entry.regulation.articles[0].key)
    entry.regulation.articles[0].paragraphs[0].text = "违反本条例规定的，由公安机关处五百元罚款。"
    entry.text_changed()
    key = entry.regulation.articles[0].key
    assert entry.filings[key].departments == ["公安机关"] and entry.filings[key].penalty
    assert entry.facts_json(key)["departments"] == ["公安机关"]
