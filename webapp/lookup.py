"""Regulations and articles named in a URL, found by the article locator (kb.locate), or a
Chinese 404 saying what is missing."""

from flask import abort

from kb.locate import Located, locate
from webapp.urls import parse_article_ref


def entry_or_404(kb, slug):
    entry = kb.entry(slug)
    if entry is None:
        abort(404, description=f"找不到法规：{slug}")
    return entry


def article_or_404(kb, slug, ref) -> Located:
    """The article of /r/<slug>/<ref>; ref is 15, or 17-1 for 第十七条之一."""
    entry = entry_or_404(kb, slug)
    key = parse_article_ref(ref)
    if key is None:
        abort(404, description=f"条文编号无效：{ref}（应为数字，如 15，或 17-1 表示第十七条之一）")
    located = locate(kb.library, entry.slug, *key)
    if not located:
        abort(404, description=located.reason)
    return located
