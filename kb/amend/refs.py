"""Cross-references inside a regulation (本条例第十五条, 本法第十条、第十二条第二款) as tokens.

A text becomes a list of tokens: one per character, and one per article number that the
text refers to. A reference token compares by the article it points at, so that a text whose
references were renumbered together with the articles they point at compares equal."""

import re
import unicodedata
from dataclasses import dataclass

from kb.model import label
from kb.numerals import CN_NUMERAL_CHARS, parse_number

NUM = rf"[{CN_NUMERAL_CHARS}0-9０-９]+"
SUFFIX = "[一二三四五六七八九十]+"
# Only numbers introduced by 本条例 / 本法 … are references to the same text: 宪法第八十九条 or
# 《行政处罚法》第三十条 point elsewhere and are left alone, like every other character.
INTRO = "本(?:条例|法|规定|办法|细则|决定|规则|解释)"
ELEMENT = rf"第{NUM}条(?:之{SUFFIX})?(?:第{NUM}款)?(?:第[（(]?{NUM}[）)]?项)?"
JOINER = "(?:、|和|或者|以及|及|至|到)"
CHAIN_RE = re.compile(rf"{INTRO}(?:{ELEMENT})(?:{JOINER}{ELEMENT})*")
ARTICLE_RE = re.compile(rf"第({NUM})条(?:之({SUFFIX}))?")
SPACE_RE = re.compile(r"\s+")

GONE = "gone"           # a reference whose target has no counterpart on the other side
# "：" and ":", "１" and "1" are one character written in two widths; a text that only
# changes from one to the other (common between transcriptions) says the same thing.
WIDTH_FOLD = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F)}
# Zero-width characters and empty paragraphs, left in texts copied from web pages, are
# neither seen nor said: they are dropped before comparing and showing.
INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff]")
BLANK_LINES_RE = re.compile(r"\n[ \t\u3000]*(?=\n)")


@dataclass(frozen=True)
class Ref:
    start: int
    end: int
    key: tuple          # (number, suffix) of the article referred to


def article_label(key: tuple) -> str:
    """第十五条 / 第十七条之一 for an article key (kb.model.label is the one builder)."""
    return label(*key)


def find_refs(text: str) -> list[Ref]:
    """Every article number the text refers to inside the same regulation, in order."""
    refs = []
    for chain in CHAIN_RE.finditer(text):
        for match in ARTICLE_RE.finditer(text, chain.start(), chain.end()):
            number = parse_number(match.group(1))
            suffix = parse_number(match.group(2)) if match.group(2) else 0
            if number:
                refs.append(Ref(match.start(), match.end(), (number, suffix)))
    return refs


@dataclass
class Tokens:
    """A text as parallel lists: what each token compares by, what it shows, and the
    reference it is (None for a character)."""
    keys: list
    texts: list
    refs: list


def visible(text: str) -> str:
    return BLANK_LINES_RE.sub("", INVISIBLE_RE.sub("", text)).strip()


def tokens(text: str, mapping: dict | None = None) -> Tokens:
    """Tokens of the visible text; with `mapping` (old key → new key) references compare
    by the article they point at in the other text."""
    text = visible(text)
    result, position = Tokens([], [], []), 0
    for ref in find_refs(text):
        _characters(result, text[position:ref.start])
        result.keys.append(_target(ref.key, mapping))
        result.texts.append(text[ref.start:ref.end])
        result.refs.append(ref)
        position = ref.end
    _characters(result, text[position:])
    return result


def _characters(result, segment):
    result.keys.extend(segment.translate(WIDTH_FOLD))
    result.texts.extend(segment)
    result.refs.extend([None] * len(segment))


def _target(key, mapping):
    if mapping is None:
        return ("ref", key)
    if mapping.get(key) is not None:
        return ("ref", mapping[key])
    return (GONE, key)


def normalised(text: str, mapping: dict | None = None) -> str:
    """The text for comparing: whitespace removed, widths folded, and each reference written
    as the article it points at through `mapping` (masked as 第#条 without a mapping)."""
    text, parts, position = visible(text), [], 0
    for ref in find_refs(text):
        parts.append(text[position:ref.start])
        parts.append(_written(ref.key, mapping))
        position = ref.end
    parts.append(text[position:])
    return SPACE_RE.sub("", "".join(parts)).translate(WIDTH_FOLD)


def _written(key, mapping):
    if mapping is None:
        return "第#条"
    target = mapping.get(key)
    return article_label(target) if target else f"第?{key[0]}-{key[1]}条"
