"""What a running app serves: one kb.snapshot.Snapshot per index generation.

`regkb import` + `regkb index` switch the index generation; the next request sees the new
pointer and opens a fresh Snapshot, so new texts show up without a restart. A request reads
the pointer once and keeps its Snapshot throughout, so its Library and its index are
always of the same generation."""

import functools
import threading
import time

from flask import current_app, g

from kb.index import generations
from kb.notes.catalog import CatalogCache
from kb.snapshot import Snapshot


class Served:
    """A Snapshot with the results cache that is only safe because the generation is fixed."""

    def __init__(self, snapshot: Snapshot, cache_size: int):
        self.snapshot = snapshot
        self.library = snapshot.library
        self.generation = snapshot.name
        self._cached_search = functools.lru_cache(maxsize=cache_size)(self._search)

    def _search(self, query, filters, page, limit, scope):
        started = time.perf_counter()
        result = self.snapshot.search(query, scope=scope, limit=limit, page=page, filters=dict(filters))
        return result, (time.perf_counter() - started) * 1000

    def search(self, params):
        """(SearchResult, milliseconds the search took) for webapp.params.SearchParams.
        A cached result reports the time of the search that produced it."""
        return self._cached_search(params.query, params.filters(), params.page, params.limit, params.scope)

    def entry(self, name):
        return self.library.find(name)


class KnowledgeBase:
    def __init__(self, home, cache_size):
        self.home = home
        self.cache_size = cache_size
        self.notes = CatalogCache(home)
        self._served = None
        self._lock = threading.Lock()

    def served(self) -> Served:
        name = generations.current_name(self.home.index_dir)
        current = self._served
        if current is not None and current.generation == name:
            return current
        with self._lock:
            if self._served is None or self._served.generation != name:
                self._served = Served(Snapshot.open(self.home), self.cache_size)
            return self._served

    def warm_up(self):
        """Everything a first search needs, loaded before the first user waits."""
        self.served().snapshot.warm_up()


def snapshot() -> Served:
    """The snapshot this request uses throughout."""
    if "regkb" not in g:
        g.regkb = current_app.extensions["regkb"].served()
    return g.regkb


def notes_catalog():
    """The notes catalog over this request's Library; rebuilt when a note file changes."""
    if "regkb_notes" not in g:
        g.regkb_notes = current_app.extensions["regkb"].notes.get(snapshot().library)
    return g.regkb_notes
