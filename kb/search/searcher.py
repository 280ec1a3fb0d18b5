"""Clause lookup over the current index generation.

A citation in the query goes straight to its article; the rest of the query is searched,
re-ranked (kb.search.ranking) and counted into facets. One whoosh searcher per thread,
reopened when a build switches generations, so a running server follows `regkb index`."""

import re
import threading
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from whoosh import index as whoosh_index
from whoosh.query import And, Term

from kb.citation import find_citations, format_citation, missing_article_reason, missing_part_reason
from kb.errors import KbError
from kb.index.builder import current_generation
from kb.search.highlight import mark, match_spans, snippet
from kb.search.query import parse_query
from kb.search.ranking import rerank
from kb.search.suggest import suggestions

MAX_LIMIT = 100
MAX_PAGE = 1000
POOL = 60              # candidates re-ranked per query
EXPANSIONS_PER_CHAR = 12
ITEM_LINE_RE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
FILTER_FIELDS = {"regulation": "regulation", "chapter": "chapter_facet",
                 "department": "department", "penalty": "penalty"}


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
    departments: list = field(default_factory=list)
    penalty: bool = False
    facts: dict = field(default_factory=dict)
    cited: bool = False        # the query cited this article
    paragraph: int = 0         # the cited 款 / 项, when the citation named one
    item: int = 0
    folded: list = field(default_factory=list)

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
    page: int = 1
    facets: dict = field(default_factory=dict)
    notice: str = ""           # e.g. a cited article that does not exist, and why
    suggestions: list = field(default_factory=list)

    def as_json(self):
        return {"query": self.query, "total": self.total, "page": self.page,
                "hits": [h.as_json() for h in self.hits], "facets": self.facets,
                "notice": self.notice, "suggestions": self.suggestions}


class IndexMissing(KbError):
    pass


class ClauseIndex:
    def __init__(self, index_dir, library=None):
        self.index_dir = index_dir
        self.library = library
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

    def vocabulary(self):
        """(char → indexed words containing it, set of all indexed words), per generation."""
        searcher, generation = self._searcher()
        with self._lock:
            if generation not in self._vocabularies:
                self._vocabularies = {generation: _char_vocabulary(searcher.reader())}
            return self._vocabularies[generation]

    def search(self, text, regulation=None, limit=10, page=1, filters=None):
        limit = max(1, min(int(limit), MAX_LIMIT))
        page = max(1, min(int(page), MAX_PAGE))
        text = (text or "")[:2000]
        result = SearchResult(query=text, page=page)
        searcher, _ = self._searcher()
        filters = dict(filters or {})
        if regulation:
            filters["regulation"] = regulation
        pinned, rest = self._cited(searcher, text, filters, result)
        vocabulary, terms = self.vocabulary()
        parsed = parse_query(rest, lambda ch: vocabulary.get(ch, []), terms.__contains__)
        ranked = self._ranked(searcher, parsed, filters, exclude={d["id"] for d, _ in pinned})
        everything = pinned + [(s.document, s.score) for s in ranked]
        result.total = len(everything)
        result.facets = facet_counts(d for d, _ in everything)
        start = (page - 1) * limit
        result.hits = [_hit(d, score, parsed.highlight_terms) for d, score in everything[start:start + limit]]
        if not everything and parsed.concepts:
            result.suggestions = suggestions(parsed, vocabulary)
        return result

    def _cited(self, searcher, text, filters, result):
        """Articles the query cites, pinned first; and the query with the citations removed."""
        if self.library is None:
            return [], text
        matches = find_citations(text, self._title_of)
        pinned = []
        for match in matches:
            entry = self.library.find(match.title)
            article = entry.regulation.article(match.citation.article, match.citation.suffix)
            if article is None:
                result.notice = missing_article_reason(entry.regulation, match.citation)
                continue
            result.notice = missing_part_reason(entry.regulation, article, match.citation) or result.notice
            document = searcher.document(id=f"{entry.slug}#{article.number}-{article.suffix}")
            if document and _passes(document, filters):
                document = dict(document, cited=True, paragraph=match.citation.paragraph,
                                item=match.citation.item)
                pinned.append((document, float("inf")))
        for match in reversed(matches):
            text = text[:match.start] + " " + text[match.end:]
        return pinned, text

    def _title_of(self, name):
        entry = self.library.resolve(name)
        return entry.title if entry else None

    def _ranked(self, searcher, parsed, filters, exclude):
        if parsed.whoosh_query is None:
            return []
        restrict = _filter_query(filters)
        hits = searcher.search(parsed.whoosh_query, limit=POOL, filter=restrict)
        candidates = [(dict(h.fields()), float(h.score or 0.0)) for h in hits]
        return rerank([c for c in candidates if c[0]["id"] not in exclude], parsed)

    def regulation_articles(self, title):
        """Stored fields of every article of one regulation, in order."""
        searcher, _ = self._searcher()
        docs = [dict(d) for d in searcher.documents(regulation=title)]
        return sorted(docs, key=lambda d: (d["article"], d["suffix"]))


def _filter_query(filters):
    terms = [Term(FILTER_FIELDS[k], v) for k, v in filters.items() if k in FILTER_FIELDS and v not in (None, "")]
    return And(terms) if terms else None


def _passes(document, filters):
    for key, value in filters.items():
        if key == "department" and value not in document.get("department", "").split(","):
            return False
        if key == "chapter" and value != (document.get("chapter") or "（无章）"):
            return False
        if key in ("regulation", "penalty") and document.get(key) != value:
            return False
    return True


def facet_counts(documents):
    counts = defaultdict(Counter)
    for document in documents:
        counts["regulation"][document["regulation"]] += 1
        counts["chapter"][document.get("chapter") or "（无章）"] += 1
        for department in filter(None, document.get("department", "").split(",")):
            counts["department"][department] += 1
        counts["penalty"]["有罚则" if document.get("penalty") else "无罚则"] += 1
    return {name: counter.most_common() for name, counter in counts.items()}


def _char_vocabulary(reader):
    counts, terms = defaultdict(list), set()
    for term, info in reader.iter_field("words"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        terms.add(word)
        if len(word) < 2:
            continue
        for char in set(word):
            counts[char].append((info.doc_frequency(), word))
    chars = {char: [w for _, w in sorted(pairs, reverse=True)[:EXPANSIONS_PER_CHAR]]
             for char, pairs in counts.items()}
    return chars, terms


def _hit(document, score, terms):
    text = document["text"]
    if document.get("cited") and document.get("paragraph"):
        body = _cited_part(text, document["paragraph"], document.get("item", 0))
    else:
        body = snippet(text, terms)
    return Hit(regulation=document["regulation"], slug=document["slug"], article=document["article"],
               suffix=document.get("suffix", 0), label=document["label"], part=document.get("part", ""),
               chapter=document.get("chapter", ""), section=document.get("section", ""), text=text,
               snippet=body, score=score if score != float("inf") else 1e6,
               complete=bool(document.get("complete", True)),
               departments=[d for d in document.get("department", "").split(",") if d],
               penalty=bool(document.get("penalty")), facts=document.get("facts") or {},
               cited=bool(document.get("cited")), paragraph=document.get("paragraph", 0),
               item=document.get("item", 0), folded=document.get("folded", []))


def _cited_part(text, paragraph, item):
    """The cited 款 (or 项) marked whole; the stored text has one line per 款 or 项."""
    lines = text.split("\n")
    target = _line_of(lines, paragraph, item)
    if target is None:
        return snippet(text, [])
    spans = match_spans(lines[target], [lines[target]])
    return mark(lines[target], spans)


def _line_of(lines, paragraph, item):
    number = 0
    for index, line in enumerate(lines):
        if ITEM_LINE_RE.match(line):
            continue
        number += 1
        if number == paragraph:
            if not item:
                return index
            offset = index + item
            return offset if offset < len(lines) else None
    return None
