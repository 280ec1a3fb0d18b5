"""Citations: 《济宁市养犬管理条例》第十五条, 养犬条例第15条, 养犬管理条例 第十五条第二款第（一）项.

One parser for every place that reads a citation (CLI, search, links)."""

import re
from dataclasses import dataclass

from kb.jurisdiction import ends_with_place
from kb.model import label
from kb.numerals import CN_NUMERAL_CHARS, parse_number, to_halfwidth_digits

NUM = rf"[{CN_NUMERAL_CHARS}0-9]+"
CITATION_RE = re.compile(
    rf"^(?P<reg>.*?)\s*第?\s*(?P<num>{NUM})\s*条(?:之(?P<suffix>[一二三四五六七八九十]+))?"
    rf"(?:\s*第?\s*(?P<para>{NUM})\s*款)?(?:\s*第?\s*[（(]?(?P<item>{NUM})[）)]?\s*项)?$")


@dataclass(frozen=True)
class Citation:
    regulation: str     # as written (title, alias or short form); "" when absent
    article: int
    suffix: int = 0
    paragraph: int = 0
    item: int = 0

    @property
    def label(self) -> str:
        return label(self.article, self.suffix, self.paragraph, self.item)


def parse_citation(text: str) -> Citation | None:
    """Return a Citation for text that is a citation, else None."""
    text = to_halfwidth_digits(re.sub(r"\s+", " ", text or "")).strip()
    match = CITATION_RE.match(text) or BARE_NUMBER_RE.match(text)
    if not match:
        return None
    regulation = match.group("reg").strip().strip("《》<>").strip()
    number = parse_number(match.group("num"))
    if not number:
        return None
    groups = match.groupdict()
    return Citation(regulation=regulation, article=number, suffix=_optional(groups.get("suffix")),
                    paragraph=_optional(groups.get("para")), item=_optional(groups.get("item")))


BARE_NUMBER_RE = re.compile(rf"^(?P<reg>.+?(?:条例|法|规定|办法|细则))\s+第?(?P<num>{NUM})$")
IN_TEXT_RE = re.compile(
    rf"第?\s*(?P<num>{NUM})\s*条(?:之(?P<suffix>[一二三四五六七八九十]+))?"
    rf"(?:\s*第?\s*(?P<para>{NUM})\s*款)?(?:\s*第?\s*[（(]?(?P<item>{NUM})[）)]?\s*项)?")
NAME_STOPS = "，。；：、,.;:!?！？\n()（）"
CONTEXT_NAMES = ("本条例", "本法", "本规定", "本办法", "本细则", "本决定")
MAX_NAME = 40
LIST_JOINERS = ("、", "和", "或者", "及", "以及", "至", "，", ",")


@dataclass(frozen=True)
class CitationMatch:
    start: int
    end: int
    citation: Citation
    key: str        # the resolved regulation's slug


def find_citations(text: str, resolve, context: str | None = None) -> list:
    """Citations inside running text. `resolve(name)` gives a regulation's slug or None;
    本条例 means `context`. A 第N条 with no resolvable name before it is not a citation.
    kb.locate.citations_in is the way in for callers holding a Library."""
    text = to_halfwidth_digits(text or "")
    whole = BARE_NUMBER_RE.match(text.strip())
    if whole and parse_number(whole.group("num")) and resolve(whole.group("reg").strip("《》 ")):
        citation = Citation(regulation=whole.group("reg"), article=parse_number(whole.group("num")))
        return [CitationMatch(0, len(text), citation, resolve(whole.group("reg").strip("《》 ")))]
    found = []
    for match in IN_TEXT_RE.finditer(text):
        number = parse_number(match.group("num"))
        named = _name_before(text, match.start(), resolve, context) or _continued(text, match, found)
        if not number or named is None:
            continue
        name, key, start = named
        citation = Citation(regulation=name, article=number, suffix=_optional(match.group("suffix")),
                            paragraph=_optional(match.group("para")), item=_optional(match.group("item")))
        found.append(CitationMatch(start, match.end(), citation, key))
    return found


def article_at(text: str, position: int) -> tuple | None:
    """(Citation without a regulation, end) of the 第N条… that starts exactly at `position`
    (right after a title: 《中华人民共和国大气污染防治法》第九十九条第一款), else None."""
    if not text.startswith("第", position):
        return None
    match = IN_TEXT_RE.match(to_halfwidth_digits(text[position:position + 60]))
    number = parse_number(match.group("num")) if match else None
    if not number:
        return None
    citation = Citation(regulation="", article=number, suffix=_optional(match.group("suffix")),
                        paragraph=_optional(match.group("para")), item=_optional(match.group("item")))
    return citation, position + match.end()


def _continued(text, match, found):
    """第二十条 in 违反本条例第十八条、第二十条 belongs to the regulation cited just before."""
    if not found or text[found[-1].end:match.start()].strip() not in LIST_JOINERS:
        return None
    previous = found[-1]
    return previous.citation.regulation, previous.key, match.start()


def _name_before(text, end, resolve, context):
    """(name, key, start) of the longest resolvable regulation name ending at `end`."""
    start = end
    while start > 0 and end - start < MAX_NAME and text[start - 1] not in NAME_STOPS:
        start -= 1
    chunk = text[start:end]
    places = [p for p in range(1, len(chunk)) if ends_with_place(chunk[:p])]
    for offset in range(len(chunk) - 1):
        name = chunk[offset:].strip().strip("《》").strip()
        if len(name) < 2:
            break
        if name in CONTEXT_NAMES:
            return (name, context, start + offset) if context else None
        if _cut_from_place(chunk, places, offset):
            continue
        key = resolve(name)
        if key:
            return name, key, start + offset
    return None


def _cut_from_place(chunk, places, offset):
    """Whether a name starting at `offset` leaves out the place the name begins with:
    青岛养犬条例 (Qingdao's text not stored) is neither the home city's 养犬条例 nor its
    犬条例. A place before an earlier title or citation (《济宁市养犬管理条例》第十五条……另见
    养犬条例) is not this name's."""
    return any(p <= offset and not any(c in chunk[p:offset] for c in PLACE_BREAKS) for p in places)


PLACE_BREAKS = "》条"


def _optional(value):
    return parse_number(value) if value else 0


def format_citation(title: str, article_label: str) -> str:
    return f"《{title}》{article_label}"
