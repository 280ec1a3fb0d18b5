"""The HTML pages: home, search, regulation, article permalink, excerpt basket. Each route
takes its page's data from webapp.views and renders it."""

from collections import Counter

from flask import Blueprint, current_app, redirect, render_template

from kb.jurisdiction import HOME_SCOPE, home_jurisdiction, in_scope
from webapp import present
from webapp.params import search_params
from webapp.state import notes_catalog, snapshot
from webapp.urls import article_url, compare_url, regulation_url
from webapp.views.article import article_page
from webapp.views.compare import compare_page, url_of
from webapp.views.regulation import regulation_page
from webapp.views.search import search_page

bp = Blueprint("pages", __name__)
bp.add_app_template_global(article_url)
bp.add_app_template_global(present.hit_excerptable)
bp.add_app_template_global(present.display_source)
bp.add_app_template_global(url_of, "compared_url")
bp.add_app_template_global(compare_url)

EXAMPLES = ("遛狗不拴绳怎么罚", "乱扔垃圾", "燃放烟花爆竹", "户外广告设置", "养犬条例第十五条")


@bp.get("/")
def home():
    entries = snapshot().library.entries
    # The home jurisdiction's texts as cards; other cities', the province's and the
    # nation's (hundreds, with every collection) only counted: they are searched by scope.
    own = [e for e in entries if in_scope(e.jurisdiction, HOME_SCOPE)]
    others = Counter(e.jurisdiction for e in entries if not in_scope(e.jurisdiction, HOME_SCOPE))
    cards = [(entry, present.badges(entry.regulation)) for entry in own]
    return render_template("home.html", cards=cards, examples=EXAMPLES, others=others.most_common(),
                           home_name=home_jurisdiction())


def _search_page():
    kb = snapshot()
    return search_page(kb, search_params(kb.library), notes_catalog())


@bp.get("/search")
def search():
    page = _search_page()
    cited = page.single_citation
    if cited:
        return redirect(article_url(cited.slug, cited.article, cited.suffix, cited.paragraph))
    return render_template("search.html", page=page, **page.__dict__, examples=EXAMPLES)


@bp.get("/search/results")
def search_results():
    """The result part of the search page, fetched by the page's script as the user types."""
    page = _search_page()
    return render_template("_results.html", page=page, **page.__dict__, examples=EXAMPLES)


@bp.get("/r/<slug>")
def regulation(slug):
    page = regulation_page(snapshot(), slug, notes_catalog())
    if page.entry.slug != slug:
        return redirect(regulation_url(page.entry.slug))
    return render_template("regulation.html", page=page, entry=page.entry, regulation=page.regulation,
                           badges=page.badges, views=page.views, toc=page.toc,
                           note_counts=page.note_counts, incomplete=page.incomplete)


@bp.get("/r/<slug>/<ref>")
def article(slug, ref):
    page = article_page(snapshot(), slug, ref, notes_catalog())
    entry, article = page.entry, page.located.article
    if entry.slug != slug:
        return redirect(article_url(entry.slug, article.number, article.suffix))
    return render_template("article.html", page=page, entry=entry, regulation=page.regulation,
                           view=page.view, badges=page.badges, before=page.before, after=page.after,
                           notes=page.notes, incomplete=page.incomplete, comparable=page.comparable)


@bp.get("/r/<slug>/<ref>/compare")
def compare(slug, ref):
    page = compare_page(snapshot(), slug, ref)
    if page.entry.slug != slug:
        return redirect(compare_url(page.entry.slug, page.article.number, page.article.suffix))
    return render_template("compare.html", page=page, entry=page.entry, article=page.article,
                           comparison=page.comparison)


@bp.get("/basket")
def basket():
    return render_template("basket.html", max_items=current_app.config["REGKB_MAX_EXCERPTS"])
