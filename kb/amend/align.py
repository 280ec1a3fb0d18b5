"""Which article of one text is which article of the other, by content, not by number.

Texts are compared with whitespace removed and cross-references written as the article they
point at (kb.amend.refs.normalised).

1. Candidates: pairs sharing at least DICE_FLOOR of their character bigrams (Sørensen–Dice),
   counted through an inverted index, so that hundreds of articles need not be compared
   pairwise with difflib.
2. In place: the order-preserving matching of greatest weight (each pair weighs 1 plus its
   Dice similarity), found exactly as a maximum-weight increasing chain. It keeps as many
   articles in their order as possible (an LCS that also admits modified articles) and,
   among those, the most similar; identical articles weigh most.
3. Moves: pairs left over, both sides unmatched, are taken greedily from the most similar
   down; they cross the chain, so the article was moved. A pair in place gives way when one
   side has an unmatched, mutually best counterpart elsewhere that is much closer (MOVE_*).
4. Check: every pair chosen must reach THRESHOLD in difflib's ratio (2 × characters matched
   in order / all characters), or the new text must keep CONTAINED of the old one in order
   (an article extended by new paragraphs keeps all its words, however long the addition);
   pairs that do not are struck out and the rest is aligned again, so a weak pair never
   stands for "modified". An old article cut down to a fragment is not let in this way:
   short fragments (构成犯罪的，依法追究刑事责任) are found inside too many articles.
"""

import difflib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from itertools import chain as concat

# Below half of the characters kept in order, an article is in substance rewritten: the
# committee is told "删除原第X条" and "增加一条作为第Y条" rather than "修改为". Modified rows
# below DOUBTFUL carry a warning; added or deleted rows name an article on the other side
# that reaches NEIGHBOUR (a possible split, merger or rewrite).
THRESHOLD = 0.5
DOUBTFUL = 0.65
NEIGHBOUR = 0.35
CONTAINED = 0.9
MIN_CONTAINED = 20      # characters: 本法自公布之日起施行 fits inside too many articles
# Candidates share DICE_FLOOR of their bigrams, or OVERLAP_FLOOR of the smaller set (a short
# text inside a long one). Measured on the 91 pairs of consecutive versions in the corpus:
# each of the 7,165 pairs of articles that pass THRESHOLD or CONTAINED is a candidate.
DICE_FLOOR = 0.3
OVERLAP_FLOOR = 0.8
# A pair in place yields to a move only for a clearly better, mutually best partner.
MOVE_MARGIN = 0.3
MOVE_STRONG = 0.8
MAX_ROUNDS = 20


@dataclass(frozen=True)
class Match:
    old: int            # index into the old articles
    new: int
    similarity: float   # difflib ratio
    in_order: bool      # False: the article moved


class Alignment:
    def __init__(self, matches, dice, ratio):
        self.matches = matches      # Match, in the order of the new text
        self.dice = dice            # (old index, new index) → Dice of every candidate pair
        self.ratio = ratio          # (old index, new index) → difflib ratio, on demand
        self._by_old = {m.old: m for m in matches}
        self._by_new = {m.new: m for m in matches}
        self._partners = ({}, {})
        for i, j in dice:
            self._partners[0].setdefault(i, []).append(j)
            self._partners[1].setdefault(j, []).append(i)

    def by_old(self) -> dict:
        return self._by_old

    def by_new(self) -> dict:
        return self._by_new

    def nearest(self, side: str, index: int) -> tuple | None:
        """(other index, ratio, contained) of the closest article on the other side: one
        that holds this text (or is held in it) first, else the most similar if it reaches
        NEIGHBOUR. For an added or deleted article: where it may have come from or gone."""
        old_side = side == "old"
        scored = []
        for other in self._partners[0 if old_side else 1].get(index, ()):
            pair = (index, other) if old_side else (other, index)
            ratio, contained = self.ratio(pair), self.ratio.contained(pair)
            if contained or ratio >= NEIGHBOUR:
                scored.append((contained, ratio, -other))
        if not scored:
            return None
        contained, ratio, other = max(scored)
        return -other, ratio, contained


def align(old_texts: list[str], new_texts: list[str]) -> Alignment:
    """Align two lists of normalised article texts."""
    dice = _dice_candidates(old_texts, new_texts)
    ratio = _Ratios(old_texts, new_texts)
    rejected = set()
    for _ in range(MAX_ROUNDS):
        chain, moves = _assign({p: d for p, d in dice.items() if p not in rejected})
        failed = {p for p in chain + moves if not ratio.acceptable(p)}
        if not failed:
            break
        rejected |= failed
    else:
        chain = [p for p in chain if p not in failed]
        moves = [p for p in moves if p not in failed]
    in_place = set(chain)
    matches = [Match(i, j, ratio((i, j)), (i, j) in in_place or _fits(chain, i, j))
               for i, j in chain + moves]
    return Alignment(sorted(matches, key=lambda m: m.new), dice, ratio)


def _assign(candidates):
    chain = _best_chain(candidates)
    moves = _clearly_moved(chain, candidates)
    if moves:
        taken = {i for i, _ in moves}, {j for _, j in moves}
        chain = _best_chain({p: s for p, s in candidates.items()
                             if p[0] not in taken[0] and p[1] not in taken[1]})
    return chain, moves + _leftover_moves(chain + moves, candidates)


# ---------------------------------------------------------------- similarity

def _dice_candidates(old_texts, new_texts):
    """(i, j) → Dice similarity of their bigram sets, for pairs reaching DICE_FLOOR (or
    OVERLAP_FLOOR for a short text inside a long one); identical texts → 1.0. Shared
    bigrams are counted through an inverted index, not by comparing every pair."""
    found, settled_old, settled_new = _identical(old_texts, new_texts)
    old_sizes = [len(_bigrams(t)) for t in old_texts]
    postings = {}
    for i, text in enumerate(old_texts):
        if i not in settled_old:
            for gram in _bigrams(text):
                postings.setdefault(gram, []).append(i)
    for j, text in enumerate(new_texts):
        if j in settled_new:
            continue
        grams = _bigrams(text)
        shared = Counter(concat.from_iterable(postings.get(g, ()) for g in grams))
        for i, count in shared.items():
            size, smaller = old_sizes[i] + len(grams), min(old_sizes[i], len(grams))
            if (i, j) not in found and (2 * count >= DICE_FLOOR * size or
                                        (smaller >= MIN_CONTAINED and count >= OVERLAP_FLOOR * smaller)):
                found[(i, j)] = 2 * count / size
    return found


def _identical(old_texts, new_texts):
    """Pairs of identical texts; an article identical to exactly one on the other side, and
    that one to it alone, is settled: it needs no other candidate."""
    where = {}
    for j, text in enumerate(new_texts):
        where.setdefault(text, []).append(j)
    found, settled_old, settled_new = {}, set(), set()
    counts = Counter(old_texts)
    for i, text in enumerate(old_texts):
        for j in where.get(text, ()):
            found[(i, j)] = 1.0
        if counts[text] == 1 and len(where.get(text, ())) == 1:
            settled_old.add(i)
            settled_new.add(where[text][0])
    return found, settled_old, settled_new


def _bigrams(text):
    return {text[k:k + 2] for k in range(len(text) - 1)} or {text}


class _Ratios:
    """difflib's ratio of a pair and how much of each text the other keeps; computed once."""

    def __init__(self, old_texts, new_texts):
        self.old, self.new = old_texts, new_texts
        self.cache = {}

    def __call__(self, pair):
        return self._measure(pair)[0]

    def acceptable(self, pair) -> bool:
        ratio, old_kept, _ = self._measure(pair)
        return ratio >= THRESHOLD or (old_kept >= CONTAINED and len(self.old[pair[0]]) >= MIN_CONTAINED)

    def contained(self, pair) -> bool:
        """Whether the shorter text is (nearly all) found, in order, in the longer."""
        _, old_kept, new_kept = self._measure(pair)
        old, new = len(self.old[pair[0]]), len(self.new[pair[1]])
        kept = old_kept if old <= new else new_kept
        return kept >= CONTAINED and min(old, new) >= MIN_CONTAINED

    def _measure(self, pair):
        """(ratio, share of the old text kept, share of the new text kept)."""
        if pair not in self.cache:
            old, new = self.old[pair[0]], self.new[pair[1]]
            if old == new:
                self.cache[pair] = (1.0, 1.0, 1.0)
            else:
                matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
                matched = sum(block.size for block in matcher.get_matching_blocks())
                self.cache[pair] = (2 * matched / (len(old) + len(new)),
                                    matched / len(old) if old else 0.0, matched / len(new) if new else 0.0)
        return self.cache[pair]


# ------------------------------------------------------------------- in place

def _best_chain(candidates):
    """The maximum-weight set of pairs increasing in both indices (weight 1 + similarity)."""
    if not candidates:
        return []
    tree = _MaxTree(max(j for _, j in candidates) + 2)
    best, link, by_old = {}, {}, {}
    for (i, j), similarity in candidates.items():
        by_old.setdefault(i, []).append((j, similarity))
    for i in sorted(by_old):
        row = []
        for j, similarity in by_old[i]:
            total, previous = tree.query(j)     # the best chain ending at a new index < j
            row.append((j, total + 1 + similarity, previous))
        for j, total, previous in row:          # only after the whole row: i must increase
            best[(i, j)], link[(i, j)] = total, previous
            tree.update(j + 1, total, (i, j))
    pair = max(best, key=lambda p: (best[p], -p[0], -p[1]))
    chain = []
    while pair is not None:
        chain.append(pair)
        pair = link[pair]
    return chain[::-1]


class _MaxTree:
    """Fenwick tree of (best total, pair) over new indices; query(j) covers indices < j."""

    def __init__(self, size):
        self.values = [(0.0, None)] * (size + 1)

    def update(self, position, total, pair):
        while position < len(self.values):
            if total > self.values[position][0]:
                self.values[position] = (total, pair)
            position += position & -position

    def query(self, j):
        best, position = (0.0, None), j
        while position > 0:
            if self.values[position][0] > best[0]:
                best = self.values[position]
            position -= position & -position
        return best


# ---------------------------------------------------------------------- moves

def _clearly_moved(chain, candidates):
    """Pairs to take out of place: one side matched in place weakly, while it and an
    unmatched article elsewhere are each other's closest, and much closer."""
    best_old, best_new = _best_partners(candidates)
    in_chain_old, in_chain_new = {i for i, _ in chain}, {j for _, j in chain}
    moves, used_old, used_new = [], set(), set()
    for i, j in chain:
        similarity = candidates[(i, j)]
        for a, b in ((i, best_old.get(i)), (best_new.get(j), j)):
            if a is None or b is None or (a, b) == (i, j) or a in used_old or b in used_new:
                continue
            free = b not in in_chain_new if a == i else a not in in_chain_old
            closer = candidates[(a, b)]
            if free and closer >= MOVE_STRONG and closer - similarity >= MOVE_MARGIN \
                    and best_old.get(a) == b and best_new.get(b) == a:
                moves.append((a, b))
                used_old.add(a)
                used_new.add(b)
                break
    return moves


def _best_partners(candidates):
    best_old, best_new = {}, {}
    for (i, j), _ in sorted(candidates.items(), key=lambda item: (-item[1], item[0])):
        best_old.setdefault(i, j)
        best_new.setdefault(j, i)
    return best_old, best_new


def _leftover_moves(matched, candidates):
    """Pairs whose two sides are both unmatched, the most similar first."""
    used_old, used_new = {i for i, _ in matched}, {j for _, j in matched}
    moves = []
    for (i, j), _ in sorted(candidates.items(), key=lambda item: (-item[1], item[0])):
        if i not in used_old and j not in used_new:
            moves.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return moves


def _fits(chain, i, j):
    """Whether (i, j) keeps the order of every pair in the chain."""
    position = bisect_left([a for a, _ in chain], i)
    before = chain[position - 1][1] if position > 0 else -1
    after = chain[position][1] if position < len(chain) else float("inf")
    return before < j < after
