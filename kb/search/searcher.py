"""Searching the current index generation. One whoosh searcher per thread, reopened when
a build switches generations, so a running server follows `regkb index` without restart."""

import threading
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from whoosh import index as whoosh_index
from whoosh.query import And, Term

from kb.citation import format_citation
from kb.errors import KbError
from kb.index.builder import current_generation
from kb.search.highlight import snippet
from kb.search.query import parse_query

MAX_LIMIT = 200
EXPANSIONS_PER_CHAR = 12


@dataclass
class Hit:
    regulation: str
    slug: str
    article: int
    suffix: int
    label: str
    part: str
    chapter: str
    section: str
    text: str
    snippet: str
    score: float
    complete: bool

    @property
    def citation(self):
        return format_citation(self.regulation, self.label)

    def as_json(self):
        data = asdict(self)
        data["score"] = round(self.score, 4)
        data["citation"] = self.citation
        return data


@dataclass
class SearchResult:
    query: str
    total: int = 0
    hits: list = field(default_factory=list)

    def as_json(self):
        return {"query": self.query, "total": self.total, "hits": [h.as_json() for h in self.hits]}


class IndexMissing(KbError):
    pass


class ClauseIndex:
    def __init__(self, index_dir):
        self.index_dir = index_dir
        self._local = threading.local()
        self._vocabularies = {}
        self._lock = threading.Lock()

    def _searcher(self):
        generation = current_generation(self.index_dir)
        if generation is None:
            raise IndexMissing("还没有索引：请先运行 regkb fetch 或 regkb import，再运行 regkb index")
        local = self._local
        if getattr(local, "generation", None) != generation.name:
            if getattr(local, "searcher", None) is not None:
                local.searcher.close()
            local.searcher = whoosh_index.open_dir(str(generation)).searcher()
            local.generation = generation.name
        return local.searcher, generation.name

    def _vocabulary(self, searcher, generation):
        with self._lock:
            if generation not in self._vocabularies:
                self._vocabularies = {generation: _char_vocabulary(searcher.reader())}
            return self._vocabularies[generation]

    def search(self, text, regulation=None, limit=10):
        limit = max(1, min(int(limit), MAX_LIMIT))
        result = SearchResult(query=text or "")
        searcher, generation = self._searcher()
        parsed = parse_query(text, lambda ch: self._vocabulary(searcher, generation).get(ch, []))
        if parsed.whoosh_query is None:
            return result
        query = parsed.whoosh_query
        if regulation:
            query = And([query, Term("regulation", regulation)])
        results = searcher.search(query, limit=limit)
        result.total = len(results)
        result.hits = [_hit(h, parsed.highlight_terms) for h in results]
        return result

    def regulation_articles(self, title):
        """Stored fields of every article of one regulation, in order."""
        searcher, _ = self._searcher()
        docs = [dict(d) for d in searcher.documents(regulation=title)]
        return sorted(docs, key=lambda d: (d["article"], d["suffix"]))


def _char_vocabulary(reader):
    """char → the most frequent indexed words containing it."""
    counts = defaultdict(list)
    for term, info in reader.iter_field("text"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        if len(word) < 2:
            continue
        for char in set(word):
            counts[char].append((info.doc_frequency(), word))
    return {char: [w for _, w in sorted(pairs, reverse=True)[:EXPANSIONS_PER_CHAR]]
            for char, pairs in counts.items()}


def _hit(hit, terms):
    fields = hit.fields()
    return Hit(regulation=fields["regulation"], slug=fields["slug"], article=fields["article"],
               suffix=fields.get("suffix", 0), label=fields["label"], part=fields.get("part", ""),
               chapter=fields.get("chapter", ""), section=fields.get("section", ""),
               text=fields["text"], snippet=snippet(fields["text"], terms),
               score=float(hit.score or 0.0), complete=bool(fields.get("complete", True)))
