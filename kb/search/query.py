"""From what the user typed to a whoosh query plus the concepts used to rank the hits.

A concept is one thing the user asked about: a word they typed, widened by the synonym
lexicon (遛狗 → 携犬出户) and, for a single character, by the indexed words containing it
(犬 → 犬只, 养犬人). The user's own words weigh more than their widenings. Concepts are
OR-ed; articles answering more of them are lifted when re-ranked (kb.search.ranking)."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh.query import And, Or, Term

from kb import analysis
from kb.analysis import CJK_RE
from kb.jurisdiction import places_named
from kb.legal.words import PENALTIES_TERM
from kb.numerals import CN_NUMERAL_CHARS
from kb.search.lexicon import QUANTITY_WORDS, expansions, listed_positions, other_kinds
from kb.search.recall import thing_synonyms
from kb.search.spoken import standardise
from kb.search.syntax import parse_syntax

SEARCH_FIELDS = ("words", "context")
# A lone character is widened to the few most frequent indexed words holding it (犬 → 犬只,
# 养犬人, 养犬); more (人 → 人民代表大会 …) swamp a long question (tune: 12 → 3, +2 hit@3).
CHAR_WIDENINGS = 3
AMOUNT_WIDENINGS = 8     # 多少年 → 百年 五年 两年 …: the amounts the index holds as words
SYNONYM_BOOST = 0.6
EXPANSION_BOOST = 0.5
# Variants found for a word the index does not know: below the hand lexicon's.
HOMOPHONE_BOOST = 0.45      # 溜狗 → 遛狗: same pinyin
ABBREVIATION_BOOST = 0.45   # 常委 → 常务委员会: the full term an abbreviation stands for
ABBREVIATIONS = 2
NUMERALS = frozenset("〇零一二三四五六七八九十百千万两")
CILIN_BOOST = 0.4           # 打针 → 注射: one synonym group of 同义词词林
ALONE_LIFT = 2              # …doubled when the user's own word is unknown to the index
# Question words say how the officer asks, not what about.
QUESTION_WORDS = frozenset("怎么 怎样 怎么样 如何 什么 哪些 哪个 哪里 吗 呢 啊 吧 了 可以 能 能否 会 要 是否 有没有 是不是 "
                           "谁 管 该 咋 咋办 怎么办 多少 几 里 上 下 乱 不要 不能 不可以 可不可以 要不要 能不能 "
                           "有人 别人 人家 一些 这个 那个 往 到 给 让 就 都 还 又 很 太 想 我 你 他 她 我们 他们 "
                           "找 归 负责 牵头 部门 一下 随便 老是 总是 经常 一直 不 没 没有 别".split()) | frozenset(
    # Spoken and dialect forms (俺家狗还没打针犯法不, 在老树底下生火做饭中不中) and the chatter
    # of a long spoken question: how it is asked, never what about.
    "俺 俺家 俺们 恁 恁家 恁们 咱 咱们 咱家 咋 咋整 咋弄 咋回事 咋样 啥 啥样 干啥 为啥 犯法 犯法不 中不中 中 管不管 "
    "行不行 行 有事没 有事没有 有事 没事 算不算 犯不犯法 违不违法 合不合法 允不允许 行吗 好吗 对吗 "
    "呀 嘛 哦 呗 啦 么 哇 喽 咧 到底 究竟 这种 这样 那样 这么 那么 情况 这种情况 的话 其实 反正 真的 "
    "特别 非常 好像 一点 有点 有个 有家 大家 这里 那里 这边 那边 我家 我们家 家里 请问 问一下 问问 "
    "知道 告诉 哪 哪儿 怎么回事 还是 然后 结果 居然 竟然 根本 一样 一般 是不是 谁来管 来管 谁管 说了算 谁说了算 "
    "可能 应该 需要 必须 得 过 着 被 把 这 那 些 点 吧 么样 也 再 才 又 很 最 多 少 好 说 看 "
    "打电话 反映 求助 处理一下 该咋办 怎么弄 怎么整 有人管 没人管 有没有人管 不管 "
    "有 事 事情 事儿 一起 什么规定 啥规定 哪些规定 有何规定 才能 算 算是 "
    # Whether a rule exists at all (有规定管不, 违反啥规定): every article is a rule.
    "有规定 有没有规定 有这规定 有这个规定 有啥规定 哪条规定 哪项规定 咋规定 怎么规定 规定吗 "
    "违反啥规定 违反什么规定 说法 有说法 有没有说法 有啥说法 啥说法 什么说法".split()) | frozenset(
    # The padding of a spoken account (我家孩子今年才十岁…, 平时人挺好的，就是…): when it
    # happened, how much, who is talking, how the speaker feels. A language resource, not
    # the words of any one question: general spoken Chinese, never a thing or an act the law
    # could regulate (夜里 and 晚上 stay: noise rules turn on them).
    "今天 昨天 明天 今年 去年 明年 前年 每天 天天 每年 年年 平时 平常 平日 最近 近来 以前 以往 从前 "
    "现在 如今 目前 这两年 这几年 这几天 这阵子 那天 有一天 有时 有时候 早上 上午 中午 下午 每次 "
    "春天 夏天 秋天 冬天 老 挺 蛮 忒 怪 真 好多 很多 许多 不少 一堆 好几 几个 好些 越来越 一点儿 有点儿 "
    "就是 但是 可是 不过 而且 所以 因为 于是 另外 比如 什么的 之类 之类的 等等 甚至 尤其 "
    "自己 自个 自个儿 人家 我家 他家 她家 你家 咱家 俺家 我们家 他们家 别人家 "
    "看着 看到 看见 听说 觉得 感觉 发现 以为 希望 想要 打算 准备 "
    "天天的 成天 整天 老是 动不动 时不时 一天到晚 没完没了 要命 得很 厉害 "
    "啊呀 哎 唉 嗯 诶 哈 多大 多久 多长 多远 多高 干嘛 干什么 是干啥的 "
    "前两天 前几天 前些天 前段时间 这段时间 那段时间 那会儿 那时候 当时 头两天 "
    "这种行为 这个行为 这样的行为 这类行为 这种事 这个事 这事 "
    "合法吗 合法不 违法吗 违法不 违规吗 违规不 犯法吗 合规吗 "
    # A verb's direction or completion (扔出来, 吃完): how it was done, not what.
    "完 掉 来 去 出来 出去 起来 下来 上来 过来 回来 进来 进去 上去 下去 过去 "
    # A noun's suffix cut off by the segmenter (庵 子): how a thing is spoken, not the thing.
    "子 儿 "
    # The passive of spoken Shandong (叫人拦着, 叫人倒满了) and its 'have someone do': 被, 让;
    # the agent they name is anyone (叫人踢翻了), not a person the law speaks of.
    "叫 叫人 让人 "
    # A verb standing for any act (这么干, 咋弄): the act is named elsewhere.
    "干 弄 "
    # Pointing and telling words of a spoken account (它, 那些, 差点, 正好): who or how, not what.
    "它 它们 那些 这些 跟 差点 差一点 正好 刚好 恰好".split())
# Joined by the segmenter to the word they go with, in a pair the index never saw.
PRONOUNS = frozenset("俺恁咱我你他她它")
# Where, after a place (村里, 河边): the place is what the law speaks of. Not after a seat of
# government (市里, 县里 are its offices).
LOCATIVES = frozenset("里边")
SEATS = frozenset("省市县区乡镇城")
# How many of a thing (一棵, 那棵, 这辆, 几个, 两条; after a number also 一片, 两家, 一回), or a
# number as the officer tells it (三百多, 十几): how it is counted, never the thing; the law
# states its own thresholds.
MEASURES = "棵株颗辆个只条头匹台张"                    # a measure word alone is never the thing
NUMBERED_MEASURES = "片套圈回句次遍趟块堆桌间把根件群帮伙家"   # …these, alone, may be (家, 片)
COUNTED_RE = re.compile(f"[{CN_NUMERAL_CHARS}0-9几这那每哪]*[{MEASURES}]|[{CN_NUMERAL_CHARS}0-9]+[多余几]"
                        f"|[{CN_NUMERAL_CHARS}0-9几这那每哪]+[{NUMBERED_MEASURES}]")
COUNTED_PREFIX_RE = re.compile(f"[{CN_NUMERAL_CHARS}0-9几这那每哪]+[棵株颗辆只条头匹台张](?=.)")  # 几只羊 → 羊
# Asking who acts (谁管, 哪个部门, 找谁): answered by an article naming a body, which
# kb.search.ranking lifts.
DEPARTMENT_INTENT = ("谁", "哪个部门", "哪些部门", "什么部门", "哪个单位", "哪个机关", "哪里反映", "哪里举报",
                     "哪里投诉", "去哪", "上哪", "找哪", "向哪", "归哪")
# The modals (and 有) whose following word is what the question asks about: 能骑吗 asks
# about riding, 怎么收费 about charging, 有工资吗 about pay.
# A particular the question asks for (尺寸, 名单, 区别): an article answers it only where it
# states that particular, as with 多少钱 (a language resource, not any one question's words).
# A contact (a number, a mailbox, a website, an app): the texts require one to be published
# (应当公布举报电话、信箱) and never give it, so no article answers a question asking one.
CONTACT_TERM = "联系方式"     # the law's word for any of them (公开河（湖）长名单、职责和联系方式)
CONTACTS = frozenset("号码 电话号码 网址 邮箱 电子邮箱 信箱 电话 举报电话 联系方式 app 小程序 公众号".split())
DETAILS = frozenset("尺寸 规格 型号 样式 式样 格式 模板 名单 尾号 流程 步骤 表格 "
                    "价格 价钱 价目 价位 价码 单价 收费标准 区别 关系 证件 有效期 收费 费用 地址 密码 限速 时速".split()) | CONTACTS
# Matters other laws govern (insurance, tenancy, contracts, family, wages, social security,
# taxes, courts, consumer rights, the cards of other services): a question naming one is
# answered only by an article that speaks of it, however much of the rest an article holds.
# Unlike a particular, one inside a lexicon phrase (交社保) is that phrase's to answer.
ELSEWHERE = frozenset(
    "保险 理赔 房东 租客 房租 租金 押金 定金 合同 继承 遗产 离婚 彩礼 抚养费 赡养费 借款 欠款 欠钱 "
    "工资 加班费 社保 医保 报销 公积金 养老金 低保 个税 契税 增值税 缴税 交税 纳税 报税 税务 起诉 律师 "
    "驾照 驾驶证 行驶证 扣分 酒驾 醉驾 学费 退货 退款 退钱 退费 医疗事故 办卡 公交卡 市民卡 老年卡 银行卡 "
    # Pets other than dogs: 养犬管理条例 governs 犬只 alone.
    "猫 养猫 猫咪 宠物猫 流浪猫 鹦鹉 八哥 兔子 仓鼠 乌龟 宠物蛇".split())
ASKING = frozenset("怎么 怎样 怎么样 如何 咋 咋样 能 能否 可以 可不可以 能不能 要 要不要 让不让 准不准 是否 会 该 有"
                   .split())
WHERE = frozenset("哪 哪里 哪儿 哪块 哪边".split())     # 去哪登记, 往哪扔: where to do the act that follows
WHERE_ENDS = frozenset("块 边 儿".split())         # 哪 块 as jieba may cut 哪块
# …unless a measure word follows: 哪种狗, 哪天 ask which, not where.
WHICH_MEASURES = frozenset("种 类 样 天 年 月 位 次 家 些 级 部 项 款 个 只 条 棵 辆 段 片 回 份 批 届 号".split())
# The units a quantity question asks about, as the law writes them after a number.
UNITS = {"米": "米", "公里": "公里", "平方米": "平方米", "平米": "平方米", "年": "年", "天": "日", "日": "日",
         "个月": "月", "月": "月", "小时": "小时", "岁": "周岁", "周岁": "周岁", "只": "只", "条": "只",
         "块": "元", "块钱": "元", "元": "元", "钱": "元", "倍": "倍", "次": "次", "遍": "次", "回": "次", "趟": "次", "人": "人", "个人": "人",
         "名": "人", "户": "户", "部": "部", "项": "项", "家": "家", "辆": "辆", "级": "级", "类": "类", "点": "时", "点钟": "时"}
# How long (多久, 多长时间) asks for a period, stated in whichever unit the law uses
# (十五日内, 三个月, 一年).
PERIOD = "期限"
PERIOD_QUESTIONS = ("多久", "多长时间", "啥时候", "什么时候", "何时", "几时")     # …or when: 自…起施行, 十五日内
PERIOD_NOUNS = frozenset("周期 时限 期限 年限 时长".split())     # 评估周期, 审批时限: asked as 多久
PERIOD_UNITS = ("日", "工作日", "月", "年", "小时")
# A unit the law also writes in a narrower form: 几天 is answered by 十个工作日内.
UNIT_FORMS = {"日": ("工作日", "日")}
# A count the law also states as a share: 多少人同意 is answered by 过半数, 三分之二以上.
SHARES = {"人": f"半数|[{CN_NUMERAL_CHARS}]+分之[{CN_NUMERAL_CHARS}]+"}
# How far, how big, how old (多远, 多大面积, 多高): a measure — a length, an area, a weight,
# an age — stated as a figure (一米, 十厘米, 三个月), not a fine in 元.
MEASURE = "尺度"
MEASURE_QUESTIONS = frozenset("多大 多远 多高 多宽 多深 多粗 多重 多沉 多长 多厚".split())
MEASURE_UNITS = ("平方公里", "平方米", "立方米", "厘米", "千米", "公里", "米", "公顷", "亩", "公斤", "千克", "吨",
                 "分贝", "周岁", "岁", "个月", "月", "年", "日", "天")
# A bare 多少 asks for the unit its thing is counted in: a fee or a subsidy in 元 (补贴多少,
# 押金要多少), a share in per cent (绿地率多少, 占比最少得多少).
PERCENT = "百分比"
SHARE_RE = re.compile("(?:率|比例|比重|比|^占)$")
IMPLIED_UNITS = ((re.compile("(?:费|钱|款|金|资|贴|价|补助|奖励|赔|赔偿)$"), "元"), (SHARE_RE, PERCENT))
IMPLIED_LOOKBACK = 3     # 绿化面积占比最少得多少: the thing stands a few words before
# A question naming a fee, a wage or a count last, and asking nothing else (古树认养年费,
# 环卫工 月工资, 组成人员 人数), asks how much it is: as if 多少 followed.
IMPLIED_AMOUNT_RE = re.compile("(?:费|费用|工资|收费|价格|价钱|人数|补贴|奖金|押金)$")
ASKS_RE = re.compile("[谁咋怎吗啥哪么呢能可不没?？]|多少|几")
# A bare 多少 whose thing names no unit (限速多少, 地址是多少) still asks for a figure: an
# answer states some amount, in any unit the law counts in.
FIGURE = "数值"
FIGURE_UNITS = tuple(sorted(set(UNITS.values()) | {"立方米", "厘米", "公斤", "千克", "分贝", "时", "分钟", "平方公里", "千米",
                                                    "公顷"}, key=lambda unit: (-len(unit), unit)))
# Money asked as a price, rent or fee (广告牌租一年多少钱, 门票多少钱), not as a fine: an amount
# in 元 the law sets as a fine (处二千元以上二万元以下的罚款) is not it.
PRICE = "价款"
PRICE_RE = re.compile("租|买|卖|收|交|缴|票|费|价|赔")       # …or compensation (赔多少): no fine either
AMOUNT_KINDS = frozenset((PERIOD, MEASURE, PERCENT, FIGURE, PRICE))      # asked amounts named by kind, not unit
# A number as the law writes one before its unit: 三米, 一百年, 5000元, 十五日内, 两个月.
AMOUNT = f"(?:[0-9０-９]+|[{CN_NUMERAL_CHARS}]+)(?:个|余|多)?"


def implied_amount(text: str) -> str:
    """`text`, with 多少 after a fee, wage or count it names last and asks nothing else of."""
    stripped = text.strip()
    return f"{stripped}多少" if IMPLIED_AMOUNT_RE.search(stripped) and not ASKS_RE.search(stripped) else text


def says_amount(text: str, unit: str) -> bool:
    """Whether the text states an amount in `unit` (一百年 for 年; for PERIOD, any unit of
    time), not merely the unit's character (年度)."""
    return _amount_re(unit).search(text) is not None


@lru_cache(maxsize=64)
def _amount_re(unit):
    if unit == PERCENT:
        return re.compile(f"百分之[{CN_NUMERAL_CHARS}点]+|[0-9０-９.]+[%％]")
    if unit == PRICE:
        return re.compile(AMOUNT + "元(?![^，。；\n]{0,15}罚款)")
    if unit == FIGURE:
        return re.compile(_amount_re(PERCENT).pattern + "|" + AMOUNT + "(?:" + "|".join(map(re.escape, FIGURE_UNITS)) + ")")
    units = {PERIOD: PERIOD_UNITS, MEASURE: MEASURE_UNITS}.get(unit, UNIT_FORMS.get(unit, (unit,)))
    shares = "|" + SHARES[unit] if unit in SHARES else ""
    return re.compile(AMOUNT + "(?:" + "|".join(map(re.escape, units)) + ")" + shares)


def _amount_words(unit, vocabulary):
    """The indexed words that are an amount in `unit` (百年, 五年; for PERIOD, 十五日, 三个月)."""
    units = {PERIOD: PERIOD_UNITS, PERCENT: ("百", "%"), FIGURE: FIGURE_UNITS,
             MEASURE: MEASURE_UNITS}.get(unit, UNIT_FORMS.get(unit, (unit,)))
    said = _amount_re(unit)
    return [w for u in units for w in vocabulary(u) if said.fullmatch(w)][:AMOUNT_WIDENINGS]


# Asking whether something is allowed (中不中, 能不能, 犯法不): answered by an article that
# forbids, limits or sets conditions, which kb.search.ranking lifts.
PERMISSION_INTENT = ("中不中", "能不能", "可不可以", "行不行", "让不让", "准不准", "允不允许", "允许", "犯法",
                     "违法吗", "违不违法", "合不合法", "合法吗", "合法不", "违规吗", "算不算", "能否")
PERMISSION_RE = re.compile("|".join(PERMISSION_INTENT) + r"|(?:能|可以|让|准|行)[^，。？！,.?!]{0,12}吗")
# Asking what counts as something (才能算古树, 什么是文明劝导员, 啥叫烈性犬): answered by the
# article that defines it (本条例所称…是指), which kb.search.ranking lifts.
DEFINITION_RE = re.compile(r"算[^，。？！,.?!]{0,8}|什么是|什么叫|啥是|啥叫|指的是|是指什么|定义|属于")
# Asking why a rule is as it is (为啥非得…, 这个数咋定的): the texts state rules, not their
# reasons, so no article answers it (kb.search.ranking.answer_of) — unless it is a complaint
# that nobody acts (为啥没人管), which asks who should.
WHY = "为啥|为什么|为何|凭啥|凭什么"
REASON_RE = re.compile(WHY + "|咋定的|怎么定的|依据是什么|依据是啥|有啥依据|什么道理|啥道理")
COMPLAINT_RE = re.compile(f"(?:{WHY})[^，。？！,.?!]{{0,4}}(?:没|不|没有)人?(?:管|罚|处理|查)")
# What the texts never state (ParsedQuery.unstated): why a rule is so, a contact, what a list
# holds, when an office opens (周六上班不, 几点开门: no regulation gives opening hours), and
# which product or remedy is good, facts about one particular thing, and who owns a thing.
REASON, CONTACT, LIST, HOURS, ADVICE, FACT, OWNER = "reason", "contact", "list", "hours", "advice", "fact", "owner"
LISTS = ("名录", "名单", "目录", "清单")       # words a list's name ends with (禁养名录)
# Asking which product, brand or remedy is good (啥牌子好, 打啥药管用): the texts set duties
# (应当使用无烟烧烤炉具) and never rate or recommend one.
# Whether a thing works (解释跟条例一样管用不) is the law's to say; which one works is not.
ADVICE_RE = re.compile("(?:啥|什么|哪个|哪种|哪家)(?:牌子|品牌)|品牌|推荐"
                       "|(?:啥|什么|哪种|哪个)[^，。？！,.?!\\s]{0,4}(?:管用|好使)"
                       "|(?:哪家|哪个|哪种|啥|什么)的?(?:最好|比较好|好)(?![处办])")
# Asking which one thing is the most of something, where it is or how old (济宁最老的古树是哪棵,
# 最大的公园在哪): the texts set rules for every such thing and describe none. A most that is a
# limit (占用绿地最长多久) is a rule: it is said without 的 before a thing.
FACT_RE = re.compile("最[\u4e00-\u9fff]的[^，。？！,.?!\\s]{0,6}?(?:是哪|在哪|哪[棵个条座家处]|多少岁|几岁|多少年了)"
                     # …or whatever it asks of it, where the most is never a limit (最老的古树 树龄)
                     "|最(?:老|古老|早|粗|有名|出名|著名|美|漂亮|好看)的"
                     # …or which one is the most (哪个县古树最多, 哪个区最干净)
                     "|哪(?:个|家|座|条|棵|所|位|里)[\u4e00-\u9fff]{0,4}?最(?![先后快好])"
                     # …or how many there are (济宁一共有几棵一级古树): the texts count nothing that exists
                     "|(?:一共|总共|总计|共有|全市|全济宁|济宁市?)[^，。？！,.?!\\s]{0,6}?有(?:几|多少)(?:[棵株座家处只辆所头]|个(?!部门|单位|机关|政府))")
# Who owns a thing (木头归谁, 归俺还是归国家): property is the national law's to settle (物权法定),
# and no local regulation assigns it. Who holds a power (解释权归谁) or does a duty (雪归谁扫)
# (管理归谁, 责任归谁) the texts do say.
OWNER_RE = re.compile("归(?:谁|俺|我|国家|集体|个人|村里)(?=$|[，。？！,.?!\\s啊呀呢吧还])")
HELD_BY = ("权", "责", "管", "责任", "职责", "管理")      # …归谁 asking who holds a power or a duty


def asks_owner(text: str) -> bool:
    """Whether the question asks who owns a thing (古树死了木头归谁), not who holds a power
    or a duty over it (解释权 归谁)."""
    return any(not text[:match.start()].rstrip().endswith(HELD_BY) for match in OWNER_RE.finditer(text))


HOURS_RE = re.compile("(?:上班|下班|开门|关门|营业|办公)(?:不|吗|没|么|时间)|几点(?:上班|下班|开门|关门|营业|办公)")
PENALTY_INTENT = ("罚", "处罚", "后果", "怎么处理", "处理", "法律责任", "追究", "违法", "处分", "没收",
                  "担责", "问责", "追责", "负责任", "担责任")


@dataclass
class Concept:
    word: str
    variants: list = field(default_factory=list)   # legal terms and widenings
    loose: list = field(default_factory=list)      # (word, boost) for a word the index does not know
    from_lexicon: bool = False                     # an everyday word the lexicon knows
    associated: bool = False                       # …only linked to its terms (a `~` rule)
    known: bool = True                             # the index has it in some form
    intent: bool = False                           # how the user asks (怎么罚), not what about
    whole: str = ""                                # the unknown compound this word was split from
    amount: bool = False                           # a unit asked as a quantity (几米): said after a number
    asked: bool = False                            # what is asked (能骑吗, 多少钱): an answer must say it
    repeated: bool = False                         # typed twice or more (当个河长…这河长): what it is about
    of: str = ""                                   # an amount's: the word it is asked of (硫分 of 硫分多少)
    where: bool = False                            # asked where to do it (去哪登记): an answer says it or names a place
    classified: bool = False                       # asked whether it counts as something (金毛 算大型犬不)

    @property
    def forms(self):
        return [self.word] + self.variants + [word for word, _ in self.loose]

    @property
    def naming_forms(self) -> list:
        """The forms that name the concept: all but a 同义词词林 synonym (CILIN_BOOST), which
        only means something alike (报名 ~ 申请)."""
        return [self.word] + self.variants + [word for word, boost in self.loose if boost != CILIN_BOOST]

    @property
    def label(self) -> str:
        """The concept as a reader is told it was not found: an amount asked in a unit as
        多少元, 多少类 (a kind of amount, 期限 or 价款, as itself)."""
        return f"多少{self.word}" if self.amount and self.word not in AMOUNT_KINDS else self.word


@dataclass
class ParsedQuery:
    raw: str
    concepts: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    penalty_intent: bool = False
    department_intent: bool = False
    permission_intent: bool = False
    definition_intent: bool = False
    reason_intent: bool = False
    hours_intent: bool = False
    advice_intent: bool = False
    fact_intent: bool = False
    owner_intent: bool = False
    places: list = field(default_factory=list)     # the jurisdictions it names (济南 → 济南市)
    kinds: list = field(default_factory=list)      # other kinds of a thing it names (电子鞭炮: lexicon.other_kinds)
    whoosh_query: object = None

    @property
    def asks_contact(self) -> bool:
        """Whether the question asks for a contact (养犬举报电话, 网址多少): see CONTACTS."""
        return any(concept.asked and concept.word in CONTACTS for concept in self.concepts)

    @property
    def asks_list(self) -> bool:
        """Whether the question asks for a list's contents (禁养名录里都有啥狗, 黑臭水体名单): the
        texts say who draws up and publishes a list (公安机关制定并公布禁养犬只名录), never
        what is on it. Who draws it up (名单谁定) they do answer."""
        return not self.department_intent and any(concept.word.endswith(LISTS) for concept in self.concepts)

    @property
    def unstated(self) -> list:
        """What the question asks that the texts never state (REASON, CONTACT, LIST, HOURS,
        ADVICE, FACT, OWNER): such a question is never answered directly, and the result says why."""
        asked = ((REASON, self.reason_intent), (CONTACT, self.asks_contact), (LIST, self.asks_list),
                 (HOURS, self.hours_intent), (ADVICE, self.advice_intent), (FACT, self.fact_intent),
                 (OWNER, self.owner_intent))
        return [kind for kind, asks in asked if asks]

    @property
    def highlight_terms(self):
        return [form for concept in self.concepts for form in concept.forms] + self.phrases


def no_widening(word):
    return []


def parse_query(raw, vocabulary, known=lambda word: True, widen=no_widening):
    """`vocabulary(char)` lists indexed words containing a character; `known(word)` says
    whether a word is indexed at all; `widen(word)` gives (indexed word, boost) for a word
    the index does not know or rarely uses (homophones, 同义词词林), [] otherwise."""
    syntax = parse_syntax(raw)
    # Dialect words (茅房, 搁) as the standard words the texts and the lexicon know.
    text = implied_amount(standardise(syntax.text, listed_positions(syntax.text)))
    parsed = ParsedQuery(raw=raw or "", phrases=syntax.phrases, excluded=syntax.excluded,
                         penalty_intent=any(w in text for w in PENALTY_INTENT),
                         department_intent=any(w in text for w in DEPARTMENT_INTENT),
                         permission_intent=PERMISSION_RE.search(text) is not None,
                         definition_intent=DEFINITION_RE.search(text) is not None,
                         reason_intent=REASON_RE.search(text) is not None and COMPLAINT_RE.search(text) is None,
                         hours_intent=HOURS_RE.search(text) is not None,
                         advice_intent=ADVICE_RE.search(text) is not None,
                         fact_intent=FACT_RE.search(text) is not None,
                         owner_intent=asks_owner(text),
                         places=places_named(analysis.query_words(text)),
                         kinds=other_kinds(text, known))
    parsed.concepts = _concepts(text, vocabulary, known, widen)
    if not parsed.penalty_intent and PRICE_RE.search(text):      # 租一年多少钱: a price, not a fine
        for concept in parsed.concepts:
            if concept.amount and concept.word == "元":
                concept.word = PRICE
    asked = [word for word in PENALTY_INTENT if word in text]
    for concept in parsed.concepts:
        concept.known = concept.from_lexicon or any(known(form) for form in concept.forms)
        concept.repeated = len(concept.word) > 1 and text.count(concept.word) > 1
        # 罚款 holds 罚; 担 and 责 are what is left of 担责 when the segmenter cut it apart.
        concept.intent = any(word in concept.word or (len(word) > 1 and concept.word in word) for word in asked)
        # 哪个部门管 as a lexicon rule says how the department is asked, as 罚多少 the penalty:
        # counted as content it made any article naming a 主管部门 half an answer.
        concept.intent = concept.intent or (concept.from_lexicon and parsed.department_intent
                                            and asks_department_only(concept.word))
    if parsed.penalty_intent and parsed.department_intent:
        # Who fines (罚款归哪个部门) is answered where a regulation names who imposes its
        # penalties (本条例规定的行政处罚…由…实施: kb.legal.words.default_enforcers).
        for concept in parsed.concepts:     # the penalty asked: 罚款, 开罚单, 怎么罚
            if concept.intent and "罚" in concept.word and PENALTIES_TERM not in concept.variants:
                concept.variants.append(PENALTIES_TERM)
    if parsed.concepts:
        clauses = [_clause(concept, known(concept.word)) for concept in parsed.concepts]
        # No whoosh coordination (it doubles query time); coverage in kb.search.ranking
        # rewards articles that answer more of the query instead.
        parsed.whoosh_query = _union(clauses) if len(clauses) > 1 else clauses[0]
    return parsed


def asks_department_only(word: str) -> bool:
    """Whether `word` (谁管, 归谁管, 哪个部门管) is nothing but a way of asking who acts."""
    for phrase in DEPARTMENT_INTENT:
        word = word.replace(phrase, "")
    return all(char in QUESTION_WORDS for char in word)


def content_words(text, known=lambda word: True, widen=no_widening):
    """The words of a query that say what it is about: question words and chatter dropped."""
    return _content(text, known, widen)[0]


def _content(text, known, widen):
    """(content words, part → the unknown compound it was split from, unit asked as a
    quantity → the word it is asked of, the words asked whether or how to do, the acts
    asked where to do, the things asked whether they count as something)."""
    typed = analysis.query_words(text)
    words, amounts = _units(_join_typos(_join_asking(typed), known, widen, text))
    words = [COUNTED_PREFIX_RE.sub("", w, count=1) for w in words if w in amounts or not COUNTED_RE.fullmatch(w)]
    asked, where = _asked(words), (_following(words, WHERE, skip=WHERE_ENDS) - WHICH_MEASURES) | _before_where(words)
    classified = _classified(words)
    asked |= _a_not_a(typed)
    words = [w for w in words if w not in QUESTION_WORDS]
    wholes = {}
    split = _split_unknown(words, known, widen, wholes)
    classified |= {part for part, whole in wholes.items() if whole in classified}     # 哈士 奇 of 哈士奇
    return [w for w in dict.fromkeys(split)
            if w not in QUESTION_WORDS and (w in amounts or not COUNTED_RE.fullmatch(w))], \
        wholes, amounts, asked, where, classified


VENUES = frozenset("网点 地点 窗口 站点 办理点 服务点".split())


def _before_where(words):
    """The act asked where it goes to (寄到哪, 扔哪): the content word just before 到哪 or 哪."""
    found = set()
    for i, word in enumerate(words):
        if word in VENUES and i and words[i - 1] not in QUESTION_WORDS:
            found.add(words[i - 1])
        if word in WHERE and i and (i + 1 == len(words) or words[i + 1] in WHERE_ENDS or words[i + 1] in QUESTION_WORDS):
            j = i - 1
            while j >= 0 and words[j] in ("到", "在", "往", "去"):
                j -= 1
            if j >= 0 and words[j] not in QUESTION_WORDS:
                found.add(words[j])
    return found


def _a_not_a(words):
    """The word an A-not-A question asks (疼 of 疼不疼, 让 of 让不让)."""
    return {word for i, word in enumerate(words[:-1])
            if word not in QUESTION_WORDS and (words[i + 1] == "不" + word
                                               or words[i + 1] == "不" and words[i + 2:i + 3] == [word])}


def _asked(words):
    """The words a question asks whether or how to do or have (能骑, 怎么收费, 有工资吗): the
    first content word within two tokens after a modal or 有; and any particular it asks
    for (DETAILS: 警示牌 尺寸)."""
    asking = [w for w, after in zip(words, words[1:] + [""]) if not (w == "有" and after in TOLD_MEASURES)]
    return {word for word in words if word in DETAILS or word in ELSEWHERE} | _following(asking, ASKING)


# 有 before one of these tells of something there (有块地, 有户人家, 有位老人).
TOLD_MEASURES = frozenset(MEASURES + NUMBERED_MEASURES + "户座位名")
CLASSING = frozenset("算 算不算 属于".split())
CLASSING_SKIP = frozenset("这 这个 那 那个 也 能 就 还 都 可以 的".split())


def _classified(words):
    """The thing asked whether it counts as something (金毛 in 俺家金毛算大型犬不): the two
    content words just before 算 or 属于."""
    found = set()
    for i, word in enumerate(words):
        if word in CLASSING:
            before = [w for w in words[:i] if w not in CLASSING_SKIP and w not in QUESTION_WORDS]
            found.update(before[-2:])
    return found


def _following(words, asking, skip=frozenset()):
    """The first content word within two tokens after each word in `asking` (能 骑, 去哪 登记),
    not counting the words in `skip`."""
    found = set()
    for i, word in enumerate(words):
        if word in asking:
            after = [w for w in words[i + 1:] if w not in skip][:2]
            found.update([w for w in after if w not in QUESTION_WORDS][:1])
    return found


# A question word the segmenter ran into the act asked about (咋办卡 → 咋 办卡: how to get a
# card): the question word and its act.
ACT_QUESTIONS = {"咋办": ("咋", "办")}


def _acted_on(word):
    """Whether `word` can be what an act in ACT_QUESTIONS is done to (卡, 手续, 狗证)."""
    return CJK_RE.match(word) is not None and len(word) <= 2 and word not in QUESTION_WORDS


def _join_asking(words):
    """Neighbouring tokens that together are a question word (干 啥, 多 大) are one: the
    segmenter cuts spoken forms apart, and a lone 干 or 大 would be searched as content.
    The negated half of an A-not-A question (让 不让, 拴 不拴) is dropped: it repeats what
    is asked."""
    joined, i = [], 0
    while i < len(words):
        if i and words[i] == "不" + words[i - 1]:
            i += 1
            continue
        if words[i] in ACT_QUESTIONS and i + 1 < len(words) and _acted_on(words[i + 1]):
            asking, act = ACT_QUESTIONS[words[i]]
            joined += [asking, act + words[i + 1]]
            i += 2
            continue
        for size in (3, 2):
            if i + size <= len(words) and "".join(words[i:i + size]) in QUESTION_WORDS:
                joined.append("".join(words[i:i + size]))
                i += size
                break
        else:
            joined.append(words[i])
            i += 1
    return joined


def _units(words):
    """(words, unit asked → the word it is asked of, or ""): 几米, 多少 年, 几块钱: a question
    about a quantity asks for the unit the law writes with a number (三米, 一百年, 五百元);
    the unit is what the question is about."""
    words, result, amounts, skip = list(words), [], {}, False
    for i, word in enumerate(words):
        if skip:
            skip = False
            continue
        following, thing = (words[i + 1] if i + 1 < len(words) else ""), ""
        for asking in QUANTITY_WORDS:
            if word.startswith(asking) and word[len(asking):] in UNITS and not _told_few(asking, result):
                unit = UNITS[word[len(asking):]]
                break
            if (word == asking + "个" and following and following not in QUESTION_WORDS
                    and not any("罚" in w for w in result[-IMPLIED_LOOKBACK:]) and not _told(result)):
                # 几个级别, 几个人: counted in the thing's unit, else any figure (罚几个钱 asks the penalty)
                unit, skip = UNITS.get(following, FIGURE), following in UNITS
                thing = "" if skip else following
                break
        else:
            if word in PERIOD_QUESTIONS or word in PERIOD_NOUNS or word + following in PERIOD_QUESTIONS:
                unit, skip = PERIOD, word not in PERIOD_QUESTIONS and word not in PERIOD_NOUNS
            elif word in MEASURE_QUESTIONS:
                unit = PERCENT if SHARE_RE.search(following) else MEASURE      # 多大比例 asks a share
            elif word == "多" and following[:1] and "多" + following[:1] in MEASURE_QUESTIONS:
                unit = MEASURE        # jieba's 多 大面积: how big an area
                if following[1:]:
                    words[i + 1] = following[1:]
                else:
                    skip = True
            else:
                unit = _counted_in(following) if word in QUANTITY_WORDS and not _told_few(word, result) else None
                skip = unit is not None
                if unit is None and word in QUANTITY_WORDS:     # a bare 多少 asks of a thing (硫分多少)
                    unit, thing = _implied_unit(result[-IMPLIED_LOOKBACK:] + [following])
        if unit is None:
            result.append(word)
        else:
            amounts[unit] = thing
            result.append(unit)
    return result, amounts


TOLD = frozenset("有 好 看见 看到 来了".split())     # 有几个人开着三轮…: some, as the officer tells it
ASKED_TOTAL = frozenset("一共 总共 共 得 要 需要".split())  # …unless asked: 一共有几个


def _told(before):
    """Whether a 几个 after these words tells a number (有几个人在钓鱼) rather than asks one."""
    return bool(before) and before[-1] in TOLD and not (len(before) > 1 and before[-2] in ASKED_TOTAL)


def _told_few(asking, before):
    """Whether a 几 tells "a few" (好几天, 有几回) rather than asks how many; 多少 always asks."""
    return asking == "几" and _told(before)


def _counted_in(word):
    """The unit `word` names after 多少 or 几 (天 → 日), or None; a measure word the law
    does not count in (多少头) is asked all the same: no article states it. 个 counts anything."""
    if word in UNITS:
        return UNITS[word]
    if word == "个":
        return FIGURE
    return word if len(word) == 1 and COUNTED_RE.fullmatch(word) else None


def _implied_unit(before):
    """(the unit a bare 多少 asks for, the word it is asked of), from the words around it
    (补贴 → 元; 多少管理费 → 元; 绿地率要求是多少 → per cent, of 绿地率): FIGURE, of the last
    content word, when they name no unit; (None, "") when there are none or it asks a fine."""
    for word in reversed(before):
        if "罚" in word:        # 罚款多少 asks the penalty: the penalty intent's business
            return None, ""
        for pattern, unit in IMPLIED_UNITS:
            if pattern.search(word):
                return unit, word
    content = [word for word in before if word and word not in QUESTION_WORDS]
    return (FIGURE, content[-1]) if content else (None, "")


def _join_typos(words, known, widen, text=None):
    """A typo'd word is no dictionary word, so jieba cuts it apart (条见 → 条 见, 解事权 →
    解 事权). Two neighbouring pieces of two or three characters together that the index
    does not know as a word but that sound like one it knows with exactly one character
    different (条件, 解释权) are taken as that word, typed wrong. Question words and chatter
    (中 不, 不 种) are never joined, nor pieces the query (`text`) does not type together:
    a typo is typed inside one word (它的人 is no 他人 once 的 is dropped)."""
    joined, i = [], 0
    while i < len(words):
        pair = "".join(words[i:i + 2])
        if (2 <= len(pair) <= 3 and i + 1 < len(words) and CJK_RE.match(pair) and (text is None or pair in text)
                and words[i] not in QUESTION_WORDS and not known(pair)
                and any(boost == HOMOPHONE_BOOST and _one_apart(w, pair) and _keeps(w, words[i], words[i + 1])
                        for w, boost in widen(pair))):
            joined.append(pair)
            i += 2
            continue
        joined.append(words[i])
        i += 1
    return joined


def _keeps(word, first, second):
    """Whether `word`, heard in `first` + `second`, keeps `second` as typed when it is a
    question word: 听政 会 is 听证会 (会 typed right), but 中 不 is never a word."""
    return second not in QUESTION_WORDS or word.endswith(second) and len(first) >= 2


def _one_apart(word, typed):
    return len(word) == len(typed) and sum(a != b for a, b in zip(word, typed)) == 1


def _concepts(text, vocabulary, known, widen):
    words, wholes, amounts, asked, where, classified = _content(text, known, widen)
    concepts = []
    for everyday, legal, associated in expansions(text, known, QUESTION_WORDS.__contains__):
        # A particular or an amount asked (尾号, 电话号码, 几类) stays asked of its own, whatever
        # rule holds its characters (垃圾分类 分几类).
        inside = [w for w in words if (w in everyday or set(w) <= set(everyday)) and w not in DETAILS
                  and w not in amounts]
        words = [w for w in words if w not in inside]
        concepts.append(Concept(word=everyday, variants=list(legal), from_lexicon=True, associated=associated,
                                asked=associated and any(w in asked for w in inside),
                                classified=any(w in classified for w in inside)))
    for word in words:
        if word in amounts:     # 年 asked as 多少年 is 一百年 or 五年, not 年度 or 未成年
            concepts.append(Concept(word=word, variants=_amount_words(word, vocabulary), amount=True, asked=True,
                                    of=amounts[word]))
            continue
        widened = char_widenings(word, vocabulary) if len(word) == 1 and CJK_RE.match(word) else []
        loose = [(w, b) for w, b in widen(word) if w != word and w not in widened] if not widened else []
        if not widened:
            loose += [(w, ABBREVIATION_BOOST) for w in abbreviated(word, vocabulary) if w not in dict(loose)]
        if word in asked and word in CONTACTS and word != CONTACT_TERM:
            widened = widened + [CONTACT_TERM]      # 河长电话 is asked where the law says 河长…联系方式
        concepts.append(Concept(word=word, variants=widened, loose=loose, whole=wholes.get(word, ""),
                                asked=word in asked, where=word in where, classified=word in classified))
    return concepts


def char_widenings(char: str, vocabulary) -> list:
    """The indexed words a lone character stands for: its synonyms among things first (树 →
    树木, rather than 古树名木, which only one regulation says often), then the words most
    articles use that hold it."""
    synonyms = thing_synonyms(char)
    return sorted(vocabulary(char), key=lambda word: word not in synonyms)[:CHAR_WIDENINGS]


def abbreviated(word, vocabulary):
    """The indexed terms a short word abbreviates, Chinese-fashion: their own characters in
    order, from the first (常委 → 常务委员会, 人大 → 人民代表大会, 环保 → 环境保护), at least
    two characters longer and not merely containing it; the most frequent first."""
    if not 2 <= len(word) <= 3 or not CJK_RE.match(word) or set(word) & NUMERALS:
        return []       # 第十一 is no abbreviation of 第二十一条
    found = []
    for term in vocabulary(word[0]):
        if len(term) >= len(word) + 2 and term[0] == word[0] and word not in term and _in_order(word, term):
            found.append(term)
    return found[:ABBREVIATIONS]


def _in_order(short, long):
    rest = iter(long)
    return all(char in rest for char in short)


def _split_unknown(words, known, widen=no_widening, wholes=None):
    """A compound the index never saw (湿地保护, 店门口) is replaced by the dictionary words
    it is made of, as the index splits it — unless it sounds like, or is a synonym of, a
    word the index knows (拉圾 → 垃圾)."""
    result = []
    for word in words:
        # A pair is only undone when doubled, led by a pronoun or ended by a locative: asking
        # `widen` about every unknown pair would build the pinyin map on a question that needs none.
        plain_pair = len(word) == 2 and _core(word) == word and not _reduplicated(word)
        if known(word) or len(word) < 2 or plain_pair or widen(word):
            result.append(word)
            continue
        if _reduplicated(word):             # 坑坑洼洼 → 坑洼, 狗狗 → 狗: how it is said
            result.append(word[::2])
            continue
        if len(word) == 2:
            result.append(_core(word))
            continue
        parts = _cover(word)
        result.extend(parts or [word])
        if wholes is not None and parts:
            wholes.update((part, word) for part in parts)
    return result


def _reduplicated(word):
    """AA or AABB (狗狗, 坑坑洼洼): spoken doubling of a word the index holds once."""
    return len(word) in (2, 4) and CJK_RE.match(word) is not None and all(
        word[i] == word[i + 1] for i in range(0, len(word), 2))


def _core(pair):
    """What an unknown pair of characters says without the speaker's pronoun (俺村 → 村) or
    a locative after the place (村里 → 村); else the pair itself."""
    if pair[0] in PRONOUNS and CJK_RE.match(pair[1]):
        return pair[1]
    return pair[0] if pair[1] in LOCATIVES and pair[0] not in SEATS and CJK_RE.match(pair[0]) else pair


def _cover(word):
    """Greedy left-to-right cover of a word by its longest dictionary sub-words. A last
    character left over is kept: in a Chinese compound it names the thing (玉米秆 → 玉米 秆,
    and 秆 finds 秸秆) — unless the word holds a number."""
    pieces = sorted(analysis.subwords(word, 0), key=lambda p: (p[1], -(p[2] - p[1])))
    chosen, end = [], 0
    for piece, start, stop in pieces:
        if start >= end:
            chosen.append(piece)
            end = stop
    if chosen and end == len(word) - 1 and word[-1] not in QUESTION_WORDS and not set(word) & NUMERALS:
        chosen.append(word[-1])     # not 第八条 → 条: after a number it is a unit
    return chosen


def _union(queries):
    union = Or(queries)
    # whoosh's default for small indexes pre-loads every posting into arrays; the plain
    # union of matchers is faster for our short queries (measured ~20%).
    union.matcher_type = Or.DEFAULT_MATCHER
    return union


def _clause(concept, own_known=True):
    """The concept's own words in any search field, or any of its variants in the text.
    A phrase of several words (遛狗不拴绳, 干扰他人正常生活) must match all of them: OR-ing
    its common words would pull in half the corpus, slowly and wrongly. A word the index
    does not know (解事权) can only be found through what it sounds like or means (解释权):
    those weigh more then."""
    alternatives = [_all_of(concept.word, SEARCH_FIELDS)]
    for variant in concept.variants:
        boost = SYNONYM_BOOST if len(variant) > 1 else EXPANSION_BOOST
        alternatives.append(_all_of(variant, ("words",), boost))
    for variant, boost in concept.loose:
        alternatives.append(Term("words", variant, boost=boost * (1 if own_known else ALONE_LIFT)))
    return _union(alternatives)


def _all_of(phrase, fields, boost=1.0):
    words = analysis.query_words(phrase) or [phrase]
    per_field = [Term(name, word, boost=boost) for word in words for name in fields] if len(words) == 1 \
        else [And([Term(name, word, boost=boost) for word in words]) for name in fields]
    return per_field[0] if len(per_field) == 1 else _union(per_field)
