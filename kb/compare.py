"""The same matter elsewhere: for one article, the articles of other cities' regulations
(peers) and of the superior law (national laws and State Council regulations, the
province's regulations) that deal with it, and their fines side by side.

Found by the article's own words over the index of every text (kb.snapshot.Snapshot.wide,
ClauseIndex.like); data only: the CLI and the web render it."""

import re
from dataclasses import dataclass, field

from kb.analysis import CJK_RE, index_text
from kb.errors import KbError
from kb.jurisdiction import NATIONAL, PROVINCE, UNMARKED, in_scope, without_place
from kb.legal import Fine, fines
from kb.legal.links import STOP_BIGRAMS, conduct_of
from kb.legal.words import NUM, VIOLATION_RE
from kb.library import RegulationEntry
from kb.model import Article, label
from kb.search.searcher import IndexMissing

NO_OTHERS = ("还没有其他城市或上位法的文本：请先运行 regkb fetch --collection shandong（或 national、all），"
             "再运行 regkb index")
SUPERIOR_LEVELS = ("宪法", "法律", "行政法规", "省地方性法规")
CANDIDATES = 80         # articles read per search
FLOOR = 0.3             # an article scoring below this share of the best one found is not the same matter
PER_REGULATION = 3
MAX_PEERS = 8
MAX_SUPERIOR = 6
MIN_ACT = 4             # character pairs an act needs to be compared at all
SAME_ACT = 0.6          # share of the acts' character pairs two penalty clauses must have in common
OWN, PEER, SUPERIOR = "own", "peer", "superior"
# A cross-reference inside an act (本条例第二十九条, 第三十五条第六项、第七项, 第一至五项): it names
# where the duty is written, not what the act is, so its characters are no part of the act.
REFERENCE_RE = re.compile(rf"(?:本(?:条例|法|办法|规定|决定))?(?:第[（(]?{NUM}[）)]?(?:(?:、|至|和|或者)第?[（(]?{NUM}[）)]?)*"
                          rf"[条款项](?:之{NUM})?)+")
# Words every regulation uses in any matter: they say nothing of which matter it is.
COMMON_WORDS = frozenset("""违反 本条例 本法 规定 责令 改正 限期 罚款 处以 以上 以下 万元 元 单位 个人 部门 主管部门
 管理 人民政府 县级 市 县 区 应当 不得 禁止 可以 情节 严重 没收 依法 法律 法规 行政 监督 职责 有关部门
 负责 工作 按照 组织 其他 相关 活动 措施 行为 下列 情形 之一 构成 犯罪 追究 刑事责任 给予 处分""".split())


class NothingToCompare(KbError):
    """No text of another city, the province or the nation is stored and indexed."""


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
    text: str = ""                  # the 款 the fines are written in

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
    if snapshot.problem:
        raise IndexMissing(snapshot.problem)
    if not snapshot.has_others:
        raise NothingToCompare(NO_OTHERS)
    present = dict.fromkeys(e.jurisdiction for e in snapshot.library.entries)
    cities = [j for j in present if j not in (entry.jurisdiction, NATIONAL, PROVINCE, UNMARKED)
              and in_scope(j, scope)]
    uppers = [j for j in (NATIONAL, PROVINCE) if j in present and in_scope(j, scope)]
    words = key_words(article)
    found = {"peers": _found(snapshot, entry, words, cities),
             "superior": [f for f in _found(snapshot, entry, words, uppers) if f[0].level in SUPERIOR_LEVELS]}
    floor = FLOOR * max((hits[0][3] for hits in found.values() if hits), default=0.0)
    peers = _same_kind_first(entry, _groups(found["peers"], floor))[:MAX_PEERS]
    superior = _groups(found["superior"], floor)[:MAX_SUPERIOR]
    comparison = Comparison(entry, article, peers, superior)
    comparison.fines = fine_rows(comparison)
    return comparison


def key_words(article: Article) -> list:
    """The article's index words without those every regulation uses."""
    return [w for w in index_text(article.text).split() if w not in COMMON_WORDS]


def _found(snapshot, entry, words, jurisdictions) -> list:
    """[(RegulationEntry, article number, suffix, score)] of the articles like `words` in
    the texts of `jurisdictions` other than `entry`'s own, best first."""
    if not jurisdictions:
        return []
    hits = snapshot.wide.like(words, limit=CANDIDATES, filters={"jurisdiction": jurisdictions})
    found = [(snapshot.library.get(slug), number, suffix, score) for slug, number, suffix, score in hits
             if slug != entry.slug]
    return [f for f in found if f[0] is not None]


def _groups(found, floor) -> list:
    """Found articles grouped by regulation, best first, at most PER_REGULATION each; an
    article scoring below `floor` is not the same matter."""
    groups: dict = {}
    for other, number, suffix, score in found:
        article = other.regulation.article(number, suffix)
        if score < floor or article is None:
            continue
        group = groups.setdefault(other.slug, Group(other, [], score))
        if len(group.articles) < PER_REGULATION:
            group.articles.append(article)
    return list(groups.values())


def kind_of(title: str) -> str:
    """济宁市养犬管理条例 → 养犬管理条例: what regulations of the same kind share."""
    return without_place(title)


def _same_kind_first(entry, groups) -> list:
    kind = kind_of(entry.title)
    for group in groups:
        group.same_kind = kind_of(group.entry.title) == kind
    return sorted(groups, key=lambda g: not g.same_kind)    # stable: best first within each


def fines_of(entry: RegulationEntry, article: Article) -> list:
    """[(where, clause text, [Fine])] per 款 that sets a fine: a penalty article's own, else
    those of the penalty clauses linked to the duty (facts.penalized_by)."""
    fact = entry.facts[article.key]
    if fact.fines:
        return _paragraph_fines(article)
    found = []
    for link in fact.penalized_by:
        penalty = entry.regulation.article(link.article, link.suffix)
        if penalty is not None and link.fines:
            text = penalty.paragraphs[link.paragraph - 1].full_text if link.paragraph else penalty.text
            found.append((link.where, text, list(link.fines)))
    return found


def _paragraph_fines(article):
    several = len(article.paragraphs) > 1
    return [(label(article.number, article.suffix, p.number if several else 0), p.full_text, found)
            for p in article.paragraphs if (found := fines(p.full_text))]


def fine_rows(comparison: Comparison) -> list:
    """The fines table: the article's rows first (one without a fine when it has none), then
    each peer and superior article with a fine; a local fine outside the superior law's range
    for the same act is flagged."""
    entry, article = comparison.entry, comparison.article
    own = [FineRow(OWN, entry, article, where, found, text=text) for where, text, found in fines_of(entry, article)]
    own = own or [FineRow(OWN, entry, article, article.label, [])]
    peers = _rows(PEER, comparison.peers)
    superior = _rows(SUPERIOR, comparison.superior)
    for row in own + peers:
        same = same_act(row, superior)
        row.flags = [flag for fine in row.fines if same and (flag := outside_range(fine, same.fines))]
    return own + peers + superior


def _rows(role, groups):
    return [FineRow(role, group.entry, article, where, found, text=text)
            for group in groups for article in group.articles
            for where, text, found in fines_of(group.entry, article)]


def same_act(row: FineRow, superior: list) -> "FineRow | None":
    """The superior penalty clause that punishes the same act as `row`'s (the conduct before
    的，由… sharing at least SAME_ACT of the shorter one's character pairs), or None."""
    own = _act(row.text)
    best, best_share = None, SAME_ACT
    for other in superior:
        theirs = _act(other.text)
        if own and theirs and other.fines:
            share = len(own & theirs) / min(len(own), len(theirs))
            if share >= best_share:
                best, best_share = other, share
    return best


def _act(text):
    """The character pairs of the act a penalty clause punishes; none when the clause names
    it only through its items (有下列行为之一的) or too briefly to tell. Cross-references
    (违反本条例第二十九条规定) are left out: two clauses citing their own texts' articles share
    those characters whatever their acts."""
    conduct = conduct_of(text)
    if "下列" in conduct:
        return set()
    conduct = REFERENCE_RE.sub("，", VIOLATION_RE.sub("，", conduct))
    grams = {conduct[i:i + 2] for i in range(len(conduct) - 1)
             if CJK_RE.match(conduct[i:i + 2]) and conduct[i:i + 2] not in STOP_BIGRAMS}
    return grams if len(grams) >= MIN_ACT else set()


def outside_range(fine: Fine, superior: list) -> str:
    """Why a local fine lies outside the superior law's range for the same act, or "" when
    it does not or when that cannot be told without a guess: both sides need a number in
    元 with the same unit and the same addressee (or none), and the superior law one range for it."""
    if fine.base or fine.high is None:
        return ""
    candidates = [s for s in superior if not s.base and s.high is not None and s.per == fine.per
                  and s.addressee == fine.addressee]
    ranges = {_bounds(s) for s in candidates}
    if len(ranges) != 1:
        return ""
    low, high = ranges.pop()
    own_low, own_high = _bounds(fine)
    if own_low >= low and own_high <= high:
        return ""
    return f"{fine.text}：超出上位法规定的幅度（{candidates[0].text}）"


def _bounds(fine: Fine) -> tuple:
    """(lowest, highest) amount a fine allows: a fixed amount (处五百元罚款) is both, an
    upper bound alone (处五百元以下罚款) starts at 0."""
    if fine.low is not None:
        return fine.low, fine.high
    return (0 if fine.amount.endswith(("以下", "以内")) else fine.high), fine.high
