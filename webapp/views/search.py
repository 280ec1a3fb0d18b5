"""The search page's data: the result, its filters with counts, the pager, matching notes."""

from dataclasses import dataclass, field

FACETS = (("regulation", "reg", "法规"), ("chapter", "chapter", "章"),
          ("department", "department", "部门"), ("penalty", "penalty", "罚则"))
PAGER_WINDOW = 2
NOTE_HITS = 5       # notes shown beside the clause results; the rest on /notes?q=


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


@dataclass(frozen=True)
class Pager:
    current: int
    last: int
    numbers: list       # page numbers to show, None for a gap


@dataclass
class SearchPage:
    params: object                  # webapp.params.SearchParams
    result: object = None           # kb.search.searcher.SearchResult; None before a query
    took: float = 0.0
    facets: list = field(default_factory=list)
    pages: Pager | None = None
    note_hits: list = field(default_factory=list)

    @property
    def single_citation(self):
        """The one hit of a query that only cites an article: the page goes straight to it."""
        result = self.result
        if result and result.total == 1 and result.hits and result.hits[0].cited:
            return result.hits[0]
        return None

    def as_json(self) -> dict:
        data = self.result.as_json()
        data.update(limit=self.params.limit, took_ms=round(self.took, 2))
        return data


def search_page(kb, params, notes=None, note_hits=NOTE_HITS, empty=False) -> SearchPage:
    """`kb` is this request's webapp.state.Served; `notes` a notes catalog, or None. An empty
    query is answered (with nothing) only when `empty`: the API always answers."""
    page = SearchPage(params=params)
    if not params.query and not empty:
        return page
    page.result, page.took = kb.search(params)
    page.facets = facet_views(params, page.result, kb.library)
    page.pages = pager(params, page.result)
    if notes is not None and params.query:
        page.note_hits = notes.search(params.query, limit=note_hits)
    return page


def facet_views(params, result, library) -> list:
    chosen = {"reg": params.regulation, "chapter": params.chapter,
              "department": params.department, "penalty": params.penalty}
    views = []
    for name, param, label in FACETS:
        selected = chosen[param]
        options = [Option(value, _facet_label(name, value, library), count, value == selected)
                   for value, count in result.facets.get(name, [])]
        if selected and not any(o.selected for o in options):
            options.insert(0, Option(selected, _facet_label(name, selected, library), None, True))
        views.append(FacetView(param, label, options))
    return views


def _facet_label(name, value, library):
    """Facets go by key; a regulation is shown by its title."""
    if name == "regulation":
        entry = library.get(value)
        return entry.title if entry else value
    return value


def pager(params, result) -> Pager:
    last = result.pages
    shown = {1, last} | set(range(params.page - PAGER_WINDOW, params.page + PAGER_WINDOW + 1))
    numbers, previous = [], 0
    for number in sorted(n for n in shown if 1 <= n <= last):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return Pager(current=params.page, last=last, numbers=numbers)
