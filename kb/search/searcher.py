"""Clause lookup over one index generation.

A citation in the query goes straight to its article (kb.locate); the rest is searched.
Every article whoosh matches under the query and the filters counts: `total` and the
facets are whoosh's counts over all of them. Re-ranking (kb.search.ranking) orders the top
of that list; past the re-ranked pool, whoosh's order continues, so every counted article
can be paged to. One whoosh searcher per thread over a generation that never changes."""

import threading
from collections import Counter
from dataclasses import dataclass, field

from whoosh import index as whoosh_index
from whoosh.query import And, Term

from kb.citation import format_citation
from kb.errors import KbError
from kb.index.schema import document_id
from kb.library import Library
from kb.locate import Located, citations_in
from kb.search.highlight import Snippet, snippet, whole
from kb.search.query import parse_query
from kb.search.ranking import rerank
from kb.search.suggest import suggestions

MAX_LIMIT = 100
MAX_PAGE = 1000
MAX_QUERY_CHARS = 2000
POOL = 60              # candidates re-ranked per query
EXPANSIONS_PER_CHAR = 12
PINNED_SCORE = 1e6
# Filter name → indexed field; the same names key the facets.
FILTER_FIELDS = {"regulation": "slug", "chapter": "chapter", "department": "department", "penalty": "penalty"}
PENALTY_LABELS = {True: "有罚则", False: "无罚则"}


@dataclass
class Hit:
    slug: str
    regulation: str             # the title, for display
    article: int
    suffix: int
    label: str
    part: str
    chapter: str
    section: str
    text: str
    snippet: Snippet
    score: float
    complete: bool
    departments: list = field(default_factory=list)
    penalty: bool = False
    facts: dict = field(default_factory=dict)
    cited: bool = False        # the query cited this article
    paragraph: int = 0         # the cited 款 / 项, when the citation named one
    item: int = 0
    folded: list = field(default_factory=list)     # citations of identical texts folded into this one

    @property
    def citation(self) -> str:
        return format_citation(self.regulation, self.label)

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["snippet"] = self.snippet.as_json()
        data["score"] = round(self.score, 4)
        data["citation"] = self.citation
        return data


@dataclass
class SearchResult:
    query: str
    total: int = 0
    hits: list = field(default_factory=list)
    page: int = 1
    limit: int = 10
    facets: dict = field(default_factory=dict)     # name → [(value, count)], most first
    notice: str = ""           # e.g. a cited article that does not exist, and why
    suggestions: list = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def as_json(self) -> dict:
        return {"query": self.query, "total": self.total, "page": self.page, "pages": self.pages,
                "hits": [h.as_json() for h in self.hits], "facets": self.facets,
                "notice": self.notice, "suggestions": self.suggestions}


class IndexMissing(KbError):
    pass


class ClauseIndex:
    """Search over the index folder of one generation, with the Library of that generation."""

    def __init__(self, folder, library: Library):
        self.library = library
        self._index = whoosh_index.open_dir(str(folder))
        self._local = threading.local()
        self._vocabulary = None
        self._facets = None
        self._lock = threading.Lock()

    def _searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._index.searcher()
        return searcher

    def vocabulary(self):
        """(char → indexed words containing it, set of all indexed words), built once."""
        with self._lock:
            if self._vocabulary is None:
                self._vocabulary = _char_vocabulary(self._searcher().reader())
            return self._vocabulary

    def facet_table(self) -> dict:
        """docnum → {facet: [values]} as the schema indexed them, read once: the generation
        never changes, and counting every match is then a dictionary walk."""
        with self._lock:
            if self._facets is None:
                self._facets = _facet_table(self._searcher().reader())
            return self._facets

    def search(self, text: str, limit: int = 10, page: int = 1, filters: dict | None = None) -> SearchResult:
        """`filters`: regulation (a slug), chapter, department, penalty (bool)."""
        limit = max(1, min(int(limit), MAX_LIMIT))
        page = max(1, min(int(page), MAX_PAGE))
        text = (text or "")[:MAX_QUERY_CHARS]
        filters = {k: v for k, v in (filters or {}).items() if k in FILTER_FIELDS and v not in (None, "")}
        result = SearchResult(query=text, page=page, limit=limit)
        searcher = self._searcher()
        table = self.facet_table()
        pinned, rest = self._cited(searcher, table, text, filters, result)
        vocabulary, terms = self.vocabulary()
        parsed = parse_query(rest, lambda ch: vocabulary.get(ch, []), terms.__contains__)
        start = (page - 1) * limit
        ranked, matched = self._matches(searcher, parsed, filters, pinned, start + limit)
        ordered = [(d, PINNED_SCORE) for d in pinned] + ranked
        counted = set(matched) | {d["docnum"] for d in pinned}
        result.total = len(counted)
        result.facets = _count_facets(table, counted)
        result.hits = [self._hit(d, score, parsed.highlight_terms) for d, score in ordered[start:start + limit]]
        if not ordered and parsed.concepts:
            result.suggestions = suggestions(parsed, vocabulary)
        return result

    def _cited(self, searcher, table, text, filters, result):
        """Documents of the articles the query cites, pinned first; and the query without them."""
        pinned = []
        found = citations_in(self.library, text)
        for _, located in found:
            if not located:
                result.notice = located.reason
                located = located.whole_article     # shown whole when only its 款/项 is missing
                if located is None:
                    continue
            document = _pinned_document(searcher, located)
            if document and _passes(table.get(document["docnum"], {}), filters):
                pinned.append(document)
        for match, _ in reversed(found):
            text = text[:match.start] + " " + text[match.end:]
        return pinned, text

    def _matches(self, searcher, parsed, filters, pinned, wanted):
        """(ranked [(document, score)], at least `wanted` long where there are that many;
        the docnums of every matching article that is listed, pinned ones included)."""
        if parsed.whoosh_query is None:
            return [], set()
        restrict = _filter_query(filters)
        if parsed.phrases or parsed.excluded:
            restrict = _exact(searcher, parsed, restrict)
        # Unlimited: one pass both scores and collects every match (the count must be exact).
        results = searcher.search(parsed.whoosh_query, limit=None, filter=restrict)
        pinned_ids = {d["id"] for d in pinned}
        documents = [dict(h.fields(), docnum=h.docnum, score=float(h.score or 0.0))
                     for h in results[:max(POOL, wanted + len(pinned))]]
        documents = [d for d in documents if d["id"] not in pinned_ids]
        ranked = rerank([(d, d["score"]) for d in documents[:POOL]], parsed)
        if ranked is None:              # off-topic: nothing is an answer
            return [], set()
        # An identical text folded into the hit that shows it is listed there, not counted twice.
        folded = {d["docnum"] for scored in ranked for d in scored.folded}
        for scored in ranked:
            scored.document["folded"] = [self._citation_of(d) for d in scored.folded]
        rest = [(d, d["score"]) for d in documents[POOL:]]
        return [(s.document, s.score) for s in ranked] + rest, set(results.docs()) - folded

    def _citation_of(self, document):
        entry = self.library.get(document["slug"])
        return format_citation(entry.title, entry.regulation.article(document["article"], document["suffix"]).label)

    def _hit(self, document, score, terms):
        entry = self.library.get(document["slug"])
        article = entry.regulation.article(document["article"], document["suffix"])
        fact = entry.facts[article.key]
        paragraph, item = document.get("paragraph", 0), document.get("item", 0)
        if document.get("cited") and (paragraph or item):
            body = whole(Located(entry, article, paragraph, item).text.replace("\n", " "))
        else:
            body = snippet(article.text, terms)
        return Hit(slug=entry.slug, regulation=entry.title, article=article.number, suffix=article.suffix,
                   label=article.label, part=article.part, chapter=article.chapter,
                   section=article.section, text=article.text, snippet=body, score=score,
                   complete=entry.regulation.complete, departments=list(fact.departments),
                   penalty=fact.penalty, facts=fact.as_json(), cited=bool(document.get("cited")),
                   paragraph=paragraph, item=item, folded=document.get("folded", []))


def _pinned_document(searcher, located):
    entry, article = located.entry, located.article
    doc_id = document_id(entry.slug, article.number, article.suffix)
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    return {"id": doc_id, "docnum": docnum, "slug": entry.slug, "article": article.number,
            "suffix": article.suffix, "cited": True, "paragraph": located.paragraph, "item": located.item}


def _passes(values, filters):
    return all(value in values.get(name, ()) for name, value in filters.items())


def _filter_query(filters):
    terms = [Term(FILTER_FIELDS[k], v) for k, v in filters.items()]
    return And(terms) if terms else None


def _exact(searcher, parsed, restrict):
    """Quoted phrases and -excluded words are checked on the stored text: the set of
    documents that pass is the filter, so counts and pages agree with what is listed."""
    query = And([parsed.whoosh_query, restrict]) if restrict is not None else parsed.whoosh_query
    allowed = set()
    for docnum in searcher.docs_for_query(query):
        text = searcher.stored_fields(docnum)["text"]
        if all(p in text for p in parsed.phrases) and not any(w in text for w in parsed.excluded):
            allowed.add(docnum)
    return allowed


def _facet_table(reader):
    table = {}
    schema = reader.schema
    for name, field_name in FILTER_FIELDS.items():
        from_bytes = schema[field_name].from_bytes
        for term, _ in reader.iter_field(field_name):
            # whoosh's BOOLEAN gives back its "t"/"f" terms; the filters take bools.
            value = term == b"t" if name == "penalty" else from_bytes(term)
            for docnum in reader.postings(field_name, term).all_ids():
                table.setdefault(docnum, {}).setdefault(name, []).append(value)
    return table


def _count_facets(table, docnums):
    """name → [(value, count)], most first, over the given documents."""
    counts = {name: Counter() for name in FILTER_FIELDS}
    for docnum in docnums:
        for name, values in table.get(docnum, {}).items():
            counts[name].update(values)
    return {name: sorted(((PENALTY_LABELS[v] if name == "penalty" else v, c) for v, c in counter.items()),
                         key=lambda pair: (-pair[1], str(pair[0])))
            for name, counter in counts.items()}


def _char_vocabulary(reader):
    counts, terms = {}, set()
    for term, info in reader.iter_field("words"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        terms.add(word)
        if len(word) < 2:
            continue
        for char in set(word):
            counts.setdefault(char, []).append((info.doc_frequency(), word))
    chars = {char: [w for _, w in sorted(pairs, reverse=True)[:EXPANSIONS_PER_CHAR]]
             for char, pairs in counts.items()}
    return chars, terms
