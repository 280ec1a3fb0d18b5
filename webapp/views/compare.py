"""The comparison page's data (/r/<slug>/<n>/compare and its API twin): the article's
counterparts in other cities' regulations and in the superior law (kb.compare), each with
the URL of its article page, and the fines table."""

from dataclasses import dataclass

from flask import abort

from kb.compare import Comparison, NothingToCompare, compare
from webapp.lookup import article_or_404
from webapp.present import linked_text
from webapp.urls import article_url


@dataclass
class ComparePage:
    located: object                 # kb.locate.Located
    comparison: Comparison
    library: object = None          # kb.library.Library, for the links in the texts shown

    def linked(self, entry, article):
        """An article's text as HTML with its citations and law references linked."""
        return linked_text(article.text, self.library, entry.slug)

    @property
    def entry(self):
        return self.located.entry

    @property
    def article(self):
        return self.located.article

    @property
    def url(self) -> str:
        return article_url(self.entry.slug, self.article.number, self.article.suffix)

    def as_json(self) -> dict:
        data = self.comparison.as_json()
        data["url"] = self.url
        for key in ("peers", "superior"):
            for shown, group in zip(data[key], getattr(self.comparison, key), strict=True):
                shown["urls"] = [url_of(group.entry, article) for article in group.articles]
        for shown, row in zip(data["fines"], self.comparison.fines, strict=True):
            shown["url"] = url_of(row.entry, row.article)
        return data


def url_of(entry, article) -> str:
    """The article page of any regulation's article (the templates call it too)."""
    return article_url(entry.slug, article.number, article.suffix)


def compare_page(kb, slug: str, ref: str) -> ComparePage:
    """404 for an unknown regulation or article, and when no other collection is stored
    (503 without an index, as every page)."""
    located = article_or_404(kb, slug, ref)
    try:
        return ComparePage(located, compare(kb.snapshot, located.entry, located.article), kb.library)
    except NothingToCompare as error:
        abort(404, description=str(error))
