"""Citations: 《济宁市养犬管理条例》第十五条, 养犬条例第15条, 养犬管理条例 第十五条第二款第（一）项.

One parser for every place that reads a citation (CLI, search, links)."""

import re
from dataclasses import dataclass

from kb.numerals import CN_NUMERAL_CHARS, parse_number, to_chinese, to_halfwidth_digits

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
    def label(self):
        text = f"第{to_chinese(self.article)}条"
        if self.suffix:
            text += f"之{to_chinese(self.suffix)}"
        if self.paragraph:
            text += f"第{to_chinese(self.paragraph)}款"
        if self.item:
            text += f"第（{to_chinese(self.item)}）项"
        return text


def parse_citation(text):
    """Return a Citation for text that is a citation, else None."""
    text = to_halfwidth_digits(re.sub(r"\s+", " ", text or "")).strip()
    match = CITATION_RE.match(text)
    if not match:
        return None
    regulation = match.group("reg").strip().strip("《》<>").strip()
    number = parse_number(match.group("num"))
    if not number:
        return None
    return Citation(regulation=regulation, article=number,
                    suffix=_optional(match.group("suffix")),
                    paragraph=_optional(match.group("para")), item=_optional(match.group("item")))


def _optional(value):
    return parse_number(value) if value else 0


def format_citation(title, article_label):
    return f"《{title}》{article_label}"
