"""Query-string and path input, checked before it reaches the search or the Library.

Anything malformed becomes a 400 with a Chinese reason; nothing here raises anything else.
Every number a user sends goes through `ascii_int` / `number_arg`: ASCII digits only, so
², ① or full-width digits (which str.isdigit accepts and int() may refuse) never get far."""

import re
from dataclasses import dataclass, replace

from flask import abort, current_app, request

from kb.filters import FilterError, resolve_chapter, resolve_department
from kb.jurisdiction import HOME_SCOPE, SCOPES
from kb.search.searcher import MAX_LIMIT, MAX_PAGE

MAX_FILTER = 100
PENALTY_VALUES = {"有罚则": True, "无罚则": False, "true": True, "false": False, "1": True, "0": False}
ASCII_NUMBER_RE = re.compile(r"[0-9]{1,9}")    # [0-9], unlike \d, is ASCII only
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]+")


def bad_request(message):
    abort(400, description=message)


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    regulation: str = ""    # slug
    chapter: str = ""
    department: str = ""
    penalty: str = ""       # "", 有罚则 or 无罚则
    page: int = 1
    limit: int = 10
    chapters: tuple = ()    # the headings `chapter` names (kb.filters.resolve_chapter)
    scope: str = HOME_SCOPE  # kb.jurisdiction.SCOPES: the home jurisdiction unless widened

    def filters(self):
        """Hashable (field, value) pairs for ClauseIndex.search."""
        pairs = []
        if self.regulation:
            pairs.append(("regulation", self.regulation))
        if self.chapter:
            pairs.append(("chapter", self.chapters or (self.chapter,)))
        if self.department:
            pairs.append(("department", self.department))
        if self.penalty:
            pairs.append(("penalty", PENALTY_VALUES[self.penalty]))
        return tuple(pairs)

    @property
    def filtered(self):
        return bool(self.regulation or self.chapter or self.department or self.penalty)

    def url_args(self, **changes):
        """Arguments for url_for that reproduce these params (with changes), defaults left out."""
        params = replace(self, **changes)
        args = {"q": params.query, "reg": params.regulation, "chapter": params.chapter,
                "department": params.department, "penalty": params.penalty,
                "scope": "" if params.scope == HOME_SCOPE else params.scope}
        args = {k: v for k, v in args.items() if v}
        if params.page != 1:
            args["page"] = params.page
        return args


def search_params(library):
    """SearchParams from this request's query string, limits from the app's config."""
    config = current_app.config
    return parse_search(request.args, library, config["REGKB_MAX_QUERY"], config["REGKB_PAGE_SIZE"])


def parse_search(args, library, max_query, default_limit):
    query = _text(args, "q", max_query, "检索词过长：最多 {} 个字")
    regulation = _text(args, "reg", MAX_FILTER, "法规名称过长")
    if regulation:
        entry = library.find(regulation)
        if entry is None:
            bad_request(f"找不到法规：{regulation}")
        regulation = entry.slug
    penalty = _text(args, "penalty", MAX_FILTER, "罚则筛选值无效")
    if penalty and penalty not in PENALTY_VALUES:
        bad_request("罚则筛选值无效：只能是“有罚则”或“无罚则”")
    if penalty:
        penalty = "有罚则" if PENALTY_VALUES[penalty] else "无罚则"
    chapter = _text(args, "chapter", MAX_FILTER, "章名过长")
    department = _text(args, "department", MAX_FILTER, "部门名称过长")
    scope = _text(args, "scope", MAX_FILTER, "检索范围无效") or HOME_SCOPE
    if scope not in SCOPES:
        bad_request(f"检索范围无效：只能是 {'、'.join(SCOPES)}")
    try:
        chapters = tuple(resolve_chapter(library, chapter, regulation or None)) if chapter else ()
        department = resolve_department(library, department) if department else ""
    except FilterError as error:
        bad_request(str(error))
    if len(chapters) == 1:
        chapter = chapters[0]       # as the facet lists it, so the option shows selected
    return SearchParams(
        query=query, regulation=regulation, chapter=chapter, chapters=chapters,
        department=department,
        penalty=penalty, scope=scope,
        page=number_arg(args, "page", 1, MAX_PAGE, 1, "页码"),
        limit=number_arg(args, "limit", 1, MAX_LIMIT, default_limit, "每页条数"))


def _text(args, name, limit, message):
    value = CONTROL_RE.sub(" ", args.get(name, "")).strip()
    if len(value) > limit:
        bad_request(message.format(limit))
    return value


def ascii_int(raw: str, low: int, high: int) -> int | None:
    """The integer `raw` spells in ASCII digits (no sign, no ², ① or ３), if within
    [low, high]; else None."""
    raw = (raw or "").strip()
    if not ASCII_NUMBER_RE.fullmatch(raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def number_arg(args, name: str, low: int, high: int, default: int, what: str) -> int:
    """A number parameter of the query string: `default` when absent, else a 400 unless valid."""
    raw = args.get(name, "").strip()
    if not raw:
        return default
    value = ascii_int(raw, low, high)
    if value is None:
        bad_request(f"{what}无效：应为 {low} 到 {high} 之间的整数（阿拉伯数字）")
    return value
