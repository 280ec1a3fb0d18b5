"""The enforcement survey sheet of a regulation (or one chapter): printable page and .docx."""

import io

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from kb.survey import chapters_of, survey_sheet
from webapp.lookup import entry_or_404
from webapp.state import snapshot
from webapp.survey_docx import survey_docx

bp = Blueprint("survey", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sheet_for(slug):
    """(entry, chapter, sheet) for this request's ?chapter=, which must be one of the regulation's."""
    entry = entry_or_404(snapshot(), slug)
    chapter = request.args.get("chapter", "").strip()
    if chapter and chapter not in chapters_of(entry.regulation):
        abort(404, description=f"《{entry.title}》没有这一章：{chapter[:40]}")
    return entry, chapter, survey_sheet(entry, chapter or None)


@bp.get("/r/<slug>/survey")
def sheet(slug):
    entry, chapter, sheet = sheet_for(slug)
    if entry.slug != slug:
        return redirect(url_for("survey.sheet", slug=entry.slug, **request.args))
    return render_template("survey.html", entry=entry, sheet=sheet, chapter=chapter,
                           chapters=chapters_of(entry.regulation))


@bp.get("/r/<slug>/survey.docx")
def docx(slug):
    entry, chapter, sheet = sheet_for(slug)
    name = f"{entry.title}执法检查表{'-' + chapter if chapter else ''}.docx"
    return send_file(io.BytesIO(survey_docx(sheet)), mimetype=DOCX, as_attachment=True,
                     download_name=name, max_age=0)
