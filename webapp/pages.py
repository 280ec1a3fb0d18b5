"""The HTML pages: home, search, regulation, article permalink, excerpt basket."""

import math
from dataclasses import dataclass

from flask import Blueprint, current_app, redirect, render_template, url_for

from webapp import present
from webapp.lookup import article_or_404, entry_or_404
from webapp.params import search_params
from webapp.state import notes_catalog, snapshot

bp = Blueprint("pages", __name__)
bp.add_app_template_global(present.article_url)
bp.add_app_template_global(present.hit_excerptable)
bp.add_app_template_global(present.display_source)

FACETS = (("regulation", "reg", "法规"), ("chapter", "chapter", "章"),
          ("department", "department", "部门"), ("penalty", "penalty", "罚则"))
PAGER_WINDOW = 2
NOTE_HITS = 5       # notes shown beside the clause results; the rest on /notes?q=
EXAMPLES = ("遛狗不拴绳怎么罚", "乱扔垃圾", "燃放烟花爆竹", "户外广告设置", "养犬条例第十五条")


@bp.get("/")
def home():
    entries = snapshot().library.entries
    cards = [(entry, present.badges(entry.regulation)) for entry in entries]
    return render_template("home.html", cards=cards, examples=EXAMPLES)


@bp.get("/search")
def search():
    context = search_context()
    cited = _single_citation(context["result"])
    if cited:
        return redirect(present.article_url(cited.slug, cited.article, cited.suffix, cited.paragraph))
    return render_template("search.html", **context)


@bp.get("/search/results")
def search_results():
    """The result part of the search page, fetched by the page's script as the user types."""
    return render_template("_results.html", **search_context())


def search_context():
    kb = snapshot()
    params = search_params(kb.library)
    result, took = kb.search(params) if params.query else (None, 0.0)
    return {"params": params, "result": result, "took": took, "examples": EXAMPLES,
            "note_hits": notes_catalog().search(params.query, limit=NOTE_HITS) if params.query else [],
            "facets": facet_views(params, result, kb.library) if result else [],
            "pages": pager(params, result) if result else None}


def _single_citation(result):
    if result and result.total == 1 and result.hits and result.hits[0].cited:
        return result.hits[0]
    return None


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int | None
    selected: bool


@dataclass(frozen=True)
class FacetView:
    param: str
    label: str
    options: list


def facet_views(params, result, library):
    chosen = {"reg": params.regulation, "chapter": params.chapter,
              "department": params.department, "penalty": params.penalty}
    views = []
    for name, param, label in FACETS:
        counts = [(_facet_value(name, value, library), value, count)
                  for value, count in result.facets.get(name, [])]
        selected = chosen[param]
        options = [Option(value, text, count, value == selected) for value, text, count in counts]
        if selected and not any(o.selected for o in options):
            options.insert(0, Option(selected, _facet_label(name, selected, library), None, True))
        views.append(FacetView(param, label, options))
    return views


def _facet_value(name, value, library):
    """The query-string value of a facet entry: regulations go by slug."""
    if name == "regulation":
        entry = library.find(value)
        return entry.slug if entry else value
    return value


def _facet_label(name, value, library):
    if name == "regulation":
        entry = library.find(value)
        return entry.title if entry else value
    return value


@dataclass(frozen=True)
class Pager:
    current: int
    last: int
    numbers: list       # page numbers to show, None for a gap


def pager(params, result):
    last = max(1, math.ceil(result.total / params.limit))
    shown = {1, last} | set(range(params.page - PAGER_WINDOW, params.page + PAGER_WINDOW + 1))
    numbers, previous = [], 0
    for number in sorted(n for n in shown if 1 <= n <= last):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return Pager(current=params.page, last=last, numbers=numbers)


@bp.get("/r/<slug>")
def regulation(slug):
    kb = snapshot()
    entry = entry_or_404(kb, slug)
    if entry.slug != slug:
        return redirect(url_for("pages.regulation", slug=entry.slug))
    views = {a.key: present.article_view(kb, entry, a, with_facts=False) for a in entry.regulation.articles}
    return render_template("regulation.html", entry=entry, regulation=entry.regulation,
                           badges=present.badges(entry.regulation), views=views,
                           toc=present.table_of_contents(entry.regulation),
                           note_counts=note_counts(entry.title),
                           incomplete=present.incompleteness(entry.regulation))


def note_counts(title):
    """article key → how many notes concern it: where enforcement attention has gone."""
    return {(number, suffix): len(notes)
            for (note_title, number, suffix), notes in notes_catalog().backlinks.items() if note_title == title}


@bp.get("/r/<slug>/<ref>")
def article(slug, ref):
    kb = snapshot()
    entry, article = article_or_404(kb, slug, ref)
    if entry.slug != slug:
        return redirect(present.article_url(entry.slug, article.number, article.suffix))
    regulation = entry.regulation
    before, after = present.neighbours(regulation, article)
    return render_template("article.html", entry=entry, regulation=regulation,
                           view=present.article_view(kb, entry, article),
                           badges=present.badges(regulation), before=before, after=after,
                           notes=notes_catalog().notes_for(entry.title, article.number, article.suffix),
                           incomplete=present.incompleteness(regulation))


@bp.get("/basket")
def basket():
    return render_template("basket.html", max_items=current_app.config["REGKB_MAX_EXCERPTS"])
