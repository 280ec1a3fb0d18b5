"""The one look of every .docx the product writes (excerpts, survey sheets): A4, Chinese
(zh-CN) as the document language, the product as author, 宋体 for text and 黑体 for headings
set for East Asian text (w:eastAsia — setting only the Latin font leaves Chinese in whatever
Word picks), black headings, and page numbers in the footer (PAGE and NUMPAGES fields)."""

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

PRODUCT = "济宁市地方性法规知识库"
LANGUAGE = "zh-CN"
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
A4_WIDTH, A4_HEIGHT = Mm(210), Mm(297)
BLACK = RGBColor(0, 0, 0)
GREY = RGBColor(0x55, 0x55, 0x55)
BODY_SIZE = Pt(12)                                          # 小四
HEADING_SIZES = {"Title": Pt(22), "Heading 1": Pt(16), "Heading 2": Pt(14), "Heading 3": Pt(12)}
THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def new_document(title: str, landscape: bool = False, margin_cm: float = 2.5) -> Document:
    """An empty document with the product's page, styles, metadata and page numbers."""
    document = Document()
    section = document.sections[0]
    _a4(section, landscape, Cm(margin_cm))
    _page_numbers(section)
    _defaults(document)
    _styles(document)
    _metadata(document, title)
    return document


def document_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def small_note(document: Document, text: str):
    """A grey 9 pt line, such as an excerpt's source."""
    run = document.add_paragraph().add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = GREY
    return run


def _a4(section, landscape, margin):
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)


def set_fonts(r_pr, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Fonts of a run-properties element (w:rPr), East Asian text included; theme fonts,
    which would override them, are removed."""
    fonts = r_pr.get_or_add_rFonts()
    for attribute in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute, font in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east_asian)):
        fonts.set(qn(attribute), font)


def _defaults(document):
    """Document defaults: 宋体 and zh-CN for any text not styled otherwise."""
    r_pr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(r_pr, BODY_FONT)
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)
    for attribute in ("w:val", "w:eastAsia"):
        language.set(qn(attribute), LANGUAGE)


def _styles(document):
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = BODY_SIZE
    normal.paragraph_format.space_after = Pt(6)
    names = {style.name for style in document.styles}
    for name, size in HEADING_SIZES.items():
        # A heading's linked character style ("Heading 1 Char") carries the template's blue too.
        for style in [document.styles[n] for n in (name, f"{name} Char") if n in names]:
            set_fonts(style.element.get_or_add_rPr(), HEADING_FONT)
            style.font.size = size
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = BLACK
        heading = document.styles[name].paragraph_format
        heading.space_before, heading.space_after = Pt(12), Pt(6)


def _metadata(document, title):
    properties = document.core_properties
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)  # noqa: UP017 (3.10)
    properties.title = title
    properties.author = PRODUCT
    properties.last_modified_by = PRODUCT
    properties.language = LANGUAGE
    properties.created = properties.modified = now
    properties.revision = 1
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    properties.category = ""


def _page_numbers(section):
    """第 N 页，共 M 页, centred in the footer."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" 页，共 ")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")


def _field(paragraph, instruction):
    """A Word field (begin, instruction, separate, shown value, end) that Word updates."""
    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    for element in (char("begin"), code, char("separate")):
        paragraph.add_run()._r.append(element)
    paragraph.add_run("1")
    paragraph.add_run()._r.append(char("end"))
