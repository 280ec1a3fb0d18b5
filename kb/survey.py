"""The enforcement survey sheet (执法检查表): for a regulation or one chapter, every article
that sets a duty or a prohibition, who is responsible, which article punishes a breach and
with what fine, and an empty column for the inspection team's findings."""

import io
from dataclasses import dataclass, field


@dataclass
class SurveyRow:
    article: int
    suffix: int
    label: str
    chapter: str
    text: str
    departments: list
    penalties: list = field(default_factory=list)   # [(label, [fine texts])]

    @property
    def penalty_text(self):
        if not self.penalties:
            return "本条例未规定罚则"
        return "；".join(f"{label}（{'，'.join(fines) or '见该条'}）" for label, fines in self.penalties)


@dataclass
class SurveySheet:
    title: str
    scope: str          # 全文 or the chapter heading
    rows: list
    complete: bool
    problems: list


def chapters_of(regulation) -> list:
    return [c.heading for c in regulation.chapters if c.heading]


def survey_sheet(entry, chapter=None) -> "SurveySheet":
    """The sheet of a kb.library.RegulationEntry (its legal facts are worked out once, there)."""
    regulation, facts = entry.regulation, entry.facts
    by_number = {a.number: a for a in regulation.articles if not a.suffix}
    rows = []
    for article in regulation.articles:
        fact = facts[article.key]
        if chapter and article.chapter != chapter:
            continue
        if not fact.duty or "法律责任" in article.chapter:
            continue
        penalties = [(by_number[n].label, [f.text for f in facts[by_number[n].key].fines])
                     for n in fact.referenced_by if n in by_number]
        if fact.penalty and fact.fines:
            penalties.insert(0, (f"{article.label}（本条）", [f.text for f in fact.fines]))
        # The enforcing department is often named only in the penalty article.
        departments = fact.departments or list(dict.fromkeys(
            d for n in fact.referenced_by if n in by_number for d in facts[by_number[n].key].departments))
        rows.append(SurveyRow(article=article.number, suffix=article.suffix, label=article.label,
                              chapter=article.chapter, text=article.text,
                              departments=departments, penalties=penalties))
    return SurveySheet(title=regulation.title, scope=chapter or "全文", rows=rows,
                       complete=regulation.complete, problems=list(regulation.problems))


def survey_docx(sheet):
    """The sheet as a .docx (bytes), landscape, one table row per duty."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading(f"《{sheet.title}》执法检查表（{sheet.scope}）", level=1)
    if not sheet.complete:
        document.add_paragraph("注意：本法规文本不完整——" + "；".join(sheet.problems))
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ("条文", "义务或禁止性规定", "责任部门", "罚则与罚款幅度", "检查发现")):
        cell.text = heading
    for row in sheet.rows:
        cells = table.add_row().cells
        cells[0].text = row.label
        cells[1].text = row.text
        cells[2].text = "、".join(row.departments) or "—"
        cells[3].text = row.penalty_text
        cells[4].text = ""
    for table_row in table.rows:
        for cell in table_row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
