"""compare(old, new): the rows of a 修改对照表 as data — which article became which, what
changed in it, and what a drafter should check."""

from dataclasses import dataclass, field

from kb.amend import align as alignment
from kb.amend.refs import article_label, find_refs, normalised, tokens, visible
from kb.amend.spans import (
    DELETE,
    EQUAL,
    INSERT,
    REFERENCE,
    WIDTH,
    Span,
    TextDiff,
    diff_texts,
)
from kb.model import Article, Chapter, Regulation

UNCHANGED, RENUMBERED, MODIFIED = "unchanged", "renumbered", "modified"
ADDED, DELETED, MOVED = "added", "deleted", "moved"
STATUSES = (UNCHANGED, RENUMBERED, MODIFIED, ADDED, DELETED, MOVED)
STATUS_NAMES = {UNCHANGED: "未修改", RENUMBERED: "序号调整", MODIFIED: "修改", ADDED: "新增",
                DELETED: "删除", MOVED: "移动"}
# References are normalised through the alignment, which itself compares normalised texts,
# so it is run again until the article mapping stays the same: on the 91 pairs of versions
# in the corpus the second run confirms the first in 90, the third settles the last one.
MAX_PASSES = 3


@dataclass
class Row:
    status: str
    old: Article | None
    new: Article | None
    similarity: float | None = None     # difflib ratio of the two texts
    changes: list = field(default_factory=list)     # kb.amend.spans.Span
    warnings: list = field(default_factory=list)
    content_changed: bool = False       # beyond renumbered references (moved rows too)
    note: str = ""                      # the 说明 column

    @property
    def old_label(self) -> str:
        return self.old.label if self.old else ""

    @property
    def new_label(self) -> str:
        return self.new.label if self.new else ""

    @property
    def changed(self) -> bool:
        """Shown when only changes are asked for: anything but an identical article."""
        return self.status != UNCHANGED or bool(self.warnings) or bool(self.changes)

    def shown(self, side: str) -> list:
        """The spans of one side ("old" or "new"): what it keeps and what it alone has."""
        article = self.old if side == "old" else self.new
        if article is None:
            return []
        own = DELETE if side == "old" else INSERT
        if self.changes:
            return [s for s in self.changes if s.op in (EQUAL, own)]
        return [Span(own if self.status in (ADDED, DELETED) else EQUAL, visible(article.text))]

    def kept(self, side: str) -> float:
        """Share of this side's text that the other side keeps (renumbering counts as kept)."""
        dropped = DELETE if side == "old" else INSERT
        total = sum(len(s.text) for s in self.changes if s.op in (EQUAL, dropped))
        lost = sum(len(s.text) for s in self.changes if s.op == dropped and not s.kind)
        return 1.0 - lost / total if total else 1.0

    def as_json(self) -> dict:
        return {"old": self.old.number if self.old else None,
                "old_suffix": self.old.suffix if self.old else None,
                "new": self.new.number if self.new else None,
                "new_suffix": self.new.suffix if self.new else None,
                "old_label": self.old_label or None, "new_label": self.new_label or None,
                "status": self.status, "content_changed": self.content_changed,
                "similarity": None if self.similarity is None else round(self.similarity, 3),
                "changes": [s.as_json() for s in self.changes], "warnings": list(self.warnings),
                "note": self.note,
                "old_chapter": self.old.chapter if self.old else None,
                "new_chapter": self.new.chapter if self.new else None,
                "old_text": self.old.text if self.old else None,
                "new_text": self.new.text if self.new else None}


@dataclass
class ChapterRow:
    status: str         # unchanged, renamed, renumbered, added, deleted
    old: Chapter | None
    new: Chapter | None

    def as_json(self) -> dict:
        return {"old": self.old.heading if self.old else None,
                "new": self.new.heading if self.new else None, "status": self.status}


@dataclass
class Comparison:
    old: Regulation
    new: Regulation
    rows: list
    chapters: list
    warnings: list      # about the texts as a whole

    @property
    def summary(self) -> dict:
        counts = {status: 0 for status in STATUSES}
        for row in self.rows:
            counts[row.status] += 1
        counts["warnings"] = sum(len(r.warnings) for r in self.rows) + len(self.warnings)
        return counts

    def as_json(self, only_changes: bool = False) -> dict:
        rows = [r for r in self.rows if r.changed or not only_changes]
        return {"old": _meta(self.old), "new": _meta(self.new),
                "rows": [r.as_json() for r in rows],
                "chapters": [c.as_json() for c in self.chapters],
                "warnings": list(self.warnings), "summary": self.summary}


def _meta(regulation):
    return {"title": regulation.title, "version_date": regulation.version_date or None,
            "source": regulation.source or None, "sha256": regulation.sha256 or None,
            "articles": len(regulation.articles), "complete": regulation.complete,
            "problems": list(regulation.problems)}


# ------------------------------------------------------------------ compare

def compare(old: Regulation, new: Regulation) -> Comparison:
    """Align the articles of two texts of a regulation by content and describe each row."""
    sides = _Sides(old, new)
    rows = [sides.row(*entry) for entry in sides.table_order()]
    comparison = Comparison(old=old, new=new, rows=rows, chapters=_chapters(old, new, sides.result),
                            warnings=_text_warnings(old, new))
    for row in rows:
        row.note = _note(row, comparison)
    return comparison


class _Sides:
    """The two texts, their alignment and the article-number mapping it implies."""

    def __init__(self, old, new):
        self.old, self.new = old, new
        self.identity = {a.key: a.key for a in new.articles}
        self.result, self.mapping = self._aligned()
        self.reverse = {target: source for source, target in self.mapping.items() if target}

    def _aligned(self):
        """References are normalised through the alignment before, until it settles."""
        result = alignment.align([normalised(a.text) for a in self.old.articles],
                                 [normalised(a.text) for a in self.new.articles])
        new_texts = [normalised(a.text, self.identity) for a in self.new.articles]
        mapping = self._mapping(result)
        for _ in range(MAX_PASSES - 1):
            result = alignment.align([normalised(a.text, mapping) for a in self.old.articles], new_texts)
            again = self._mapping(result)
            if again == mapping:
                break
            mapping = again
        return result, mapping

    def _mapping(self, result):
        """Old article key → new article key (None when deleted)."""
        mapping = {a.key: None for a in self.old.articles}
        for match in result.matches:
            mapping[self.old.articles[match.old].key] = self.new.articles[match.new].key
        return mapping

    def table_order(self):
        """(old index | None, new index | None, Match | None) in the order of the new text,
        each deleted article where it stood in the old one, a moved one at its new place."""
        by_new, by_old = self.result.by_new(), self.result.by_old()
        order, next_old = [], 0
        for j in range(len(self.new.articles)):
            match = by_new.get(j)
            if match and match.in_order:
                order.extend((i, None, None) for i in range(next_old, match.old) if i not in by_old)
                next_old = match.old + 1
            order.append((match.old if match else None, j, match))
        order.extend((i, None, None) for i in range(next_old, len(self.old.articles)) if i not in by_old)
        return order

    # ---------------------------------------------------------------- rows

    def row(self, i, j, match):
        if match is None and j is None:
            return Row(DELETED, self.old.articles[i], None, warnings=self._lone("old", i))
        if match is None:
            article = self.new.articles[j]
            return Row(ADDED, None, article, warnings=self._lone("new", j) + self._missing(article))
        before, after = self.old.articles[i], self.new.articles[j]
        diff = diff_texts(tokens(before.text, self.mapping), tokens(after.text, self.identity))
        row = Row(_status(before, after, match, diff), before, after, similarity=match.similarity,
                  changes=[] if diff.spans == [Span(EQUAL, visible(after.text))] else diff.spans,
                  content_changed=diff.content_changed)
        row.warnings = self._doubtful(row) + self._dangling(row) + self._missing(after)
        return row

    def _doubtful(self, row):
        if row.content_changed and row.similarity < alignment.DOUBTFUL \
                and max(row.kept("old"), row.kept("new")) < alignment.CONTAINED:
            return [f"与原{row.old_label}只有 {percent(row.similarity)} 相同，按修改列出；"
                    + "请核对是否应为删除原条文、另增新条文"]
        return []

    def _dangling(self, row):
        """A reference kept word for word although the article it meant has another number."""
        meant_before = {ref.key for ref in find_refs(row.old.text)}
        warnings = []
        for key in dict.fromkeys(ref.key for ref in find_refs(row.new.text)):
            if key not in meant_before or key not in self.mapping or self.mapping[key] == key:
                continue
            label, target = article_label(key), self.mapping[key]
            meant = f"原{label}现为{article_label(target)}" if target else f"原{label}已删除"
            now = self.reverse.get(key)
            points = f"现在的{label}是原{article_label(now)}" if now else \
                (f"现在的{label}是新增条文" if key in self.identity else f"现在没有{label}")
            warnings.append(f"引用的{label}未随条文序号调整：{meant}，{points}；请核对引用是否有误")
        return warnings

    def _missing(self, article):
        return [f"引用的{article_label(key)}在修改后的文本中不存在"
                for key in dict.fromkeys(ref.key for ref in find_refs(article.text))
                if key not in self.identity]

    def _lone(self, side, index):
        """An added or deleted article that resembles one on the other side: say which,
        unless that one has a closer counterpart of its own."""
        nearest = self.result.nearest(side, index)
        if nearest is None:
            return []
        other, similarity, contained = nearest
        if side == "old":
            label, partner = f"修改后的{self.new.articles[other].label}", self.result.by_new().get(other)
            taken = f"原{self.old.articles[partner.old].label}" if partner else ""
            what, check = "删除", "是否并入该条" if contained else "是否并入该条或改写"
        else:
            label, partner = f"原{self.old.articles[other].label}", self.result.by_old().get(other)
            taken = f"修改后的{self.new.articles[partner.new].label}" if partner else ""
            what, check = "新增", "是否由该条拆分而来" if contained else "是否由该条拆分或改写"
        if partner and partner.similarity > similarity and not contained:
            return []
        how = "的部分内容相同" if contained else f"有 {percent(similarity)} 相同"
        why = f"该条已与{taken}对应" if partner else f"不足 {percent(alignment.THRESHOLD)}"
        return [f"与{label}{how}（{why}，按{what}列出）；请核对{check}"]


def _status(before, after, match, diff: TextDiff):
    if not match.in_order:
        return MOVED
    if diff.content_changed:
        return MODIFIED
    if before.key == after.key and not any(s.kind == REFERENCE for s in diff.spans):
        return UNCHANGED    # perhaps ":" written "：", which the note says
    return RENUMBERED


def percent(share: float) -> str:
    """Rounded down, so that 99.6 % never reads as 100 %."""
    return f"{int(share * 100)}%"


# ----------------------------------------------------------------- chapters

def _chapters(old, new, result):
    """Chapters paired by where their articles went; then by identical title."""
    votes = {}
    for match in result.matches:
        pair = (old.articles[match.old].chapter, new.articles[match.new].chapter)
        votes[pair] = votes.get(pair, 0) + 1
    old_by, new_by = {c.heading: c for c in old.chapters}, {c.heading: c for c in new.chapters}
    paired, used_old, used_new = {}, set(), set()
    for (before, after), _ in sorted(votes.items(), key=lambda item: -item[1]):
        if before in old_by and after in new_by and before not in used_old and after not in used_new:
            paired[after] = before
            used_old.add(before)
            used_new.add(after)
    for chapter in new.chapters:
        same = next((c for c in old.chapters if c.title == chapter.title and c.heading not in used_old), None)
        if chapter.heading not in used_new and same:
            paired[chapter.heading] = same.heading
            used_old.add(same.heading)
            used_new.add(chapter.heading)
    rows = [_chapter_row(old_by.get(paired.get(c.heading)), c) for c in new.chapters]
    rows += [ChapterRow("deleted", c, None) for c in old.chapters if c.heading not in used_old]
    return rows


def _chapter_row(before, after):
    if before is None:
        return ChapterRow("added", None, after)
    if before.heading == after.heading:
        return ChapterRow("unchanged", before, after)
    return ChapterRow("renamed" if before.title != after.title else "renumbered", before, after)


def chapter_counterpart(comparison: Comparison, heading: str, side: str) -> str:
    """The heading of the chapter paired with `heading` (on `side`) in the other text."""
    for row in comparison.chapters:
        mine, other = (row.old, row.new) if side == "old" else (row.new, row.old)
        if mine and mine.heading == heading:
            return other.heading if other else ""
    return ""


# -------------------------------------------------------------------- notes

def _note(row, comparison):
    """The 说明 column, in the words of a 修改对照表."""
    parts = []
    if row.status == ADDED:
        parts.append("新增")
    elif row.status == DELETED:
        parts.append("删除")
    else:
        if row.status == MOVED:
            parts.append(f"由原{row.old_label}移至{row.new_label}")
        elif row.old.key != row.new.key:
            parts.append(f"条文序号由{row.old_label}调整为{row.new_label}")
        if row.content_changed:
            parts.insert(0, "修改")
        kinds = {s.kind for s in row.changes}
        if REFERENCE in kinds:
            parts.append("引用的条文序号相应调整")
        if WIDTH in kinds:
            parts.append("标点或数字的全角、半角写法不同")
        parts += _chapter_move(row, comparison)
    return "；".join(parts)


def _chapter_move(row, comparison):
    expected = chapter_counterpart(comparison, row.old.chapter, "old")
    if row.new.chapter and row.old.chapter and expected != row.new.chapter:
        return [f"由{row.old.chapter}调至{row.new.chapter}"]
    return []


def _text_warnings(old, new):
    warnings = [f"{side}文本不完整：{'；'.join(r.problems)}"
                for side, r in (("现行", old), ("修改后", new)) if not r.complete]
    if old.title != new.title:
        warnings.append(f"两个文本的标题不同：《{old.title}》与《{new.title}》")
    return warnings
