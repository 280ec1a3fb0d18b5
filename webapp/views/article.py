"""The article page's data: the article with its 款 and 项, its legal facts, neighbours and
the notes about it."""

from dataclasses import dataclass, field

from kb.serialize import article_json
from webapp import present
from webapp.lookup import article_or_404
from webapp.urls import article_url


@dataclass
class ArticlePage:
    located: object                 # kb.locate.Located
    view: present.ArticleView
    badges: list
    before: object = None
    after: object = None
    notes: list = field(default_factory=list)
    incomplete: str = ""
    comparable: bool = False        # other cities' or superior texts are stored: link to the comparison
    library: object = None          # kb.library.Library the page was read from

    @property
    def entry(self):
        return self.located.entry

    @property
    def regulation(self):
        return self.located.entry.regulation

    def as_json(self) -> dict:
        entry, article = self.located.entry, self.located.article
        data = article_json(entry, article)
        fact = entry.facts[article.key]
        data.update(url=article_url(entry.slug, article.number, article.suffix),
                    facts=entry.facts_json(article.key), **fact.links_json(),
                    references=present.law_references_json(self.library, article.text))
        return data


def article_page(kb, slug, ref, notes=None) -> ArticlePage:
    located = article_or_404(kb, slug, ref)
    entry, article = located.entry, located.article
    before, after = present.neighbours(entry.regulation, article)
    return ArticlePage(located=located, view=present.article_view(kb.library, entry, article),
                       badges=present.badges(entry.regulation), before=before, after=after,
                       notes=notes.notes_for(entry.slug, article.number, article.suffix) if notes else [],
                       incomplete=present.incompleteness(entry.regulation),
                       comparable=kb.snapshot.has_others, library=kb.library)
