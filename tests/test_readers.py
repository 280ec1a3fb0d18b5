"""Tests for kb.sources.readers; every fixture is built under tmp_path."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from kb.errors import SourceError
from kb.sources import readers
from kb.sources.readers import MAX_BYTES, decode_bytes, read_source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DOG_LAW = SHARED / "regulations" / "jining" / "济宁市养犬管理条例(2019-06-05).md"

LAW_TEXT = (
    "# 济宁市养犬管理条例\n"
    "\n"
    "## 第一章\u3000总则\n"
    "\n"
    "\u3000\u3000第一条\u3000为了规范养犬行为，制定本条例。\n"
    "\n"
    "第二条 本市行政区域内的养犬行为，适用本条例。\n"
)


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def reason_of(path):
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert str(info.value) == f"{path}: {info.value.reason}"
    return info.value.reason


# ---------------------------------------------------------------- text files


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8.md", LAW_TEXT.encode("utf-8")),
        ("bom.md", b"\xef\xbb\xbf" + LAW_TEXT.encode("utf-8")),
        ("gbk.txt", LAW_TEXT.encode("gbk")),
        ("utf16le.txt", LAW_TEXT.encode("utf-16")),  # native order with BOM
        ("utf16be.txt", b"\xfe\xff" + LAW_TEXT.encode("utf-16-be")),
        ("noext", LAW_TEXT.encode("utf-8")),
    ],
)
def test_text_encodings(tmp_path, name, data):
    assert read_source(write(tmp_path, name, data)) == LAW_TEXT


def test_gb18030_only_characters(tmp_path):
    text = "第一条 䶮与𠀀不在 GBK 中。\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert read_source(write(tmp_path, "gb18030.txt", text.encode("gb18030"))) == text


def test_crlf_and_cr_become_lf(tmp_path):
    data = "标题\r\n\r\n第一条 甲。\r第二条 乙。\r\n".encode()
    assert read_source(write(tmp_path, "crlf.txt", data)) == "标题\n\n第一条 甲。\n第二条 乙。\n"


def test_other_characters_untouched(tmp_path):
    text = "\u3000\u3000第一条\u3000甲\t乙\xa0丙  丁\ufeff戊\n"
    assert read_source(write(tmp_path, "spaces.md", text.encode("utf-8"))) == text


def test_decode_bytes_directly():
    assert decode_bytes("第一条\r\n".encode("gb18030"), "x") == "第一条\n"
    assert decode_bytes(b"\xef\xbb\xbfabc", "x") == "abc"


def test_decode_bytes_rejects_bad_utf16():
    with pytest.raises(SourceError) as info:
        decode_bytes(b"\xff\xfe\x00\xd8", "x.txt")  # lone surrogate
    assert info.value.reason == "无法识别的文本编码"


def test_mostly_control_characters_is_binary(tmp_path):
    data = bytes(range(1, 32)) * 20 + "第一条".encode()
    assert reason_of(write(tmp_path, "ctrl.txt", data)) == "二进制文件，不是文本"


def test_random_bytes_are_binary(tmp_path):
    data = b"\x00" + os.urandom(4096)
    assert reason_of(write(tmp_path, "junk.txt", data)) == "二进制文件，不是文本"


def test_undecodable_text(tmp_path):
    # Valid in neither UTF-8 nor GB18030 (0xFF is never a lead byte).
    data = "第一条 甲。".encode() + b"\xff\xff abc"
    assert reason_of(write(tmp_path, "bad.txt", data)) == "无法识别的文本编码"


def test_old_doc_and_pdf_are_explained(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)
    assert ".doc" in reason_of(write(tmp_path, "old.doc", ole))
    assert "PDF" in reason_of(write(tmp_path, "law.pdf", b"%PDF-1.4\n" + bytes(100)))


# -------------------------------------------------------------- file access


def test_empty_file(tmp_path):
    assert reason_of(write(tmp_path, "empty.md", b"")) == "文件为空"


def test_whitespace_only_file(tmp_path):
    assert reason_of(write(tmp_path, "blank.md", "\r\n \u3000\n")) == "文件为空"


def test_missing_path(tmp_path):
    assert reason_of(tmp_path / "nope.md") == "文件不存在"
    assert reason_of(tmp_path / "nodir" / "nope.md") == "文件不存在"


def test_directory(tmp_path):
    assert reason_of(tmp_path) == "不是文件"


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no disk or time cost

    def no_open(*args, **kwargs):
        raise AssertionError("a file over MAX_BYTES must not be opened")

    monkeypatch.setattr(readers, "open", no_open, raising=False)
    assert reason_of(path) == "文件过大（超过 50 MB）"


def test_permission_error(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.md", LAW_TEXT)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Patched in the module because tests often run as root, where chmod 000
    # does not stop reading.
    monkeypatch.setattr(readers, "open", denied, raising=False)
    assert reason_of(path) == "没有读取权限"


def test_accepts_str_path(tmp_path):
    assert read_source(str(write(tmp_path, "law.md", LAW_TEXT))) == LAW_TEXT


# --------------------------------------------------------------------- docx


def make_law_docx(path):
    document = docx.Document()
    document.add_heading("济宁市养犬管理条例", 0)
    document.add_paragraph("第一章\u3000总则")
    document.add_paragraph("")  # empty paragraphs are skipped
    document.add_paragraph("\u3000\u3000第一条\u3000为了规范养犬行为，制定本条例。")
    run = document.add_paragraph("第二条").add_run()
    run.add_tab()
    run.add_text("本市适用。")
    run.add_break()
    run.add_text("第二款。")
    document.save(path)
    return path


def test_docx_paragraphs(tmp_path):
    text = read_source(make_law_docx(tmp_path / "law.docx"))
    assert text == (
        "济宁市养犬管理条例\n"
        "\n"
        "第一章\u3000总则\n"
        "\n"
        "\u3000\u3000第一条\u3000为了规范养犬行为，制定本条例。\n"
        "\n"
        "第二条\t本市适用。\n第二款。\n"
    )


def test_docx_detected_by_content_not_extension(tmp_path):
    make_law_docx(tmp_path / "law.docx")
    renamed = tmp_path / "law.md"
    (tmp_path / "law.docx").rename(renamed)
    assert read_source(renamed).startswith("济宁市养犬管理条例\n\n第一章")


def test_docx_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("附表")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "罚款"
    table.cell(1, 0).text = "未拴绳"
    table.cell(1, 1).text = "五十元"
    table.cell(1, 1).add_paragraph("以上")
    document.add_paragraph("第三条 表后。")
    document.save(tmp_path / "table.docx")
    text = read_source(tmp_path / "table.docx")
    assert text.split("\n\n") == ["附表", "项目", "罚款", "未拴绳", "五十元", "以上", "第三条 表后。\n"]


def test_docx_random_bytes(tmp_path):
    data = b"\x01" + os.urandom(2048)
    assert reason_of(write(tmp_path, "bad.docx", data)) == "docx 文件已损坏"


def test_docx_truncated_zip(tmp_path):
    make_law_docx(tmp_path / "law.docx")
    data = (tmp_path / "law.docx").read_bytes()
    assert reason_of(write(tmp_path, "cut.docx", data[: len(data) // 2])) == "docx 文件已损坏"


def test_docx_damaged_compressed_data(tmp_path):
    path = make_law_docx(tmp_path / "law.docx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + 60):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    assert reason_of(path) == "docx 文件已损坏"


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a word file")
    assert reason_of(path) == "docx 文件已损坏"
    other = tmp_path / "archive.zip"
    path.rename(other)
    assert reason_of(other) == "压缩文件不是 docx 文档"


def test_docx_invalid_xml(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>")
    assert reason_of(path) == "docx 文件已损坏"


DOCUMENT_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  "<w:body><w:p><w:r><w:t>济宁市养犬管理条例</w:t></w:r></w:p>").encode()
DOCUMENT_END = b"</w:body></w:document>"


def make_docx_bomb(path, piece, repeat, before=b"", after=b""):
    """A .docx whose document.xml holds `piece` `repeat` times, written as a stream."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=repeat > 1_000_000) as out:
            out.write(DOCUMENT_START + before)
            block = 100_000
            for _ in range(repeat // block):
                out.write(piece * block)
            out.write(piece * (repeat % block) + after + DOCUMENT_END)
    return path


MEASURED_READ = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from kb.errors import SourceError
from kb.sources.readers import read_source
started = time.perf_counter()
try:
    read_source(sys.argv[2])
    reason = None
except SourceError as error:
    reason = error.reason
def peak_mb():
    # VmHWM is this program's own high-water mark; ru_maxrss after fork + exec can report the
    # parent's (a large pytest process) instead.
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"reason": reason, "seconds": time.perf_counter() - started, "peak_mb": peak_mb()}))
"""


def measured_read(path):
    """read_source in a fresh process: its refusal, time and peak memory."""
    root = str(Path(__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, "-c", MEASURED_READ, root, str(path)],
                          check=True, capture_output=True, text=True, timeout=120)
    return json.loads(done.stdout)


@pytest.mark.parametrize("name, piece, repeat, around, reason", [
    # 17.6 million elements: refused from the zip directory, before anything is inflated.
    ("elements-17m.docx", b"<w:p/>", 17_600_000, (b"", b""), "解压后超过 64 MB"),
    # Small enough to pass the size check, refused by the element count while streaming.
    ("elements-3m.docx", b"<w:p/>", 3_000_000, (b"", b""), "XML 元素超过 50 万个"),
    ("nested-1m.docx", b"<w:sdt>", 1_000_000, (b"", b""), "XML 元素超过 50 万个"),
    ("text-6m.docx", "犬".encode(), 6_000_000, (b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>"), "文字过多"),
])
def test_docx_bombs_are_refused_quickly_in_little_memory(tmp_path, name, piece, repeat, around, reason):
    path = make_docx_bomb(tmp_path / name, piece, repeat, *around)
    result = measured_read(path)
    print(f"\n{name}: {path.stat().st_size / 1e6:.2f} MB on disk, refused in {result['seconds']:.2f} s, "
          f"peak {result['peak_mb']:.0f} MB: {result['reason']}")
    assert result["reason"] and reason in result["reason"]
    assert result["peak_mb"] < 300


def test_a_zip_directory_that_understates_the_size_is_refused(tmp_path):
    path = make_docx_bomb(tmp_path / "lying.docx", b"<w:p/>", 900_000)
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")                  # the central directory entry of document.xml
    assert data[entry + 46:entry + 46 + 17] == b"word/document.xml"
    data[entry + 24:entry + 28] = (1000).to_bytes(4, "little")   # "uncompressed size: 1000 bytes"
    path.write_bytes(bytes(data))
    assert reason_of(path) == "docx 文件已损坏"     # zipfile stops at 1000 bytes; the CRC then fails


def test_a_document_type_declaration_is_refused(tmp_path):
    path = tmp_path / "entities.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>'
                         "<w:document><w:body/></w:document>")
    assert reason_of(path) == "docx 文件已损坏"


def test_docx_without_text(tmp_path):
    docx.Document().save(tmp_path / "blank.docx")
    assert reason_of(tmp_path / "blank.docx") == "docx 文件中没有文字"


# --------------------------------------------------------------------- html


GOV_PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>济宁市养犬管理条例_济宁市人民代表大会常务委员会</title>
<style>.x { color: red }</style>
<script>var nav = "脚本文字 第九十九条";</script>
</head>
<body>
<header><a href="/">网站首页标题</a></header>
<nav><ul><li>导航栏目</li><li>新闻中心</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 地方性法规</div>
<div class="main">
  <div class="left-menu">左侧菜单</div>
  <div class="article">
    <h1>济宁市养犬管理条例</h1>
    <div class="info">发布日期：2019-06-05</div>
    <div id="zoom" class="TextContent">
      <p>第一章&nbsp;&nbsp;总则</p>
      <p>&#12288;&#12288;第一条　为了规范养犬行为，
         制定本条例。</p>
      <p>第二条 本市行政区域内的养犬行为，<b>适用</b>本条例。<br>
         第三条 养犬应当遵守法律。</p>
      <table><tr><td>第四条 表格内条文。</td><td>附注</td></tr></table>
    </div>
    <div class="share-bar">分享到微信</div>
  </div>
</div>
<footer>版权所有 济宁市人大</footer>
<div class="copyright">备案号 12345</div>
</body>
</html>
"""


def test_html_main_text(tmp_path):
    text = read_source(write(tmp_path, "page.html", GOV_PAGE))
    assert text == (
        "# 济宁市养犬管理条例\n"
        "\n"
        "第一章 总则\n"
        "\n"
        "\u3000\u3000第一条　为了规范养犬行为， 制定本条例。\n"
        "\n"
        "第二条 本市行政区域内的养犬行为，适用本条例。\n"
        "\n"
        "第三条 养犬应当遵守法律。\n"
        "\n"
        "第四条 表格内条文。\n"
        "\n"
        "附注\n"
    )
    for junk in ("导航", "首页", "菜单", "脚本", "color", "分享", "版权", "备案", "发布日期"):
        assert junk not in text


def test_html_title_not_repeated(tmp_path):
    page = GOV_PAGE.replace('<div class="info">', '<div class="info" hidden>')
    page = page.replace('<div id="zoom" class="TextContent">', "<div>")
    text = read_source(write(tmp_path, "page.htm", page))
    # The chosen block is now div.article, which starts with the <h1>.
    assert text.startswith("济宁市养犬管理条例\n\n第一章 总则\n")
    assert "# " not in text


def test_html_detected_by_content(tmp_path):
    text = read_source(write(tmp_path, "saved.txt", GOV_PAGE))
    assert text.startswith("# 济宁市养犬管理条例\n\n第一章 总则")


def test_html_gbk_meta_charset(tmp_path):
    page = GOV_PAGE.replace('<meta charset="utf-8">', '<meta charset="gb2312">')
    # GBK-only character although the page says gb2312, as real sites do.
    page = page.replace("附注", "附注：瑢")
    text = read_source(write(tmp_path, "gbk.html", page.encode("gbk")))
    assert "第一条　为了规范养犬行为" in text
    assert text.endswith("附注：瑢\n")


def test_html_http_equiv_charset(tmp_path):
    page = GOV_PAGE.replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK">',
    )
    text = read_source(write(tmp_path, "equiv.html", page.encode("gbk")))
    assert text.startswith("# 济宁市养犬管理条例\n\n第一章 总则")


def test_html_wrong_declared_charset_falls_back(tmp_path):
    # Declared utf-8 but saved as GBK: decoding is guessed instead.
    text = read_source(write(tmp_path, "liar.html", GOV_PAGE.encode("gbk")))
    assert "第二条 本市行政区域内" in text


def test_html_without_law_returns_body(tmp_path):
    page = (
        "<html><head><title>通知公告 - 济宁市政府</title></head><body>"
        "<nav>导航</nav><div class='list'><p>关于召开会议的通知</p>"
        "<p>会议时间：明天</p></div></body></html>"
    )
    text = read_source(write(tmp_path, "notice.html", page))
    assert text == "# 通知公告\n\n关于召开会议的通知\n\n会议时间：明天\n"


def test_html_without_any_text(tmp_path):
    page = "<html><head><title>空页面</title><script>x()</script></head><body><nav>菜单</nav></body></html>"
    assert reason_of(write(tmp_path, "blank.html", page)) == "网页中没有正文"


def test_html_class_drop_is_undone_if_it_hides_the_law(tmp_path):
    # A content wrapper unluckily named like page furniture.
    page = (
        "<html><body><div class='nav'>栏目</div><div class='print-area'>"
        "<p>某某条例</p><p>第一条 甲。</p><p>第二条 乙。</p></div></body></html>"
    )
    text = read_source(write(tmp_path, "odd.html", page))
    assert "第一条 甲。\n\n第二条 乙。" in text


# ---------------------------------------------------------------- real file


def test_real_regulation_round_trips(tmp_path):
    if not DOG_LAW.is_file():
        pytest.skip(f"shared corpus not available: {DOG_LAW}")
    original = DOG_LAW.read_bytes().decode("utf-8")
    expected = original.replace("\r\n", "\n").replace("\r", "\n")
    assert read_source(DOG_LAW) == expected
    crlf = write(tmp_path, "crlf.md", expected.replace("\n", "\r\n"))
    assert read_source(crlf) == expected
    gbk = write(tmp_path, "gbk.md", expected.encode("gb18030"))
    assert read_source(gbk) == expected
