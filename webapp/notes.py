"""Enforcement notes beside the law: browse, read, search, write, history.

Reading is open to everyone; every route that writes needs a signed-in editor and a CSRF
token (webapp.auth). A note is edited as its whole file text (front matter + Markdown), so
what the editor sees is exactly what is stored."""

import datetime
import difflib
import re
import secrets
from collections import Counter
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for

from kb.notes.model import NOTE_TYPES, NoteError, check_id, parse_note
from kb.notes.store import NoteConflict, NoteStore, version_of
from kb.survey import chapters_of, survey_sheet
from webapp import present
from webapp.auth import current_user, login_required
from webapp.lookup import entry_or_404
from webapp.note_render import render_body
from webapp.params import bad_request, number_arg
from webapp.state import notes_catalog, snapshot

bp = Blueprint("notes", __name__)

# A note is at most 1 MB (kb.notes.model); URL-encoded, a Chinese character takes 9 bytes
# instead of 3. Anything larger is refused while being read, before the CSRF check or the store.
NOTE_FORM_LIMIT = 4 * 1024 * 1024
RESERVED_IDS = frozenset({"new"})
HISTORY_NAME_RE = re.compile(r"[0-9]{8}T[0-9]{6}-[0-9]{9}-[0-9a-f]{16}\.md")
FILTER_LIMIT = 100
YEARS = (1949, 2100)
MAX_ARTICLE = 9999
SEARCH_LIMIT = 50


def allow_note_forms(app):
    """Raise the body limit for note forms only; registered before the CSRF check reads forms."""
    @app.before_request
    def _note_form_limit():
        if request.method == "POST" and request.path.startswith("/notes/"):
            request.max_content_length = NOTE_FORM_LIMIT
            request.max_form_memory_size = NOTE_FORM_LIMIT


def store():
    return NoteStore(current_app.extensions["regkb"].home)


def checked_id(note_id):
    try:
        check_id(note_id)
    except NoteError:
        abort(404, description="笔记编号无效")
    return note_id


def note_or_404(note_id):
    note = notes_catalog().by_id.get(checked_id(note_id))
    if note is None:
        abort(404, description=f"没有这条笔记：{note_id}")
    return note


# ---------- browsing ----------

@dataclass(frozen=True)
class NoteFilters:
    type: str = ""
    reg: str = ""           # slug
    article: int = 0
    tag: str = ""
    year: str = ""
    q: str = ""

    def args(self, **changes):
        values = {**self.__dict__, **changes}
        return {k: v for k, v in values.items() if v}

    @property
    def active(self):
        return any(self.__dict__.values())


def note_filters():
    args = {name: request.args.get(name, "").strip() for name in ("type", "reg", "article", "tag", "year", "q")}
    if any(len(value) > FILTER_LIMIT for value in args.values()):
        bad_request("筛选条件过长")
    if args["type"] and args["type"] not in NOTE_TYPES:
        bad_request(f"未知的笔记类型：{args['type']}")
    year = number_arg(request.args, "year", *YEARS, 0, "年份（如 2020）")
    args["year"] = str(year) if year else ""
    args["article"] = number_arg(request.args, "article", 1, MAX_ARTICLE, 0, "条号（如 15）")
    if args["article"] and not args["reg"]:
        bad_request("条文筛选须同时指定法规，如 reg=dog-keeping&article=15")
    if args["reg"]:
        args["reg"] = entry_or_404(snapshot(), args["reg"]).slug
    return NoteFilters(**args)


def filtered_notes(catalog, filters):
    """(notes, snippets by id): the notes matching the filters, by relevance when searched."""
    notes = catalog.filter(type=filters.type or None, regulation=filters.reg or None, article=filters.article or None,
                           tag=filters.tag or None, year=filters.year or None)
    if not filters.q:
        return notes, {}
    hits = catalog.search(filters.q, limit=SEARCH_LIMIT)
    chosen = {n.id for n in notes}
    kept = [h for h in hits if h.note.id in chosen]
    return [h.note for h in kept], {h.note.id: h.snippet for h in kept}


def facet_counts(catalog):
    """Counts over all notes per type, year, tag and regulation (cheap: hundreds of notes)."""
    library = snapshot().library
    by_regulation = Counter()
    for note in catalog.notes:
        by_regulation.update(catalog.regulations_of(note))
    regulations = [(e.slug, e.title, by_regulation[e.slug]) for e in library.entries if by_regulation[e.slug]]
    return {"type": Counter(n.type for n in catalog.notes), "year": Counter(n.year for n in catalog.notes),
            "tag": Counter(t for n in catalog.notes for t in n.tags), "reg": regulations}


@bp.get("/notes")
def index():
    catalog = notes_catalog()
    filters = note_filters()
    notes, snippets = filtered_notes(catalog, filters)
    return render_template("notes.html", notes=notes, snippets=snippets, filters=filters,
                           counts=facet_counts(catalog), types=NOTE_TYPES,
                           unreadable=catalog.problems if current_user() else [])


@bp.get("/api/notes")
def api_notes():
    filters = note_filters()
    notes, snippets = filtered_notes(notes_catalog(), filters)
    return jsonify(query=filters.q, total=len(notes),
                   notes=[note_json(n, snippets.get(n.id)) for n in notes])


def note_json(note, snippet=None):
    linker = notes_catalog().linker
    data = {"id": note.id, "title": note.title, "date": note.date, "type": note.type,
            "example": note.is_example, "tags": note.tags, "authors": note.authors,
            "url": url_for("notes.show", note_id=note.id),
            "articles": [located.citation for located in linker.concerned_articles(note)]}
    if snippet is not None:
        data["snippet"] = snippet.as_json()
    return data


@dataclass
class CitedClause:
    citation: str
    view: object


def cited_clauses(note, linker):
    """Each article the note concerns, with its text, for reading it in place."""
    library = snapshot().library
    return [CitedClause(located.citation,
                        present.article_view(library, located.entry, located.article, with_facts=False))
            for located in linker.concerned_articles(note)]


def rendered(note, linker):
    citations, _ = linker.citations(note)
    return render_body(note.body, citations)


@bp.get("/notes/<note_id>")
def show(note_id):
    catalog = notes_catalog()
    note = note_or_404(note_id)
    return render_template("note.html", note=note, body=rendered(note, catalog.linker),
                           clauses=cited_clauses(note, catalog.linker),
                           problems=catalog.linker.check(note) if current_user() else [])


# ---------- writing ----------

def blank_text(kind="执法检查", title="", regulations="", articles="", tags=""):
    return "\n".join(["---", f"title: {title}", f"date: {datetime.date.today().isoformat()}",
                      f"type: {kind}", f"regulations: {regulations}", f"articles: {articles}",
                      f"tags: {tags}", f"authors: {current_user()}", "---", "", ""])


def survey_text(slug, chapter):
    """A new 执法检查 note naming every article of a survey sheet."""
    entry = entry_or_404(snapshot(), slug)
    if chapter and chapter not in chapters_of(entry.regulation):
        abort(404, description=f"{entry.title}没有这一章：{chapter}")
    sheet = survey_sheet(entry, chapter or None)
    return blank_text(title=f"《{entry.title}》执法检查（{sheet.scope}）", regulations=entry.title,
                      articles="、".join(row.label for row in sheet.rows), tags="执法检查")


@dataclass
class Checked:
    note: object = None
    errors: list = None
    warnings: list = None


def check_submission(note_id, text):
    """Parse and check a submitted note: errors refuse it, warnings are shown with it."""
    linker = notes_catalog().linker
    try:
        note = parse_note(note_id, text)
    except NoteError as error:
        return Checked(errors=[str(error)], warnings=[])
    _, named = linker.front_matter_articles(note)
    _, cited = linker.citations(note)
    # A front-matter article is the note's declared subject: it must exist. A citation in
    # the prose may be a draft or a repealed article: reported, not refused.
    return Checked(note=note, errors=named, warnings=cited)


def new_id(text):
    """An id for a note whose author gave none: its date and a few random letters."""
    match = re.search(r"^date\s*[:：]\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*$", text, re.MULTILINE)
    day = match.group(1) if match else datetime.date.today().isoformat()
    return f"{day}-{secrets.token_hex(3)}"


def editor_page(status=200, **context):
    context.setdefault("errors", [])
    context.setdefault("warnings", [])
    context.setdefault("preview", None)
    context.setdefault("conflict", None)
    return render_template("note_form.html", types=NOTE_TYPES, **context), status


@bp.get("/notes/new")
@login_required
def new():
    survey = request.args.get("survey", "").strip()
    text = survey_text(survey, request.args.get("chapter", "").strip()) if survey \
        else blank_text(kind=request.args.get("type") if request.args.get("type") in NOTE_TYPES else "执法检查")
    return editor_page(note_id="", text=text, base_version="", creating=True)


@bp.get("/notes/<note_id>/edit")
@login_required
def edit(note_id):
    note_or_404(note_id)
    text = store().text(note_id)
    return editor_page(note_id=note_id, text=text, base_version=version_of(text), creating=False)


@bp.post("/notes/new")
@login_required
def create():
    note_id = request.form.get("id", "").strip()
    text = request.form.get("text", "")
    form = {"note_id": note_id, "text": text, "base_version": "", "creating": True}
    if note_id and (note_id in RESERVED_IDS or _invalid_id(note_id)):
        return editor_page(400, errors=[_invalid_id(note_id) or f"编号“{note_id}”是保留字，请换一个"], **form)
    if note_id and store().exists(note_id):
        return editor_page(409, errors=[f"编号“{note_id}”已被另一条笔记使用，请换一个"], **form)
    return submit(note_id or new_id(text), text, None, form)


@bp.post("/notes/<note_id>/edit")
@login_required
def update(note_id):
    note_or_404(note_id)
    text = request.form.get("text", "")
    base = request.form.get("base_version", "")
    return submit(note_id, text, base, {"note_id": note_id, "text": text, "base_version": base,
                                        "creating": False})


def _invalid_id(note_id):
    try:
        check_id(note_id)
    except NoteError as error:
        return str(error)
    return ""


def submit(note_id, text, base, form):
    """Preview or save; whatever goes wrong, the form comes back with the author's text."""
    checked = check_submission(note_id, text)
    if checked.errors:
        return editor_page(400, errors=checked.errors, warnings=checked.warnings, **form)
    if request.form.get("action") == "preview":
        return editor_page(warnings=checked.warnings, preview=rendered(checked.note, notes_catalog().linker),
                           **form)
    try:
        store().save(checked.note, base_version=base or None)
    except NoteConflict as conflict:
        current = store().text(note_id)
        # The next save is made from the version now on disk, knowingly: the form says so.
        form["base_version"] = conflict.current_version or ""
        return editor_page(409, errors=[str(conflict)], conflict=diff_lines(current, text), **form)
    flash("已保存" + ("；注意：" + "；".join(checked.warnings) if checked.warnings else ""))
    return redirect(url_for("notes.show", note_id=note_id))


# ---------- history ----------

def diff_lines(old, new, labels=("当前版本", "你的内容")):
    """(kind, line) of a unified diff, headers dropped; the template escapes every line."""
    kinds = {"+": "add", "-": "del", "@": "hunk"}
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), *labels, lineterm="")
    return [(kinds.get(line[:1], "same"), line) for line in lines][2:]


def history_name(name):
    if not HISTORY_NAME_RE.fullmatch(name):
        abort(404, description="没有这个历史版本")
    return name


@bp.get("/notes/<note_id>/history")
def history(note_id):
    note = note_or_404(note_id)
    text = store().text(note_id)
    return render_template("note_history.html", note=note, entries=store().history(note_id),
                           version=version_of(text))


@bp.get("/notes/<note_id>/history/<name>")
def old_version(note_id, name):
    note = note_or_404(note_id)
    try:
        old = store().old_text(note_id, history_name(name))
    except NoteError:
        abort(404, description="没有这个历史版本")
    current = store().text(note_id)
    return render_template("note_version.html", note=note, name=name, old=old,
                           diff=diff_lines(old, current, ("该版本", "当前版本")), version=version_of(current))


@bp.post("/notes/<note_id>/restore")
@login_required
def restore(note_id):
    note_or_404(note_id)
    name = history_name(request.form.get("name", ""))
    try:
        store().restore(note_id, name, request.form.get("base_version") or None)
    except NoteConflict:
        flash("恢复未执行：这条笔记刚被他人修改过，请查看最新版本后再决定。")
        return redirect(url_for("notes.history", note_id=note_id))
    except NoteError as error:
        abort(400, description=str(error))
    flash("已恢复到所选版本（被替换的版本已存入历史）")
    return redirect(url_for("notes.show", note_id=note_id))
