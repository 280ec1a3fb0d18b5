"""Excerpts for the publicity team: which article or 款 the browser asks for, checked strictly,
and its text re-read from the Library (text sent by a browser is never trusted)."""

from dataclasses import dataclass

from kb.locate import locate
from kb.provenance import source_line

FIELDS = {"slug": str, "article": int, "suffix": int, "paragraph": int}
REQUIRED = {"slug", "article"}
LIMITS = {"slug": 200, "article": 9999, "suffix": 99, "paragraph": 999}


class ExcerptError(ValueError):
    """A request for excerpts that cannot be honoured; the message is shown to the user."""


@dataclass(frozen=True)
class ExcerptRef:
    slug: str
    article: int
    suffix: int = 0
    paragraph: int = 0      # 0: the whole article


@dataclass(frozen=True)
class Excerpt:
    citation: str
    lines: tuple            # the text, one 款 or 项 per line, exactly as in the Library
    provenance: str         # who enacted it and when, and the file it was read from (kb.provenance)


def parse_refs(payload, max_items):
    """ExcerptRefs from decoded JSON: a list of {slug, article, suffix?, paragraph?}."""
    if not isinstance(payload, list):
        raise ExcerptError("摘录清单应为列表")
    if not 1 <= len(payload) <= max_items:
        raise ExcerptError(f"摘录条数应为 1 到 {max_items} 条，收到 {len(payload)} 条")
    return [_ref(number, item) for number, item in enumerate(payload, 1)]


def _ref(number, item):
    where = f"第 {number} 条摘录"
    if not isinstance(item, dict):
        raise ExcerptError(f"{where}格式无效")
    unknown = set(item) - set(FIELDS)
    if unknown:
        raise ExcerptError(f"{where}含有未知字段：{'、'.join(sorted(map(str, unknown)))}")
    missing = REQUIRED - set(item)
    if missing:
        raise ExcerptError(f"{where}缺少字段：{'、'.join(sorted(missing))}")
    for name, value in item.items():
        _check_field(where, name, value)
    return ExcerptRef(**item)


def _check_field(where, name, value):
    kind, limit = FIELDS[name], LIMITS[name]
    # bool is an int in Python; true/false is never an article number.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ExcerptError(f"{where}的 {name} 类型无效")
    if kind is str and not 0 < len(value) <= limit:
        raise ExcerptError(f"{where}的 {name} 长度无效")
    if kind is int and not (1 if name == "article" else 0) <= value <= limit:
        raise ExcerptError(f"{where}的 {name} 超出范围")


def resolve(library, ref):
    located = locate(library, ref.slug, ref.article, ref.suffix, ref.paragraph)
    if not located:
        raise ExcerptError(located.reason)
    regulation = located.entry.regulation
    provenance = source_line(regulation) + ("" if regulation.complete else "。注意：该法规文本不完整")
    return Excerpt(citation=located.citation, lines=tuple(located.text.split("\n")), provenance=provenance)
