"""What a running app serves: one Library and ClauseIndex per index generation.

`regkb import` + `regkb index` switch the index generation; the next request sees the new
pointer and loads a fresh Snapshot, so new texts show up without a restart. A Snapshot is
never changed after it is made, so a request keeps one consistent view even while a
newer one replaces it."""

import functools
import threading
import time

from flask import current_app, g

from kb.index.builder import current_generation
from kb.legal import regulation_facts
from kb.library import Library
from kb.notes.catalog import CatalogCache
from kb.search.searcher import ClauseIndex


class Snapshot:
    def __init__(self, home, generation, cache_size):
        self.generation = generation
        self.library = Library(home)
        self.index = ClauseIndex(home.index_dir, library=self.library)
        # Keyed by the query and its filters; a new generation gets a new Snapshot and so
        # an empty cache, which is what makes caching results safe.
        self._cached_search = functools.lru_cache(maxsize=cache_size)(self._search)
        self._facts = {}

    def _search(self, query, filters, page, limit):
        started = time.perf_counter()
        result = self.index.search(query, limit=limit, page=page, filters=dict(filters))
        return result, (time.perf_counter() - started) * 1000

    def search(self, params):
        """(SearchResult, milliseconds the search took) for webapp.params.SearchParams.
        A cached result reports the time of the search that produced it."""
        return self._cached_search(params.query, params.filters(self.library), params.page, params.limit)

    def entry(self, name):
        return self.library.find(name)

    def facts(self, entry):
        """kb.legal facts per article key of a regulation, worked out once per snapshot."""
        if entry.slug not in self._facts:
            self._facts[entry.slug] = regulation_facts(entry.regulation)
        return self._facts[entry.slug]


class KnowledgeBase:
    def __init__(self, home, cache_size):
        self.home = home
        self.cache_size = cache_size
        self.notes = CatalogCache(home)
        self._snapshot = None
        self._lock = threading.Lock()

    def snapshot(self):
        generation = _generation_name(self.home.index_dir)
        current = self._snapshot
        if current is not None and current.generation == generation:
            return current
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != generation:
                self._snapshot = Snapshot(self.home, generation, self.cache_size)
            return self._snapshot

    def warm_up(self):
        """Load the segmenter and the index vocabulary before the first user waits for them."""
        snapshot = self.snapshot()
        if snapshot.generation is not None:
            snapshot.index.search("养犬")


def _generation_name(index_dir):
    generation = current_generation(index_dir)
    return generation.name if generation else None


def snapshot():
    """The snapshot this request uses throughout."""
    if "regkb" not in g:
        g.regkb = current_app.extensions["regkb"].snapshot()
    return g.regkb


def notes_catalog():
    """The notes catalog over this request's snapshot; rebuilt when a note file changes."""
    if "regkb_notes" not in g:
        g.regkb_notes = current_app.extensions["regkb"].notes.get(snapshot().library)
    return g.regkb_notes
