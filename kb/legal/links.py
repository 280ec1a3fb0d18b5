"""Links between a penalty clause and the duty clauses it sanctions, each with how it was
found and the words that show it:

- explicit: 违反本条例第十七条规定 / 第十八条、第二十条 / 第十九条第（一）项;
- same-article: 违反前款规定, 违反本条第一款规定, 违反第一款、第二款规定, or a sanction
  inside the duty's own 款 (……未及时修复的，责令限期修复);
- restated: the penalty restates the conduct (违反本条例规定，露天焚烧秸秆的，……); its act,
  verb + what it is done to, is matched against the duty clauses of the same regulation, each
  alternative (…或者…) on its own;
- generic: 法律、法规已有处罚规定的，从其规定, officials' 玩忽职守, 治安管理处罚 — a pointer
  to the superior law, never to a duty."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kb.legal.clauses import Clause
from kb.legal.words import CITED_RE, VIOLATION_RE, parse_number
from kb.model import label, own_label

GENERIC_RE = re.compile(r"法律、(?:行政)?法规[^。]{0,12}(?:已|另)有[^。]{0,10}规定的，从其规定|法律、法规已(?:经)?规定法律责任的"
                        r"|依据有关法律、法规处罚|按照有关法律、法规(?:、规章)?予以处罚|玩忽职守|滥用职权|徇私舞弊"
                        r"|治安管理|阻碍[^。]{0,30}(?:公务|职务)|拒绝、阻挠|打击、?报复|下列情形之一")
# Generic clauses that apply to every duty of the text (not officials' own failings).
UNIVERSAL_RE = re.compile(r"法律、(?:行政)?法规已(?:经)?(?:有|规定)[^。]{0,10}的，从其规定")
CONDUCT_RE = re.compile(r"^(?:违反本(?:条例|办法)规定，)?(?P<conduct>.+?)的，(?=由|责令|处|对|可|没收|给予)")
ALTERNATIVE_RE = re.compile(r"，?或者")
# Doing something in a forbidden time, place or way (在禁止燃放烟花爆竹的时间、地点和区域).
DIMENSION_RE = re.compile(r"禁止[^，。；]{0,12}?的[^，。；]{0,6}?(时间|时段|地点|区域|场所|方式)")
DIMENSIONS = ("时间", "时段", "地点", "区域", "场所", "方式")
# Acts of the Jining texts' duties: what is done (to what is read from the words around it).
VERBS = ("焚烧", "燃放", "销售", "燃用", "排放", "排入", "安装", "使用", "新建", "改建", "扩建", "烧烤", "提供",
         "移动", "损毁", "损坏", "损害", "刻划", "钉钉", "剥皮", "挖根", "攀树", "折枝", "悬挂", "砍伐", "迁移", "移植",
         "制定", "施工", "设置", "签订", "实施", "倾倒", "乱倒", "堆放", "弃置", "采砂", "建设", "占用", "挖掘", "张贴",
         "涂写", "刻画", "散发", "饲养", "养殖", "修剪", "搭建", "摆卖", "吊挂", "晾晒", "停放", "抛撒", "吐痰", "便溺",
         "乱扔", "拆除", "炸鱼", "毒鱼", "电鱼", "开采", "改变", "缩小", "圈占", "发放", "吸烟")
STOP_BIGRAMS = {"禁止", "不得", "应当", "违反", "本条", "条例", "规定", "或者", "以上", "以下", "下列", "行为", "任何",
                "单位", "个人", "和个", "位和", "的，", "其他", "有关"}
LEFT, RIGHT = 8, 14
MIN_SCORE, SURE_SCORE, TIE = 2, 5, 0.8


@dataclass
class Link:
    """One penalty ↔ duty link, as seen from one side: `article` … `item` locate the other
    clause (paragraph 0 = the whole article)."""
    article: int
    suffix: int
    paragraph: int
    item: int
    how: str            # explicit | same-article | restated | generic
    evidence: str       # the words of the penalty clause that show the link
    fines: list = field(default_factory=list)           # Fine of the penalty clause
    departments: list = field(default_factory=list)     # enforcing departments of the penalty clause
    confidence: str = "high"                            # high | uncertain
    own_paragraph: int = 0      # the 款 (and 项) of this side's article the link belongs to
    own_item: int = 0

    @property
    def where(self) -> str:
        """第三十一条第二款, or 上位法律、法规 for a generic pointer."""
        return label(self.article, self.suffix, self.paragraph, self.item) if self.article else "上位法律、法规"

    @property
    def own(self) -> str:
        """本条第一款第（八）项: the part of this side's article the link belongs to; 本条 when it
        is the whole article. A fine for one item is never shown as the whole article's."""
        return own_label(self.own_paragraph, self.own_item)

    def as_json(self) -> dict:
        return {"article": self.article, "suffix": self.suffix, "paragraph": self.paragraph, "item": self.item,
                "where": self.where, "how": self.how, "evidence": self.evidence, "fines": [f.text for f in self.fines],
                "departments": list(self.departments), "confidence": self.confidence,
                "own_paragraph": self.own_paragraph, "own_item": self.own_item, "own": self.own}


@dataclass
class Found:
    """A link found from a penalty 款 to a duty location (article, suffix, paragraph, item)."""
    target: tuple
    how: str
    evidence: str
    confidence: str = "high"


def violation_targets(clause: Clause) -> list:
    """Found for every 违反……规定 of a penalty 款 (explicit or within its article); a
    违反前款其他规定 is generic."""
    found = []
    for match in VIOLATION_RE.finditer(clause.text):
        whose, refs = match.group("whose"), match.group("refs")
        if match.group("other"):
            found.append(Found((), "generic", match.group(0)))
            continue
        if whose in ("本条例", "本办法") and not refs:
            continue            # 违反本条例规定，…: the conduct is restated after it
        for target in _cited(clause, whose, refs):
            how = "explicit" if target[0] != clause.article or whose in ("本条例", "本办法") else "same-article"
            found.append(Found(target, how, match.group(0)))
    return found


def _cited(clause, whose, refs):
    if whose == "前款":
        items = [parse_number(n) for n in re.findall(r"第[（(](.+?)[）)]项", refs)] or [0]
        return [(clause.article, clause.suffix, clause.paragraph - 1, item) for item in items]
    targets, article = [], clause.article if whose in ("本条", "") else None
    for match in CITED_RE.finditer(refs):
        if not match.group(0):
            continue
        if match.group("article"):
            article = parse_number(match.group("article"))
        if article is None:
            continue
        paragraph = parse_number(match.group("paragraph")) if match.group("paragraph") else 0
        item = parse_number(match.group("item")) if match.group("item") else 0
        if item and not paragraph:
            paragraph = 1       # 第十九条第（一）项: the item of its only 款
        targets.append((article, 0, paragraph, item))
    return targets


def is_generic(text: str) -> bool:
    return bool(GENERIC_RE.search(text))


def self_target(clause: Clause) -> list:
    """A sanction inside the duty's own 款 (环境卫生设施的所有人……应当……修复；未及时修复的，责令限期修复)."""
    sentences = [s for s in re.split(r"(?<=[。；])", clause.text) if s]
    duty = [s for s in sentences if not any(x.text in s for x in clause.sanctions)]
    if not any(re.search(r"应当|不得|禁止|严禁", s) for s in duty):
        return []
    evidence = next((s for s in sentences if s not in duty), clause.text)
    return [Found(clause.key, "same-article", evidence.strip("。；"))]


# --- restated conduct -------------------------------------------------------------------

def conduct_of(text: str) -> str:
    """违反本条例规定，露天焚烧秸秆的，由…… → 露天焚烧秸秆."""
    match = CONDUCT_RE.search(re.split("[。；]", text)[0])
    return match.group("conduct") if match else ""


def alternatives(conduct: str) -> list:
    """The acts of a conduct joined by 或者, each with a verb of its own; else the whole.
    A bare verb shares the object of the act after it: 砍伐或者擅自迁移古树名木 → 砍伐古树名木,
    擅自迁移古树名木."""
    parts = [p for p in ALTERNATIVE_RE.split(conduct) if p]
    if len(parts) == 2 and parts[0] in VERBS and _verbs(parts[1]):
        verb = _verbs(parts[1])[0]
        return [parts[0] + parts[1][parts[1].index(verb) + len(verb):], parts[1]]
    if len(parts) < 2 or min(len(p) for p in parts) < 6 or not all(_verbs(p) for p in parts):
        return [conduct]
    return parts


# A regulation's duties are scored against each of its penalties: what is worked out of a
# text is kept.
@lru_cache(maxsize=4096)
def _verbs(text):
    return tuple(v for v in VERBS if v in text)


def _bigrams(text):
    return {text[i:i + 2] for i in range(len(text) - 1)
            if text[i:i + 2] not in STOP_BIGRAMS and not re.search(r"[，。；、：（）\s]", text[i:i + 2])}


@lru_cache(maxsize=4096)
def _context(text, verb):
    grams = set()
    for match in re.finditer(verb, text):
        grams |= _bigrams(text[max(0, match.start() - LEFT):match.start()])
        grams |= _bigrams(text[match.end():match.end() + RIGHT])
    return frozenset(grams)


def act_score(act: str, duty_text: str) -> int:
    """Verb + object: for each verb of the act the duty also uses, 1 + the words around it
    that the two share (what is burnt, sold, built, and where)."""
    return sum(1 + len(_context(act, v) & _context(duty_text, v)) for v in _verbs(act) if v in duty_text)


def restated_targets(clause: Clause, duties: list) -> list:
    conduct = conduct_of(clause.text)
    if not conduct:
        return []
    if DIMENSION_RE.search(conduct):
        return _dimension_targets(conduct, duties)
    duties = [d for d in duties if d.role == "duty" or _addresses_government(conduct)]
    merged = {}
    for act in alternatives(conduct):
        for item in _best(act, conduct, duties):
            if item.target not in merged or item.confidence == "high":
                merged[item.target] = item
    return list(merged.values())


def _addresses_government(conduct):
    """市直部门、单位……拒不迁移: the penalty is for a government body's own breach."""
    return bool(re.search(r"部门|机关|人民政府", conduct.split("，")[0]))


def _best(act, conduct, duties):
    # A 款 with 项 is matched through its 项, not as a whole.
    itemised = {(d.article, d.suffix, d.paragraph) for d in duties if d.item}
    scored = [(act_score(act, d.scope_text), d) for d in duties
              if not (d.item == 0 and (d.article, d.suffix, d.paragraph) in itemised)]
    scored = sorted(((s, d) for s, d in scored if s >= MIN_SCORE), key=lambda pair: -pair[0])
    if not scored:
        return []
    best = scored[0][0]
    winners = [d for s, d in scored if s >= TIE * best]
    rivals = [s for s, _ in scored[len(winners):] if s >= best / 2]
    confidence = "high" if best >= SURE_SCORE or (len(winners) == 1 and not rivals) else "uncertain"
    return [Found(d.key, "restated", conduct, confidence) for d in winners]


def _dimension_targets(conduct, duties):
    """在禁止……的时间、地点和区域或者以禁止的方式燃放烟花爆竹: every 款 that forbids the act
    at a time, place or in a way the conduct names."""
    named = [d for d in DIMENSIONS if d in conduct]
    act = conduct[conduct.rfind("的") + 1:] if "的" in conduct else conduct
    verbs = _verbs(conduct)
    found = []
    for duty in duties:
        text = duty.scope_text if duty.item == 0 else ""
        if text and "禁止" in text and any(d in text for d in named) and any(
                v in text and len(_context(conduct, v) & _context(text, v)) >= 2 for v in verbs):
            found.append(Found(duty.key, "restated", conduct, "high" if act else "uncertain"))
    return found
