"""Relevance of clause lookup on a query set (default: tests/relevance/queries.tsv).

Prints hit@1, hit@3, hit@10 and MRR overall and per kind, on the real Jining texts read
in place from ../shared. Queries that expect `-` (not answered by the corpus: `out`,
`near`) count as a hit when the answer is not `direct` (nothing, or articles marked as only
related). A set with a `split` column
(tests/relevance/officers.tsv) gets one table per split, so the held-out half is never
mixed with the half used for tuning. Every table is followed by counts (answerable queries
that got no result at all, unanswerable queries that got any result) and by the calibration
of SearchResult.answer: the share of `direct` answers whose top 3 holds an expected article,
the share of answerable queries answered `direct` (recall), the share of unanswerable
queries answered `direct`, and for unanswerable queries whose note names the nearest article
(最接近《…》第N条) the share showing it in the top 3.

Run: .venv/bin/python bench/relevance.py [--set PATH] [--split tune|heldout|all] [--misses]"""

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

from kb.fetch import fetch
from kb.home import Home
from kb.index.builder import build
from kb.library import Library
from kb.locate import citations_in
from kb.search.searcher import ClauseIndex
from kb.snapshot import Snapshot

QUERIES = ROOT / "tests" / "relevance" / "queries.tsv"
JINING = ROOT.parent / "shared" / "regulations" / "jining"
DEPTH = 10
SPLITS = ("tune", "heldout")
NONE_EXPECTED = "-"


def load_queries(path: Path | str = QUERIES) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def fetch_library(root: Path | str) -> tuple[Home, Library]:
    """A home under `root` holding the 11 Jining texts, and its library (no index)."""
    home = Home.resolve(root)
    fetch(home, source=str(JINING), progress=lambda _: None)
    return home, Library(home)


def prepare(root: Path | str) -> tuple[Library, ClauseIndex]:
    home, library = fetch_library(root)
    build(home.index_dir, library.entries)
    snapshot = Snapshot.open(home)
    return snapshot.library, snapshot.index


def expected_keys(expected: str, library: Library) -> set[tuple[str, int]]:
    """`养犬条例第6条;市容环卫条例第45条` → {(slug, article number), …}; `-` → empty."""
    if expected.strip() == NONE_EXPECTED:
        return set()
    keys = set()
    for part in expected.split(";"):
        found = citations_in(library, part.strip())
        if not found:
            raise ValueError(f"unresolvable expected citation: {part}")
        keys.add((found[0][0].key, found[0][0].citation.article))
    return keys


def nearest_key(note: str, library: Library) -> tuple[str, int] | None:
    """The (slug, article) an unanswerable row's note names as the nearest article (检索…：最接近
    《…》第N条), or None when it names none the library holds."""
    for match, located in citations_in(library, note):
        if located:
            return match.key, match.citation.article
    return None


def evaluate(library: Library, index: ClauseIndex, queries: list[dict]) -> list[dict]:
    rows = []
    for query in queries:
        result = index.search(query["query"], limit=DEPTH)
        got = [(h.slug, h.article) for h in result.hits]
        wanted = expected_keys(query["expected"], library)
        if not wanted:
            rank = 1 if result.answer != "direct" else 0
        else:
            rank = next((i + 1 for i, key in enumerate(got) if key in wanted), 0)
        nearest = nearest_key(query.get("note", ""), library) if not wanted else None
        rows.append({"kind": query["kind"], "query": query["query"], "rank": rank, "got": got[:3],
                     "expected": query["expected"], "found": len(got), "answer": result.answer,
                     "split": query.get("split", ""),
                     "nearest": None if nearest is None else next((i + 1 for i, key in enumerate(got) if key == nearest), 0)})
    return rows


def figures(rows: list[dict]) -> dict[str, dict]:
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


def empty_counts(rows: list[dict]) -> dict[str, tuple[int, int]]:
    """(answerable queries with zero results, of n) and (unanswerable queries with any result, of n)."""
    answerable = [r for r in rows if r["expected"].strip() != NONE_EXPECTED]
    unanswerable = [r for r in rows if r["expected"].strip() == NONE_EXPECTED]
    return {"answerable_empty": (sum(1 for r in answerable if not r["found"]), len(answerable)),
            "unanswerable_answered": (sum(1 for r in unanswerable if r["found"]), len(unanswerable))}


def calibration(rows: list[dict]) -> dict[str, tuple[int, int]]:
    """(hits, n) for: direct answers with an expected article in the top 3 (precision),
    answerable queries answered direct (recall), unanswerable queries answered direct, and
    unanswerable queries whose note names a nearest article showing it in the top 3 (what
    an officer is shown instead of an answer)."""
    answerable = [r for r in rows if r["expected"].strip() != NONE_EXPECTED]
    unanswerable = [r for r in rows if r["expected"].strip() == NONE_EXPECTED]
    direct = [r for r in answerable if r.get("answer") == "direct"]
    direct_all = direct + [r for r in unanswerable if r.get("answer") == "direct"]
    named = [r for r in unanswerable if r.get("nearest") is not None]
    return {"direct_precision": (sum(1 for r in direct if 1 <= r["rank"] <= 3), len(direct_all)),
            "direct_recall": (len(direct), len(answerable)),
            "unanswerable_direct": (len(direct_all) - len(direct), len(unanswerable)),
            "nearest_shown": (sum(1 for r in named if 1 <= r["nearest"] <= 3), len(named))}


def latency(index: ClauseIndex, queries: list[dict], repeats: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        for query in queries:
            started = time.perf_counter()
            index.search(query["query"], limit=DEPTH)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def print_table(rows: list[dict]) -> None:
    print(f"{'kind':<12}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'hit@10':>8}{'MRR':>8}")
    for kind, row in figures(rows).items():
        print(f"{kind:<12}{row['n']:>4}{row['hit@1']:>8.3f}{row['hit@3']:>8.3f}"
              f"{row['hit@10']:>8.3f}{row['mrr']:>8.3f}")
    counts = empty_counts(rows)
    empty, answerable = counts["answerable_empty"]
    answered, unanswerable = counts["unanswerable_answered"]
    print(f"answerable queries with zero results: {empty} / {answerable}")
    print(f"unanswerable (-) queries that got any result: {answered} / {unanswerable}")
    calibrated = calibration(rows)
    for name, label in (("direct_precision", "direct answers with an expected article in the top 3"),
                        ("direct_recall", "answerable queries answered direct"),
                        ("unanswerable_direct", "unanswerable queries answered direct"),
                        ("nearest_shown", "unanswerable queries showing the article their note names nearest in the top 3")):
        hit, n = calibrated[name]
        print(f"{label}: {hit} / {n} ({hit / n if n else 0:.3f})")


def print_misses(rows: list[dict]) -> None:
    for row in rows:
        if not 1 <= row["rank"] <= 3:
            print(f"MISS {row['kind']:<10} {row['query']}  expected {row['expected']}  got {row['got']}"
                  f"  answer {row['answer']}")


def selected_splits(queries: list[dict], split: str) -> list[str]:
    """The splits to report; [] means the set has no split column (one table)."""
    has_split = bool(queries) and "split" in queries[0]
    if not has_split:
        if split != "all":
            raise SystemExit(f"--split {split}: this query set has no split column")
        return []
    return list(SPLITS) if split == "all" else [split]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", dest="path", default=str(QUERIES), help="query set (TSV)")
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="all",
                        help="which half of a split set to report (default: each half apart)")
    parser.add_argument("--misses", action="store_true", help="list the queries not found in the top 3")
    args = parser.parse_args(argv)
    queries = load_queries(args.path)
    splits = selected_splits(queries, args.split)
    if splits:
        queries = [q for q in queries if q["split"] in splits]
    with tempfile.TemporaryDirectory() as root:
        library, index = prepare(root)
        rows = evaluate(library, index, queries)
        median, p95 = latency(index, queries)
    groups = [(s, [r for r in rows if r["split"] == s]) for s in splits] or [(None, rows)]
    for name, subset in groups:
        if name:
            print(f"\n== split: {name} ({len(subset)} queries)")
        print_table(subset)
        if args.misses:
            print_misses(subset)
    print(f"query latency over the set (5 rounds): median {median:.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
