"""Legal structure read out of article text at index time: references to other articles of
the same regulation, references to other laws, fine ranges, responsible departments, and
whether an article sets a duty or a penalty."""

import re
from dataclasses import dataclass

from kb.numerals import CN_NUMERAL_CHARS, parse_number

NUM = rf"[{CN_NUMERAL_CHARS}0-9]+"
# 本条例第二十条, 违反本条例第十八条、第二十条第一款规定, 第十条至第十二条
INTERNAL_REF_RE = re.compile(rf"本(?:条例|法|规定|办法|细则|决定)((?:(?:第{NUM}条(?:之{NUM})?(?:第{NUM}款)?"
                             rf"(?:第[（(]?{NUM}[）)]?项)?)(?:、|和|或者|及|至)?)+)")
ARTICLE_NUMBER_RE = re.compile(rf"第({NUM})条")
RANGE_RE = re.compile(rf"第({NUM})条至第({NUM})条")
LAW_RE = re.compile(r"《([^《》]{2,60}?(?:法|条例|规定|办法|决定|细则|规则|解释))》")
AMOUNT = rf"(?:{NUM})(?:\.\d+)?万?"
FINE_RE = re.compile(
    rf"处(?:以)?(?:警告或者)?(?P<per>每[^\d{CN_NUMERAL_CHARS}，。；]{{0,6}})?(?:(?P<low>{AMOUNT})元以上)?(?P<high>{AMOUNT})元(?:以下)?(?:的)?罚款")
SANCTION_RE = re.compile(r"(?:处以?|并处|给予|予以)[^。；]{0,24}(?:罚款|警告|拘留|没收|吊销|处分|处罚)|没收[^。；]{0,10}违法所得")
DUTY_WORDS = ("应当", "不得", "禁止", "严禁")

# Canonical department → the ways the texts name it.
DEPARTMENTS = {
    "公安机关": r"公安机关|公安部门|公安派出所",
    "城市管理部门": r"城市管理(?:主管|综合执法)?部门|城市管理综合行政执法|综合行政执法部门|城管执法",
    "城镇容貌和环境卫生主管部门": r"城镇容貌和环境卫生主管部门|市容环境卫生(?:主管|行政主管)?部门|环境卫生主管部门",
    "生态环境部门": r"生态环境(?:主管|行政主管)?部门",
    "住房城乡建设部门": r"住房(?:和)?城乡建设(?:主管|行政主管)?部门",
    "自然资源和规划部门": r"自然资源(?:和规划)?(?:主管|行政主管)?部门|规划(?:主管|行政主管)?部门",
    "农业农村部门": r"农业农村(?:主管)?部门|畜牧兽医(?:主管)?部门",
    "市场监督管理部门": r"市场监(?:督)?管(?:理)?(?:主管)?部门",
    "卫生健康部门": r"卫生健康(?:主管)?部门",
    "交通运输部门": r"交通运输(?:主管)?部门",
    "水行政主管部门": r"水行政主管部门|(?:城乡)?水务(?:主管)?部门",
    "城市绿化主管部门": r"城市绿化(?:行政)?主管部门|园林绿化(?:主管)?部门",
    "古树名木主管部门": r"古树名木主管部门",
    "经济和信息化主管部门": r"经济和信息化主管部门|工业和信息化主管部门",
    "文化和旅游部门": r"文化和旅游(?:主管)?部门",
    "教育部门": r"教育(?:行政)?(?:主管)?部门",
    "民政部门": r"民政(?:主管)?部门",
    "应急管理部门": r"应急管理(?:主管)?部门|安全生产监督管理部门",
    "精神文明建设工作机构": r"精神文明建设(?:工作|指导)?(?:机构|委员会)",
    "行政审批服务部门": r"行政审批服务部门",
    "街道办事处、乡镇人民政府": r"街道办事处|乡(?:、|和)?镇人民政府",
    "居民委员会、村民委员会": r"居民委员会|村民委员会",
}
DEPARTMENT_RES = {name: re.compile(pattern) for name, pattern in DEPARTMENTS.items()}


@dataclass(frozen=True)
class Fine:
    low: int | None     # 元; None when only an upper bound is stated
    high: int
    per: str            # 每次, 每日, 每平方米 … as written; "" when not stated
    text: str

    def as_json(self):
        return {"low": self.low, "high": self.high, "per": self.per, "text": self.text}


def internal_references(text):
    """Article numbers of this regulation that `text` refers to, in order, without repeats."""
    numbers = []
    for match in INTERNAL_REF_RE.finditer(text):
        span = match.group(1)
        for low, high in RANGE_RE.findall(span):
            numbers.extend(range(parse_number(low), parse_number(high) + 1))
        numbers.extend(parse_number(n) for n in ARTICLE_NUMBER_RE.findall(span))
    return list(dict.fromkeys(n for n in numbers if n))


def external_laws(text):
    return list(dict.fromkeys(LAW_RE.findall(text)))


def parse_amount(text):
    multiplier = 10000 if text.endswith("万") else 1
    number = parse_number(text.rstrip("万"))
    return None if number is None else number * multiplier


def fines(text):
    found = []
    for match in FINE_RE.finditer(text):
        high = parse_amount(match.group("high"))
        if high is None:
            continue
        low = parse_amount(match.group("low")) if match.group("low") else None
        found.append(Fine(low=low, high=high, per=(match.group("per") or "").strip(), text=match.group(0)))
    return found


def departments(text):
    return [name for name, pattern in DEPARTMENT_RES.items() if pattern.search(text)]


def is_penalty(article):
    """A 法律责任 article, or one that states a sanction itself (处…罚款, 给予处分 …)."""
    return "法律责任" in article.chapter or bool(SANCTION_RE.search(article.text))


def sets_duty(text):
    return any(word in text for word in DUTY_WORDS)


@dataclass
class ArticleFacts:
    references: list
    referenced_by: list
    laws: list
    fines: list
    departments: list
    penalty: bool
    duty: bool

    def as_json(self) -> dict:
        return {"references": self.references, "referenced_by": self.referenced_by, "laws": self.laws,
                "fines": [f.as_json() for f in self.fines], "departments": self.departments,
                "penalty": self.penalty, "duty": self.duty}


def regulation_facts(regulation) -> dict:
    """ArticleFacts for every article key of a regulation, with references both ways."""
    existing = {a.number for a in regulation.articles}
    forward = {a.key: [n for n in internal_references(a.text) if n in existing and n != a.number]
               for a in regulation.articles}
    backward = {}
    for key, targets in forward.items():
        for number in targets:
            backward.setdefault(number, []).append(key[0])
    return {a.key: ArticleFacts(references=forward[a.key],
                                referenced_by=backward.get(a.number, []) if not a.suffix else [],
                                laws=external_laws(a.text), fines=fines(a.text),
                                departments=departments(a.text), penalty=is_penalty(a),
                                duty=sets_duty(a.text))
            for a in regulation.articles}
