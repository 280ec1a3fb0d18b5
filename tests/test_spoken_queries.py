"""Reducing spoken questions to what they ask (issue 10): the lexicon's scattered and nested
words, typos that jieba cuts into characters, compounds the index never saw, the padding of a
spoken account, quantity questions, and how the ranking and the answer use them. The first
part needs no index; the second searches the real Jining texts."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import analysis
from kb.jurisdiction import places_named
from kb.search.lexicon import expansions, other_kinds
from kb.search.query import (
    ADVICE,
    CILIN_BOOST,
    CONTACT,
    COUNTED_RE,
    FACT,
    FIGURE,
    HOMOPHONE_BOOST,
    HOURS,
    LIST,
    MEASURE,
    OWNER,
    PERCENT,
    PERIOD,
    PRICE,
    QUESTION_WORDS,
    Concept,
    ParsedQuery,
    abbreviated,
    content_words,
    implied_amount,
    parse_query,
    says_amount,
)
from kb.search.ranking import (
    DIRECT,
    LONG_QUESTION,
    NARRATIVE_SHARE,
    RELATED,
    Scored,
    answer_of,
    best_answer,
    rank,
    unmatched_words,
)

# --- the lexicon in a spoken question ------------------------------------------------------


def _terms(text):
    return {found.word: found.terms for found in expansions(text)}


def _words(text):
    return [found.word for found in expansions(text)]


def test_a_scattered_word_counts_within_one_clause():
    assert "砍树" in _words("树想砍了")
    assert "牵绳" in _words("绳子也不牵")
    # 烟 … 地头 lie in different clauses of a long account: no 烟头 (→ 烟蒂).
    assert "烟头" not in _words("村里好多人都在地头把玉米秆点了，烟大得呛人")


def test_a_found_word_gives_way_to_a_listed_word_holding_it_in_the_same_clause():
    assert "狗拉屎" in _words("狗在路上拉屎不捡") and "拉屎" not in _words("狗在路上拉屎不捡")
    assert "犬粪" in _terms("狗在路上拉屎不捡")["狗拉屎"]
    assert _words("在公园拉屎") == ["拉屎"]
    assert "狗拉屎" not in _words("狗跑了，有人在公园拉屎")      # another clause


def test_a_found_word_gives_way_only_to_a_word_spelled_in_its_order():
    # 往大街上扫 is sweeping onto the street, not a street sweeper (扫大街的: 的 … 大街 … 扫)
    assert "扫大街的" not in _words("门面的老板把屋里的灰土往大街上扫") and "大街" in _words("门面的老板把屋里的灰土往大街上扫")


def test_an_inner_word_lends_its_terms_only_when_it_says_what_the_word_is():
    assert "养犬" in _terms("养狗的不拴绳")["养狗的"]           # the one who keeps dogs
    assert "道路" not in _terms("扫大街的没人管")["扫大街的"]      # a sweeper is no street
    assert "行道树" in _terms("路边的树")["路边的树"] and "道路" not in _terms("路边的树")["路边的树"]


def test_a_found_word_inside_another_found_word_is_its_modifier():
    # 马路 of 马路边的树 is where the tree stands: no 挖马路 from the 挖 of 挖走
    found = _words("偷偷把马路边的树挖走了罚多少")
    assert "路边的树" in found and "挖马路" not in found
    assert "挖马路" in _words("有人挖马路埋管子") or "挖马路" in _words("马路被挖了")


def test_a_typo_is_never_read_across_a_word_the_index_knows():
    known = {"名木", "古树"}.__contains__
    assert "算名" not in [f.word for f in expansions("老桧树算名木还是古树", known)]
    typo = {f.word: f.terms for f in expansions("街上有人摆摊算名", known)}
    assert "算命" in typo["算名"]


def test_a_question_word_lends_no_character_to_a_scattered_word():
    assert "城管" in _words("城养鸡谁来管")               # a lone 城 and the 管 of 谁来管…
    assert "城管" not in [found.word for found in expansions("城养鸡谁来管", asking=QUESTION_WORDS.__contains__)]
    assert "城管" not in _words("城区养鸡谁来管")          # (城区 and 谁来管: two words broken)
    assert "牵绳" in [found.word for found in expansions("绳子也不牵", asking=QUESTION_WORDS.__contains__)]
    # …but it lends them all to a listed word it holds whole (谁管 in 谁来管)
    assert "谁管" in [found.word for found in expansions("城区养鸡谁来管", asking=QUESTION_WORDS.__contains__)]


def test_a_known_compound_lends_no_character_to_a_scattered_word():
    known = {"雨水管网", "雨水管", "水管", "绳子"}.__contains__
    found = [f.word for f in expansions("污水排进雨水管网罚多少", known)]
    assert "排污管" not in found and "排污" in found      # 管 belongs to 雨水管网
    assert "牵绳" in [f.word for f in expansions("绳子也不牵", known)]   # a short word's do


def test_a_scattered_word_is_not_pieced_from_two_other_words():
    # 老 of 老师 and 板 of 白板 are no 老板; 上 of 楼上 and 户 of 窗户 no 上户 (狗上户)
    assert "老板" not in _words("学校老师上课用电子白板")
    assert "上户" not in _words("楼上那家从窗户里扯根电线")
    assert "牵绳" in _words("绳子也不牵")          # one word broken is the officer's word order


@pytest.mark.parametrize("query, kind", [("电子鞭炮让不让放", "鞭炮"), ("婚礼上用冷烟花中不中", "烟花")])
def test_another_kind_of_the_thing_is_not_the_thing(jining_index, query, kind):
    # 电子鞭炮 and 冷烟花 are no 烟花爆竹: the lexicon's rule for the thing is not theirs
    assert kind not in _words(query) and kind in _words(kind)
    assert jining_index.search(query).answer != DIRECT


def test_a_word_pieced_from_another_kind_of_the_thing_only_links_to_its_rules(jining_index):
    # 抽 … 烟 of 电子烟 finds the rules on 吸烟, which say nothing of e-cigarettes.
    assert {found.word: found.associated for found in expansions("室内能抽电子烟不")}["抽烟"] is True
    assert {found.word: found.associated for found in expansions("室内能抽烟不")}["抽烟"] is False
    result = jining_index.search("电子烟 室内 能抽不")
    assert result.answer == RELATED and ("civilized-behaviour", 44) in [(h.slug, h.article) for h in result.hits[:3]]


def test_the_kinds_of_a_thing_a_question_names():
    assert other_kinds("电子鞭炮算烟花不") == ["电子鞭炮"]          # cut apart: 电子 before a lexicon word
    assert other_kinds("室内能抽电子烟不") == ["电子烟"]            # one word led by the prefix
    assert other_kinds("冷焰火婚礼上能放不") == []                  # 焰火: no lexicon word, and not known here
    assert other_kinds("冷焰火婚礼上能放不", {"焰火"}.__contains__) == ["冷焰火"]
    assert other_kinds("冷饮摊占道") == [] and other_kinds("电子") == [] and other_kinds("") == []


@pytest.mark.parametrize("query", ["电子烟能在公交车上抽吗", "电子鞭炮算烟花不"])
def test_a_question_on_a_kind_no_article_names_is_not_answered(jining_index, query):
    # The smoking ban on buses says nothing of e-cigarettes: the rule for the thing is not
    # the rule for another kind of it, however much else of the question it holds.
    result = jining_index.search(query)
    assert result.hits and result.answer == RELATED
    assert set(other_kinds(query)) <= set(result.unmatched)


def test_a_kind_the_texts_name_is_found():
    parsed = ParsedQuery(raw="户外电子屏 广告", concepts=[Concept("户外"), Concept("电子屏"), Concept("广告")],
                         kinds=["电子屏"])
    assert unmatched_words(parsed, ["户外电子屏设置广告应当符合规划"]) == []
    assert unmatched_words(parsed, ["户外广告设置应当符合规划"]) == ["电子屏"]
    assert answer_of("words", 1.0, parsed, []) == DIRECT
    assert answer_of("words", 1.0, parsed, ["电子屏"]) == RELATED


def test_the_measure_word_of_a_quantity_lends_no_character_to_a_scattered_word():
    # 门 of 门槛 and the 头 of 多少头 are no 门头 (a shop sign)
    assert "门头" not in _words("规模化的门槛是多少头")
    assert "门头" in _words("门头太大")


def test_a_lexicon_word_with_one_character_typed_wrong_but_sounding_right_is_found():
    found = _terms("遛狗不栓绳怎么罚")
    assert found["栓绳"][0] == "拴绳"            # the typed form, read as the lexicon word
    assert "秸秆" in _terms("地里少玉米杆子")["玉米杆"]
    # Two wrong characters are no typo of one word; a word typed right is not a typo of another.
    assert "栓神" not in _terms("栓神")
    assert [found.word for found in expansions("遛狗")] == ["遛狗"]
    # An everyday word the index lacks is what was meant, not a typo (管用 is no 管涌).
    assert "管用" not in _terms("这条规定到底管用不")
    # A typo does not start inside an everyday word (班走 of 下班走 is no 搬走); its end may
    # run into the next one, as the segmenter cut it (栓 绳子).
    assert "班走" not in _terms("我下班走在小区路上") and "栓绳" in _terms("溜狗不栓绳子")


def test_a_word_the_index_or_the_dictionary_knows_is_no_typo_of_a_lexicon_word():
    # 生火 sounds like 生活 and 生伙; 生活 is an everyday word, 生伙 one the index may know
    assert "生活" not in {found.word for found in expansions("生活")}
    assert "生伙" in {found.word for found in expansions("生伙")}
    assert "生伙" not in {found.word for found in expansions("生伙", known={"生伙"}.__contains__)}


def test_a_character_may_serve_two_scattered_words():
    found = _words("老枣树能挪不")
    assert "老树" in found and "挪树" in found


def test_a_found_word_brings_the_terms_of_the_lexicon_words_inside_it():
    terms = _terms("街道办管不管养狗的事")["养狗的"]
    assert terms[0] == "养犬人" and "养犬" in terms


def test_an_inner_word_only_linked_to_the_law_lends_no_terms_to_a_word_that_is_the_same_thing():
    # 闹事 ~ 殴打 only links; 医院闹事 = 聚众闹事 医疗秩序 is that thing, and 殴打 taken as
    # its term made a penalty for 殴打工作人员 answer how 医闹 is punished.
    from kb.search.lexicon import associated
    assert "闹事" in associated() and "医院闹事" not in associated()
    terms = _terms("在医院闹事怎么处理")["医院闹事"]
    assert "聚众闹事" in terms and "殴打" not in terms


def test_an_overlapping_word_that_says_nothing_new_is_not_counted_again():
    found = _words("在大街上撒尿罚多少")
    assert "大街" in found and "街上" not in found and "撒尿" in found


def test_people_and_roles():
    assert "未成年人" in _terms("小孩放鞭炮")["小孩"]
    assert "监护人" in _terms("家长要不要管")["家长"]
    assert "大人" not in _words("人大代表几个人一起签名")


# --- content words -------------------------------------------------------------------------

INDEXED = {"条件": 3, "秸秆": 4, "玉米": 0, "水质": 2, "事权": 0}


def _known(word):
    return INDEXED.get(word, 0) > 0


def _widen(word):
    sounds = {"条见": [("条件", HOMOPHONE_BOOST)], "中不": [("重复", HOMOPHONE_BOOST)],
              "解事权": [("解释权", HOMOPHONE_BOOST)], "解事": [("介绍", HOMOPHONE_BOOST)],
              "听政会": [("听证会", HOMOPHONE_BOOST)], "罚会": [("法会", HOMOPHONE_BOOST)],
              "它人": [("他人", HOMOPHONE_BOOST)]}
    return sounds.get(word, [])


def test_two_characters_that_sound_like_an_indexed_word_are_that_word_typed_wrong():
    assert "条见" in content_words("城里养狗要啥条见", _known, _widen)
    # Question words are never joined, even when they sound like something (中不 ~ 重复).
    assert "中不" not in content_words("绿化带里放羊中不中", _known, _widen)


def test_a_typo_cut_into_a_character_and_a_word_is_joined_back():
    # 解事权 is cut 解 事权; together they sound like 解释权 with one character wrong.
    assert "解事权" in content_words("条例的解事权归谁", _known, _widen)
    # a homophone two characters apart is no typo of the pair
    assert "解事" not in content_words("解 事", _known, _widen)


def test_a_word_typed_twice_is_what_the_question_is_about(jining_index):
    query = "庄上村委会让俺当个河长，俺一个种地的也不懂，这河长平常都得干点啥，是不是有啥规定"
    concepts = {c.word: c for c in parse_query(query, lambda ch: []).concepts}
    assert concepts["河长"].repeated and not concepts["村委会"].repeated
    # An article naming 村民委员会, 农村 and 农民 but not 河长 no longer covers most of it.
    assert jining_index.search(query).answer != DIRECT


@pytest.mark.parametrize("query", ["泗河上那些水闸啥时候开啥时候关，谁说了算", "这事到底谁说了算"])
def test_who_decides_is_how_it_is_asked(query):
    words = content_words(query)
    assert "说了算" not in words and "谁说了算" not in words


def test_pieces_not_typed_together_are_no_typo():
    # 它的人: once 的 is dropped, 它 人 sound like 他人, but they were never typed as one word
    assert "它人" not in content_words("到底谁是看护它的人", _known, _widen)


def test_a_typo_ending_in_a_question_word_typed_right_is_joined_back():
    # 听政 会: 会 is a question word (会被罚不), but here it ends 听证会, typed right.
    assert "听政会" in content_words("草案啥时候要开听政会", _known, _widen)
    # a lone character and a question word are never a typo (罚 会 is no 法会)
    assert "罚会" not in content_words("罚会", _known, _widen)


def test_a_word_the_index_does_not_know_leans_on_what_it_sounds_like():
    from whoosh.query import Term

    parsed = parse_query("解事权", lambda ch: [], lambda word: False, lambda word: [("解释权", HOMOPHONE_BOOST)])
    boosts = [t.boost for t in parsed.whoosh_query.leaves() if isinstance(t, Term) and t.text == "解释权"]
    assert boosts and boosts[0] > HOMOPHONE_BOOST


def test_an_unknown_compound_keeps_its_last_character():
    words = content_words("玉米秆点了", _known, _widen)
    assert "玉米" in words and "秆" in words
    # after a number the last character is a unit, not the thing: 第八条 is not about 条
    assert "条" not in content_words("威海养犬条例第八条", _known, _widen)


def test_a_pronoun_the_segmenter_joined_to_a_word_is_dropped():
    known = {"村"}.__contains__
    assert "村" in content_words("老树长在俺村里头", known) and "俺村" not in content_words("老树长在俺村里头", known)


def test_a_locative_after_a_place_is_dropped_but_not_after_a_seat_of_government():
    known = {"村", "河", "市", "河长"}.__contains__
    assert "村" in content_words("俺们村里也有河长不", known)
    assert "河" in content_words("河边有人洗衣服", known)
    assert "市里" in content_words("市里管这事不", known)      # 市里 is the city's offices


@pytest.mark.parametrize("query, word", [("泗河大堤上的路坑坑洼洼的", "坑洼"), ("狗狗在小区拉屎", "狗")])
def test_a_doubled_word_is_the_word_once(query, word):
    known = {"坑洼", "狗", "小区", "拉屎"}.__contains__
    words = content_words(query, known)
    assert word in words and not any(len(w) > 1 and w[0] == w[1] for w in words)


@pytest.mark.parametrize("query, act", [("公共自行车咋办卡", "办卡"), ("外地人咋办手续", "办手续")])
def test_the_act_the_segmenter_ran_into_a_question_word_is_kept(query, act):
    words = content_words(query)
    assert act in words and "咋办" not in words


def test_a_question_ending_in_zaban_asks_how_and_names_no_act():
    assert "办" not in "".join(content_words("狗证丢了咋办"))


@pytest.mark.parametrize("query", ["医院多收费 谁管 找哪个部门投诉", "小区里养鸡归谁管"])
def test_a_lexicon_rule_that_only_asks_who_acts_is_intent_not_content(query):
    parsed = parse_query(query, lambda ch: [])
    asking = [c for c in parsed.concepts if c.from_lexicon and c.word in ("谁管", "归谁管", "哪个部门", "哪个部门管")]
    assert parsed.department_intent and asking and all(c.intent for c in asking)
    assert any(not c.intent for c in parsed.concepts)     # what it is about still counts


def test_the_padding_of_a_spoken_account_is_dropped():
    words = content_words("我家孩子今年才十岁，过年非吵着要自己拿打火机去点鞭炮，我们当家长的是不是必须在旁边看着")
    for padding in ("今年", "自己", "看着", "我家"):
        assert padding not in words
    assert "鞭炮" in words and "家长" in words


@pytest.mark.parametrize("query, unit", [("古树 周边 几米", "米"), ("狗几天内要打针", "日"),
                                         ("一户能养几只", "只"), ("罚几块钱", "元"), ("多少年的树才算古树", "年"),
                                         ("这棵古树是几级保护", "级")])
def test_a_quantity_question_asks_for_the_unit(query, unit):
    words = content_words(query)
    assert unit in words and not any(w.startswith(("几", "多少")) for w in words)


@pytest.mark.parametrize("query, counted", [("城里院子里拴几只羊", "几只"), ("家里养了两条狗", "两条"),
                                            ("一头猪罚多少", "一头"), ("两家都推，找谁给定", "两家"),
                                            ("合租一套屋，想养狗", "一套"), ("还得再去打一回不", "一回")])
def test_how_many_of_a_thing_is_no_content(query, counted):
    words = content_words(query)
    assert counted not in words and not any(w.startswith(counted) for w in words)


def test_a_particular_asked_for_is_answered_only_where_it_is_stated(jining_index):
    asked = {c.word for c in parse_query("禁放警示牌 尺寸 样式", lambda ch: []).concepts if c.asked}
    assert {"尺寸", "样式"} <= asked
    # 烟花爆竹条例第十条 says where the sign stands, not its size
    assert jining_index.search("禁放警示牌 尺寸 样式").answer != "direct"
    # 古树名木条例第十四条 does state the sign's 格式 (统一格式)
    result = jining_index.search("古树保护牌 格式")
    assert result.answer == "direct" and (result.hits[0].slug, result.hits[0].article) == ("ancient-trees", 14)


@pytest.mark.parametrize("query", ["宠物医院给狗看病收费有标准吗", "给市人大提立法建议发哪个邮箱", "实名买鞭炮带啥证件",
                                   "公共场所的免费无线网 密码是啥", "大型户外广告位 租一年多少钱",
                                   "城镇道路 限速"])
def test_a_fee_or_an_address_asked_is_answered_only_where_it_is_stated(jining_index, query):
    # The articles found speak of 犬只诊疗机构, 立法建议, 无线网络 and 大型户外广告, not of what
    # they charge, where to write, the password or the rent (a fine in 元 is no rent): related
    # at most.
    assert any(c.asked for c in parse_query(query, lambda ch: []).concepts)
    assert jining_index.search(query).answer != DIRECT


@pytest.mark.parametrize("query", ["古树名木给上保险不", "租的房子 房东不让养狗 俺还能去办狗证吗",
                                   "养猫要不要去派出所登记", "城区道路上酒驾 扣分不", "被狗咬了打疫苗能报销不",
                                   "夜市摆摊要缴税吗", "宽带网速慢能退钱不"])
def test_a_matter_other_laws_govern_is_answered_only_where_it_is_named(jining_index, query):
    # The articles found are about 古树名木 and 养犬登记; insurance, tenancy and cats are not theirs.
    assert any(c.asked for c in parse_query(query, lambda ch: []).concepts)
    assert jining_index.search(query).answer != DIRECT


def test_a_matter_other_laws_govern_is_the_laws_own_where_the_lexicon_maps_it(jining_index):
    # 坐牢 is the lexicon's everyday word for 追究刑事责任, which 泗河条例 states for 炸鱼:
    # a word the lexicon maps to the law's terms is the law's matter, not another law's.
    result = jining_index.search("在泗河里炸鱼要坐牢吗")
    assert result.answer == DIRECT


def test_what_is_asked_the_lexicon_only_links_must_be_said(jining_index):
    # 旁听 ~ 列席会议: the law lets deputies and committee members attend, it says nothing of
    # the public listening in.
    parsed = parse_query("常委会审议法规能去旁听吗", lambda ch: [])
    listen = next(c for c in parsed.concepts if c.word == "旁听")
    assert listen.associated and listen.asked
    assert jining_index.search("常委会审议法规能去旁听吗").answer != DIRECT


@pytest.mark.parametrize("query", ["俺村彩礼要二十万 有规定管管不", "楼道里撂了一堆破烂，违反啥规定",
                                   "坐公交不给老人让座有没有规定"])
def test_asking_whether_a_rule_exists_is_no_content(query):
    # Every article is a rule: 规定 says how the question is asked, not what about.
    assert "规定" not in content_words(query)


def test_a_particular_stays_asked_inside_a_lexicon_phrase(jining_index):
    # 尾号限行 is the lexicon's phrase for 限制部分机动车行驶; 哪几个尾号 still asks the numbers
    concepts = parse_query("重污染天气限行 限哪几个尾号", lambda ch: []).concepts
    assert any(c.from_lexicon for c in concepts) and any(c.word == "尾号" and c.asked for c in concepts)
    result = jining_index.search("重污染天气限行 限哪几个尾号")
    assert result.answer == RELATED and ("air-pollution", 12) in [(h.slug, h.article) for h in result.hits[:3]]


def test_the_spoken_passive_is_no_content():
    # 叫人倒在路边 is 被人倒在路边: who did it, not what
    assert "叫" not in content_words("垃圾叫人倒在路边") and "倒" in content_words("垃圾叫人倒在路边")


def test_a_verb_standing_for_any_act_is_no_content():
    # 这么干, 咋弄: the act is named elsewhere (干 is no 树干, 干流)
    words = content_words("有人偷电动车，俺冲上去逮他，这么干中不中")
    assert "干" not in words and "电动车" in words


def test_a_measure_word_alone_may_be_a_thing():
    # Counted only after a number: 家, 间 and 片 alone are a home, a room and a patch
    assert "家" in content_words("家和单位")
    assert not COUNTED_RE.fullmatch("家") and not COUNTED_RE.fullmatch("片") and COUNTED_RE.fullmatch("一片")


def test_an_asked_unit_is_held_only_where_an_amount_is_stated():
    vocabulary = {"年": ["年度", "百年", "未成年", "五年"]}.get
    parsed = parse_query("多少年的老树才能算古树", lambda ch: vocabulary(ch, []))
    year = next(c for c in parsed.concepts if c.word == "年")
    assert year.amount and year.variants == ["百年", "五年"]      # amounts only, not 年度
    assert says_amount("树龄在一百年以上", "年") and says_amount("每5年普查", "年")
    assert says_amount("两个月内", "月") and not says_amount("年度计划", "年")
    assert says_amount("在十个工作日内告知", "日") and not says_amount("工作日", "日")     # 几天: working days too
    assert says_amount("由全体代表的过半数通过", "人") and says_amount("三分之二以上通过", "人")   # 多少人: a share too
    texts = ["古树名木的年度养护计划", "古树，是指树龄在一百年以上的树木"]
    assert "多少年" in unmatched_words(parsed, texts[:1]) and "多少年" not in unmatched_words(parsed, texts)


@pytest.mark.parametrize("query, told", [
    ("路灯坏了好几天了也没人修，归谁管", "日"),          # 好几天: a while, as the officer tells it
    ("门口有块空地堆满了垃圾，这该谁来清", "块"),        # 有块地: there is a plot, not 有…吗
    ("楼上有户人家天天往下扔烟头", "户"),
    ("路口有位老人天天烧纸，管不管", "位"),
])
def test_a_few_or_a_thing_told_in_passing_is_not_asked(query, told):
    parsed = parse_query(query, lambda ch: [])
    assert not any(c.asked or c.amount for c in parsed.concepts if c.word == told)


@pytest.mark.parametrize("query, unit", [("路灯坏了几天之内得修好", "日"), ("古树有多少棵", "棵")])
def test_how_many_is_still_asked(query, unit):
    # 几 right after a verb, and 多少 even after 有, ask the number.
    assert any(c.amount and c.word == unit for c in parse_query(query, lambda ch: []).concepts)


def test_money_asked_as_a_price_is_not_answered_by_a_fine():
    assert says_amount("每证收费五十元", PRICE) and not says_amount("可处二千元以上二万元以下的罚款", PRICE)
    assert not says_amount("处五十元罚款", PRICE)
    words = {c.word for c in parse_query("广告牌租一年多少钱", lambda ch: []).concepts if c.amount}
    assert words == {PRICE}
    # Asking the fine, the fine answers: 元, not a price.
    assert {c.word for c in parse_query("乱贴广告罚多少钱", lambda ch: []).concepts if c.amount} <= {"元"}


def test_an_amount_asked_is_not_taken_by_a_lexicon_phrase_holding_its_unit():
    # 垃圾分类分几类: 类 is asked as a count, not a character of 垃圾分类.
    concepts = parse_query("垃圾分类分几类", lambda ch: []).concepts
    assert any(c.word == "类" and c.amount for c in concepts) and any(c.from_lexicon for c in concepts)


@pytest.mark.parametrize("text, read", [
    ("古树认养年费", "古树认养年费多少"), ("环卫工 月工资", "环卫工 月工资多少"), ("组成人员 人数", "组成人员 人数多少"),
    ("免疫费用谁出", "免疫费用谁出"), ("补贴多少", "补贴多少"), ("要不要交费", "要不要交费"), ("", ""), ("费", "费多少"),
])
def test_a_fee_or_count_named_last_and_nothing_else_asked_asks_how_much(text, read):
    assert implied_amount(text) == read


@pytest.mark.parametrize("query", ["古树认养年费", "环卫工 月工资", "人大常委会 组成人员 人数"])
def test_a_fee_or_count_no_article_states_is_no_direct_answer(jining_index, query):
    # The texts speak of 认养, 环卫工人 and 组成人员, never of how much they cost, earn or number.
    result = jining_index.search(query)
    assert result.hits and result.answer == RELATED


def test_a_class_asked_of_the_real_texts_is_reported_unfound_as_asked(jining_index):
    # 水环境条例 speaks of 南四湖 and its water quality, never of its class (Ⅲ类).
    result = jining_index.search("南四湖的水是几类水")
    assert result.answer == RELATED and result.unmatched == ["多少类"] and "未找到：多少类" in result.caveat


def test_a_spoken_fee_is_asked_as_a_fee():
    assert [c.word for c in parse_query("公共厕所 收钱不", lambda ch: []).concepts if c.asked] == ["费用"]
    assert [c.word for c in parse_query("有没有不要钱的无线网", lambda ch: []).concepts] == ["免费", "无线网"]


@pytest.mark.parametrize("query, unit", [("村里开个电商服务站 政府补贴多少", "元"), ("办狗证押金要多少", "元"),
                                         ("绿地率多少", PERCENT), ("小区绿化面积占比最少得多少", PERCENT),
                                         ("小区绿地最少要占多少", PERCENT)])
def test_a_bare_how_much_asks_for_the_unit_its_thing_is_counted_in(query, unit):
    assert unit in content_words(query)


@pytest.mark.parametrize("query", ["泗河堤顶路限速多少", "给人大提建议的邮箱地址是多少", "红色预警指数到多少才启动"])
def test_a_bare_how_much_naming_no_unit_asks_for_some_figure(query):
    assert FIGURE in content_words(query)


@pytest.mark.parametrize("query", ["埋管子得离树多远", "多大面积的广告牌才算大型户外广告", "空调外机离地最低多高"])
def test_how_far_or_how_big_asks_for_a_measure(query):
    assert MEASURE in content_words(query)


def test_a_measure_is_a_length_an_area_or_an_age_not_a_fine():
    assert says_amount("距离树干外缘不得少于一点五米", MEASURE) and says_amount("出生满三个月", MEASURE)
    assert says_amount("胸径不低于十厘米", MEASURE) and not says_amount("处二百元以上五百元以下的罚款", MEASURE)
    assert "面积" in content_words("多大面积的广告牌")          # jieba's 多 大面积, taken apart


def test_what_time_asks_for_a_clock_time():
    assert "时" in content_words("公园晚上几点关门") and "时" in content_words("夜里能放到几点钟")
    assert not says_amount("夜间不得燃放", "时") and says_amount("二十二时至次日六时", "时")


def test_the_thing_after_how_much_names_its_unit():
    assert "元" in content_words("摆地摊一个月得交多少管理费")
    assert "头" in content_words("规模化的门槛是多少头")      # a measure the law never counts in
    assert FIGURE not in content_words("多少") and "头" not in content_words("散养几头猪")


def test_a_figure_is_any_amount_the_law_states_not_an_article_number():
    assert says_amount("限速每小时三十公里", FIGURE) and says_amount("不得低于百分之三十五", FIGURE)
    assert says_amount("十五日内", FIGURE) and not says_amount("依照本条例第三十条处理", FIGURE)
    assert not says_amount("应当公布受理举报的电话、信箱", FIGURE)


def test_a_bare_how_much_after_a_fine_is_left_to_the_penalty_question():
    assert "元" not in content_words("狗在路上拉屎不捡罚款多少")
    assert not any(c.amount for c in parse_query("遛狗罚款多少", lambda ch: []).concepts)


def test_a_share_is_said_in_per_cent():
    assert says_amount("绿地率不得低于百分之三十五", PERCENT) and says_amount("达到30%以上", PERCENT)
    assert not says_amount("按照一定比例配建", PERCENT)


def test_how_long_asks_for_a_period_in_any_unit_of_time():
    vocabulary = {"日": ["日常", "十五日"], "月": ["三个月", "月份"]}.get
    for query in ("不动产证多久能下来", "许可证多长时间能批下来"):
        period = [c for c in parse_query(query, lambda ch: vocabulary(ch, [])).concepts if c.amount]
        assert [c.word for c in period] == [PERIOD] and period[0].variants == ["十五日", "三个月"]
    assert says_amount("自取得证明之日起十五日内", PERIOD) and says_amount("不得超过一年", PERIOD)
    assert not says_amount("日常养护，按月统计", PERIOD)


def test_an_article_stating_no_asked_amount_is_no_answer_to_a_how_much_question():
    parsed = parse_query("办养犬登记证多少钱", lambda ch: [])
    stated, silent = _document("养犬登记证每证收费五十元", 1), _document("养犬人应当办理养犬登记证", 2)
    ranked, _ = rank([(silent, 2.0), (stated, 1.0)], parsed)
    by_docnum = {s.document["docnum"]: s for s in ranked}
    assert by_docnum[2].answers == 0.0 and by_docnum[1].answers > 0.5
    assert answer_of("words", by_docnum[2].answers, parsed, []) == RELATED


def test_the_act_a_question_asks_about_must_be_said_by_a_direct_answer():
    known = {"公园", "自行车", "骑"}.__contains__
    parsed = parse_query("公园里能骑自行车吗", lambda ch: [], known)
    assert [c.word for c in parsed.concepts if c.asked] == ["骑"]
    park = _document("公园内禁止停放自行车", 1)
    riding = _document("公园内禁止骑自行车", 2)
    by_docnum = {s.document["docnum"]: s for s in rank([(park, 2.0), (riding, 1.0)], parsed)[0]}
    assert by_docnum[1].answers == 0.0 and by_docnum[2].answers > 0.55
    # A word the index knows in no form may be worded otherwise in the law: it cannot count.
    unknown = parse_query("公园里能骑自行车吗", lambda ch: [], {"公园", "自行车"}.__contains__)
    assert rank([(park, 1.0)], unknown)[0][0].answers > 0.5
    # 有什么规定 asks for the rules, which every article is.
    assert content_words("捐献遗体有什么规定") == ["捐献", "遗体"]


def test_how_many_and_a_number_as_told_are_not_content():
    assert content_words("砍了一棵三百多年的老树", _known, _widen) == ["砍", "树"]
    assert content_words("三百多 古树") == ["古树"] and content_words("这辆 电动车") == ["电动车"]
    assert content_words("伐一补二") == ["伐", "一", "补", "二"]      # a slogan's numbers stay
    assert content_words("12315投诉") == ["12315", "投诉"]             # so does a hotline


def test_asking_what_counts_as_something_lifts_the_article_defining_it():
    parsed = parse_query("多少年的老树才能算古树", lambda ch: [])
    assert parsed.definition_intent and "算" not in [c.word for c in parsed.concepts]
    plain, defining = _document("古树名木实行分级保护", 1), _document("本条例所称古树，是指树龄在一百年以上的树木", 2)
    ranked, _ = rank([(plain, 1.0), (defining, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 2
    assert not parse_query("古树能不能砍", lambda ch: []).definition_intent


def test_the_negated_half_of_an_a_not_a_question_is_not_content():
    assert content_words("电子鞭炮让不让放") == ["电子", "鞭炮", "放"]
    assert "不拴" not in content_words("遛狗拴不拴绳")


def test_counting_words_and_a_cut_off_suffix_are_not_content():
    words = content_words("小区那棵歪脖子树碍事", _known, _widen)
    assert "棵" not in words and "树" in words
    assert "子" not in content_words("在河堤上搭个庵子")


def test_a_question_word_the_segmenter_cut_apart_is_still_a_question_word():
    # 干 啥 and 多 大 come out of the segmenter as single characters: neither is content.
    assert "干" not in content_words("社区招的文明劝导员是干啥的")
    assert "大" not in content_words("新楼盘的绿地要占多大比例")
    assert "比例" in content_words("新楼盘的绿地要占多大比例")


def test_an_abbreviation_finds_the_full_term():
    terms = {"常": ["常务委员会", "经常"], "人": ["人民代表大会", "人大代表", "个人"], "第": ["第二十一条"],
             "环": ["环境", "环境保护"]}
    vocabulary = lambda char: terms.get(char, [])   # noqa: E731
    assert abbreviated("常委", vocabulary) == ["常务委员会"]
    assert abbreviated("人大", vocabulary) == ["人民代表大会"]     # not 人大代表: it only contains 人大
    assert abbreviated("环保", vocabulary) == ["环境保护"]
    assert abbreviated("第十一", vocabulary) == []                # numbers abbreviate nothing
    assert abbreviated("常", vocabulary) == [] and abbreviated("abc", vocabulary) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="几多少米年天块钱只个月人的了吗，。 abc1", max_size=20))
def test_content_words_of_garbage_never_break(text):
    words = content_words(text, _known, _widen)
    assert all(isinstance(w, str) and w for w in words)


# --- ranking and the answer ----------------------------------------------------------------


def _document(text, docnum):
    return {"text": text, "docnum": docnum, "id": str(docnum), "penalty": False}


def _answers(parsed, *scored):
    """docnum → the answering share rank() gives each (document, whoosh score)."""
    return {s.document["docnum"]: s.answers for s in rank(list(scored), parsed)[0]}


def test_a_concept_most_candidates_hold_weighs_less_in_the_ordering():
    parsed = ParsedQuery(raw="大街 撒尿", concepts=[Concept("撒尿", ["便溺"]), Concept("大街", ["道路"])])
    street = [_document(f"道路两侧第{i}条", i) for i in range(6)]
    candidates = [(d, 1.0) for d in street] + [(_document("禁止随地便溺", 9), 1.0)]
    ranked, _ = rank(candidates, parsed)
    assert ranked[0].document["docnum"] == 9


def test_a_question_asking_who_acts_lifts_an_article_naming_a_body():
    parsed = parse_query("遛狗谁管", lambda ch: [])
    assert parsed.department_intent
    plain, body = _document("遛犬应当拴绳", 1), _document("公安机关负责查处遛犬不拴绳", 2)
    ranked, _ = rank([(plain, 1.0), (body, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 2
    assert not parse_query("遛狗要拴绳吗", lambda ch: []).department_intent


def test_asking_who_fines_seeks_the_article_naming_who_imposes_the_penalties():
    parsed = parse_query("罚款归哪个部门", lambda ch: [])
    assert parsed.penalty_intent and parsed.department_intent
    assert any("行政处罚" in c.variants for c in parsed.concepts if c.intent)
    assert not any("行政处罚" in c.variants for c in parse_query("乱扔垃圾罚多少", lambda ch: []).concepts)
    duty = _document("城市管理部门负责城镇容貌管理", 1)
    enforcer = _document("本条例规定的行政处罚，由城市管理部门实施", 2)
    ranked, _ = rank([(duty, 1.0), (enforcer, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 2


@pytest.mark.parametrize("query", ["市容这块的罚款由哪个部门开罚单", "市容卫生违法 罚款 归哪个部门"])
def test_who_fines_under_a_regulation_finds_its_enforcer_article(jining_index, query):
    found = [(hit.slug, hit.article) for hit in jining_index.search(query).hits[:3]]
    assert ("city-appearance", 8) in found


@pytest.mark.parametrize("query", ["过年在县城里放炮中不中", "外地人在市区能养狗吗", "绿化带里放羊行不行",
                                   "俺家狗还没打针犯法不"])
def test_a_question_whether_something_is_allowed_lifts_an_article_that_rules_on_it(query):
    parsed = parse_query(query, lambda ch: [])
    assert parsed.permission_intent
    plain, rule = _document("做好宣传教育工作", 1), _document("禁止在下列地点从事该活动", 2)
    ranked, _ = rank([(plain, 1.0), (rule, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 2


def test_a_question_that_asks_nothing_about_permission_lifts_nothing():
    parsed = parse_query("遛狗要拴绳", lambda ch: [])
    assert not parsed.permission_intent
    plain, rule = _document("遛犬应当拴绳", 1), _document("禁止遛犬不拴绳", 2)
    ranked, _ = rank([(plain, 2.0), (rule, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 1


def test_asking_who_is_accountable_is_a_penalty_question_and_its_words_are_not_content():
    parsed = parse_query("空气越来越差当地政府要担责吗", lambda ch: [])
    assert parsed.penalty_intent
    # The segmenter may cut 担责 into 担 and 责: both are how the question is asked.
    assert all(c.intent for c in parsed.concepts if c.word in "担责")
    assert not any(c.intent for c in parsed.concepts if c.word == "空气")


def test_an_unknown_compound_is_unmatched_as_a_whole():
    parsed = ParsedQuery(raw="地下室住人", concepts=[Concept("地下", whole="地下室"), Concept("室", whole="地下室"),
                                                 Concept("住", ["居住"])])
    texts = ["地下管线", "居住区的会议室"]
    assert unmatched_words(parsed, texts) == ["地下室"]
    # the compound's parts count as missing: more than half of the question is unfound
    assert answer_of("words", 1.0, parsed, ["地下室"]) == RELATED


def test_what_the_regulation_is_about_does_not_count_as_found():
    fishing = ParsedQuery(raw="泗河钓鱼 要办证不", concepts=[
        Concept("办证", ["许可"], from_lexicon=True), Concept("泗河"), Concept("钓鱼", known=False)])
    assert answer_of("words", 1.0, fishing, ["钓鱼"]) == DIRECT       # a third of it unfound
    # …but 泗河 only says which regulation: of what is asked of it, half is unfound.
    assert answer_of("words", 1.0, fishing, ["钓鱼"], "泗河保护管理\n济宁市") == RELATED
    # The city the text is law in says no more (济宁 in 济宁市).
    city = ParsedQuery(raw="济宁 办证 钓鱼", concepts=[
        Concept("济宁"), Concept("办证", ["许可"], from_lexicon=True), Concept("钓鱼", known=False)])
    assert answer_of("words", 1.0, city, ["钓鱼"], "泗河保护管理\n济宁市") == RELATED
    # A behaviour the lexicon knows counts, though the title names it too.
    fireworks = ParsedQuery(raw="小区里放鞭炮", concepts=[
        Concept("放鞭炮", ["烟花爆竹", "燃放"], from_lexicon=True), Concept("小区")])
    assert answer_of("words", 1.0, fireworks, ["小区"], "烟花爆竹燃放安全管理\n济宁市") == DIRECT
    # A question made only of such words is judged on them all.
    trees = ParsedQuery(raw="济宁 古树", concepts=[Concept("济宁"), Concept("古树")])
    assert answer_of("words", 1.0, trees, [], "古树名木保护\n济宁市") == DIRECT


def test_a_question_on_the_regulations_subject_with_its_matter_unfound_is_not_answered(jining_index):
    result = jining_index.search("泗河钓鱼 要办证不")
    assert result.hits and result.answer == RELATED and "钓鱼" in result.unmatched


def test_what_the_regulation_is_about_is_half_held_by_each_of_its_articles():
    parsed = ParsedQuery(raw="泗河 乱搭", concepts=[Concept("泗河"), Concept("乱搭")])
    penalty = dict(_document("在总体规划范围内乱搭乱建的，责令限期改正", 1), subject="泗河保护")
    elsewhere = _document("禁止在城镇道路两侧乱搭乱建", 2)
    ranked, _ = rank([(elsewhere, 1.0), (penalty, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 1 and ranked[0].coverage == 0.75
    said = dict(_document("泗河水域管理区内禁止乱搭乱建", 3), subject="泗河保护")
    assert rank([(penalty, 1.0), (said, 1.0)], parsed)[0][0].document["docnum"] == 3


def test_the_duties_a_penalty_sanctions_are_kb_legal_links(jining_index):
    # 绿化条例第四十七条: 违反本条例第三十四条第一款规定，擅自砍伐或者移植行道树的…
    penalty = {"slug": "urban-greening", "article": 47, "suffix": 0, "penalty": True}
    assert jining_index._sanctioned(penalty) == [(34, 0)]
    assert jining_index._sanctioned(dict(penalty, article=34, penalty=False)) == []


@pytest.mark.parametrize("query", ["带狗出门不拴绳会被罚吗", "在医院闹事怎么处理"])
def test_a_penalty_question_is_not_answered_by_the_penalties_for_other_things(jining_index, query):
    # The stored 养犬 text stops before its penalties, and the 文明行为 rule on 医闹 has none
    # of its own: any penalty listed beside them is for 摆卖 or 绿地, which is no answer.
    result = jining_index.search(query)
    penalties = [h for h in result.hits[:3] if h.penalty]
    assert result.hits and all(h.slug != result.hits[0].slug for h in penalties)
    assert result.answer != "direct"


def test_a_penalty_question_is_answered_only_where_a_penalty_for_it_is_stated():
    from kb.search.ranking import PENALTY_DEPTH, best_answer
    parsed = parse_query("饭店不劝客人放炮会被罚不", lambda ch: [])
    assert parsed.penalty_intent
    duty = [dict(_document(f"饭店应当劝阻燃放{i}", i), slug="fireworks", article=10 + i)
            for i in range(PENALTY_DEPTH + 1)]
    ranked, _ = rank([(d, 1.0) for d in duty], parsed)
    assert best_answer(ranked, parsed) == 0.0

    def listed_with(penalty):
        ranked, _ = rank([(d, 1.0) for d in duty[:PENALTY_DEPTH - 1]] + [(penalty, 1.0)], parsed)
        assert ranked[0].document is duty[0] and ranked[PENALTY_DEPTH - 1].document is penalty
        return best_answer(ranked, parsed), ranked[0].answers

    # a penalty for something else listed beside the duty says nothing of what it costs
    elsewhere = dict(_document("违反本条例，乱停车的，处二百元罚款", 9), penalty=True, slug="fireworks", article=30)
    assert listed_with(elsewhere)[0] == 0.0
    other = dict(elsewhere, slug="city-appearance", sanctions=[(10, 0)])
    assert listed_with(other)[0] == 0.0              # 第十条 of another regulation
    # one kb.legal links to the duty (第十条: the searcher lists it as `sanctions`), or one
    # answering the question on its own, does
    citing = dict(elsewhere, sanctions=[(10, 0)])
    best, answers = listed_with(citing)
    assert best == answers > 0
    itself = dict(elsewhere, text="饭店不劝阻客人燃放的，处二百元罚款", docnum=8, id="8")
    ranked, _ = rank([(d, 1.0) for d in duty[:PENALTY_DEPTH - 1]] + [(itself, 1.0)], parsed)
    assert best_answer(ranked, parsed) == ranked[0].answers > 0
    # a question not asking the penalty needs none
    plain = parse_query("饭店要劝客人别放炮吗", lambda ch: [])
    ranked, _ = rank([(d, 1.0) for d in duty], plain)
    assert best_answer(ranked, plain) == ranked[0].answers and best_answer([], plain) is None


def test_a_question_mostly_found_is_direct():
    parsed = ParsedQuery(raw="遛狗 拴绳", concepts=[Concept("遛狗", ["遛犬"], from_lexicon=True), Concept("拴绳")])
    assert answer_of("words", 1.0, parsed, []) == DIRECT



@pytest.mark.parametrize("query, why", [("遛狗为啥得拴绳", True), ("罚款这个数咋定的", True),
                                        ("凭什么不让在路边摆摊", True), ("路边摆摊为啥没人管", False),
                                        ("为什么不罚", False), ("遛狗不拴绳怎么罚", False)])
def test_a_question_asking_why_is_never_direct(query, why):
    parsed = parse_query(query, lambda ch: [])
    assert parsed.reason_intent is why
    assert (answer_of("words", 1.0, parsed, []) == RELATED) is why


@pytest.mark.parametrize("query", ["俺家门口的垃圾桶叫人踢翻了", "让人给砍了", "扫大街的工钱叫人拖着不给"])
def test_the_agent_of_a_spoken_passive_is_no_content(query):
    # 叫人, 让人: whoever did it; a lone 人 widened to 人民政府 and 个人
    assert "人" not in content_words(query)


# --- on the real texts ---------------------------------------------------------------------


@pytest.mark.parametrize("query, slug, article", [
    ("城里养狗要啥条见", "dog-keeping", 14),                     # typo cut into characters
    ("古树 周边 几米", "ancient-trees", 12),                    # quantity → unit
    ("废弃的电线杆一直没人拆", "city-appearance", 25),          # 电线杆 → 电线 杆 → 线杆
    ("我家孩子今年才十岁，过年非吵着要自己拿打火机去点鞭炮，我们当家长的是不是必须在旁边看着", "fireworks", 7),
    ("俺兄弟不管俺娘，不给钱不伺候，犯法不", "civilized-behaviour", 14),   # 俺娘 → 母亲 → 老年人
    ("多少年的老树才能算古树", "ancient-trees", 4),                       # what counts as: the definition
    ("新盖的小区绿化面积占比最少得多少", "urban-greening", 10),            # a share: 百分之三十五
])
def test_spoken_questions_find_their_article(jining_index, query, slug, article):
    hits = [(h.slug, h.article) for h in jining_index.search(query, limit=3).hits]
    assert (slug, article) in hits, hits


def test_an_article_is_about_its_regulations_subject(jining_index):
    entry = jining_index.library.get("si-river")
    assert entry.subject == "泗河保护管理" and jining_index.library.get("dog-keeping").subject == "养犬管理"
    assert jining_index.library.get("smart-city").subject == "智慧城市促进"     # 智慧城市 is no place
    result = jining_index.search("在泗河边搭棚子摆小摊怎么罚")
    assert "泗河" not in result.unmatched


def test_a_figure_no_article_states_is_no_direct_answer(jining_index):
    result = jining_index.search("泗河堤顶路限速多少")
    assert result.answer == RELATED and ("si-river", 31) in [(h.slug, h.article) for h in result.hits[:3]]


def test_a_time_of_day_no_article_states_is_no_direct_answer(jining_index):
    result = jining_index.search("除夕夜几点到几点能放鞭炮")
    assert result.answer == RELATED and ("fireworks", 13) in [(h.slug, h.article) for h in result.hits[:3]]


def test_a_compound_the_texts_never_name_is_reported_whole(jining_index):
    result = jining_index.search("地下室能不能住人")
    assert result.answer != DIRECT
    assert "地下室" in result.unmatched


FRAGMENTS = ["电子", "冷", "玩具", "鞭炮", "烟花", "多少", "几", "头", "门槛", "有规定", "违反啥规定", "谁说了算",
             "河长", "它的人", "保险", "房东", "养猫", "办卡", "邮箱", "旁听", "十个工作日", "几遍", "，", " ", "吗",
             "济南", "杭州市", "浙江", "经济", "南", "电话", "app", "名单", "金毛", "算不算", "。", "米",
             "哪", "去哪", "哪边", "块", "种", "登记", "扔", "硫分", "租", "多少钱", "几类", "垃圾分类", "过半数",
             "啥牌子好", "管用", "推荐", "电子烟", "抽", "密码", "收钱", "不要钱", "仿真枪", "焰火", "屏", "泗河",
             "钓鱼", "限速", "酒驾", "最老的", "最长", "哪棵", "在哪", "多少岁", "归谁", "木头", "解释权", "归国家",
             "周期", "时限", "寄到哪", "价目", "地址", "算", "大型犬", "哈士奇"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map("".join))
def test_garbage_made_of_this_sessions_rules_never_breaks(jining_index, text):
    # 电子…鞭炮, 多少头, 有规定, repeated words, matters elsewhere, places, contacts, where,
    # prices, classes, advice, another kind of a thing, in any order and number
    assert all(isinstance(w, str) and w for w in content_words(text))
    result = jining_index.search(text)
    assert result.answer in (DIRECT, RELATED, "none")
    assert all(isinstance(w, str) for w in result.unmatched)
    if set(places_named(analysis.query_words(text))) - {"济宁市"}:
        assert result.answer != DIRECT         # another place's law is not in the Jining texts
    if ADVICE in parse_query(text, lambda ch: []).unstated:
        assert result.answer != DIRECT         # the texts rate no product or remedy
    if FACT in parse_query(text, lambda ch: []).unstated:
        assert result.answer != DIRECT         # the texts describe no particular thing
    if OWNER in parse_query(text, lambda ch: []).unstated:
        assert result.answer != DIRECT         # the texts assign no property
    if any(kind in result.unmatched for kind in other_kinds(text)):
        assert result.answer != DIRECT         # a kind of the thing no listed article names


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="俺咋啥几米多少年谁管部门罚狗树烟头地，。 ", min_size=1, max_size=40))
def test_spoken_garbage_never_breaks_and_is_never_direct_without_words(jining_index, text):
    result = jining_index.search(text)
    assert result.answer in ("direct", "related", "none")
    if not result.hits:
        assert result.answer == "none"


def test_the_loose_word_ordering_outweighs_the_character_path_when_fused():
    from kb.search.searcher import GRAM_WEIGHT, _fuse
    words_first, grams_first, both = _document("a", 1), _document("b", 2), _document("c", 3)
    fused = _fuse(([(words_first, 1.0), (both, 1.0)], 1.0), ([(grams_first, 1.0), (both, 1.0)], GRAM_WEIGHT))
    order = [d["docnum"] for d, _ in fused]
    assert order[0] == 3 and order.index(1) < order.index(2)    # in both lists first, then the words' first
    assert [d["docnum"] for d, _ in _fuse(([], 1.0), ([(grams_first, 1.0)], GRAM_WEIGHT))] == [2]


def test_an_article_writing_a_word_with_a_bracketed_alternative_holds_it():
    parsed = ParsedQuery(raw="河长", concepts=[Concept("河长")])
    spelled, other = _document("各级人民政府应当落实河（湖）长制", 1), _document("河道管理范围", 2)
    ranked, _ = rank([(other, 1.0), (spelled, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 1 and ranked[0].coverage == 1.0
    assert unmatched_words(parsed, [spelled["text"]]) == []


def test_a_question_about_the_river_chief_finds_the_article_on_the_river_chief_system(jining_index):
    result = jining_index.search("我们村那条河有没有河长")
    assert ("water-environment", 7) in [(h.slug, h.article) for h in result.hits[:3]]


def test_asking_who_acts_lifts_the_article_giving_a_body_a_duty_above_one_merely_naming_it():
    parsed = parse_query("养狗的事有哪些部门管", lambda ch: [])
    assert parsed.department_intent
    named = _document("养犬人应当配合公安机关的检查", 1)
    duty = _document("公安机关负责养犬登记，查处违法行为", 2)
    ranked, _ = rank([(named, 1.0), (duty, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 2


def test_lone_characters_a_text_holds_through_other_words_do_not_make_a_direct_answer():
    # 户照 办下来 (a typo of 护照): 户, 照 and 办 are in 户外, 照明 and 办事 — no answer.
    parsed = ParsedQuery(raw="户照 办下来", concepts=[Concept("户", ["户外"]), Concept("照", ["照明"]),
                                                   Concept("办", ["办事"])])
    ranked, _ = rank([(_document("户外广告设施的照明，到街道办事处办理", 1), 1.0)], parsed)
    assert ranked[0].coverage == 0.5
    assert answer_of("words", ranked[0].coverage, parsed, []) == RELATED
    # a word of two characters held counts whole
    parsed = ParsedQuery(raw="户外 照明", concepts=[Concept("户外"), Concept("照明")])
    ranked, _ = rank([(_document("户外广告设施的照明", 1), 1.0)], parsed)
    assert ranked[0].coverage == 1.0


def test_words_no_article_holds_do_not_push_the_article_holding_the_thing_below_the_bar():
    # 街上死了条木主的野狗 谁拾掇: 木主, 尸首, 拾掇 and 老些 are in no text. Counted, they left
    # the article holding 野狗 below MIN_COVERAGE, under one holding a lone 死 and 路边.
    unknown = [Concept(word, known=False) for word in ("木主", "尸首", "拾掇", "老些")]
    parsed = ParsedQuery(raw="路边死了条木主的野狗 尸首谁拾掇 老些", concepts=[
        Concept("野狗", ["流浪犬"], from_lexicon=True), Concept("死", ["死亡"]), Concept("路边", ["路边"]), *unknown])
    dogs = _document("捕捉流浪犬，收容流浪犬", 1)
    trees = _document("路边的古树名木死亡的，应当及时报告", 2)
    ranked, _ = rank([(dogs, 3.0), (trees, 1.0)], parsed)
    assert ranked[0].document["docnum"] == 1
    # The answer's own share still counts them: in a question this long, at NARRATIVE_SHARE.
    assert ranked[0].coverage == pytest.approx(2 / (6 + 4 * 2 * NARRATIVE_SHARE))
    assert ranked[0].coverage < ranked[0].findable


def test_a_long_telling_of_a_behaviour_is_confident_on_less_of_it():
    # 遛狗不拴绳 told among six words of the case (楼后头, 傍晚, 溜达, …): an article holding
    # the behaviour alone holds a quarter of the question by weight.
    told = [Concept(word, ["一" + word]) for word in ("楼后", "傍晚", "溜达", "小区", "见了", "都躲")]
    behaviour = Concept("遛狗不拴绳", ["遛犬不拴绳"], from_lexicon=True)
    dogs = _document("查处遛犬不拴绳等违法行为", 1)
    long = ParsedQuery(raw="", concepts=[behaviour, *told])
    short = ParsedQuery(raw="", concepts=[behaviour, *told[:3]])
    assert len(long.concepts) >= LONG_QUESTION > len(short.concepts)
    assert rank([(dogs, 1.0)], long)[0][0].coverage == 0.25 and rank([(dogs, 1.0)], long)[1]
    # A short question naming the behaviour must still be covered more, and is here.
    assert rank([(dogs, 1.0)], short)[0][0].coverage == 0.4 and rank([(dogs, 1.0)], short)[1]
    assert rank([(_document("查处违法行为", 2), 1.0)], long)[1] is False


def test_a_behaviour_the_lexicon_found_must_be_named_by_the_article_answering():
    # 未成年人能不能养狗: the article on minors in internet cafés holds 未成年人, the larger
    # share of the question, and says nothing of dogs; it is no answer, the dog rule is.
    parsed = ParsedQuery(raw="", concepts=[Concept("养狗", ["养犬"], from_lexicon=True), Concept("未成年人")])
    cafes = _document("不得允许未成年人进入互联网上网服务营业场所", 1)
    dogs = _document("在重点管理区内养犬的，应当具有完全民事行为能力", 2)
    fine = dict(_document("违反本条例第十四条规定的，由公安机关责令改正", 3), penalty=True)
    assert best_answer([Scored(cafes, 2.0, 0.67, 0.67)], parsed) == 0.0
    assert best_answer([Scored(dogs, 1.0, 1.0, 1.0)], parsed) == 1.0
    assert best_answer([Scored(fine, 1.0, 0.6, 0.6)], parsed) == 0.6
    assert best_answer([Scored(cafes, 2.0, 0.67, 0.67)], ParsedQuery(raw="", concepts=[Concept("未成年人")])) == 0.67


# What the texts never state, by kind: a contact (they require one published, 应当公布举报电话、
# 信箱, and never give it), what a list holds (they say who draws it up, 禁养犬只名录由…确定，
# never what is on it; who draws it up they answer), opening hours (no text gives them), which
# product or remedy is good (they set duties, 应当使用无烟烧烤炉具, and rate none), which one
# thing is the most of something or where it is (they describe no particular tree or park).
@pytest.mark.parametrize("kind, query, asks", [
    (CONTACT, "养犬举报电话", True), (CONTACT, "河长电话号码是多少", True), (CONTACT, "市人大的邮箱", True),
    (CONTACT, "政务平台网址", True), (CONTACT, "挂号用哪个app", True), (CONTACT, "俺打电话反映乱堆东西", False),
    (CONTACT, "举报养狗扰民几天回复", False),
    (LIST, "禁养名录里都有啥狗", True), (LIST, "黑臭水体名单", True), (LIST, "重点排污单位名录", True),
    (LIST, "禁养名单谁定", False), (LIST, "名单哪个部门公布", False), (LIST, "遛狗不拴绳", False),
    (HOURS, "政务大厅周六上班不", True), (HOURS, "免疫网点几点开门", True), (HOURS, "派出所办公时间", True),
    (HOURS, "俺天天坐公交上班，站牌底下等半个钟头", False), (HOURS, "下班路上狗冲过来", False),
    (HOURS, "几点以后不让放鞭炮", False),
    (ADVICE, "无烟烧烤炉啥牌子好", True), (ADVICE, "古树生虫子打啥药管用", True), (ADVICE, "种啥树好 推荐几样", True),
    (ADVICE, "常委会的解释跟条例一样管用不", False), (ADVICE, "门口挂的牌子谁管", False),
    (ADVICE, "文明养犬有啥好处", False),
    (FACT, "济宁最老的古树是哪棵", True), (FACT, "最大的公园在哪", True), (FACT, "最老的那棵多少岁", True),
    (FACT, "施工占用绿地最长多久", False), (FACT, "罚款最多多少", False), (FACT, "最好的办法是啥", False),
    (FACT, "济宁 最老的古树 树龄", True), (FACT, "最早的那部条例", True), (FACT, "罚款最低的是多少", False),
    (FACT, "济宁哪个县古树最多", True), (FACT, "全市哪个区最干净", True), (FACT, "哪个部门最先处理", False),
    (FACT, "全市一共有多少座公园", True), (FACT, "济宁有几个河长", True), (FACT, "一共有几个部门管", False),
    (FACT, "垃圾一共分几类", False),
    (OWNER, "古树死了木头归谁", True), (OWNER, "院里的老槐树 到底归俺还是归国家", True), (OWNER, "木头归谁 能卖钱不", True),
    (OWNER, "法规 解释权 归谁", False), (OWNER, "门口的雪归谁扫", False), (OWNER, "泗河河道管理归谁", False),
    (OWNER, "这片绿地归谁负责", False), (OWNER, "养护责任归谁", False),
])
def test_a_question_asking_what_the_texts_never_state_is_never_direct(kind, query, asks):
    parsed = parse_query(query, lambda ch: [])
    assert (kind in parsed.unstated) is asks
    assert (answer_of("words", 1.0, parsed, []) == RELATED) is asks


def test_a_contact_asked_seeks_where_the_law_requires_one_published(jining_index):
    asked = [c for c in parse_query("河长电话多少", lambda ch: []).concepts if c.word == "电话"]
    assert asked and "联系方式" in asked[0].variants
    told = [c for c in parse_query("打电话反映乱堆东西", lambda ch: []).concepts if c.word == "电话"]
    assert all("联系方式" not in c.variants for c in told)
    result = jining_index.search("村里河长电话是多少")
    assert result.answer == RELATED and ("water-environment", 21) in [(h.slug, h.article) for h in result.hits[:3]]


def test_a_fact_about_one_thing_asked_of_the_real_texts_is_related_and_says_why(jining_index):
    result = jining_index.search("济宁最老的古树是哪棵")
    assert result.hits and result.answer == RELATED and "不记载某一具体事物" in result.notice
    assert all(hit.slug == "ancient-trees" for hit in result.hits[:3])


def test_a_contact_asked_of_the_real_texts_is_related_and_finds_the_article_requiring_it(jining_index):
    result = jining_index.search("养犬举报电话")
    assert result.answer == RELATED and "不载明具体号码" in result.notice
    assert ("dog-keeping", 10) in [(h.slug, h.article) for h in result.hits[:3]]


def test_a_breed_is_found_under_the_kinds_of_dog_but_is_no_direct_answer(jining_index):
    # Which breed is 大型 or 烈性 the 禁养名录 says, not the regulation: 第十二条 is found,
    # but it does not say a 哈士奇 is either.
    assert [found.associated for found in expansions("城区能养哈士奇吗") if found.word == "哈士奇"] == [True]
    result = jining_index.search("城区能养哈士奇吗")
    assert result.answer == RELATED and ("dog-keeping", 12) in [(h.slug, h.article) for h in result.hits[:3]]


def test_a_list_asked_of_the_real_texts_finds_who_publishes_it_and_says_its_contents_are_not_there(jining_index):
    result = jining_index.search("禁养犬只名录")
    assert result.answer == RELATED and "不载明其中的内容" in result.notice
    assert ("dog-keeping", 12) in [(h.slug, h.article) for h in result.hits[:3]]


def test_what_the_texts_never_state_is_said_once_per_kind_asked(jining_index):
    result = jining_index.search("养犬登记的派出所周六上班不 举报电话多少")
    assert result.answer == RELATED
    assert "办公或营业时间" in result.notice and "不载明具体号码" in result.notice
    assert result.notice.count("不载明具体号码") == 1


def test_a_particular_asked_must_stand_with_what_it_is_asked_of():
    # 古树名木名单: an article naming 古树名木 and, in another sentence, the 河长名单 does
    # not give that list; one writing both in one sentence does.
    parsed = parse_query("全市古树名木名单", lambda ch: [])
    assert any(c.word == "名单" and c.asked for c in parsed.concepts)
    apart = _document("公开河长名单。\n保护古树名木", 1)
    together = _document("公布古树名木名单", 2)
    answers = _answers(parsed, (apart, 1.0), (together, 1.0))
    assert answers[1] == 0.0 and answers[2] > 0.5


def test_an_amount_asked_must_stand_with_what_it_is_asked_of():
    # 打完疫苗多久: a period stated of another duty (三十日内登记) is not its period; a clause
    # after a semicolon is the same sentence (处五十元以上二百元以下罚款).
    parsed = parse_query("狂犬疫苗打完多久", lambda ch: [])
    other = _document("犬只应当接种狂犬疫苗。\n养犬人应当在三十日内办理登记", 1)
    same = _document("犬只应当每年接种狂犬疫苗；接种后三十日内不得出售", 2)
    answers = _answers(parsed, (other, 1.0), (same, 1.0))
    assert answers[1] == 0.0 and answers[2] > 0


def test_a_figure_asked_of_a_thing_must_be_stated_of_that_thing():
    # 散煤硫分多少: a fine of 一倍以上三倍以下 in the sentence on 散煤 is no figure of its 硫分.
    known = {"散煤", "硫分"}.__contains__
    parsed = parse_query("散煤硫分多少", lambda ch: [], known)
    assert [c.of for c in parsed.concepts if c.amount] == ["硫分"]
    fined = _document("销售不合格散煤的，处货值金额一倍以上三倍以下的罚款", 1)
    stated = _document("散煤的硫分不得高于百分之一", 2)
    answers = _answers(parsed, (fined, 2.0), (stated, 1.0))
    assert answers[1] == 0.0 and answers[2] > 0.5
    # ...in one clause with it: 逾期一年 is no share of land covered.
    parsed = parse_query("临时绿化覆盖多少", lambda ch: [], {"临时绿化", "覆盖"}.__contains__)
    late = _document("逾期一年未开工的，应当实施临时绿化，满足覆盖裸露土地的要求", 1)
    share = _document("临时绿化的，覆盖面积不少于百分之八十", 2)
    answers = _answers(parsed, (late, 2.0), (share, 1.0))
    assert answers[1] == 0.0 and answers[2] > 0.5
    # A unit named (几天, 多粗) asks of the act before it, which the law words its own way.
    assert [c.of for c in parse_query("养犬登记几天内", lambda ch: []).concepts if c.amount] == [""]


@pytest.mark.parametrize("query, acts", [("遗体捐献去哪登记", ["登记"]), ("旧衣柜往哪扔", ["扔"]),
                                         ("烧烤炉哪里买", ["买"]), ("垃圾往哪边倒", ["倒"]),
                                         ("哪种狗不让养", []), ("哪天能放鞭炮", [])])
def test_asking_where_asks_the_act_that_follows(query, acts):
    # 哪种, 哪天 ask which, not where.
    assert [c.word for c in parse_query(query, lambda ch: []).concepts if c.where] == acts


def test_where_to_do_something_is_answered_by_the_act_or_a_place_for_it():
    parsed = parse_query("遗体捐献去哪登记", lambda ch: [])
    silent = _document("鼓励自愿捐献遗体", 1)
    named = _document("捐献遗体的，应当办理登记", 2)
    placed = _document("设置遗体捐献服务场所并公示", 3)
    answers = _answers(parsed, (silent, 2.0), (named, 1.0), (placed, 1.0))
    assert answers[1] == 0.0 and answers[2] > 0.5 and answers[3] > 0.5


def test_where_to_register_a_body_donation_is_not_answered_by_the_rule_encouraging_it(jining_index):
    result = jining_index.search("遗体捐献 去哪登纪")
    assert result.answer == RELATED
    assert ("civilized-behaviour", 26) in [(h.slug, h.article) for h in result.hits[:3]]


def test_where_to_throw_old_furniture_is_answered_by_the_place_set_for_it(jining_index):
    result = jining_index.search("不要的旧衣柜往哪里扔")
    assert result.answer == DIRECT and (result.hits[0].slug, result.hits[0].article) == ("city-appearance", 50)


def test_how_many_days_is_answered_by_a_period_in_working_days(jining_index):
    # 养犬条例第十条: 在十个工作日内将处理情况告知举报人.
    result = jining_index.search("举报乱养狗的 几天能有结果")
    assert result.answer == DIRECT and (result.hits[0].slug, result.hits[0].article) == ("dog-keeping", 10)


def test_a_list_the_real_texts_give_of_another_thing_is_no_direct_answer(jining_index):
    result = jining_index.search("全市黑臭河沟名单")
    assert result.answer == RELATED
    assert ("water-environment", 21) in [(h.slug, h.article) for h in result.hits[:3]]


def test_an_article_holding_only_what_an_associated_word_links_to_answers_it_half():
    linked = Concept("被狗咬", ["狂犬病"], from_lexicon=True, associated=True)
    parsed = ParsedQuery(raw="被狗咬", concepts=[linked])
    ranked, _ = rank([(_document("预防狂犬病知识宣传", 1), 1.0)], parsed)
    assert ranked[0].coverage == 1.0 and ranked[0].answers == 0.5     # found, but no answer by itself


def test_an_article_naming_a_department_does_not_half_answer_a_who_acts_question_about_anything():
    # 医院 is in no text: that the article names a 主管部门 answers none of what was asked.
    parsed = parse_query("医院多收费 找哪个部门投诉", lambda ch: [], {"投诉", "收费", "医院"}.__contains__)
    complaints = _document("城市绿化行政主管部门应当建立投诉举报制度，及时处理投诉举报", 1)
    ranked, _ = rank([(complaints, 1.0)], parsed)
    unmatched = unmatched_words(parsed, [complaints["text"]])
    assert ranked[0].answers < 0.55 or answer_of("words", ranked[0].answers, parsed, unmatched) == RELATED


@pytest.mark.parametrize("query", ["咋办", "咋办咋办咋办", "咋办！", "咋办123", "咋办 a\x00", "咋办谁管", "谁管谁管"])
def test_question_words_alone_or_repeated_name_no_act_and_never_break(query):
    words = content_words(query)
    assert "咋办" not in words and not any(w.startswith("办") and w[1:] in QUESTION_WORDS for w in words)
    parse_query(query, lambda ch: [])       # reads without error


def test_who_owns_a_thing_asked_of_the_real_texts_is_related_and_says_why(jining_index):
    # 古树名木条例第二十二条 says what is done when an old tree dies, not whose the wood is:
    # property is the national law's (物权法定).
    result = jining_index.search("古树枯死了，木头归谁")
    assert result.hits and result.answer == RELATED and "物权法定" in result.notice
    assert result.hits[0].slug == "ancient-trees"
    assert jining_index.search("条例的解释权归谁").answer == DIRECT      # 立法条例第四十三条 says it


def test_a_particular_asked_is_held_only_by_its_own_word_not_one_meaning_alike():
    # 地址 sounds and means like 地方 (同义词词林), but 地方性法规 gives no address.
    address = Concept("地址", loose=[("地方", 0.4)], asked=True)
    parsed = ParsedQuery(raw="人大 地址", concepts=[Concept("人大"), address])
    answers = _answers(parsed, (_document("人大 制定地方性法规", 1), 1.0), (_document("人大 地址在某路", 2), 1.0))
    assert answers[1] == 0.0 and answers[2] > 0


def test_an_address_asked_of_the_real_texts_is_no_direct_answer(jining_index):
    assert jining_index.search("济宁人大地址搁哪").answer != DIRECT


@pytest.mark.parametrize("query, act", [("信寄到哪", "寄"), ("材料交哪", "交"), ("去哪登记", "登记")])
def test_the_act_before_or_after_where_is_asked_where_to_do(query, act):
    concept = next(c for c in parse_query(query, lambda ch: []).concepts if c.word == act)
    assert concept.where


def test_an_act_no_text_names_asked_where_to_do_is_no_direct_answer(jining_index):
    # 立法条例 asks for suggestions on drafts; it says nowhere where a letter is sent.
    assert jining_index.search("俺想给市人大提个立法建议，信寄到哪").answer != DIRECT


@pytest.mark.parametrize("query", ["立法后评估周期", "养犬登记 办理时限", "绿地占用的年限"])
def test_a_period_named_as_a_noun_is_asked_as_how_long(query):
    parsed = parse_query(query, lambda ch: [])
    assert [c.word for c in parsed.concepts if c.amount] == [PERIOD]


def test_a_period_no_article_states_is_no_direct_answer_and_one_it_states_is_found(jining_index):
    assert jining_index.search("地方法规后评估周期").answer != DIRECT       # 第六十条 names no period
    result = jining_index.search("幼犬狂犬病免疫的时限")                  # 养犬条例第十一条: 十五日内
    assert (result.hits[0].slug, result.hits[0].article) == ("dog-keeping", 11)


def test_a_price_list_asked_is_a_particular(jining_index):
    assert any(c.asked for c in parse_query("机动车尾气检测价目", lambda ch: []).concepts)
    assert jining_index.search("机动车尾气检测价目").answer != DIRECT


@pytest.mark.parametrize("query, things", [("俺家金毛算大型犬不", {"金毛"}), ("兖州城里算不算重点管理区", {"兖州", "城里"}),
                                           ("泗河边上散养鸭子 算养殖场不", {"散养", "鸭子"}),
                                           ("这算不算违法", set())])
def test_the_thing_asked_whether_it_counts_as_something(query, things):
    parsed = parse_query(query, lambda ch: [])
    assert {c.word for c in parsed.concepts if c.classified} == things


def test_whether_a_thing_counts_is_answered_only_by_an_article_naming_it():
    # 金毛 ~ 大型犬只: the lexicon links the breed to the category; only a text naming the breed
    # says it is one.
    breed = Concept("金毛", ["大型犬只"], from_lexicon=True, associated=True, classified=True)
    parsed = ParsedQuery(raw="金毛算大型犬不", concepts=[breed, Concept("大型犬")])
    answers = _answers(parsed, (_document("禁止饲养大型犬只", 1), 1.0), (_document("金毛属于大型犬只", 2), 1.0))
    assert answers[1] == 0.0 and answers[2] > 0


def test_whether_a_breed_counts_is_no_direct_answer_but_a_named_district_is(jining_index):
    for query in ("俺家金毛算大型犬不", "哈士奇算不算烈性犬 在城里能养不"):
        result = jining_index.search(query)
        assert result.answer == RELATED and ("dog-keeping", 12) in [(h.slug, h.article) for h in result.hits[:3]]
    # 养犬条例第四条 names 兖州区's 重点管理区 itself
    result = jining_index.search("兖州城里算不算养狗的重点区域啊")
    assert result.answer == DIRECT and (result.hits[0].slug, result.hits[0].article) == ("dog-keeping", 4)


@pytest.mark.parametrize("query", ["恁家狗咬人了咋办", "恁们小区 垃圾分类"])
def test_the_second_person_of_dialect_is_no_content(query):
    assert "恁" not in [c.word for c in parse_query(query, lambda ch: []).concepts]


def test_how_big_a_share_asks_for_a_share_not_a_measure():
    assert [c.word for c in parse_query("绿地得占多大比例", lambda ch: []).concepts if c.amount] == [PERCENT]
    assert [c.word for c in parse_query("公园多大面积", lambda ch: []).concepts if c.amount] == [MEASURE]


@pytest.mark.parametrize("query", ["智慧城市条例啥时候开始施行", "这个条例什么时候生效", "何时施行"])
def test_when_asks_for_a_time_stated_in_units_of_time(query):
    assert [c.word for c in parse_query(query, lambda ch: []).concepts if c.amount] == [PERIOD]


def test_when_a_named_regulation_takes_effect_is_its_own_last_article(jining_index):
    # 智慧城市条例第七十四条: 本条例自2017年5月1日起施行; every other regulation's last article
    # says the same of itself.
    result = jining_index.search("智慧城市那个条例啥时候开始施行的？")
    assert (result.hits[0].slug, result.hits[0].article) == ("smart-city", 74)
    result = jining_index.search("新建小区的绿地要占多大比例")
    assert ("urban-greening", 10) in [(h.slug, h.article) for h in result.hits[:3]]


@pytest.mark.parametrize("query, act", [("狗芯片补办网点", "补办"), ("登记窗口", "登记")])
def test_the_act_before_a_place_for_it_is_asked_where(query, act):
    concept = next(c for c in parse_query(query, lambda ch: []).concepts if c.word == act)
    assert concept.where


def test_a_place_for_an_act_no_article_names_is_no_direct_answer(jining_index):
    # 养犬条例第十一条 names 免疫网点 and 电子标识, not where an identifier is issued again.
    result = jining_index.search("狗芯片补办网点")
    assert result.answer != DIRECT and ("dog-keeping", 11) in [(h.slug, h.article) for h in result.hits[:3]]


def test_who_leads_is_how_a_department_is_asked(jining_index):
    assert "牵头" not in [c.word for c in parse_query("哪个局牵头", lambda ch: []).concepts]
    result = jining_index.search("智慧城建设归哪个局牵头")        # 智慧城市条例第六条: 经济和信息化主管部门
    assert result.answer == DIRECT and (result.hits[0].slug, result.hits[0].article) == ("smart-city", 6)


@pytest.mark.parametrize("query, word", [("给狗植芯片疼不疼", "疼"), ("南四湖里能游泳不", "游泳"), ("罚不罚钱", "罚")])
def test_the_word_an_a_not_a_or_a_modal_asks_is_asked(query, word):
    parsed = parse_query(query, lambda ch: [])
    assert word in {c.word for c in parsed.concepts if c.asked} or any(word in c.word and c.intent for c in parsed.concepts)


def test_what_is_asked_and_no_listed_article_names_is_never_direct():
    swim = Concept("游泳", known=False, asked=True)
    parsed = ParsedQuery(raw="南四湖里能游泳不", concepts=[Concept("南四湖", known=True), swim])
    assert answer_of("words", 1.0, parsed, ["游泳"]) == RELATED
    swim.asked = False          # the same word told, not asked, leaves most of the question found
    assert answer_of("words", 1.0, parsed, ["游泳"]) == DIRECT


@pytest.mark.parametrize("query", ["南四湖里能游泳不", "给狗植芯片疼不疼"])
def test_an_act_or_a_feeling_no_text_names_asked_of_the_real_texts_is_no_direct_answer(jining_index, query):
    # 水环境条例第四十三条 sets a 南四湖 water-level warning; 养犬条例第十一条 the identifier:
    # neither says whether one may swim or whether it hurts.
    result = jining_index.search(query)
    assert result.hits and result.answer == RELATED


@pytest.mark.parametrize("query, amount", [("重污染预警分几个级别", (FIGURE, "级别")), ("要几个人联名", ("人", "")),
                                           ("俺兄弟几个都不管俺娘", None), ("随地吐痰罚几个钱", None),
                                           ("看见有几个人往河滩里倒垃圾", None), ("一共有几个人", ("人", ""))])
def test_how_many_of_a_thing_asks_a_figure_unless_it_is_told_or_a_fine(query, amount):
    asked = [(c.word, c.of) for c in parse_query(query, lambda ch: []).concepts if c.amount]
    assert asked == ([amount] if amount else [])


def test_a_count_no_article_states_is_no_direct_answer(jining_index):
    # 大气条例第十二条: the government 确定预警等级; how many levels there are it does not say.
    result = jining_index.search("重污染预警分几个级别")
    assert result.answer == RELATED and ("air-pollution", 12) in [(h.slug, h.article) for h in result.hits[:3]]


def test_a_word_found_only_through_a_synonym_group_is_unmatched():
    # 报名 ~ 申请 in one 同义词词林 group: an article on 申请 does not speak of signing up; a
    # homophone (溜狗 → 遛狗) is the word typed wrong and is found.
    sign_up = Concept("报名", loose=[("申请", CILIN_BOOST)])
    walk = Concept("溜狗", loose=[("遛狗", HOMOPHONE_BOOST)])
    parsed = ParsedQuery(raw="报名 溜狗", concepts=[sign_up, walk])
    assert unmatched_words(parsed, ["应当提出申请", "遛狗应当拴绳"]) == ["报名"]


def test_a_word_held_only_through_a_synonym_group_answers_half():
    # The same group finds the article on 申请 and orders it, but as an answer it holds 报名
    # at half; an article saying 报名 itself holds it whole.
    sign_up = Concept("报名", loose=[("申请", CILIN_BOOST)])
    parsed = ParsedQuery(raw="听证会 报名", concepts=[Concept("听证会"), sign_up])
    answers = _answers(parsed, (_document("听证会应当提前申请", 1), 1.0), (_document("听证会报名", 2), 1.0))
    assert answers[2] == 1.0 and answers[1] == pytest.approx((3 + 2 / 2) / 5)      # weights: length


def test_a_question_answered_only_through_a_synonym_group_is_not_direct(jining_index):
    # 古树名木条例第二十条 (申请迁移单位 … 五年以内) meets 报名 only as 申请 and 事业单位 as 单位
    assert jining_index.search("事业单位招聘啥时候报名").answer != DIRECT


def test_lone_characters_alone_are_never_a_direct_answer():
    # 立 新 规 are widened to 建立, 新区, 规定 …: an article holding them says nothing asked.
    parsed = ParsedQuery(raw="立 新 规", concepts=[Concept("立"), Concept("新"), Concept("规")])
    assert answer_of("words", 1.0, parsed, []) == RELATED
    parsed.concepts.append(Concept("立法"))
    assert answer_of("words", 1.0, parsed, []) == DIRECT


@pytest.mark.parametrize("query", ["今年济宁打算立哪些新规", "微山湖和南四湖啥关系"])
def test_questions_of_lone_characters_or_a_relation_the_texts_never_state_are_not_direct(jining_index, query):
    result = jining_index.search(query)
    assert result.hits and result.answer == RELATED


def test_compensation_asked_is_money_no_fine_states(jining_index):
    # 泗河条例第五十一条 fines 地下采煤 一万元以上; what a sunken field is paid it does not say.
    assert [c.word for c in parse_query("煤矿塌陷了俺家地赔多少", lambda ch: []).concepts if c.amount] == [PRICE]
    assert jining_index.search("煤矿塌陷了俺家地赔多少").answer != DIRECT
