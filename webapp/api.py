"""The JSON API: the same data as the pages (webapp.views), in the shapes `regkb … --json`
prints."""

from importlib import resources

from flask import Blueprint, Response, jsonify

from webapp.params import search_params
from webapp.state import snapshot
from webapp.views.article import article_page
from webapp.views.compare import compare_page
from webapp.views.regulation import regulation_page, regulations_json
from webapp.views.search import search_page

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    kb = snapshot()
    return jsonify(search_page(kb, search_params(kb.library), empty=True).as_json())


@bp.get("/regulations")
def regulations():
    return jsonify(regulations=regulations_json(snapshot()))


@bp.get("/regulations/<slug>")
def regulation(slug):
    return jsonify(regulation_page(snapshot(), slug, with_text=False).as_json())


@bp.get("/articles/<slug>/<ref>")
def article(slug, ref):
    return jsonify(article_page(snapshot(), slug, ref).as_json())


@bp.get("/articles/<slug>/<ref>/compare")
def compare(slug, ref):
    return jsonify(compare_page(snapshot(), slug, ref).as_json())


@bp.get("/openapi.json")
def openapi():
    document = resources.files("webapp").joinpath("openapi.json").read_bytes()
    return Response(document, mimetype="application/json")
