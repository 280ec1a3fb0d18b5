"""A generation's postings as numpy arrays: every match of a query, its BM25F score and the
facet counts over all matches, without whoosh's per-document Python loop.

whoosh scores an unlimited search one posting at a time (about 1 µs per posting and
matcher); over all collections (~150k articles) a common word is tens of thousands of
postings per query. Here each term's postings are read once, block by block, into arrays
of document numbers and BM25F scores computed exactly as whoosh's scorer does; a query of
Term, And and Or (all that kb.search.query builds) is then a few array operations. Scores
are whoosh's up to the order in which a document's term scores are added (a relative
difference of about 1e-15); the order of results is whoosh's: score, then document
number."""

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.query import And, Or, Term
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

# Postings kept in memory, in documents (int32 number + float64 score each): ~50 MB.
CACHE_POSTINGS = 4_000_000
FILTER_CACHE = 64
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Matches:
    """Matching document numbers in ascending order and their scores."""
    ids: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def top(self, count: int) -> list:
        """[(docnum, score)] of the best `count`, in whoosh's order (score, then docnum)."""
        if count <= 0 or not len(self.ids):
            return []
        ids, scores = self.ids, self.scores
        if count < len(ids):
            # Everything scoring at least the count-th best, ties at the boundary included.
            threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
            keep = scores >= threshold
            ids, scores = ids[keep], scores[keep]
        order = np.lexsort((ids, -scores))[:count]
        return list(zip(ids[order].tolist(), scores[order].tolist(), strict=True))


@dataclass(frozen=True)
class Facet:
    """A field's values, and (document, value code) pairs: one per value a document holds."""
    values: list
    documents: np.ndarray
    codes: np.ndarray
    by_name: np.ndarray      # each value's place in the order of str(value)

    def counts(self, chosen: np.ndarray, limit: int | None = None) -> tuple:
        """([(value, count)] over the documents set in the mask `chosen`, most first, then
        by name, at most `limit` of them; how many more values are held), values held by
        none left out."""
        counted = np.bincount(self.codes[chosen[self.documents]], minlength=len(self.values))
        held = np.flatnonzero(counted)
        held = held[np.lexsort((self.by_name[held], -counted[held]))]
        shown = held[:limit]
        values = self.values
        pairs = list(zip([values[code] for code in shown.tolist()], counted[shown].tolist(), strict=True))
        return pairs, len(held) - len(shown)


class ArrayIndex:
    """The array view of one whoosh searcher (one generation; it never changes)."""

    def __init__(self, searcher):
        """`searcher`: a whoosh searcher of the generation for this object's own use."""
        self._searcher = searcher
        self._reader = searcher.reader()
        self._schema = self._reader.schema
        self.size = self._reader.doc_count_all()
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError(f"only BM25F is mirrored, not {type(weighting).__name__}")
        self._weighting = weighting
        self._lengths = {}
        self._terms = OrderedDict()          # (field, bytes) → (ids, scores), least recent first
        self._held = 0
        self._loaded = set()                # fields every term of which is in _terms (load)
        self._evictions = 0
        self._filters = OrderedDict()
        self._facets = {}
        self._lock = threading.Lock()       # the caches
        self._io = threading.Lock()         # the searcher's files: one reader at a time
        self._live = self._live_mask()

    # Queries

    def matches(self, query, allowed: np.ndarray | None = None) -> Matches:
        """Every document matching `query` (None: nothing), within `allowed` (a boolean mask
        over document numbers) when given, with its score."""
        if query is None:
            return Matches(_EMPTY, np.zeros(0))
        ids, scores = self._sparse(query, 1.0)
        if allowed is not None and len(ids):
            keep = allowed[ids]
            ids, scores = ids[keep], scores[keep]
        return Matches(ids, scores)

    def mask(self, query) -> np.ndarray:
        """A boolean mask of the documents matching an unscored filter query, cached: a
        search scope or facet filter repeats from query to query."""
        key = repr(query)
        with self._lock:
            cached = self._filters.get(key)
            if cached is not None:
                self._filters.move_to_end(key)
                return cached
        mask = np.zeros(self.size, dtype=bool)
        mask[self._sparse(query, 1.0)[0]] = True
        with self._lock:
            self._filters[key] = mask
            while len(self._filters) > FILTER_CACHE:
                self._filters.popitem(last=False)
        return mask

    def member(self, ids) -> np.ndarray:
        """A boolean mask with the given document numbers (a sequence or array) set."""
        mask = np.zeros(self.size, dtype=bool)
        mask[np.asarray(ids, dtype=np.int64)] = True
        return mask

    def facet(self, field_name: str, decode) -> "Facet":
        """The values of an unscored field and which documents hold each, read once."""
        with self._lock:
            cached = self._facets.get(field_name)
        if cached is not None:
            return cached
        values, documents, codes = [], [], []
        with self._io:
            for term, _ in self._reader.iter_field(field_name):
                ids, _, _ = self._postings(field_name, term)
                documents.append(ids)
                codes.append(np.full(len(ids), len(values), dtype=np.int64))
                values.append(decode(term))
        by_name = np.empty(len(values), dtype=np.int64)
        by_name[sorted(range(len(values)), key=lambda code: str(values[code]))] = np.arange(len(values))
        facet = Facet(values, np.concatenate(documents) if documents else _EMPTY,
                      np.concatenate(codes) if codes else _EMPTY, by_name)
        with self._lock:
            self._facets[field_name] = facet
        return facet

    def _sparse(self, query, boost):
        """(ascending ids, scores × boost) of a query."""
        if isinstance(query, Term):
            ids, scores = self._term(query.fieldname, query.text)
            factor = boost * query.boost
            return ids, scores * factor if factor != 1.0 else scores
        if isinstance(query, (And, Or)):
            subqueries = query.subqueries
            if not subqueries:
                return _EMPTY, np.zeros(0)
            if len(subqueries) == 1:     # whoosh ignores the boost of a one-child compound
                return self._sparse(subqueries[0], boost)
            boost *= query.boost
            parts = [self._sparse(sub, boost) for sub in subqueries]
            return self._union(parts) if isinstance(query, Or) else self._intersection(parts)
        raise TypeError(f"{type(query).__name__} is not one of the queries kb.search.query builds")

    def _union(self, parts):
        parts = [p for p in parts if len(p[0])]
        if len(parts) <= 1:
            return parts[0] if parts else (_EMPTY, np.zeros(0))
        total = np.zeros(self.size)
        present = np.zeros(self.size, dtype=bool)
        for ids, scores in parts:
            total[ids] += scores        # ids are unique within one part
            present[ids] = True
        ids = np.flatnonzero(present)
        return ids, total[ids]

    def _intersection(self, parts):
        ids, scores = parts[0]
        for other_ids, other_scores in parts[1:]:
            if not len(ids):
                break
            total = np.zeros(self.size)
            present = np.zeros(self.size, dtype=bool)
            total[ids] = scores
            present[ids] = True
            keep = present[other_ids]
            ids = other_ids[keep]
            scores = total[ids] + other_scores[keep]
        return ids, scores

    # Terms

    def load(self, field_names) -> None:
        """Read every term of the fields into the cache, as far as CACHE_POSTINGS allows: on a
        small index (the home texts) a first search then reads nothing from disk, nor looks
        there for a word no document holds. A field is marked loaded only when all of it fits."""
        for field_name in field_names:
            evictions = self._evictions
            for btext in self._reader.lexicon(field_name):
                if self._held >= CACHE_POSTINGS:
                    return
                self._term(field_name, self._schema[field_name].from_bytes(btext))
            with self._lock:
                if self._evictions == evictions:    # nothing read was let go meanwhile
                    self._loaded.add(field_name)

    def _term(self, field_name, text):
        if field_name not in self._schema:
            return _EMPTY, np.zeros(0)
        field = self._schema[field_name]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return _EMPTY, np.zeros(0)
        key = (field_name, btext)
        with self._lock:
            cached = self._terms.get(key)
            if cached is not None:
                self._terms.move_to_end(key)
                return cached
            if field_name in self._loaded:      # every term of it is cached: this one is in no document
                return _EMPTY, np.zeros(0)
        with self._io:
            ids, weights, frequency = self._postings(field_name, btext)
            scores = self._bm25(field_name, ids, weights, frequency) if field.scorable else weights
        with self._lock:
            self._terms[key] = (ids, scores)
            self._held += len(ids)
            while self._held > CACHE_POSTINGS and len(self._terms) > 1:
                (evicted, _), (old, _) = self._terms.popitem(last=False)
                self._held -= len(old)
                self._loaded.discard(evicted)   # not all of it is cached any more
                self._evictions += 1
        return ids, scores

    def _postings(self, field_name, btext):
        """(ids, weights, document frequency) of a term over every segment, deleted documents
        left out of the ids but counted in the frequency, as whoosh counts them. Each segment's
        term is looked up once: asking whoosh for the frequency separately costs two more."""
        ids, weights = [], []
        format_ = self._schema[field_name].format
        for reader, offset in self._reader.leaf_readers():
            try:   # the segment's raw postings: deleted documents are left out below
                matcher = reader._terms.matcher(field_name, btext, format_)
            except TermNotFound:
                continue
            block_ids, block_weights = _blocks(matcher)
            ids.append(block_ids + offset)
            weights.append(block_weights)
        if not ids:
            return _EMPTY, np.zeros(0), 0
        ids, weights = np.concatenate(ids), np.concatenate(weights)
        keep = self._live[ids]
        return ids[keep], weights[keep], len(ids)

    def _bm25(self, field_name, ids, weights, frequency):
        """whoosh.scoring.bm25 over arrays, in the same order of operations; the idf is
        whoosh's WeightingModel.idf."""
        weighting = self._weighting
        idf = math.log(self.size / (frequency + 1)) + 1
        average = self._searcher.avg_field_length(field_name) or 1
        b = weighting._field_B.get(field_name, weighting.B)
        k1 = weighting.K1
        lengths = self._field_lengths(field_name)[ids]
        return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))

    def _field_lengths(self, field_name):
        with self._lock:
            lengths = self._lengths.get(field_name)
        if lengths is not None:
            return lengths
        lengths = np.ones(self.size)     # whoosh's default for a document without the column
        column = _lenfield(field_name)
        for reader, offset in self._reader.leaf_readers():
            per_document = reader._perdoc       # whoosh3's own store of field lengths
            if not per_document.has_column(column):
                continue
            codes = np.frombuffer(bytes(per_document.column_reader(column, LENGTHS_COLUMN).load()),
                                  dtype=np.uint8)
            lengths[offset:offset + len(codes)] = _LENGTH_OF_BYTE[codes]
        with self._lock:
            self._lengths[field_name] = lengths
        return lengths

    def _live_mask(self):
        live = np.ones(self.size, dtype=bool)
        if self._reader.has_deletions():
            for reader, offset in self._reader.leaf_readers():
                deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int64)
                live[deleted + offset] = False
        return live


def _blocks(matcher):
    """A whoosh3 leaf matcher's postings as (ids, float64 weights), one block at a time:
    the per-posting path costs a Python call per document."""
    ids, weights = [], []
    while matcher.is_active():
        matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        # A block keeps its ids as gaps (whoosh3 _mini_ids) and its weights as float32, or
        # one float for all, or None for all 1.0 (_mini_weights); whoosh reads them so.
        block_ids = np.array(block_ids, dtype=np.int64)
        ids.append(block_ids if matcher._byteids else np.cumsum(block_ids))
        if block_weights is None:
            weights.append(np.ones(len(block_ids)))
        elif isinstance(block_weights, float):
            weights.append(np.full(len(block_ids), np.float32(block_weights), dtype=np.float64))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32).astype(np.float64))
        matcher._next_block()
    if not ids:
        return _EMPTY, np.zeros(0)
    return np.concatenate(ids), np.concatenate(weights)
