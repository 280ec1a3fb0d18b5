"""The JSON API: the same data as the pages, in the shapes `regkb … --json` prints."""

from importlib import resources

from flask import Blueprint, Response, jsonify

from kb.serialize import article_json, regulation_json
from webapp import present
from webapp.lookup import article_or_404, entry_or_404
from webapp.params import article_ref, search_params
from webapp.state import snapshot

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    kb = snapshot()
    params = search_params(kb.library)
    result, took = kb.search(params)
    data = result.as_json()
    data.update(limit=params.limit, took_ms=round(took, 2))
    return jsonify(data)


@bp.get("/regulations")
def regulations():
    return jsonify(regulations=[_regulation_summary(e) for e in snapshot().library.entries])


@bp.get("/regulations/<slug>")
def regulation(slug):
    entry = entry_or_404(snapshot(), slug)
    regulation = entry.regulation
    data = _regulation_summary(entry)
    data.update(
        history=[{"date": e.date, "body": e.body, "event": e.event} for e in regulation.history],
        source=regulation.source, sha256=regulation.sha256, version_date=regulation.version_date,
        full_text=[article_json(entry, a) for a in regulation.articles])
    return jsonify(data)


@bp.get("/articles/<slug>/<ref>")
def article(slug, ref):
    kb = snapshot()
    entry, article = article_or_404(kb, slug, ref)
    fact = kb.facts(entry)[article.key]
    data = article_json(entry, article)
    data.update(url=present.article_url(entry.slug, article.number, article.suffix),
                facts={"references": fact.references, "referenced_by": fact.referenced_by,
                       "laws": fact.laws, "fines": [f.as_json() for f in fact.fines],
                       "departments": fact.departments, "penalty": fact.penalty, "duty": fact.duty})
    return jsonify(data)


@bp.get("/openapi.json")
def openapi():
    document = resources.files("webapp").joinpath("openapi.json").read_bytes()
    return Response(document, mimetype="application/json")


def _regulation_summary(entry):
    data = regulation_json(entry)
    data.update(amended=present.amended(entry.regulation),
                last_article=article_ref(*entry.regulation.last_article.key)
                if entry.regulation.last_article else None)
    return data

