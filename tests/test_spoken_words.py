"""Dialect and spoken words as the standard words (kb/data/spoken.txt, kb.search.spoken)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.search.lexicon import lexicon, listed_positions
from kb.search.query import parse_query
from kb.search.spoken import parse_spoken, spoken, standardise


def test_the_file_format():
    table = parse_spoken(["# 注释", "", "茅房 茅子 = 厕所", "搁 = 放  # 行尾注释", "坏行没有等号",
                          "两个 = 标准 词", "= 无左边", "同 = 同"])
    assert table == {"茅房": "厕所", "茅子": "厕所", "搁": "放"}


def test_the_shipped_table_parses_and_maps_each_word_once():
    table = spoken()
    assert len(table) > 100
    assert all(word and standard and word != standard for word, standard in table.items())


def test_a_dialect_word_is_replaced_by_its_standard_word():
    assert "厕所" in standardise("商场的茅子太脏")
    assert "污水" in standardise("往沟里倒脏水")
    assert standardise("新盖的小区") == "新建的小区"          # 盖 builds; it does not cover
    assert standardise("这事归哪个局管") == "这事归哪个部门管"  # not 局 widened to 布局
    assert standardise("往人堆里撇炮仗") == "往人堆里扔鞭炮"       # 撇 throws in 鲁西南
    assert standardise("在医院打大夫") == "在医院打医生"


def test_a_dialect_word_finds_the_article_its_standard_word_does(jining_index):
    # 打大夫 is 打医生, which the lexicon reads as 殴打医务人员 (文明行为促进条例第十七条)
    hits = [(h.slug, h.article) for h in jining_index.search("在医院打大夫咋处理").hits[:3]]
    assert ("civilized-behaviour", 17) in hits


def test_a_word_the_lexicon_lists_is_left_as_typed():
    # 放炮 is in the lexicon (→ 烟花爆竹, 燃放): its rule is the more specific one.
    assert "放炮" in lexicon()
    query = "过年放炮中不中"
    assert standardise(query, listed_positions(query)) == query


def test_a_lexicon_word_inside_a_longer_dialect_word_does_not_keep_it():
    # 狗 is in the lexicon, but 狗子 is the word typed: it is read as 狗, not kept unknown.
    assert "狗" in lexicon() and "狗子" not in lexicon()
    query = "养的狗子帮俺干活"
    assert standardise(query, listed_positions(query)) == "养的狗帮俺干活"
    assert "狗子" not in {c.word for c in parse_query(query, lambda ch: []).concepts}


def test_the_question_is_parsed_in_standard_words():
    # 乱撂 → 乱扔, which the lexicon then reads as 乱扔垃圾.
    concepts = {c.word: c.variants for c in parse_query("有人在绿化带里乱撂东西", lambda ch: []).concepts}
    assert "乱扔垃圾" in concepts["乱扔"] and "乱撂" not in concepts


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40))
def test_garbage_never_breaks_and_only_dialect_words_change(text):
    result = standardise(text, listed_positions(text))
    assert isinstance(result, str)
    if not any(word in text for word in spoken()):
        assert result == text
