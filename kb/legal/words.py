"""Text-level extraction from one clause of law text: references to other articles and
laws, fines, other sanctions and the departments a clause names (with their capacity)."""

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.numerals import CN_NUMERAL_CHARS, parse_number

NUM = rf"[{CN_NUMERAL_CHARS}0-9]+"
# 本条例第二十条, 违反本条例第十八条、第二十条第一款规定, 第十条至第十二条
INTERNAL_REF_RE = re.compile(rf"本(?:条例|法|规定|办法|细则|决定)((?:(?:第{NUM}条(?:之{NUM})?(?:第{NUM}款)?"
                             rf"(?:第[（(]?{NUM}[）)]?项)?)(?:、|和|或者|及|至)?)+)")
ARTICLE_NUMBER_RE = re.compile(rf"第({NUM})条")
RANGE_RE = re.compile(rf"第({NUM})条至第({NUM})条")
# 《中华人民共和国动物防疫法》, also with a version mark: 《中华人民共和国动物防疫法（2021年修订）》.
LAW_RE = re.compile(r"《([^《》]{2,60}?(?:法|条例|规定|办法|决定|细则|规则|解释)(?:[〔（(\[【][^《》〔〕（）()\[\]【】]{1,20}[〕）)\]】])?)》")
# One cited clause inside a 违反…规定 reference: 第十八条, 第二十四条第三款, 第十九条第（一）项.
CITED_RE = re.compile(rf"(?:第(?P<article>{NUM})条)?(?:第(?P<paragraph>{NUM})款)?(?:第[（(](?P<item>{NUM})[）)]项)?")
VIOLATION_RE = re.compile(rf"违反(?P<whose>本条例|本办法|本条|前款|)(?P<refs>(?:(?:第{NUM}条)?(?:第{NUM}款)?"
                          rf"(?:第[（(]{NUM}[）)]项)?(?:、|和|或者|及)?)*)(?P<other>其他)?规定")

AMOUNT = rf"(?:{NUM})(?:\.\d+)?万?"
VALUE = rf"(?:{AMOUNT}(?:元|倍)|百分之{NUM})"
FINE_RE = re.compile(
    rf"(?:(?P<who>对[^，。；：处对]{{1,10}}?))?(?:(?P<per_before>(?:按)?每[^，。；处]{{1,4}}?))?"
    rf"(?P<verb>可以并处|可以处以?|可处以?|并处以?|处以?)(?:警告或者)?"
    rf"(?P<amount>(?:(?P<per>每[^{CN_NUMERAL_CHARS}0-9，。；]{{1,5}})|(?P<base>[^{CN_NUMERAL_CHARS}0-9，。；]{{2,10}}?))?"
    rf"(?:(?P<low>{VALUE})以上)?(?P<high>{VALUE})(?:以下)?)的?罚款")

# Sanctions other than fines, each as (kind, pattern).
SANCTIONS = (
    ("没收", r"没收"),
    ("责令改正", r"责令(?:[^，。；]{0,12}?)(?:改正|停止|清理|清除|拆除|恢复|修复|完成|退还|处理|更换|整治|补办|采取|停业|关闭)|限期(?:维修|改正|清理|拆除)"),
    ("暂扣、扣押", r"暂扣|扣押|扣留|查封"),
    ("吊销", r"吊销"),
    ("警告", r"警告"),
    ("拆除", r"强制拆除|强行拆除|限期拆除|责令[^，。；]{0,6}拆除"),
    ("关闭、停业", r"予以关闭|责令停业|停产"),
    ("处分", r"处分"),
    ("刑事责任", r"刑事责任"),
    ("追究责任", r"追究相关(?:人员的)?责任"),
    ("治安管理处罚", r"治安管理处罚"),
    ("依法处罚", r"依法(?:予以)?(?:处罚|处理|查处)|予以处罚"),
)
SANCTION_RES = tuple((kind, re.compile(pattern)) for kind, pattern in SANCTIONS)

# Canonical department → the ways the texts name it (older names are kept as written:
# 环境保护主管部门 is not silently made 生态环境部门).
DEPARTMENTS = {
    "公安机关": r"公安机关|公安部门|公安派出所",
    "城市管理部门": r"城市管理(?:主管|综合执法)?部门|城市管理综合行政执法|综合行政执法部门|城管执法",
    "城镇容貌和环境卫生主管部门": r"城镇容貌和环境卫生主管部门|市容环境卫生(?:主管|行政主管)?部门|(?<!城镇)环境卫生主管部门",
    "生态环境部门": r"生态环境(?:主管|行政主管)?部门",
    "环境保护主管部门": r"环境保护(?:行政)?主管部门",
    "住房城乡建设部门": r"住房(?:和)?城乡建设(?:主管|行政主管)?部门",
    "自然资源和规划部门": r"自然资源(?:和规划)?(?:主管|行政主管)?部门|规划(?:主管|行政主管)部门",
    "国土资源主管部门": r"国土资源(?:行政)?主管部门",
    "农业农村部门": r"农业农村(?:主管)?部门|畜牧兽医(?:主管)?部门",
    "农业主管部门": r"(?<![农村])农业(?:行政)?主管部门",
    "渔业主管部门": r"渔业(?:行政)?主管部门",
    "市场监督管理部门": r"市场监(?:督)?管(?:理)?(?:主管)?部门",
    "工商行政管理部门": r"工商行政管理(?:主管)?部门",
    "卫生健康部门": r"卫生健康(?:主管)?部门",
    "交通运输部门": r"交通运输(?:主管)?部门",
    "水行政主管部门": r"水行政主管部门|(?:城乡)?水务(?:主管)?部门",
    "城镇排水主管部门": r"城镇排水(?:与污水处理)?主管部门",
    "城市绿化主管部门": r"城市绿化(?:行政)?主管部门|园林绿化(?:主管)?部门",
    "古树名木主管部门": r"古树名木主管部门",
    "经济和信息化主管部门": r"经济和信息化主管部门|工业和信息化(?:主管)?部门",
    "文化和旅游部门": r"文化和旅游(?:主管)?部门|文化旅游(?:主管)?部门",
    "教育部门": r"教育(?:行政)?(?:主管)?部门",
    "民政部门": r"民政(?:主管)?部门",
    "应急管理部门": r"应急管理(?:主管)?部门|安全生产监督管理部门",
    "能源主管部门": r"能源主管部门",
    "林业主管部门": r"林业(?:行政)?主管部门",
    "财政部门": r"财政(?:主管)?部门",
    "人力资源和社会保障部门": r"人力资源和社会保障(?:主管)?部门|人社(?:主管)?部门",
    "卫生计生主管部门": r"卫生计生(?:主管)?部门",
    "物业主管部门": r"物业主管部门",
    "监察机关": r"监察机关",
    "精神文明建设工作机构": r"精神文明建设(?:工作|指导)?(?:机构|委员会)",
    "行政审批服务部门": r"行政审批服务部门",
    "人民政府指定的部门": r"人民政府(?:指定|确定)的(?:其他执法)?部门",
    "街道办事处、乡镇人民政府": r"街道办事处|(?:乡(?:（|、|和)?)?镇(?:）)?人民政府",
    "居民委员会、村民委员会": r"居民委员会|村民委员会",
}
DEPARTMENT_RES = {name: re.compile(pattern) for name, pattern in DEPARTMENTS.items()}
# Matches somewhere exactly when one of DEPARTMENT_RES does: most texts name none, and one
# search tells so.
ANY_DEPARTMENT_RE = re.compile("|".join(f"(?:{pattern})" for pattern in DEPARTMENTS.values()))
# 自然资源和规划、城市管理、住房城乡建设、市场监管、商务等部门: a list of short names.
DEPARTMENT_LIST_RE = re.compile(r"((?:[\u4e00-\u9fff（）]{2,12}、)+[\u4e00-\u9fff（）]{2,12}?)等(?:有关|主管)?部门")
LEVELS_RE = re.compile(r"(?:市、)?县（市、区）(?:、乡镇)?|各级")
SHORT_DEPARTMENTS = {"公安": "公安机关", "城市管理": "城市管理部门", "城市管理（综合执法）": "城市管理部门",
                     "市场监管": "市场监督管理部门", "市场监督管理": "市场监督管理部门", "文旅": "文化和旅游部门",
                     "城乡水务": "水行政主管部门", "工业和信息化": "经济和信息化主管部门"}
# Capacity of a department in a clause: 由X处罚 (enforcing), 经X批准 (approving), else responsible.
BODY = r"(?:部门|机关|人民政府|办事处|机构)"
ENFORCING_RE = re.compile(rf"由(?P<who>[^，。；]{{2,60}}?{BODY})(?=责令|处以?|没收|给予|予以|依法|对|按|查处|实施|强制|限期)")
APPROVING_RE = re.compile(rf"(?:经|报)(?P<who>[^，。；]{{2,40}}?{BODY})(?=批准|审批|审查同意|同意|备案)")
PENALTIES_TERM = "行政处罚"      # how a regulation names its penalties together
DEFAULT_ENFORCER_RE = re.compile(rf"本(?:条例|办法)规定的{PENALTIES_TERM}[^。]*?由(?P<who>[^。]+?)实施")


@dataclass(frozen=True)
class Fine:
    low: int | None     # 元 (or the multiple / per cent when `base` is set); None without a lower bound
    high: int
    per: str            # 每平方米, 每辆, 每只（头）, 每株 … as written; "" when not stated
    text: str           # the whole phrase as written: 对单位处一万元以上十万元以下的罚款
    amount: str = ""    # the amount as written: 每平方米二百元以上五百元以下, 货值金额一倍以上三倍以下
    addressee: str = ""  # 单位, 个人, 广告发布者 …; "" when the clause does not say
    discretionary: bool = False     # 可以处 (may) rather than 处 (shall)
    base: str = ""      # 货值金额, 树木评估价值 … for multiples and percentages

    def as_json(self) -> dict:
        return {"low": self.low, "high": self.high, "per": self.per, "text": self.text, "amount": self.amount,
                "addressee": self.addressee, "discretionary": self.discretionary, "base": self.base}


@dataclass(frozen=True)
class Sanction:
    kind: str           # 罚款, 没收, 责令改正, 暂扣、扣押, 吊销, 警告, 拆除, 关闭、停业, 处分, 刑事责任 …
    text: str


@dataclass(frozen=True)
class NamedDepartment:
    name: str           # canonical name
    capacity: str       # responsible | enforcing | approving

    def as_json(self) -> dict:
        return {"name": self.name, "capacity": self.capacity}


def internal_references(text: str) -> list:
    """Article numbers of this regulation that `text` refers to, in order, without repeats."""
    numbers = []
    for match in INTERNAL_REF_RE.finditer(text):
        span = match.group(1)
        for low, high in RANGE_RE.findall(span):
            numbers.extend(range(parse_number(low), parse_number(high) + 1))
        numbers.extend(parse_number(n) for n in ARTICLE_NUMBER_RE.findall(span))
    return list(dict.fromkeys(n for n in numbers if n))


def external_laws(text: str) -> list:
    return list(dict.fromkeys(LAW_RE.findall(text)))


def parse_amount(text: str) -> int | None:
    text = text.removesuffix("元").removesuffix("倍").removeprefix("百分之")
    multiplier = 10000 if text.endswith("万") else 1
    number = parse_number(text.rstrip("万"))
    return None if number is None else number * multiplier


def fines(text: str) -> list:
    found = []
    for match in FINE_RE.finditer(text):
        high = parse_amount(match.group("high"))
        if high is None:
            continue
        low = parse_amount(match.group("low")) if match.group("low") else None
        per_before = (match.group("per_before") or "").removeprefix("按")
        per = per_before or (match.group("per") or "")
        amount = per_before + match.group("amount")
        found.append(Fine(low=low, high=high, per=per, text=match.group(0), amount=amount,
                          addressee=(match.group("who") or "").removeprefix("对"),
                          discretionary=match.group("verb").startswith("可"),
                          base=(match.group("base") or "").strip()))
    return found


def sanctions(text: str) -> list:
    """Every sanction a text sets: its fines as 罚款, then the other kinds in a fixed order."""
    found = [Sanction("罚款", fine.text) for fine in fines(text)]
    for kind, pattern in SANCTION_RES:
        match = pattern.search(text)
        if match and not (kind == "警告" and "警告标志" in text[match.start():match.end() + 2]):
            found.append(Sanction(kind, match.group(0)))
    return found


def departments(text: str) -> list:
    """Canonical names of the departments a text names, in the order of DEPARTMENTS, then
    those of a short-name list (……、商务等部门)."""
    return list(_departments(text))


# The same few phrases (由城市管理部门, 公安机关 …) are looked at again and again.
@lru_cache(maxsize=8192)
def _departments(text: str) -> tuple:
    named = ([name for name, pattern in DEPARTMENT_RES.items() if pattern.search(text)]
             if ANY_DEPARTMENT_RE.search(text) else [])
    for match in DEPARTMENT_LIST_RE.finditer(LEVELS_RE.sub("", text)):
        for short in match.group(1).split("、"):
            if "人民政府" in short or len(short) > 10:
                continue
            if not any(p.search(short + "部门") for p in DEPARTMENT_RES.values()):
                named.append(SHORT_DEPARTMENTS.get(short, short + "部门"))
            else:
                named.extend(n for n, p in DEPARTMENT_RES.items() if p.search(short + "部门"))
    return tuple(dict.fromkeys(named))


def enforcing_departments(text: str) -> list:
    """Departments named as the ones that act on a breach: 由城市管理部门责令改正 …"""
    return list(dict.fromkeys(d for m in ENFORCING_RE.finditer(text) for d in departments(m.group("who"))))


def approving_departments(text: str) -> list:
    return list(dict.fromkeys(d for m in APPROVING_RE.finditer(text) for d in departments(m.group("who"))))


def named_departments(text: str) -> list:
    """NamedDepartment for each department of a text, with the capacity it is named in."""
    enforcing, approving = enforcing_departments(text), approving_departments(text)
    return [NamedDepartment(name, "enforcing" if name in enforcing else
                            "approving" if name in approving else "responsible") for name in departments(text)]


def default_enforcers(text: str) -> list:
    """本条例规定的行政处罚……由城市管理部门实施: the departments that impose every penalty
    of a regulation unless a penalty clause names another."""
    match = DEFAULT_ENFORCER_RE.search(text)
    return departments(match.group("who")) if match else []
