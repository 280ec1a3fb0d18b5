"""Every .docx the product writes (excerpt export, survey sheet from the web and the CLI)
in one style: A4, zh-CN, the product as author, 宋体/黑体 for East Asian text, page numbers."""

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from webapp.docx_style import PRODUCT

EXCERPTS = [{"slug": "dog-keeping", "article": 15}, {"slug": "civilized-behaviour", "article": 9}]
DOG_SOURCE = ("来源：2018年12月27日 济宁市第十七届人民代表大会常务委员会第十九次会议通过；"
              "2019年5月31日 山东省第十三届人民代表大会常务委员会第十二次会议批准。"
              "所据文本：济宁市养犬管理条例(2019-06-05).md（LawRefBook/Laws 提交 2f4c5c2；sha256 dfcc53306d5a）")


def east_asian_font(style):
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def assert_house_style(document, landscape):
    section = document.sections[0]
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    assert abs(section.page_width - width) < Mm(0.5) and abs(section.page_height - height) < Mm(0.5)
    properties = document.core_properties
    assert properties.author == PRODUCT and properties.last_modified_by == PRODUCT
    assert properties.language == "zh-CN"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = defaults.find(qn("w:lang"))
    assert language.get(qn("w:val")) == "zh-CN" and language.get(qn("w:eastAsia")) == "zh-CN"
    assert defaults.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert east_asian_font(document.styles["Normal"]) == "宋体"
    for name in ("Heading 1", "Heading 2"):
        style = document.styles[name]
        assert east_asian_font(style) == "黑体"
        assert style.element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None     # no theme font overrides it
        assert str(style.font.color.rgb) == "000000"
    footer = section.footer._element
    fields = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert [c.get(qn("w:fldCharType")) for c in footer.iter(qn("w:fldChar"))] == ["begin", "separate", "end"] * 2


def test_excerpt_export(shared_client):
    response = shared_client.post("/export/docx", json=EXCERPTS)
    document = docx.Document(io.BytesIO(response.data))
    assert_house_style(document, landscape=False)
    assert document.core_properties.title == "法规条文摘录"
    text = "\n".join(p.text for p in document.paragraphs)
    assert DOG_SOURCE in text and "raw.githubusercontent.com" not in text
    assert [p.style.name for p in document.paragraphs][:3] == ["Heading 1", "Normal", "Heading 2"]


def test_survey_sheet_from_the_web(shared_client):
    response = shared_client.get("/r/dog-keeping/survey.docx")
    document = docx.Document(io.BytesIO(response.data))
    assert_house_style(document, landscape=True)
    assert document.core_properties.title == "《济宁市养犬管理条例》执法检查表（全文）"
    text = "\n".join(p.text for p in document.paragraphs)
    assert DOG_SOURCE in text and "注意：本法规文本不完整" in text


@pytest.mark.parametrize("regulation", ["养犬条例", "市容环卫条例"])
def test_survey_sheet_from_the_cli(_built_jining, cli, tmp_path, regulation):
    target = tmp_path / "sheet.docx"
    code, _, err = cli("--home", _built_jining.root, "survey", regulation, "--docx", target)
    assert code == 0, err
    document = docx.Document(target)
    assert_house_style(document, landscape=True)
    assert document.tables[0].style.name == "Table Grid"


def test_amendments_are_named_in_the_source_line(shared_client):
    response = shared_client.post("/export/txt", json=[{"slug": "city-appearance", "article": 1}])
    text = response.get_data(as_text=True)
    assert "2021年8月28日 经济宁市第十七届人民代表大会常务委员会第四十七次会议通过并经2021年9月30日" in text
    assert "修改〈济宁市城镇容貌和环境卫生管理条例〉的决定》修正" in text


def test_an_imported_text_is_named_as_the_file_it_came_from():
    from kb.provenance import pinned_text, printed_date
    assert pinned_text("我的文件.docx", "ab" * 32) == "导入的文件 我的文件.docx（sha256 abababababab）"
    assert pinned_text("https://example.gov.cn/a/%E6%9D%A1%E4%BE%8B.html", "") == "条例.html（example.gov.cn；sha256 未知）"
    assert printed_date("2019-05-31") == "2019年5月31日"
