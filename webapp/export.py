"""POST /export/<fmt>: the excerpt basket as .docx, Markdown or plain text.

The body is a JSON list of {slug, article, suffix, paragraph}, sent either as a JSON request
(`Content-Type: application/json`, no token needed) or as the form field `items` with the
page's CSRF token (a plain form post downloads on every phone browser)."""

import datetime
import io
import re

from flask import Blueprint, abort, current_app, request, send_file

from webapp import excerpts
from webapp.auth import csrf, json_or_csrf_token
from webapp.docx_style import PRODUCT, document_bytes, new_document, small_note
from webapp.jsonbody import load_json
from webapp.present import pasted
from webapp.state import snapshot

bp = Blueprint("export", __name__, url_prefix="/export")
# JSON clients post without a token; forms need one (webapp.auth.json_or_csrf_token).
csrf.exempt(bp)
bp.before_request(json_or_csrf_token)

HEADING = "法规条文摘录"
# Characters that start markup anywhere, and markers that start a list at a line's start.
MARKDOWN_SPECIAL_RE = re.compile(r"[\\`*_\[\]<>|#]")
MARKDOWN_LIST_RE = re.compile(r"^(\s*(?:\d+(?=[.)]))?)([-+.)])")


@bp.post("/<fmt>")
def export(fmt):
    if fmt not in FORMATS:
        abort(404, description=f"不支持的导出格式：{fmt}（可选：docx、md、txt）")
    try:
        refs = excerpts.parse_refs(_payload(), current_app.config["REGKB_MAX_EXCERPTS"])
        chosen = [excerpts.resolve(snapshot().library, ref) for ref in refs]
    except excerpts.ExcerptError as error:
        abort(400, description=str(error))
    writer, mimetype = FORMATS[fmt]
    today = datetime.date.today().isoformat()
    body = writer(chosen, today)
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                     download_name=f"法规摘录-{today}.{fmt}", max_age=0)


def _payload():
    if request.is_json:
        return load_json(request.get_data(), "请求内容")
    raw = request.form.get("items")
    if raw is None:
        abort(400, description="缺少摘录清单（表单字段 items）")
    return load_json(raw, "摘录清单")


def summary(chosen, today):
    return f"共 {len(chosen)} 条，导出于 {today}（{PRODUCT}）"


def with_citation(excerpt):
    """The text lines with the citation after the last one, as the excerpt is pasted."""
    return list(excerpt.lines[:-1]) + [pasted(excerpt.lines[-1], excerpt.citation)]


def to_text(chosen, today):
    out = [HEADING, summary(chosen, today), ""]
    for number, excerpt in enumerate(chosen, 1):
        out += [f"{number}. {excerpt.citation}"] + with_citation(excerpt) + [excerpt.provenance, ""]
    return "\n".join(out).encode("utf-8")


def markdown_escape(text):
    return MARKDOWN_LIST_RE.sub(r"\1\\\2", MARKDOWN_SPECIAL_RE.sub(r"\\\g<0>", text))


def to_markdown(chosen, today):
    out = [f"# {HEADING}", "", markdown_escape(summary(chosen, today)), ""]
    for number, excerpt in enumerate(chosen, 1):
        out += [f"## {number}\\. {markdown_escape(excerpt.citation)}", ""]
        for line in with_citation(excerpt):
            out += [markdown_escape(line), ""]
        out += [f"*{markdown_escape(excerpt.provenance)}*", ""]
    return "\n".join(out).encode("utf-8")


def to_docx(chosen, today):
    document = new_document(HEADING)
    document.add_heading(HEADING, level=1)
    document.add_paragraph(summary(chosen, today))
    for number, excerpt in enumerate(chosen, 1):
        document.add_heading(f"{number}. {excerpt.citation}", level=2)
        for line in with_citation(excerpt):
            document.add_paragraph(line)
        small_note(document, excerpt.provenance)
    return document_bytes(document)


FORMATS = {
    "docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "md": (to_markdown, "text/markdown; charset=utf-8"),
    "txt": (to_text, "text/plain; charset=utf-8"),
}
