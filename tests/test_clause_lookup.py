"""Issue 3: citations, everyday words, duty ↔ penalty, departments, syntax, cut-offs."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.analysis import readings
from kb.citation import find_citations, parse_citation
from kb.legal import departments, fines, internal_references, regulation_facts
from kb.search.lexicon import lexicon, parse_lexicon
from kb.search.syntax import parse_syntax
from kb.sources.parser import parse_file
from tests.conftest import JINING, jining_file


@pytest.fixture(scope="module")
def lookup(jining_index):
    return jining_index


@pytest.mark.parametrize("query", [
    "《济宁市养犬管理条例》第十五条", "养犬条例第15条", "养犬条例 十五", "养犬 第十五条", "济宁市养犬管理条例第１５条",
    "养犬管理条例第十五条", "《养犬条例》15条"])
def test_citation_forms_go_straight_to_the_article(lookup, query):
    hit = lookup.search(query).hits[0]
    assert (hit.regulation, hit.article, hit.cited) == ("济宁市养犬管理条例", 15, True)


def test_paragraph_citation_is_located_and_marked(lookup):
    hit = lookup.search("文明行为促进条例第二十一条第二款").hits[0]
    assert (hit.article, hit.paragraph) == (21, 2)
    second = hit.text.split("\n")[1]
    assert hit.snippet.text == second and hit.snippet.spans == ((0, len(second)),)


def test_citation_of_a_missing_article_says_why(lookup):
    result = lookup.search("养犬条例第三十条")
    assert result.hits == []
    assert result.notice == "《济宁市养犬管理条例》没有第三十条：共 15 条；文本不完整，止于第十五条"
    assert "共 52 条" in lookup.search("文明行为促进条例第九十条").notice


def test_citation_plus_words_pins_the_article_then_searches(lookup):
    result = lookup.search("养犬条例第六条 犬只登记")
    assert result.hits[0].cited and result.hits[0].article == 6
    assert len(result.hits) > 1 and not result.hits[1].cited


def test_everyday_words_reach_legal_terms(lookup):
    hit = lookup.search("遛狗不拴绳怎么罚").hits[0]
    assert (hit.regulation, hit.article) == ("济宁市养犬管理条例", 6)
    assert hit.snippet.spans


@pytest.mark.parametrize("query, slug, article", [
    ("迁古树谁掏钱", "ancient-trees", 20),                 # who pays: 费用由…承担
    ("理发店把椅子搬到门外卖东西", "city-appearance", 27),  # 超出门窗或者外墙摆卖商品
    ("投诉了半个月还没人给回话", "city-appearance", 58),    # 处理意见反馈投诉人、举报人
    ("路灯直射进家里", "city-appearance", 42),             # 不得以强光照射居民住宅
    ("看见有人往河里扔瓶子，俺劝了两句，他推了俺一把还骂俺，这能找谁", "civilized-behaviour", 47),  # 不得打击、报复劝阻人
])
def test_spoken_phrasings_reach_the_article_that_rules_on_them(lookup, query, slug, article):
    assert (slug, article) in [(h.slug, h.article) for h in lookup.search(query).hits[:3]]


def test_penalty_question_lifts_penalty_articles(lookup):
    plain = lookup.search("古树名木 损害")
    asked = lookup.search("损害古树名木怎么罚")
    assert asked.hits[0].penalty
    assert sum(h.penalty for h in asked.hits[:3]) >= sum(h.penalty for h in plain.hits[:3])


@pytest.mark.parametrize("query", ["个人所得税起征点", "离婚财产分割", "劳动合同试用期最长多久", "专利申请流程"])
def test_out_of_corpus_questions_get_no_confident_answer(lookup, query):
    result = lookup.search(query)
    assert result.answer != "direct"
    assert result.answer == ("related" if result.hits else "none")


def test_nothing_found_offers_suggestions(lookup):
    result = lookup.search("犬证办理")
    assert result.hits or result.suggestions


def test_exact_phrase_exclusion_and_or(lookup):
    phrase = lookup.search('"重点管理区"', limit=50)
    assert phrase.hits and all("重点管理区" in h.text for h in phrase.hits)
    excluded = lookup.search('犬只 -登记', limit=50)
    assert excluded.hits and all("登记" not in h.text for h in excluded.hits)
    either = lookup.search("烟花爆竹 OR 犬只", limit=50)
    assert {"济宁市养犬管理条例", "济宁市烟花爆竹燃放管理条例"} <= {h.regulation for h in either.hits}


def test_facets_and_filters(lookup):
    result = lookup.search("罚款", limit=5)
    facets = result.facets
    assert set(facets) == {"regulation", "chapter", "department", "penalty", "jurisdiction"}
    assert sum(count for _, count in facets["regulation"]) == result.total
    police = lookup.search("罚款", filters={"department": "公安机关", "penalty": True}, limit=50)
    assert police.hits and all("公安机关" in h.departments and h.penalty for h in police.hits)
    chapter = lookup.search("罚款", filters={"chapter": "第五章 法律责任"}, limit=50)
    assert chapter.hits and {h.chapter for h in chapter.hits} == {"第五章 法律责任"}


def test_duty_and_penalty_know_each_other():
    regulation = parse_file(jining_file("城市绿化"))
    facts = regulation_facts(regulation)
    penalties = [key for key, fact in facts.items() if fact.references]
    assert penalties
    key = penalties[0]
    for number in facts[key].references:
        assert key[0] in facts[(number, 0)].referenced_by


def test_legal_fact_extraction():
    text = "违反本条例第十八条、第二十条第一款规定的，由城市管理部门责令改正，处五百元以上二千元以下的罚款；本条例第三条至第五条"
    assert internal_references(text) == [18, 20, 3, 4, 5]
    fine = fines(text)[0]
    assert (fine.low, fine.high) == (500, 2000)
    assert fines("处以每平方米二百元以上五百元以下的罚款")[0].per == "每平方米"
    assert fines("处一万元以上十万元以下的罚款")[0].high == 100000
    assert departments("由公安机关处理，城市管理部门配合") == ["公安机关", "城市管理部门"]


def test_lexicon_file_format():
    kinds = {}
    rules = parse_lexicon(["# 注释", "", "遛狗 溜狗 = 携犬出户", "狗 = 犬 犬只  # 行尾注释", "坏行没有等号",
                           "被狗咬 ~ 狂犬病", "狗 ~ 养犬人"], kinds)
    assert rules == {"遛狗": ["携犬出户"], "溜狗": ["携犬出户"], "狗": ["犬", "犬只", "养犬人"], "被狗咬": ["狂犬病"]}
    assert kinds["被狗咬"] == {"~"} and kinds["狗"] == {"=", "~"}


def test_an_associated_word_finds_the_articles_but_is_no_answer_on_its_own():
    from kb.search.lexicon import associated, expansions
    assert "被狗咬" in associated() and "遛狗" not in associated()
    found = {f.word: f for f in expansions("被狗咬了去哪打针")}
    assert found["被狗咬"].associated and "狂犬病" in found["被狗咬"].terms
    # a pet is not a dog, paying social insurance is not the social security the texts inform about
    assert {"宠物", "交社保", "交医保"} <= associated()


def test_paying_social_insurance_is_no_direct_answer(jining_index):
    assert jining_index.search("灵活就业人员咋交医保").answer != "direct"


def test_every_legal_term_of_the_lexicon_is_in_the_jining_texts():
    # synonyms.txt promises it: a legal term the texts never use would find nothing.
    texts = "".join(path.read_text(encoding="utf-8") for path in JINING.glob("*.md"))
    texts += readings(texts)
    missing = sorted({term for terms in lexicon().values() for term in terms if term not in texts})
    assert texts and missing == []


@pytest.mark.parametrize("raw, phrases, excluded, text", [
    ('"未闭合', [], [], "未闭合"),
    ('-', [], [], ""),
    ('犬只 -', [], [], "犬只"),
    ('“犬只登记” -罚款 OR 烟花', ["犬只登记"], ["罚款"], "犬只登记 烟花"),
])
def test_malformed_syntax_degrades_to_words(raw, phrases, excluded, text):
    syntax = parse_syntax(raw)
    assert (syntax.phrases, syntax.excluded, syntax.text) == (phrases, excluded, text)


def _title_of(name):
    return "济宁市养犬管理条例" if name in ("养犬条例", "济宁市养犬管理条例") else None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_citation_finders_never_raise(text):
    parse_citation(text)
    for match in find_citations(text, _title_of, "济宁市养犬管理条例"):
        assert 0 <= match.start < match.end <= len(text) + 2


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=80), st.sampled_from([None, "公安机关", "<x>", ""]), st.booleans(),
       st.integers(min_value=-5, max_value=10**9))
def test_search_with_any_parameters_is_valid(lookup, text, department, penalty, page):
    result = lookup.search(text, filters={"department": department, "penalty": penalty or None},
                           page=page, limit=page)
    assert result.total >= 0 and len(result.hits) <= 100


def test_a_list_of_articles_is_a_list_of_citations():
    found = find_citations("违反本条例第十八条、第二十条第一款规定的", lambda n: None, "urban-greening")
    assert [(m.citation.article, m.citation.paragraph, m.key) for m in found] == [
        (18, 0, "urban-greening"), (20, 1, "urban-greening")]
