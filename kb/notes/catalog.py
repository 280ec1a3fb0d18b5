"""All notes of a home, read once per change of the stored notes: the notes, their
problems, backlinks to articles, and a small in-memory search with the same analyzer as
the clause index (notes number in the hundreds, not the hundred thousands)."""

import threading
from collections import Counter
from dataclasses import dataclass

from kb import analysis
from kb.notes.links import NoteLinker, article_key, backlinks
from kb.notes.store import NoteStore
from kb.search.highlight import snippet

TITLE_WEIGHT = 3
EXPANSIONS_PER_CHAR = 12    # as the clause index widens a single character


@dataclass
class NoteHit:
    note: object
    score: float
    snippet: str


class NotesCatalog:
    def __init__(self, home, library):
        self.store = NoteStore(home)
        self.linker = NoteLinker(library)
        self.notes, self.problems = self.store.load_all()
        self.by_id = {n.id: n for n in self.notes}
        self.backlinks = backlinks(self.notes, self.linker)
        self._terms = {n.id: _terms(n) for n in self.notes}
        self._by_char = _char_vocabulary(self._terms.values())

    def notes_for(self, slug, article, suffix=0):
        return self.backlinks.get((slug, article, suffix), [])

    def counts_for(self, slug):
        """article key → how many notes concern it (the regulation page's map)."""
        return {(number, suffix): len(notes)
                for (note_slug, number, suffix), notes in self.backlinks.items() if note_slug == slug}

    def regulations_of(self, note) -> set:
        """Slugs of the regulations a note concerns: its articles' and its front matter's."""
        slugs = {article_key(located)[0] for located in self.linker.concerned_articles(note)}
        return slugs | {e.slug for e in map(self.linker.library.resolve, note.regulations) if e}

    def filter(self, type=None, regulation=None, article=None, tag=None, year=None):
        """`regulation` is a slug; `article` a number in it."""
        chosen = []
        for note in sorted(self.notes, key=lambda n: (n.date, n.id), reverse=True):
            if type and note.type != type:
                continue
            if regulation and regulation not in self.regulations_of(note):
                continue
            keys = {article_key(located) for located in self.linker.concerned_articles(note)}
            if article and (regulation, article, 0) not in keys:
                continue
            if tag and tag not in note.tags:
                continue
            if year and note.year != str(year):
                continue
            chosen.append(note)
        return chosen

    def search(self, text, limit=20):
        """Notes by the query's words; a single character (犬) also finds the words of the
        notes containing it (养犬, 犬只), as clause search widens it."""
        words = analysis.query_words(text or "")
        forms = [[w] + (self._by_char.get(w, []) if len(w) == 1 and analysis.CJK_RE.match(w) else [])
                 for w in words]
        shown = [f for group in forms for f in group]
        hits = []
        for note in self.notes:
            counts = self._terms[note.id]
            score = sum(max(counts[f] for f in group) for group in forms)
            if score:
                hits.append(NoteHit(note, score, snippet(note.body, shown)))
        hits.sort(key=lambda h: (h.score, h.note.date), reverse=True)
        return hits[:limit]


def _char_vocabulary(term_counts):
    """char → the notes' words of 2+ characters containing it, most used first."""
    totals = Counter()
    for counts in term_counts:
        totals.update({word: 1 for word in counts if len(word) > 1})
    chars = {}
    for word, _ in totals.most_common():
        for char in set(word):
            found = chars.setdefault(char, [])
            if len(found) < EXPANSIONS_PER_CHAR:
                found.append(word)
    return chars


def _terms(note):
    counts = Counter(word for word, _, _ in analysis.words(note.body))
    for word, _, _ in analysis.words(note.title):
        counts[word] += TITLE_WEIGHT
    for word, start, _ in list(analysis.words(note.body)):
        for piece, _, _ in analysis.subwords(word, start):
            counts[piece] += 1
    return counts


class CatalogCache:
    """Rebuilds the catalog when a note or the library changes; thread-safe."""

    def __init__(self, home):
        self.home = home
        self.store = NoteStore(home)
        self._lock = threading.Lock()
        self._key = None
        self._catalog = None

    def get(self, library):
        key = (self.store.state(), id(library))
        with self._lock:
            if key != self._key:
                self._catalog = NotesCatalog(self.home, library)
                self._key = key
            return self._catalog

