"""One consistent view of a home: the current index generation, the Library of exactly the
texts that generation indexed, and the search over it. Read once per CLI run or web
request; a build that switches generations meanwhile does not touch a view already open."""

import re
from dataclasses import dataclass

from kb.errors import KbError
from kb.home import Home
from kb.index import generations
from kb.index.generations import HOME_PART, WIDE_PART, Generation
from kb.jurisdiction import HOME_SCOPE, SCOPES, home_jurisdiction, in_scope
from kb.library import Library
from kb.locate import citations_in
from kb.search.searcher import ClauseIndex, IndexMissing, SearchResult

CITING_RE = re.compile(r"[条0-9]")    # what a query citing an article has (kb.citation)
NO_INDEX = "还没有索引：请先运行 regkb fetch 或 regkb import，再运行 regkb index"
STALE_INDEX = "索引是用旧版程序建立的，需要重建：请运行 regkb index"


@dataclass(frozen=True)
class Snapshot:
    home: Home
    generation: Generation | None
    library: Library
    _index: ClauseIndex | None   # the home jurisdiction's texts: the default scope
    problem: str = ""           # why there is no index to search
    _wide: ClauseIndex | None = None    # every text, when other collections are stored

    @classmethod
    def open(cls, home: Home) -> "Snapshot":
        generation = generations.current(home.index_dir)
        if generation is None:
            return cls(home, None, Library(home), None, NO_INDEX)
        if generation.signature != generations.engine_signature():
            # Its stored fields were shaped by other code: not to be read as this code's.
            return cls(home, generation, Library(home), None, STALE_INDEX)
        library = Library(home, pinned=generation.regulations)
        wide = generation.part_path(WIDE_PART)
        return cls(home, generation, library, ClauseIndex(generation.part_path(HOME_PART), library),
                   _wide=ClauseIndex(wide, library) if wide else None)

    @property
    def name(self) -> str | None:
        return self.generation.name if self.generation else None

    @property
    def index(self) -> ClauseIndex:
        if self._index is None:
            raise IndexMissing(self.problem)
        return self._index

    @property
    def wide(self) -> ClauseIndex | None:
        """The index of every text, when texts of other jurisdictions are stored."""
        return self._wide if self._index is not None else None

    def warm_up(self) -> None:
        """Before the first user waits (a server's start): every index loaded as a search
        needs it, and the legal facts of the home jurisdiction's texts worked out."""
        if self._index is None:
            return
        for index in filter(None, (self._index, self._wide)):
            index.warm_up()
        self.library.work_out_facts()

    @property
    def has_others(self) -> bool:
        """Whether texts of other cities, the province or the nation are stored and indexed."""
        home = home_jurisdiction()
        return self.wide is not None and any(e.jurisdiction != home for e in self.library.entries)

    def search(self, text: str, scope: str = HOME_SCOPE, limit: int = 10, page: int = 1,
               filters: dict | None = None) -> SearchResult:
        """ClauseIndex.search within a scope (kb.jurisdiction.SCOPES): the home jurisdiction
        (the default) searches its own index, exactly as with its texts alone; a wider scope
        searches every text, filtered to the scope's jurisdictions."""
        if scope not in SCOPES:
            raise KbError(f"没有这个检索范围：{scope}（可选：{'、'.join(SCOPES)}）")
        index, jurisdictions = self._scoped(scope)
        cited = self._cited_elsewhere(text, scope)
        if cited:
            # 青岛市养犬管理条例第八条 in the home scope: the cited regulation's place joins it.
            index = self._wide
            jurisdictions = (jurisdictions or self._jurisdictions(scope, home_jurisdiction())) + cited
        filters = dict(filters or {})
        if jurisdictions is not None:
            filters["jurisdiction"] = jurisdictions or ["（无）"]
        return index.search(text, limit=limit, page=page, filters=filters)

    def _cited_elsewhere(self, text, scope) -> list:
        """The jurisdictions outside `scope` of the regulations a query cites by name (a
        citation names the text it wants, wherever it is), when every text is indexed."""
        if self.wide is None or scope == "all" or not CITING_RE.search(text or ""):
            return []
        home = home_jurisdiction()
        found = [located or located.whole_article for _, located in citations_in(self.library, text)]
        places = [x.entry.jurisdiction for x in found if x and not in_scope(x.entry.jurisdiction, scope, home)]
        return list(dict.fromkeys(places))

    def _scoped(self, scope):
        """(index, jurisdictions to filter on, or None for all of that index)."""
        home = home_jurisdiction()
        built_for = self.generation.home if self.generation else ""
        if scope == HOME_SCOPE and built_for in ("", home):
            return self.index, None
        index = self._wide or self.index
        return index, None if scope == "all" else self._jurisdictions(scope, home)

    def _jurisdictions(self, scope, home):
        present = self._present()
        return [j for j in present if in_scope(j, scope, home)]

    def _present(self) -> list:
        """The jurisdictions of the stored texts, in the order first met (read once)."""
        if "_present_jurisdictions" not in self.__dict__:
            # A frozen dataclass: the cache is set past its __setattr__.
            object.__setattr__(self, "_present_jurisdictions",
                               list(dict.fromkeys(entry.jurisdiction for entry in self.library.entries)))
        return self.__dict__["_present_jurisdictions"]
