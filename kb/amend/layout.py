"""The order a 修改对照表 is read in: chapter headings, rows, and runs of unchanged rows that a
view may fold. Data only; webapp.amend and webapp.amend_docx render it."""

from dataclasses import dataclass

from kb.amend.compare import Comparison, chapter_counterpart


@dataclass(frozen=True)
class Heading:
    old: str        # the chapter heading in the old text, "" where it has none
    new: str


@dataclass(frozen=True)
class Folded:
    rows: list      # consecutive rows with nothing to show (kb.amend.Row.changed is False)

    @property
    def span(self) -> str:
        first, last = self.rows[0].new_label, self.rows[-1].new_label
        return first if first == last else f"{first}至{last}"


def layout(comparison: Comparison) -> list:
    """Heading, Row and Folded blocks in table order; a heading wherever the chapter changes."""
    blocks, group = [], None
    for row in comparison.rows:
        heading = _heading(comparison, row)
        if heading != group and (heading.old or heading.new):
            blocks.append(heading)
        group = heading
        if not row.changed and blocks and isinstance(blocks[-1], Folded):
            blocks[-1].rows.append(row)
        else:
            blocks.append(row if row.changed else Folded([row]))
    return blocks


def _heading(comparison, row):
    if row.new:
        new = row.new.chapter
        return Heading(chapter_counterpart(comparison, new, "new") or (row.old.chapter if row.old else ""), new)
    old = row.old.chapter
    return Heading(old, chapter_counterpart(comparison, old, "old"))
