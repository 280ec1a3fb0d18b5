"""Regulations and articles named in a URL, or a Chinese 404 saying what is missing."""

from flask import abort

from kb.citation import Citation, missing_article_reason
from webapp.params import parse_article_ref


def entry_or_404(kb, slug):
    entry = kb.entry(slug)
    if entry is None:
        abort(404, description=f"找不到法规：{slug}")
    return entry


def article_or_404(kb, slug, ref):
    """(entry, article) for /r/<slug>/<ref>; ref is 15, or 17-1 for 第十七条之一."""
    entry = entry_or_404(kb, slug)
    key = parse_article_ref(ref)
    if key is None:
        abort(404, description=f"条文编号无效：{ref}（应为数字，如 15，或 17-1 表示第十七条之一）")
    article = entry.regulation.article(*key)
    if article is None:
        abort(404, description=missing_article_reason(entry.regulation, Citation("", *key)))
    return entry, article
