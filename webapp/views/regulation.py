"""A regulation's data: its history, source, contents and full text; and the list of all."""

from dataclasses import dataclass, field

from kb.serialize import article_json, regulation_json
from webapp import present
from webapp.lookup import entry_or_404
from webapp.urls import article_ref


@dataclass
class RegulationPage:
    entry: object
    badges: list
    views: dict = field(default_factory=dict)       # article key → present.ArticleView
    toc: list = field(default_factory=list)
    note_counts: dict = field(default_factory=dict)
    incomplete: str = ""

    @property
    def regulation(self):
        return self.entry.regulation

    def as_json(self) -> dict:
        regulation = self.regulation
        data = summary_json(self.entry)
        data.update(
            history=[{"date": e.date, "body": e.body, "event": e.event} for e in regulation.history],
            source=regulation.source, sha256=regulation.sha256, version_date=regulation.version_date,
            full_text=[article_json(self.entry, a) for a in regulation.articles])
        return data


def regulation_page(kb, slug, notes=None, with_text=True) -> RegulationPage:
    entry = entry_or_404(kb, slug)
    regulation = entry.regulation
    page = RegulationPage(entry=entry, badges=present.badges(regulation),
                          incomplete=present.incompleteness(regulation))
    if with_text:
        page.views = {a.key: present.article_view(kb.library, entry, a, with_facts=False)
                      for a in regulation.articles}
        page.toc = present.table_of_contents(regulation)
        page.note_counts = notes.counts_for(entry.slug) if notes else {}
    return page


def summary_json(entry) -> dict:
    data = regulation_json(entry)
    last = entry.regulation.last_article
    data.update(amended=present.amended(entry.regulation), last_article=article_ref(*last.key) if last else None)
    return data


def regulations_json(kb) -> list:
    return [summary_json(entry) for entry in kb.library.entries]
