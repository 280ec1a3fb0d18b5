"""The one owner of where a regulation belongs: its jurisdiction (济宁市, 青岛市, 山东省, 全国)
and its level (设区的市地方性法规, 省地方性法规, 法律, 行政法规 …), from its title and the
path it has in the pinned source repository (LawRefBook/Laws), and which collection and
search scopes it falls in."""

import os
import re
import urllib.parse
from dataclasses import dataclass

HOME_ENV = "REGKB_HOME_JURISDICTION"
DEFAULT_HOME = "济宁市"
NATIONAL = "全国"
PROVINCE = "山东省"
UNMARKED = "未标注"
CITY_LEVEL = "设区的市地方性法规"
PROVINCE_LEVEL = "省地方性法规"
LOCAL_ROOT = "DLC/山东地方法规/"
# The repository's top folders outside DLC/ → the level of the texts in them.
NATIONAL_FOLDERS = {"宪法": "宪法", "宪法相关法": "法律", "民法典": "法律", "民法商法": "法律", "行政法": "法律",
                    "经济法": "法律", "社会法": "法律", "刑法": "法律", "诉讼与非诉讼程序法": "法律",
                    "行政法规": "行政法规", "司法解释": "司法解释", "部门规章": "部门规章", "其他": "其他"}
# The 16 cities of Shandong (莱芜市 was merged into 济南市 in 2019; its texts keep its name).
SHANDONG_CITIES = ("济南市", "青岛市", "淄博市", "枣庄市", "东营市", "烟台市", "潍坊市", "济宁市", "泰安市",
                   "威海市", "日照市", "临沂市", "德州市", "聊城市", "滨州市", "菏泽市", "莱芜市")
# Titles that name a place inside a city rather than the city (泰山风景名胜区, 烟台葡萄酒产区).
PLACE_CITY = {"泰山": "泰安市", "烟台": "烟台市", "青岛": "青岛市", "济南": "济南市"}
# China's provincial-level places other than Shandong, by the short name the source
# repository's DLC/<name>地方法规/ folders and the titles use. A title naming one of them (or
# a city of one, in such a folder) is never the home city's.
PROVINCES = {short: short + suffix for suffix, names in (
    ("市", "北京 天津 上海 重庆"),
    ("省", "河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾"),
) for short in names.split()} | {"内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
                                  "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区"}
PROVINCE_LEVELS = {"市": "直辖市地方性法规", "省": PROVINCE_LEVEL, "区": "自治区地方性法规"}
DLC_RE = re.compile(r"^DLC/([\u4e00-\u9fff]+?)地方法规/")
PIN_RE = re.compile(r"/LawRefBook/Laws/[0-9a-f]{40}/(.+)$")
SCOPES = ("jining", "shandong", "national", "all")
SCOPE_NAMES = {"shandong": "山东省及各市", "national": "全国性法律法规", "all": "全部"}
HOME_SCOPE = "jining"


@dataclass(frozen=True)
class Placement:
    jurisdiction: str       # 济宁市, 青岛市, 山东省, 全国, 郑州市, 上海市 … or 未标注
    level: str              # 设区的市地方性法规, 省地方性法规, 法律, 行政法规 … or 未标注

    @property
    def superior(self) -> bool:
        """A text a Shandong city's regulation must not contradict: the province's, the nation's."""
        return self.jurisdiction in (NATIONAL, PROVINCE)


def home_jurisdiction() -> str:
    return os.environ.get(HOME_ENV, "").strip() or DEFAULT_HOME


def scope_names() -> dict:
    """scope → how the search page names it; the default scope is the home jurisdiction."""
    return {HOME_SCOPE: home_jurisdiction(), **SCOPE_NAMES}


def repository_path(source: str) -> str:
    """The path inside the source repository of a pinned URL (or a path given as such)."""
    text = urllib.parse.unquote(source or "")
    match = PIN_RE.search(text)
    return match.group(1) if match else text


def placement(title: str, source: str = "") -> Placement:
    """Jurisdiction and level of a regulation from its title and source path or URL."""
    path = repository_path(source)
    top = path.split("/", 1)[0]
    if top in NATIONAL_FOLDERS:
        return Placement(NATIONAL, NATIONAL_FOLDERS[top])
    city = _city(title)
    if city:
        return Placement(city, CITY_LEVEL)
    if title.startswith(PROVINCE) or path.startswith(LOCAL_ROOT):
        return Placement(PROVINCE, PROVINCE_LEVEL)
    if title.startswith("中华人民共和国"):
        return Placement(NATIONAL, "法律" if title.endswith("法") else UNMARKED)
    return _elsewhere(title, path) or Placement(UNMARKED, UNMARKED)


def _elsewhere(title, path):
    """Another province's text, or (in that province's folder) one of its cities'."""
    folder = DLC_RE.match(path)
    province = PROVINCES.get(folder.group(1)) if folder else None
    if province:
        city, _ = named_place(title)
        if city.endswith("市") and city not in PROVINCES.values():
            return Placement(city, CITY_LEVEL)
    province = province or next((full for full in PROVINCES.values() if title.startswith(full)), None)
    return Placement(province, PROVINCE_LEVELS[province[-1]]) if province else None


def _city(title):
    for city in SHANDONG_CITIES:
        if title.startswith(city):
            return city
    for place, city in PLACE_CITY.items():
        if title.startswith(place):
            return city
    return ""


# A place a name starts with: 青岛市, 山东省, 山东省济宁市 (the last one counts), or a city
# without 市 (青岛养犬条例). No place's own name holds 省 or 市 (山东省城市市容… names 山东省 only),
# and none is two characters before 城市 (智慧城市, 文明城市 are matters; 聊城市, 邹城市 places).
PLACE_RE = r"(?![\u4e00-\u9fff]{2}城市)(?:(?![省市])[\u4e00-\u9fff]){2,3}?(?:省|市|自治区)"
PLACE_PREFIX_RE = re.compile(rf"^(?:{PLACE_RE})+")


def without_place(title: str) -> str:
    """济宁市养犬管理条例 → 养犬管理条例: a title without the places it starts with."""
    return PLACE_PREFIX_RE.sub("", title or "")


SHORT_CITIES = {city[:-1]: city for city in SHANDONG_CITIES}
# A place a text ends with, just before a regulation's name (违反青岛市|养犬条例第八条); 本市,
# 全市, 该市 … are the text's own city, not a place named.
PLACE_END_RE = re.compile(r"(?:[\u4e00-\u9fff]{1,2}[^\W本全该我各此每](?:省|市|自治区)|"
                          + "|".join(SHORT_CITIES) + r")$")


def named_place(name: str) -> tuple:
    """(the place a regulation's name starts with, the rest): 青岛市养犬条例 → (青岛市, 养犬条例),
    青岛养犬条例 → (青岛市, 养犬条例), 山东省大气污染防治条例 → (山东省, …); ("", name) when it
    names none. The place may be no real one (农贸市场 → 农贸市): a caller matches it against
    the places of the texts it holds."""
    name = name or ""
    match = PLACE_PREFIX_RE.match(name)
    if match:
        places = re.findall(PLACE_RE, match.group(0))
        return places[-1], name[match.end():]
    for short, city in SHORT_CITIES.items():
        if name.startswith(short) and len(name) > len(short):
            return city, name[len(short):]
    return "", name


# Cities outside Shandong a question compares with (the provinces' capitals and the other
# sub-provincial cities), by the name people say.
OTHER_CITIES = {name: name + "市" for name in (
    "杭州 南京 广州 深圳 成都 武汉 西安 郑州 长沙 合肥 福州 厦门 南昌 太原 石家庄 沈阳 大连 长春 "
    "哈尔滨 苏州 宁波 昆明 贵阳 南宁 海口 兰州 西宁 银川 乌鲁木齐 拉萨 呼和浩特").split()}
# A word of a question → the jurisdiction it names (济南 → 济南市, 浙江 → 浙江省, 山东 → 山东省).
PLACE_WORDS = ({**SHORT_CITIES, **OTHER_CITIES, **PROVINCES, "山东": PROVINCE}
               | {full: full for full in (*SHANDONG_CITIES, *OTHER_CITIES.values(), *PROVINCES.values(), PROVINCE)})


def places_named(words) -> list:
    """The jurisdictions a question's words name, in order (a word is a whole segmented
    word: 济南, not the 济南 of 经济南部)."""
    return list(dict.fromkeys(PLACE_WORDS[word] for word in words if word in PLACE_WORDS))


def governs(jurisdiction: str, place: str) -> bool:
    """Whether a text of `jurisdiction` is law in `place`: the place's own, the nation's,
    and in a Shandong city the province's."""
    return jurisdiction in (place, NATIONAL) or (jurisdiction == PROVINCE and place in SHANDONG_CITIES)


def places_outside(jurisdiction: str, places) -> list:
    """The places of `places` a text of `jurisdiction` is no law in ([] when it is unknown)."""
    return [place for place in places if jurisdiction and not governs(jurisdiction, place)]


def ends_with_place(text: str) -> bool:
    """Whether `text` ends with a place's name (……青岛市, ……青岛), so that a regulation's name
    right after it is that place's (kb.citation: 青岛养犬条例 is never the home city's 养犬条例)."""
    return bool(PLACE_END_RE.search(text or ""))


def in_scope(jurisdiction: str, scope: str, home: str | None = None) -> bool:
    """Whether a text of `jurisdiction` is searched in `scope` (jining means the home city)."""
    home = home or home_jurisdiction()
    if scope == "all":
        return True
    if scope == "national":
        return jurisdiction == NATIONAL
    if scope == "shandong":
        return jurisdiction in (PROVINCE, home) or jurisdiction in SHANDONG_CITIES
    return jurisdiction in (home, UNMARKED)
