"""The one URL builder for the law: an article is /r/<slug>/<n>, or <n>-<m> for 第n条之m,
with #p<k> for its 款. Everything that links to an article (pages, API, note bodies,
basket items) asks here."""

import re

from flask import url_for

ARTICLE_REF_RE = re.compile(r"([1-9][0-9]{0,3})(?:-([1-9][0-9]?))?")


def article_ref(number: int, suffix: int = 0) -> str:
    return f"{number}-{suffix}" if suffix else str(number)


def parse_article_ref(ref: str) -> tuple | None:
    """'15' → (15, 0); '17-1' (第十七条之一) → (17, 1); anything else → None."""
    match = ARTICLE_REF_RE.fullmatch(ref or "")
    if not match:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def article_url(slug: str, number: int, suffix: int = 0, paragraph: int = 0, **kwargs) -> str:
    anchor = f"p{paragraph}" if paragraph else None
    return url_for("pages.article", slug=slug, ref=article_ref(number, suffix), _anchor=anchor, **kwargs)


def located_url(located) -> str:
    """The URL of a kb.locate.Located (its 款 as the anchor)."""
    return article_url(located.entry.slug, located.article.number, located.article.suffix, located.paragraph)


def regulation_url(slug: str, **kwargs) -> str:
    return url_for("pages.regulation", slug=slug, **kwargs)


def compare_url(slug: str, number: int, suffix: int = 0) -> str:
    """The page of an article's counterparts in other cities' regulations and the superior law."""
    return url_for("pages.compare", slug=slug, ref=article_ref(number, suffix))
