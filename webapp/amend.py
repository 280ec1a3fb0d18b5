"""The 修改对照表 of two stored versions of a regulation, or of a version and an uploaded
draft: a side-by-side page with character-level changes, and its .docx.

Reading is open like every page; uploading a draft needs a signed-in editor and a CSRF
token. A draft is read in memory with the project's readers and never written to disk."""

import io

from flask import Blueprint, abort, render_template, request, send_file, url_for

from kb.amend import STATUS_NAMES, compare
from kb.amend.layout import Folded, Heading, layout
from kb.amend.load import (
    NoSuchVersion,
    draft_regulation,
    find_version,
    previous_version,
    stored_regulation,
    version_id,
)
from kb.errors import KbError, SourceError
from webapp.amend_docx import comparison_docx
from webapp.auth import current_user, login_required
from webapp.lookup import entry_or_404
from webapp.params import bad_request
from webapp.state import snapshot

bp = Blueprint("amend", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DRAFT_LIMIT = 5 * 1024 * 1024       # a regulation draft in .docx is tens of kilobytes
FORM_MARGIN = 64 * 1024             # the other fields and the multipart framing
MAX_VERSION_REF = 64


def init(app) -> None:
    """Register the blueprint, and let draft uploads through the size check that every
    other form gets, before the CSRF check reads the form."""
    app.before_request(_draft_upload_limits)
    app.register_blueprint(bp)


def _draft_upload_limits():
    if request.method == "POST" and request.endpoint == "amend.upload":
        request.max_content_length = DRAFT_LIMIT + FORM_MARGIN
        # werkzeug spools uploads over 500 KB to a temporary file; keep the draft in memory.
        request._get_current_object()._get_file_stream = _in_memory


def _in_memory(total_content_length, content_type, filename, content_length=None):
    return io.BytesIO()


@bp.app_template_global()
def version_diff_url(entry, version) -> str | None:
    """The comparison of a stored version with the one before it, or None for the first."""
    before = previous_version(entry, version)
    if before is None:
        return None
    return url_for("amend.page", slug=entry.slug, **{"from": version_id(entry, before),
                                                      "to": version_id(entry, version)})


# ---------------------------------------------------------------- versions

def _version(entry, name):
    ref = request.args.get(name, "").strip()
    if len(ref) > MAX_VERSION_REF:
        bad_request("版本参数过长")
    try:
        return find_version(entry, ref) if ref else None
    except NoSuchVersion as error:
        abort(404, description=str(error))
    except KbError as error:
        bad_request(str(error))


def _versions(entry):
    """(old, new) stored versions from ?from= and ?to=; by default the shown version and
    the one before it. old is None when there is nothing before."""
    new = _version(entry, "to") or entry.version
    old = _version(entry, "from") or previous_version(entry, new)
    return old, new


def _stored(entry, version):
    """A stored text that no longer parses is a KbError: a 503 page saying why."""
    return stored_regulation(snapshot().library, entry, version)


# ------------------------------------------------------------------- pages

@bp.get("/r/<slug>/diff")
def page(slug):
    entry = entry_or_404(snapshot(), slug)
    old, new = _versions(entry)
    comparison = compare(_stored(entry, old), _stored(entry, new)) if old else None
    return _render(entry, comparison, old, new)


@bp.get("/r/<slug>/diff.docx")
def docx(slug):
    entry = entry_or_404(snapshot(), slug)
    old, new = _versions(entry)
    if old is None:
        abort(404, description=f"《{entry.title}》只有一个版本，没有可对照的上一版本")
    comparison = compare(_stored(entry, old), _stored(entry, new))
    name = f"{entry.title}修改对照表（{version_id(entry, old)}—{version_id(entry, new)}）.docx"
    return _send_docx(comparison, name)


@bp.post("/r/<slug>/diff")
@login_required
def upload(slug):
    entry = entry_or_404(snapshot(), slug)
    base = _form_version(entry)
    draft = request.files.get("draft")
    if draft is None or not draft.filename:
        bad_request("请选择要对照的草案文件（.docx、.txt、.md 或网页）")
    data = draft.read(DRAFT_LIMIT + 1)
    if len(data) > DRAFT_LIMIT:
        abort(413, description=f"草案文件过大（超过 {DRAFT_LIMIT // 1024 // 1024} MB）")
    try:
        regulation = draft_regulation(data, draft.filename[-120:])
    except SourceError as error:
        bad_request(f"草案文件无法对照：{error.reason}")
    comparison = compare(_stored(entry, base), regulation)
    if request.form.get("format") == "docx":
        return _send_docx(comparison, f"{entry.title}修改对照表（草案）.docx")
    return _render(entry, comparison, base, None)


def _form_version(entry):
    ref = request.form.get("from", "").strip()[:MAX_VERSION_REF]
    try:
        return find_version(entry, ref) if ref else entry.version
    except KbError as error:
        bad_request(str(error))


def _send_docx(comparison, name):
    only = request.values.get("only") == "1"
    return send_file(io.BytesIO(comparison_docx(comparison, only_changes=only)), mimetype=DOCX,
                     as_attachment=True, download_name=name, max_age=0)


def _render(entry, comparison, old, new):
    only = request.values.get("only") == "1"
    ids = {"from": version_id(entry, old) if old else None, "to": version_id(entry, new) if new else None}
    links = {"all": url_for("amend.page", slug=entry.slug, **ids),
             "only": url_for("amend.page", slug=entry.slug, only="1", **ids),
             "docx": url_for("amend.docx", slug=entry.slug, only="1" if only else None, **ids)}
    return render_template(
        "amend.html", entry=entry, comparison=comparison, only=only, ids=ids, links=links,
        blocks=[(_kind(b), b) for b in layout(comparison)] if comparison else [], draft=new is None,
        versions=[(version_id(entry, v), v) for v in entry.versions], names=STATUS_NAMES,
        editor=bool(current_user()), limit_mb=DRAFT_LIMIT // 1024 // 1024)


def _kind(block):
    return "heading" if isinstance(block, Heading) else "folded" if isinstance(block, Folded) else "row"
