"""The same matter elsewhere: for one article, the articles of other cities' regulations
(peers) and of the superior law (national laws and State Council regulations, the
province's regulations) that deal with it, and their fines side by side.

Found by the article's own words over the index of every text (kb.snapshot.Snapshot.wide,
ClauseIndex.like); data only: the CLI and the web render it."""

from dataclasses import dataclass, field

from kb.analysis import index_text
from kb.errors import KbError
from kb.jurisdiction import NATIONAL, PROVINCE, UNMARKED, in_scope
from kb.legal import Fine
from kb.library import CITY_PREFIX_RE, RegulationEntry
from kb.model import Article

NO_OTHERS = ("还没有其他城市或上位法的文本：请先运行 regkb fetch --collection shandong（或 national、all），"
             "再运行 regkb index")
SUPERIOR_LEVELS = ("宪法", "法律", "行政法规", "省地方性法规")
CANDIDATES = 80         # articles read per search
FLOOR = 0.3             # an article scoring below this share of the best one is not the same matter
PER_REGULATION = 3
MAX_PEERS = 8
MAX_SUPERIOR = 6
OWN, PEER, SUPERIOR = "own", "peer", "superior"
# Words every regulation uses in any matter: they say nothing of which matter it is.
COMMON_WORDS = frozenset("""违反 本条例 本法 规定 责令 改正 限期 罚款 处以 以上 以下 万元 元 单位 个人 部门 主管部门
 管理 人民政府 县级 市 县 区 应当 不得 禁止 可以 情节 严重 没收 依法 法律 法规 行政 监督 职责 有关部门
 负责 工作 按照 组织 其他 相关 活动 措施 行为 下列 情形 之一 构成 犯罪 追究 刑事责任 给予 处分""".split())


@dataclass
class Group:
    """The articles of one regulation that deal with the matter, best first."""
    entry: RegulationEntry
    articles: list                  # kb.model.Article
    score: float
    same_kind: bool = False         # the same kind of regulation (养犬管理条例 of another city)

    def as_json(self, role: str) -> dict:
        data = {"regulation": self.entry.title, "slug": self.entry.slug}
        data.update({"jurisdiction": self.entry.jurisdiction} if role == PEER else {"level": self.entry.level})
        data["articles"] = [a.number for a in self.articles]
        data["labels"] = [a.label for a in self.articles]
        data["same_kind"] = self.same_kind
        return data


@dataclass
class FineRow:
    """The fines of one article: its own (a penalty article) or those of the penalty clause
    that sanctions it (a duty article, `where` naming that clause)."""
    role: str                       # own | peer | superior
    entry: RegulationEntry
    article: Article
    where: str                      # the label of the clause the fines are written in
    fines: list                     # kb.legal.Fine
    flags: list = field(default_factory=list)   # why a fine lies outside the superior law's range

    def as_json(self) -> dict:
        return {"role": self.role, "regulation": self.entry.title, "slug": self.entry.slug,
                "jurisdiction": self.entry.jurisdiction, "level": self.entry.level,
                "article": self.article.number, "label": self.article.label, "where": self.where,
                "fines": [{"low": f.low, "high": f.high, "per": f.per, "text": f.text, "addressee": f.addressee}
                          for f in self.fines],
                "flags": list(self.flags)}


@dataclass
class Comparison:
    entry: RegulationEntry
    article: Article
    peers: list = field(default_factory=list)       # Group, same kind first, best first
    superior: list = field(default_factory=list)    # Group, best first
    fines: list = field(default_factory=list)       # FineRow: the article's, then the peers', the superior's

    def as_json(self) -> dict:
        return {"regulation": self.entry.title, "slug": self.entry.slug, "jurisdiction": self.entry.jurisdiction,
                "article": self.article.number, "label": self.article.label,
                "peers": [g.as_json(PEER) for g in self.peers],
                "superior": [g.as_json(SUPERIOR) for g in self.superior],
                "fines": [row.as_json() for row in self.fines]}


def compare(snapshot, entry: RegulationEntry, article: Article, scope: str = "all") -> Comparison:
    """The article's counterparts in other cities' regulations and in the superior law,
    within a search scope (kb.jurisdiction.SCOPES; all by default)."""
    if not snapshot.has_others:
        raise KbError(NO_OTHERS)
    present = dict.fromkeys(e.jurisdiction for e in snapshot.library.entries)
    cities = [j for j in present if j not in (entry.jurisdiction, NATIONAL, PROVINCE, UNMARKED)
              and in_scope(j, scope)]
    uppers = [j for j in (NATIONAL, PROVINCE) if j in present and in_scope(j, scope)]
    groups = _groups(snapshot, entry, key_words(article), cities + uppers)
    peers = [g for g in groups if g.entry.jurisdiction in cities][:MAX_PEERS]
    superior = [g for g in groups if g.entry.jurisdiction in uppers
                and g.entry.level in SUPERIOR_LEVELS][:MAX_SUPERIOR]
    comparison = Comparison(entry, article, _same_kind_first(entry, peers), superior)
    comparison.fines = fine_rows(comparison)
    return comparison


def key_words(article: Article) -> list:
    """The article's index words without those every regulation uses."""
    return [w for w in index_text(article.text).split() if w not in COMMON_WORDS]


def _groups(snapshot, entry, words, jurisdictions) -> list:
    """Groups of the articles like `words` in the texts of `jurisdictions`, best first; an
    article scoring below FLOOR of the best one found is left out."""
    if not jurisdictions:
        return []
    found = snapshot.wide.like(words, limit=CANDIDATES, filters={"jurisdiction": jurisdictions})
    found = [f for f in found if f[0] != entry.slug]
    if not found:
        return []
    floor = found[0][3] * FLOOR
    groups: dict = {}
    for slug, number, suffix, score in found:
        other = snapshot.library.get(slug)
        if score < floor or other is None:
            continue
        group = groups.setdefault(slug, Group(other, [], score))
        article = other.regulation.article(number, suffix)
        if article is not None and len(group.articles) < PER_REGULATION:
            group.articles.append(article)
    return [g for g in groups.values() if g.articles]


def kind_of(title: str) -> str:
    """济宁市养犬管理条例 → 养犬管理条例: what regulations of the same kind share."""
    return CITY_PREFIX_RE.sub("", title)


def _same_kind_first(entry, groups) -> list:
    kind = kind_of(entry.title)
    for group in groups:
        group.same_kind = kind_of(group.entry.title) == kind
    return sorted(groups, key=lambda g: not g.same_kind)    # stable: best first within each


def fines_of(entry: RegulationEntry, article: Article) -> list:
    """[(where, [Fine])]: a penalty article's own fines, else those of the penalty clauses
    linked to the duty (facts.penalized_by)."""
    fact = entry.facts[article.key]
    if fact.fines:
        return [(article.label, list(fact.fines))]
    return [(link.where, list(link.fines)) for link in fact.penalized_by if link.fines]


def fine_rows(comparison: Comparison) -> list:
    """The fines table: the article's row first (even without a fine), then each peer and
    superior article with a fine; a local fine outside the superior law's range is flagged."""
    own = [FineRow(OWN, comparison.entry, comparison.article, where, fines)
           for where, fines in fines_of(comparison.entry, comparison.article)]
    own = own or [FineRow(OWN, comparison.entry, comparison.article, comparison.article.label, [])]
    peers = _rows(PEER, comparison.peers)
    superior = _rows(SUPERIOR, comparison.superior)
    reference = next((row.fines for row in superior if row.fines), [])
    for row in own + peers:
        row.flags = [flag for fine in row.fines if (flag := outside_range(fine, reference))]
    return own + peers + superior


def _rows(role, groups):
    return [FineRow(role, group.entry, article, where, fines)
            for group in groups for article in group.articles
            for where, fines in fines_of(group.entry, article)]


def outside_range(fine: Fine, superior: list) -> str:
    """Why a local fine lies outside the superior law's range for the same act, or "" when
    it does not or when that cannot be told without a guess: both sides need a number in
    元 with the same unit and the same addressee (or none), and the superior law one range for it."""
    if fine.base or fine.high is None:
        return ""
    candidates = [s for s in superior if not s.base and s.high is not None and s.per == fine.per
                  and s.addressee == fine.addressee]
    ranges = {(s.low or 0, s.high) for s in candidates}
    if len(ranges) != 1:
        return ""
    low, high = ranges.pop()
    if (fine.low or 0) >= low and fine.high <= high:
        return ""
    return f"{fine.text}：超出上位法规定的幅度（{candidates[0].text}）"
