"""The order a 修改对照表 is read in: chapter headings, rows, and runs of rows whose text did
not change, which a view may fold. Data only; webapp.amend and webapp.amend_docx render it."""

from dataclasses import dataclass, field

from kb.amend.compare import RENUMBERED, UNCHANGED, Comparison, Row, chapter_counterpart


@dataclass(frozen=True)
class Heading:
    old: str        # the chapter heading in the old text, "" where it has none
    new: str


@dataclass
class Folded:
    """Consecutive rows of one status (unchanged, or only renumbered) with nothing else to
    show: no change in the text, no warning."""
    status: str
    rows: list = field(default_factory=list)

    @property
    def span(self) -> str:
        return _span(self.rows[0].new_label, self.rows[-1].new_label)

    @property
    def old_span(self) -> str:
        return _span(self.rows[0].old_label, self.rows[-1].old_label)

    @property
    def description(self) -> str:
        count = len(self.rows)
        if self.status == UNCHANGED:
            return f"{self.span}未修改（{count} 条）"
        return f"{self.span}（原{self.old_span}）仅条文序号调整，内容未修改（{count} 条）"


def _span(first, last):
    return first if first == last else f"{first}至{last}"


def foldable(row: Row) -> bool:
    return row.status in (UNCHANGED, RENUMBERED) and not row.changes and not row.warnings


def layout(comparison: Comparison) -> list:
    """Heading, Row and Folded blocks in table order; a heading wherever the chapter changes."""
    blocks, group = [], None
    for row in comparison.rows:
        heading = _heading(comparison, row)
        if heading != group and (heading.old or heading.new):
            blocks.append(heading)
        group = heading
        if not foldable(row):
            blocks.append(row)
        elif blocks and isinstance(blocks[-1], Folded) and blocks[-1].status == row.status:
            blocks[-1].rows.append(row)
        else:
            blocks.append(Folded(row.status, [row]))
    return blocks


def _heading(comparison, row):
    if row.new:
        new = row.new.chapter
        return Heading(chapter_counterpart(comparison, new, "new") or (row.old.chapter if row.old else ""), new)
    old = row.old.chapter
    return Heading(old, chapter_counterpart(comparison, old, "old"))
