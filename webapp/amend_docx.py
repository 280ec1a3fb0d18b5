"""The 修改对照表 as a Word document, in the customary form: A4 landscape, a table
现行条文 | 修改后条文 | 说明, deleted words struck through, added words in bold, 宋体 text and
黑体 headings, page numbers in the footer."""

import io
from urllib.parse import unquote

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from kb.amend import Comparison
from kb.amend.layout import Folded, Heading, layout

PRODUCT = "济宁市地方性法规知识库"
HEADERS = ("现行条文", "修改后条文", "说明")
BODY_FONT, HEADING_FONT = "宋体", "黑体"
WIDTHS = (Cm(11.2), Cm(11.2), Cm(4.3))      # 25.7 cm between 2 cm margins on A4 landscape
LEGEND = "说明：删除的文字加删除线，增加的文字加粗；“请核对”是本库的提示，不是条文内容。"


def comparison_docx(comparison: Comparison, only_changes: bool = False) -> bytes:
    """The comparison as .docx bytes; with only_changes, runs of unchanged articles are
    replaced by one line saying which articles they are."""
    document = docx.Document()
    _page(document.sections[0])
    _fonts(document)
    _properties(document, comparison)
    _title(document, comparison)
    table = _table(document)
    for block in layout(comparison):
        _block(table, block, only_changes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- document

def _page(section):
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("第 ")
    _field(footer, "PAGE")
    footer.add_run(" 页")


def _field(paragraph, instruction):
    """A Word field (PAGE …) that Word fills in when it lays out the page."""
    _field_char(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph, "separate")
    paragraph.add_run("1")      # shown until Word updates the field
    _field_char(paragraph, "end")


def _field_char(paragraph, kind):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _fonts(document):
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    _east_asian(normal.element, BODY_FONT)
    _language(normal.element.get_or_add_rPr())
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for rpr in defaults.iter(qn("w:rPr")) if defaults is not None else ():
        _language(rpr)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.color.rgb = RGBColor(0, 0, 0)
        _east_asian(style.element, HEADING_FONT)


def _east_asian(element, font):
    """Word picks the East Asian font from w:eastAsia; python-docx sets only the Latin ones.
    `element` is a style or a run."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)   # a theme font would win over the named one


def _language(rpr):
    """zh-CN for East Asian text (proofing, line breaking, punctuation)."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _properties(document, comparison):
    properties = document.core_properties
    properties.author = properties.last_modified_by = PRODUCT
    properties.title = f"《{comparison.new.title}》修改对照表"
    properties.language = "zh-CN"
    # Word limits a property to 255 characters: dates and sha256 prefixes only.
    properties.comments = f"现行：{_describe(comparison.old)}；修改后：{_describe(comparison.new)}"


def _describe(regulation, source=False):
    described = " ".join(p for p in (regulation.version_date or "日期不详", regulation.sha256[:12]) if p)
    if source and regulation.source:
        described += f"（{unquote(regulation.source).rsplit('/', 1)[-1]}）"
    return described


def _title(document, comparison):
    title = document.add_heading(f"《{comparison.new.title}》修改对照表", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"现行文本：{_describe(comparison.old, True)}\n"
                           f"修改后文本：{_describe(comparison.new, True)}")
    document.add_paragraph(LEGEND)
    for warning in comparison.warnings:
        document.add_paragraph(f"注意：{warning}")


# ------------------------------------------------------------------- table

def _table(document):
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")       # the header row repeats on every page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, text in zip(header.cells, HEADERS):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _heading_run(cell.paragraphs[0], text)
    _widths(header)
    return table


def _heading_run(paragraph, text):
    run = paragraph.add_run(text)
    run.bold = True
    _east_asian(run._r, HEADING_FONT)
    return run


def _widths(row):
    for cell, width in zip(row.cells, WIDTHS):
        cell.width = width


def _block(table, block, only_changes):
    if isinstance(block, Heading):
        cells = table.add_row().cells
        _heading_run(cells[0].paragraphs[0], block.old)
        _heading_run(cells[1].paragraphs[0], block.new)
        if block.old and block.new and block.old != block.new:
            cells[2].paragraphs[0].add_run("章名或章序修改")
    elif isinstance(block, Folded):
        if only_changes:
            merged = table.add_row().cells
            cell = merged[0].merge(merged[2])
            cell.paragraphs[0].add_run(f"{block.description}，从略").italic = True
        else:
            for row in block.rows:
                _row(table, row)
    else:
        _row(table, block)


def _row(table, row):
    cells = table.add_row().cells
    _widths(table.rows[-1])
    _article(cells[0], row.old_label, row.shown("old"))
    _article(cells[1], row.new_label, row.shown("new"))
    notes = [row.note] if row.note else []
    notes += [f"请核对：{w}" for w in row.warnings]
    cells[2].paragraphs[0].add_run("\n".join(notes))


def _article(cell, label, spans):
    """The article label, then its text: deletions struck through, insertions in bold, one
    Word paragraph per 款 or 项."""
    if not label:
        return
    paragraph = cell.paragraphs[0]
    paragraph.add_run(f"{label}　")
    for span in spans:
        for index, part in enumerate(span.text.split("\n")):
            if index:
                paragraph = cell.add_paragraph()
            if part:
                run = paragraph.add_run(part)
                run.font.strike = span.op == "delete"
                run.bold = span.op == "insert"
