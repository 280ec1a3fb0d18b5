"""One consistent view of a home: the current index generation, the Library of exactly the
texts that generation indexed, and the search over it. Read once per CLI run or web
request; a build that switches generations meanwhile does not touch a view already open."""

from dataclasses import dataclass

from kb.home import Home
from kb.index import generations
from kb.index.generations import Generation
from kb.library import Library
from kb.search.searcher import ClauseIndex, IndexMissing

NO_INDEX = "还没有索引：请先运行 regkb fetch 或 regkb import，再运行 regkb index"
STALE_INDEX = "索引是用旧版程序建立的，需要重建：请运行 regkb index"


@dataclass(frozen=True)
class Snapshot:
    home: Home
    generation: Generation | None
    library: Library
    _index: ClauseIndex | None
    problem: str = ""           # why there is no index to search

    @classmethod
    def open(cls, home: Home) -> "Snapshot":
        generation = generations.current(home.index_dir)
        if generation is None:
            return cls(home, None, Library(home), None, NO_INDEX)
        if generation.signature != generations.engine_signature():
            # Its stored fields were shaped by other code: not to be read as this code's.
            return cls(home, generation, Library(home), None, STALE_INDEX)
        library = Library(home, pinned=generation.regulations)
        return cls(home, generation, library, ClauseIndex(generation.path, library))

    @property
    def name(self) -> str | None:
        return self.generation.name if self.generation else None

    @property
    def index(self) -> ClauseIndex:
        if self._index is None:
            raise IndexMissing(self.problem)
        return self._index
