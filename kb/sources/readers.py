"""Turn a file a user hands in (.md/.txt, .docx, saved web page) into plain text.

The result always uses "\\n" line ends and is meant for the regulation parser,
which expects the regulation title as the first non-empty line. Every failure
is reported as a SourceError with a short Chinese reason, never a raw OSError.
"""

import codecs
import io
import os
import re
import stat
import xml.etree.ElementTree as ET
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

from kb.errors import SourceError

MAX_BYTES = 50 * 1024 * 1024
# document.xml is compressed inside the docx, and a small file can inflate to millions of
# elements ("zip bomb"). Budgets, all far above any real regulation (the 1,260-article Civil
# Code as Word is about 3 MB of XML, 60,000 elements, 110,000 characters):
MAX_DOCX_XML_BYTES = 64 * 1024 * 1024       # uncompressed document.xml
MAX_DOCX_ELEMENTS = 500_000                 # XML elements (the parsed tree's size in memory)
MAX_DOCX_TEXT_CHARS = 5_000_000             # characters of text
DOCX_CHUNK = 256 * 1024

NOT_FOUND = "文件不存在"
NOT_A_FILE = "不是文件"
NO_PERMISSION = "没有读取权限"
UNREADABLE = "无法读取文件"
EMPTY = "文件为空"
TOO_LARGE = "文件过大（超过 50 MB）"
UNKNOWN_ENCODING = "无法识别的文本编码"
BINARY = "二进制文件，不是文本"
DOCX_CORRUPT = "docx 文件已损坏"
DOCX_TOO_LARGE = f"docx 文件内容过大：解压后超过 {MAX_DOCX_XML_BYTES // 1024 // 1024} MB，不像一部法规，可能是恶意构造的文件"
DOCX_TOO_MANY_ELEMENTS = (f"docx 文件结构异常：XML 元素超过 {MAX_DOCX_ELEMENTS // 10000} 万个，"
                          "不像一部法规，可能是恶意构造的文件")
DOCX_TOO_MUCH_TEXT = f"docx 文件文字过多：超过 {MAX_DOCX_TEXT_CHARS // 10000} 万字，不像一部法规"
DOCX_NO_TEXT = "docx 文件中没有文字"
NOT_DOCX = "压缩文件不是 docx 文档"
HTML_NO_TEXT = "网页中没有正文"
OLD_DOC = "不支持旧版 Word（.doc）文件，请另存为 .docx"
PDF = "不支持 PDF 文件，请转换为 .docx 或文本"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls container
_PDF_MAGIC = b"%PDF-"
_HTML_SUFFIXES = {".htm", ".html", ".shtml", ".xhtml"}


def read_source(path) -> str:
    """Read a user's file from disk and return its text with "\\n" line ends."""
    return read_source_bytes(_read_bytes(path), path)


def read_source_bytes(data: bytes, path) -> str:
    """The same for a file already in memory (an upload); `path` is its name, shown in
    errors, whose suffix helps to tell the format."""
    if not data:
        raise SourceError(path, EMPTY)
    if len(data) > MAX_BYTES:
        raise SourceError(path, TOO_LARGE)
    kind = _detect_kind(data, Path(path))
    if kind == "docx":
        return read_docx_bytes(data, path)
    if kind == "html":
        return read_html_bytes(data, path)
    text = decode_bytes(data, path)
    if not text.strip():
        raise SourceError(path, EMPTY)
    return text


# ---------------------------------------------------------------- file access


def _read_bytes(path) -> bytes:
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise SourceError(path, NOT_FOUND) from None
    except PermissionError:
        raise SourceError(path, NO_PERMISSION) from None
    except (OSError, ValueError):
        raise SourceError(path, UNREADABLE) from None
    # FIFOs and devices would block or never end, so only regular files pass.
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(path, NOT_A_FILE)
    if info.st_size > MAX_BYTES:
        raise SourceError(path, TOO_LARGE)
    if info.st_size == 0:
        raise SourceError(path, EMPTY)
    try:
        with open(path, "rb") as f:
            # Bounded read: the file may have grown since stat().
            data = f.read(MAX_BYTES + 1)
    except PermissionError:
        raise SourceError(path, NO_PERMISSION) from None
    except IsADirectoryError:
        raise SourceError(path, NOT_A_FILE) from None
    except OSError:
        raise SourceError(path, UNREADABLE) from None
    if len(data) > MAX_BYTES:
        raise SourceError(path, TOO_LARGE)
    if not data:
        raise SourceError(path, EMPTY)
    return data


def _detect_kind(data: bytes, path: Path) -> str:
    """Content wins over the extension: users rename files carelessly."""
    if data.startswith(_ZIP_MAGIC):
        return "docx"
    if data.startswith(_OLE_MAGIC):
        raise SourceError(path, OLD_DOC)
    if data.startswith(_PDF_MAGIC):
        raise SourceError(path, PDF)
    if _looks_like_html(data):
        return "html"
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return "docx"
    if suffix in _HTML_SUFFIXES:
        return "html"
    return "text"


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head_text = head.decode("utf-16", errors="ignore")
    else:
        # latin-1 never fails and keeps ASCII markup readable in any
        # ASCII-compatible encoding (utf-8, gbk...).
        head_text = head.decode("latin-1")
    head_text = head_text.lstrip("\ufeff\xef\xbb\xbf \t\r\n").lower()
    # Require markup at the very start so a text file that merely mentions
    # "<html" somewhere is not mistaken for a page.
    return head_text.startswith("<") and (
        "<html" in head_text or "<!doctype html" in head_text
    )


# ------------------------------------------------------------------- decoding


# C0/C1 control characters other than tab, LF, VT, FF, CR, plus the private
# use area that gb18030 maps binary garbage into.
_JUNK_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
_JUNK_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, path) -> str:
    """Decode text bytes (UTF-8 [BOM], UTF-16 BOM, GBK/GB18030) to LF text."""
    text = _decode(data, path)
    _reject_junk(text, path)
    return _normalise_newlines(text)


def _decode(data: bytes, path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _decode_strict(data[len(codecs.BOM_UTF8):], "utf-8", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # The utf-16 codec reads the BOM to pick the byte order and drops it.
        return _decode_strict(data, "utf-16", path)
    # NUL never occurs in UTF-8 or GB18030 text; without a BOM it means binary.
    if b"\x00" in data:
        raise SourceError(path, BINARY)
    # UTF-8 first: it rarely validates by accident, while GB18030 accepts
    # almost any byte pairs and would turn UTF-8 into mojibake.
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if _too_much(len(_JUNK_BYTES.findall(data)), len(data)):
        raise SourceError(path, BINARY)
    raise SourceError(path, UNKNOWN_ENCODING)


def _decode_strict(data: bytes, encoding: str, path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise SourceError(path, UNKNOWN_ENCODING) from None


def _reject_junk(text: str, path) -> None:
    if "\x00" in text or _too_much(len(_JUNK_CHARS.findall(text)), len(text)):
        raise SourceError(path, BINARY)


def _too_much(junk: int, total: int) -> bool:
    # Real text has at most a stray control character; 10% means garbage.
    return total > 0 and junk * 10 > total


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ----------------------------------------------------------------------- docx


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DOCUMENT_XML = "word/document.xml"


def read_docx_bytes(data: bytes, path) -> str:
    """Paragraphs of word/document.xml in order, separated by blank lines."""
    root = _parse_docx_document(data, path)
    body = root.find(_W + "body")
    if body is None:
        raise SourceError(path, DOCX_CORRUPT)
    try:
        paragraphs = [p for p in _docx_blocks(body) if p.strip()]
    except RecursionError:
        # Only a hostile or broken file nests elements this deeply.
        raise SourceError(path, DOCX_CORRUPT) from None
    if not paragraphs:
        raise SourceError(path, DOCX_NO_TEXT)
    if sum(map(len, paragraphs)) > MAX_DOCX_TEXT_CHARS:
        raise SourceError(path, DOCX_TOO_MUCH_TEXT)
    return _normalise_newlines("\n\n".join(paragraphs)) + "\n"


class _OverBudget(Exception):
    def __init__(self, reason):
        self.reason = reason


class _BudgetedXml:
    """document.xml as a file for iterparse, refusing it as soon as it exceeds a budget.

    Elements are counted as the tags that open them ("<" not followed by "/"), counted in C
    per chunk before the parser sees the chunk: an upper bound on what the parser will build,
    so neither its time nor its memory can run past the budget."""

    def __init__(self, stream):
        self._stream = stream
        self._bytes = self._elements = 0
        self._first = True

    def read(self, size=DOCX_CHUNK):
        chunk = self._stream.read(max(size, DOCX_CHUNK))
        if self._first:
            self._first = False
            # Word never writes a DTD; refusing one rules out entity-expansion tricks.
            if b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:4096]:
                raise _OverBudget(DOCX_CORRUPT)
        self._bytes += len(chunk)
        self._elements += chunk.count(b"<") - chunk.count(b"</")
        if self._bytes > MAX_DOCX_XML_BYTES:
            raise _OverBudget(DOCX_TOO_LARGE)
        if self._elements > MAX_DOCX_ELEMENTS:
            raise _OverBudget(DOCX_TOO_MANY_ELEMENTS)
        return chunk


def _parse_docx_document(data: bytes, path):
    """The parsed word/document.xml, read as a stream within the budgets above."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            member = _document_member(archive, path)
            # The zip directory states the uncompressed size, and zipfile never inflates
            # more than it states: a bomb announces itself before a byte is inflated.
            if member.file_size > MAX_DOCX_XML_BYTES:
                raise SourceError(path, DOCX_TOO_LARGE)
            with archive.open(member) as stream:
                parsing = ET.iterparse(_BudgetedXml(stream), events=())
                for _ in parsing:
                    pass
                return parsing.root
    except SourceError:
        raise
    except _OverBudget as refused:
        raise SourceError(path, refused.reason) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ET.ParseError,
            zlib.error, EOFError, OSError, ValueError, RuntimeError, RecursionError):
        # RuntimeError: encrypted member; NotImplementedError: odd compression.
        raise SourceError(path, DOCX_CORRUPT) from None


def _document_member(archive, path):
    try:
        return archive.getinfo(_DOCUMENT_XML)
    except KeyError:
        reason = DOCX_CORRUPT if Path(path).suffix.lower() == ".docx" else NOT_DOCX
        raise SourceError(path, reason) from None


def _docx_blocks(container):
    """Yield paragraph texts in document order, descending into tables."""
    for child in container:
        if child.tag == _W + "p":
            yield _docx_paragraph_text(child)
        elif child.tag == _W + "tbl":
            # Direct rows and cells only: nested tables come via recursion.
            for row in child.findall(_W + "tr"):
                for cell in row.findall(_W + "tc"):
                    yield from _docx_blocks(cell)
        elif child.tag != _MC_FALLBACK:
            # Content controls (w:sdt), customXml etc. wrap ordinary blocks.
            yield from _docx_blocks(child)


def _docx_paragraph_text(paragraph) -> str:
    parts = []
    _collect_run_text(paragraph, parts)
    return "".join(parts)


def _collect_run_text(element, parts) -> None:
    for child in element:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _MC_FALLBACK:
            # Word stores text boxes twice (Choice and Fallback); read one.
            continue
        else:
            _collect_run_text(child, parts)


# ----------------------------------------------------------------------- html


_VOID_TAGS = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
])
# Never part of the regulation text. head/title are dropped from the body
# rendering; the page title is read separately.
_DROP_TAGS = frozenset([
    "head", "title", "script", "style", "noscript", "template", "nav", "header", "footer",
    "aside", "form", "iframe", "object", "embed", "svg", "canvas", "button", "select",
    "textarea",
])
_BLOCK_TAGS = frozenset([
    "address", "article", "blockquote", "body", "br", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li", "main",
    "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
])
# Tags whose open element a new start tag closes implicitly, as browsers do.
_IMPLIED_END = {
    "p": _BLOCK_TAGS - {"br"},
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "td": {"td", "th", "tr"},
    "th": {"td", "th", "tr"},
    "tr": {"tr"},
}
# Containers that hold the whole page; a class like "header-fixed" on them
# must not throw the page away.
_NEVER_DROP_BY_HINT = frozenset({"html", "body", "main", "article"})
_NAV_HINT = re.compile(
    r"footer|header|breadcrumb|crumbs|sidebar|copyright|navbar|navigation|"
    r"menu|toolbar|pagination"
    # Short words only as whole words, so "canvas" or "shared" do not match.
    r"|(?<![a-z])(?:nav|share|bottom|banner|search|login|logo|related|"
    r"comment|tools?|print|position|location|ads?)(?![a-z])"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_CONTENT_HINT = re.compile(
    r"content|article|text|zoom|detail|main|zhengwen|neirong|trs_editor"
    r"|(?<![a-z])(?:zw|con|wz)(?![a-z])"
)
_CONTENT_TAGS = frozenset({"div", "section", "td"})
_ARTICLE_NO = re.compile(r"第[一二三四五六七八九十百千零〇两0-9０-９]+条")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜]+|-+|—+)\s*")
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE
)
# Pages labelled gb2312 routinely contain GBK-only characters; GB18030 is a
# superset of both, so decode all of them with it.
_GB_LABELS = frozenset(
    {"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "cp936", "ms936", "euc-cn"}
)


def read_html_bytes(data: bytes, path) -> str:
    """Main text of a saved web page, one block per paragraph."""
    return _html_to_text(_decode_html(data, path), path)


def _decode_html(data: bytes, path) -> str:
    # A byte order mark beats any <meta> declaration, as in browsers.
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = _declared_charset(data)
        if encoding:
            try:
                text = data.decode(encoding)
            except (UnicodeError, LookupError):
                pass  # wrong declaration: guess like for a plain text file
            else:
                _reject_junk(text, path)
                return _normalise_newlines(text)
    return decode_bytes(data, path)


def _declared_charset(data: bytes):
    match = _META_CHARSET.search(data[:16384])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _GB_LABELS:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # The <meta> was readable as ASCII, so a UTF-16/32 label is a lie.
    return None if name.startswith(("utf-16", "utf-32")) else name


class _Node:
    __slots__ = ("children", "drop", "hint", "tag")

    def __init__(self, tag, hint="", drop=None):
        self.tag = tag
        self.hint = hint  # id + class, lowercased, camelCase split
        self.drop = drop  # None, "tag" (always dropped) or "hint" (heuristic)
        self.children = []


class _TreeBuilder(HTMLParser):
    """A forgiving DOM-like tree; enough structure to drop and pick blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        top = self.stack[-1]
        if tag in _IMPLIED_END.get(top.tag, ()):
            self.stack.pop()
        attributes = {name: value or "" for name, value in attrs}
        node = _Node(tag, _hint(attributes), self._drop_reason(tag, attributes))
        self.stack[-1].children.append(node)
        if tag not in _VOID_TAGS:
            self.stack.append(node)

    def handle_endtag(self, tag):
        # Close up to the matching open element; stray end tags are ignored.
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def _drop_reason(self, tag, attributes):
        if tag in _DROP_TAGS and not self._is_article_header(tag):
            return "tag"
        if tag in _NEVER_DROP_BY_HINT:
            return None
        if _NAV_HINT.search(_hint(attributes)) or _is_hidden(attributes):
            return "hint"
        return None

    def _is_article_header(self, tag):
        # <article><header><h1>title</h1></header> carries the title itself.
        return tag == "header" and any(n.tag in ("article", "main") for n in self.stack)


def _hint(attributes) -> str:
    raw = f"{attributes.get('id', '')} {attributes.get('class', '')}"
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", raw).lower()


def _is_hidden(attributes) -> bool:
    style = attributes.get("style", "").lower()
    return "hidden" in attributes or bool(_HIDDEN_STYLE.search(style))


def _build_tree(html: str) -> _Node:
    builder = _TreeBuilder()
    try:
        builder.feed(html)
        builder.close()
    except AssertionError:
        # Very malformed markup (e.g. odd "<![" sections): keep what was parsed.
        pass
    return builder.root


def _html_to_text(html: str, path) -> str:
    root = _build_tree(html)
    use_hints = _hints_are_safe(root)
    body = _render(root, use_hints)
    if not body:
        raise SourceError(path, HTML_NO_TEXT)
    chosen = _main_block(root, body, use_hints) or body
    title = _page_title(root, use_hints)
    if title and _squash(chosen[0]) != _squash(title):
        chosen = ["# " + title] + chosen
    return "\n\n".join(chosen) + "\n"


def _hints_are_safe(root) -> bool:
    """Dropping by id/class is a guess; undo it if it removed the law."""
    with_hints = _count_articles(_render(root, True))
    without = _count_articles(_render(root, False))
    return with_hints * 2 >= without


def _main_block(root, body, use_hints):
    """Paragraphs of the content element holding most 第…条, else None."""
    total = _count_articles(body)
    if not total:
        return None
    best = None
    for node in _walk(root, use_hints):
        if not _is_content_candidate(node):
            continue
        paragraphs = _render(node, use_hints)
        count = _count_articles(paragraphs)
        if count * 2 <= total:
            continue
        # Most articles first; among equals the tightest block, which
        # carries the least page furniture.
        key = (count, -sum(map(len, paragraphs)))
        if best is None or key > best[0]:
            best = (key, paragraphs)
    return best[1] if best else None


def _is_content_candidate(node) -> bool:
    if node.tag in ("article", "main"):
        return True
    return node.tag in _CONTENT_TAGS and bool(_CONTENT_HINT.search(node.hint))


def _page_title(root, use_hints) -> str:
    """First visible <h1>, else <title> without the site name suffix."""
    for node in _walk(root, use_hints):
        if node.tag == "h1":
            text = " ".join(_render(node, use_hints)).strip()
            if text:
                return text
    for node in _walk(root, None):
        if node.tag == "title":
            text = " ".join(_render(node, None)).strip()
            parts = [p for p in _TITLE_SEPARATOR.split(text) if p.strip()]
            return parts[0].strip() if parts else ""
    return ""


def _squash(line: str) -> str:
    return re.sub(r"\s+", "", line).lstrip("#")


def _count_articles(paragraphs) -> int:
    return sum(len(_ARTICLE_NO.findall(p)) for p in paragraphs)


def _is_dropped(node, use_hints) -> bool:
    """use_hints: True/False for rendering; None ignores all drops."""
    if use_hints is None or node.drop is None:
        return False
    return node.drop == "tag" or use_hints


def _walk(root, use_hints):
    """Element nodes in document order, skipping dropped subtrees."""
    stack = [root]
    while stack:
        node = stack.pop()
        if _is_dropped(node, use_hints):
            continue
        yield node
        stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))


_BREAK = object()


def _render(root, use_hints) -> list:
    """Visible text as paragraphs: every block element starts a new one.

    Iterative on purpose: pages with thousands of unclosed tags nest deeper
    than Python's recursion limit.
    """
    paragraphs, parts = [], []
    stack = [(root, False)]
    while stack:
        item, pre = stack.pop()
        if item is _BREAK:
            _flush(parts, paragraphs)
        elif isinstance(item, str):
            parts.append(item if pre else _HTML_SPACE.sub(" ", item.replace("\xa0", " ")))
        elif item is root or not _is_dropped(item, use_hints):
            pre = pre or item.tag == "pre"
            block = item.tag in _BLOCK_TAGS
            if block:
                _flush(parts, paragraphs)
                stack.append((_BREAK, pre))
            stack.extend((child, pre) for child in reversed(item.children))
    _flush(parts, paragraphs)
    return paragraphs


def _flush(parts, paragraphs) -> None:
    # Only ASCII whitespace is trimmed: leading U+3000 indentation is kept.
    text = "".join(parts).strip(" \t\n")
    parts.clear()
    if text.strip():
        paragraphs.append(text)
