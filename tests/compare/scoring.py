"""Scoring kb.compare against the hand-checked set (expected.tsv): used by
tests/test_compare.py and bench/compare_set.py."""

import csv
from dataclasses import dataclass
from pathlib import Path

EXPECTED = Path(__file__).parent / "expected.tsv"
KINDS = ("peer", "superior")
OUTSIDE = "outside"


@dataclass(frozen=True)
class Row:
    citation: str
    kind: str           # peer | superior | outside
    regulation: str
    articles: frozenset
    matter: str


def expected_rows(path: Path = EXPECTED) -> list:
    with open(path, encoding="utf-8", newline="") as handle:
        return [Row(c, k, r, frozenset(int(n) for n in a.split(",")), m)
                for c, k, r, a, m in (row for row in csv.reader(handle, delimiter="\t")
                                      if row and not row[0].startswith("#"))]


def qualifying(rows: list) -> list:
    """The compared articles of the set that have counterparts in at least 3 other cities
    and at least one superior-law article."""
    cities, superior = {}, {}
    for row in rows:
        if row.kind == "peer":
            cities.setdefault(row.citation, set()).add(row.regulation[:3])
        elif row.kind == "superior":
            superior.setdefault(row.citation, set()).add(row.regulation)
    return [c for c in dict.fromkeys(r.citation for r in rows) if len(cities.get(c, ())) >= 3 and superior.get(c)]


def compared(snapshot, citation: str):
    from kb.citation import parse_citation
    from kb.compare import compare
    from kb.locate import locate_citation
    located = locate_citation(snapshot.library, parse_citation(citation))
    return compare(snapshot, located.entry, located.article)


def outcomes(snapshot, rows: list) -> list:
    """[(Row, found, what was listed)]: for peer and superior rows, found when one of the
    row's articles is among the first articles listed for that regulation (at most
    kb.compare.PER_REGULATION); for outside rows, when the compared article's own fine row
    is flagged and paired with that superior clause."""
    from kb.compare import same_act
    from kb.model import label
    cache: dict = {}
    results = []
    for row in rows:
        comparison = cache.get(row.citation) or cache.setdefault(row.citation, compared(snapshot, row.citation))
        if row.kind == OUTSIDE:
            superior = [r for r in comparison.fines if r.role == "superior"]
            own = [r for r in comparison.fines if r.role == "own"]
            pairs = [(r, same_act(r, superior)) for r in own]
            clauses = tuple(label(n) for n in row.articles)   # a superior fine row's clause: s.where
            hits = [(r, s) for r, s in pairs if r.flags and s is not None and s.entry.title == row.regulation
                    and s.where.startswith(clauses)]
            listed = "; ".join(f"{r.where} → {s.entry.title}{s.where}: {' '.join(r.flags) or '不出幅度'}"
                               for r, s in pairs if s is not None) or "无同一行为的上位法罚则"
            results.append((row, bool(hits), listed))
            continue
        groups = comparison.as_json()["peers" if row.kind == "peer" else "superior"]
        listed = next((g["articles"] for g in groups if g["regulation"] == row.regulation), [])
        results.append((row, bool(row.articles & set(listed)), listed))
    return results


def recall(results: list, kind: str) -> tuple:
    """(found, total) of the rows of one kind."""
    scored = [found for row, found, _ in results if row.kind == kind]
    return sum(scored), len(scored)
