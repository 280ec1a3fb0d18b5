"""Dialect and spoken words → the standard word, from kb/data/spoken.txt (`茅房 茅子 = 厕所`,
`#` starts a comment): 俺家狗把邻居家的菜园子刨了 asks about 挖, and the standard word is
what the index, the lexicon and the synonym groups know. Applied to a question before its
words are looked up; a word the lexicon itself lists is left as typed (its rule is the more
specific one), but a lexicon word inside a longer dialect word (狗 in 狗子) does not keep it."""

import re
from functools import lru_cache
from pathlib import Path

SPOKEN = Path(__file__).resolve().parents[1] / "data" / "spoken.txt"


def parse_spoken(lines) -> dict:
    """word → standard word. A line needs one standard word after `=`; others are ignored."""
    table = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        left, equals, right = line.partition("=")
        standard = right.split()
        if not equals or len(standard) != 1:
            continue
        for word in left.split():
            if word != standard[0]:
                table.setdefault(word, standard[0])
    return table


@lru_cache(maxsize=1)
def spoken() -> dict:
    if not SPOKEN.exists():
        return {}
    return parse_spoken(SPOKEN.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern | None:
    words = sorted(spoken(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


def standardise(text: str, kept: frozenset | set = frozenset()) -> str:
    """`text` with each dialect word replaced by its standard word, longest first, except
    where all its characters are in `kept` (characters of words the lexicon lists)."""
    pattern = _pattern()
    if pattern is None or not text:
        return text or ""
    return pattern.sub(lambda m: m.group() if set(range(m.start(), m.end())) <= kept else spoken()[m.group()],
                       text)
