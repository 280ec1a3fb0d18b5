"""Relevance of clause lookup on our own query set (tests/relevance/queries.tsv).

Prints hit@1, hit@3, hit@10 and MRR overall and per kind, on the real Jining texts read
in place from ../shared. `out` queries (not covered by the corpus) count as a hit when
nothing confident is returned. Run: .venv/bin/python bench/relevance.py [--misses]"""

import argparse
import csv
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.citation import find_citations  # noqa: E402
from kb.fetch import fetch  # noqa: E402
from kb.home import Home  # noqa: E402
from kb.index.builder import build  # noqa: E402
from kb.library import Library  # noqa: E402
from kb.search.searcher import ClauseIndex  # noqa: E402

QUERIES = ROOT / "tests" / "relevance" / "queries.tsv"
JINING = ROOT.parent / "shared" / "regulations" / "jining"
DEPTH = 10


def load_queries(path=QUERIES):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def prepare(root):
    home = Home.resolve(root)
    fetch(home, source=str(JINING), progress=lambda _: None)
    library = Library(home)
    build(home.index_dir, [(e.slug, e.regulation) for e in library.entries])
    return library, ClauseIndex(home.index_dir, library=library)


def expected_keys(expected, library):
    if expected.strip() == "-":
        return set()
    keys = set()
    for part in expected.split(";"):
        def title_of(name):
            entry = library.resolve(name)
            return entry.title if entry else None
        matches = find_citations(part.strip(), title_of)
        if not matches:
            raise ValueError(f"unresolvable expected citation: {part}")
        keys.add((matches[0].title, matches[0].citation.article))
    return keys


def evaluate(library, index, queries):
    rows = []
    for query in queries:
        result = index.search(query["query"], limit=DEPTH)
        got = [(h.regulation, h.article) for h in result.hits]
        wanted = expected_keys(query["expected"], library)
        if not wanted:
            rank = 1 if not got else 0
        else:
            rank = next((i + 1 for i, key in enumerate(got) if key in wanted), 0)
        rows.append({"kind": query["kind"], "query": query["query"], "rank": rank, "got": got[:3],
                     "expected": query["expected"]})
    return rows


def figures(rows):
    def summarise(subset):
        ranks = [r["rank"] for r in subset]
        return {"n": len(ranks),
                "hit@1": sum(1 for r in ranks if r == 1) / len(ranks),
                "hit@3": sum(1 for r in ranks if 1 <= r <= 3) / len(ranks),
                "hit@10": sum(1 for r in ranks if 1 <= r <= 10) / len(ranks),
                "mrr": sum(1 / r for r in ranks if r) / len(ranks)}
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)
    table = {kind: summarise(subset) for kind, subset in sorted(by_kind.items())}
    table["overall"] = summarise(rows)
    return table


def latency(index, queries, repeats=5):
    times = []
    for _ in range(repeats):
        for query in queries:
            started = time.perf_counter()
            index.search(query["query"], limit=DEPTH)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list the queries not found in the top 3")
    args = parser.parse_args()
    queries = load_queries()
    with tempfile.TemporaryDirectory() as root:
        library, index = prepare(root)
        rows = evaluate(library, index, queries)
        median, p95 = latency(index, queries)
    print(f"{'kind':<12}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'hit@10':>8}{'MRR':>8}")
    for kind, row in figures(rows).items():
        print(f"{kind:<12}{row['n']:>4}{row['hit@1']:>8.3f}{row['hit@3']:>8.3f}{row['hit@10']:>8.3f}{row['mrr']:>8.3f}")
    print(f"query latency over the set (5 rounds): median {median:.2f} ms, p95 {p95:.2f} ms")
    if args.misses:
        for row in rows:
            if not 1 <= row["rank"] <= 3:
                print(f"MISS {row['kind']:<10} {row['query']}  expected {row['expected']}  got {row['got']}")


if __name__ == "__main__":
    main()
