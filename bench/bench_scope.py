"""Default-scope latency with and without other collections loaded.

    python bench/bench_scope.py HOME_JINING_ONLY HOME_WITH_COLLECTIONS

Both homes must be indexed (regkb fetch [--collection shandong] + regkb index). Runs every
query of tests/relevance/queries.tsv in the default scope (the home jurisdiction) and in
the all scope, and prints median and p95 milliseconds, and whether the default-scope
answers (top 10 citations) are the same in both homes."""

import csv
import statistics
import sys
import time
from pathlib import Path

from kb.home import Home
from kb.snapshot import Snapshot

QUERIES = Path(__file__).resolve().parents[1] / "tests" / "relevance" / "queries.tsv"


def queries() -> list:
    with open(QUERIES, encoding="utf-8", newline="") as handle:
        return [row["query"] for row in csv.DictReader(handle, delimiter="\t")]


def timed(snapshot: Snapshot, scope: str, texts: list) -> tuple:
    snapshot.search("养犬", scope=scope)      # warm: segmenter, vocabulary, facet table
    times, answers = [], []
    for text in texts:
        started = time.perf_counter()
        result = snapshot.search(text, scope=scope)
        times.append((time.perf_counter() - started) * 1000)
        answers.append([hit.citation for hit in result.hits])
    return times, answers


def summary(times: list) -> str:
    ordered = sorted(times)
    return f"median {statistics.median(ordered):.1f} ms, p95 {ordered[int(len(ordered) * 0.95)]:.1f} ms"


def main(argv: list) -> int:
    texts = queries()
    baseline = None
    for root in argv:
        snapshot = Snapshot.open(Home.resolve(root))
        times, answers = timed(snapshot, "jining", texts)
        print(f"{root}: {len(snapshot.library.entries)} regulations; default scope {summary(times)}")
        if snapshot._wide is not None:
            print(f"  all scope {summary(timed(snapshot, 'all', texts)[0])}")
        if baseline is None:
            baseline = answers
        else:
            same = sum(a == b for a, b in zip(baseline, answers))
            print(f"  default-scope answers identical to the first home: {same}/{len(texts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
