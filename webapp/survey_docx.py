"""The survey sheet (kb.survey) as a .docx: landscape A4 in the product's style
(webapp.docx_style), one table row per duty, and the regulation's source under the title.
Used by the web page's download and by `regkb survey --docx`."""

from docx.shared import Pt

from webapp.docx_style import document_bytes, new_document, small_note

HEADINGS = ("条文", "义务或禁止性规定", "责任部门", "罚则与罚款幅度", "检查发现")
TABLE_TEXT = Pt(9)


def survey_docx(sheet) -> bytes:
    """The sheet as .docx bytes."""
    title = f"《{sheet.title}》执法检查表（{sheet.scope}）"
    document = new_document(title, landscape=True, margin_cm=1.5)
    document.add_heading(title, level=1)
    small_note(document, sheet.provenance)
    if not sheet.complete:
        document.add_paragraph("注意：本法规文本不完整——" + "；".join(sheet.problems))
    _table(document, sheet.rows)
    return document_bytes(document)


def _table(document, rows):
    table = document.add_table(rows=1, cols=len(HEADINGS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = heading
    for row in rows:
        cells = table.add_row().cells
        values = (row.label, row.text, "、".join(row.departments) or "—", row.penalty_text, "")
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    for cell in (c for r in table.rows for c in r.cells):
        for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
            run.font.size = TABLE_TEXT
