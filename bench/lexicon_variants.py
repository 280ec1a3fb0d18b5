"""The lexicon's legal terms that the texts also spell otherwise, for review.

A rule of kb/data/synonyms.txt finds an article only through its right-hand terms, written
as the texts write them. The texts are not uniform: 互联网上网服务营业场所 is also
互联网服务营业场所, 卫生健康主管部门 also 卫生主管部门. This lists, for each rule, the
near-spellings of its terms (same first and last two characters, at most LIMIT edits) that
some article holds without holding any of the rule's terms: an article the rule cannot
find. Many are other things (环境卫生主管部门 is no 环境保护主管部门); a reviewer adds the
real ones to the rule.

Run: .venv/bin/python bench/lexicon_variants.py
"""

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from relevance import fetch_library  # noqa: E402

from kb.search.lexicon import lexicon  # noqa: E402

LIMIT = 2           # edits between a term and its other spelling
SHORTEST = 4        # shorter terms have too many near-spellings to be worth reading
BREAK_RE = re.compile(r"[，。；、：（）《》\s]")


def edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def spellings(term: str, text: str) -> set[str]:
    """The stretches of `text` that spell `term` otherwise: starting with its first two
    characters, ending with its last two, within LIMIT edits, neither holding the other."""
    found = set()
    head, tail = term[:2], term[-2:]
    for match in re.finditer(re.escape(head), text):
        window = text[match.start():match.start() + len(term) + LIMIT + 1]
        end = window.find(tail, 2)
        if end < 0:
            continue
        stretch = window[:end + 2]
        if term in stretch or stretch in term or BREAK_RE.search(stretch):
            continue
        if edits(stretch, term) <= LIMIT:
            found.add(stretch)
    return found


def unreached(rules: dict, articles: list[str]) -> list[tuple[str, str, int]]:
    """(the rule's everyday words, another spelling, articles holding it and none of the
    rule's terms), sorted."""
    whole = "\n".join(articles)
    rows = set()
    for everyday, terms in rules.items():
        for term in (t for t in terms if len(t) >= SHORTEST):
            for other in spellings(term, whole) - set(terms):
                missed = sum(1 for a in articles if other in a and not any(t in a for t in terms))
                if missed:
                    rows.add((everyday, other, missed))
    return sorted(rows)


def main() -> None:
    with tempfile.TemporaryDirectory() as root:
        _, library = fetch_library(root)
        articles = [article.text for entry in library.entries for article in entry.regulation.articles]
    by_terms = {}
    for everyday, terms in lexicon().items():
        by_terms.setdefault(tuple(terms), []).append(everyday)
    rules = {" ".join(words): list(terms) for terms, words in by_terms.items()}
    for everyday, other, missed in unreached(rules, articles):
        print(f"{everyday} = … + {other}\t({missed} articles)")


if __name__ == "__main__":
    main()
