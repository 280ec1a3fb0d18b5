"""Everyday words → legal terms, from kb/data/synonyms.txt (a plain file anyone can edit:
`遛狗 溜狗 = 携犬出户`, `#` starts a comment)."""

from functools import lru_cache
from pathlib import Path

SYNONYMS = Path(__file__).resolve().parents[1] / "data" / "synonyms.txt"


def parse_lexicon(lines):
    rules = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if "=" not in line:
            continue
        left, right = line.split("=", 1)
        targets = right.split()
        for word in left.split():
            rules.setdefault(word, [])
            rules[word] += [t for t in targets if t not in rules[word] and t != word]
    return rules


@lru_cache(maxsize=1)
def lexicon():
    if not SYNONYMS.exists():
        return {}
    return parse_lexicon(SYNONYMS.read_text(encoding="utf-8").splitlines())


LOOSE_MAX = 4


@lru_cache(maxsize=1)
def _longest_first():
    return sorted(lexicon(), key=len, reverse=True)


def expansions(text):
    """(everyday word, legal terms) for each lexicon word found in the query text,
    longest first so 遛狗 wins over 狗 where both are listed. A short word whose characters
    all occur in what is left of the query also counts: officers write 树想砍掉 for 砍树."""
    found, covered = [], set()
    present = set(text)
    for word in _longest_first():
        if word[0] not in present:
            continue
        start = text.find(word)
        if start == -1 or set(range(start, start + len(word))) <= covered:
            continue
        covered |= set(range(start, start + len(word)))
        found.append((word, lexicon()[word]))
    rest = "".join(ch for i, ch in enumerate(text) if i not in covered)
    for word in _longest_first():
        if 2 <= len(word) <= LOOSE_MAX and word[0] in rest and all(ch in rest for ch in word):
            rest = "".join(ch for ch in rest if ch not in word)
            found.append((word, lexicon()[word]))
    return found
