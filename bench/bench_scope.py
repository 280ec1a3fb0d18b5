"""Default-scope latency with and without other collections loaded.

    python bench/bench_scope.py HOME_JINING_ONLY HOME_WITH_COLLECTIONS

Both homes must be indexed (regkb fetch [--collection shandong] + regkb index). Runs every
query of tests/relevance/queries.tsv in the default scope (the home jurisdiction) and in
the all scope, and prints median and p95 milliseconds, and whether the default-scope
answers (top 10 citations) are the same in both homes. Each scope is timed on a first
pass (each query's terms read from disk for the first time in the process) and on
PASSES more (what a serving process that has answered a while sees), after the warm-up a
server does at its start (Snapshot.warm_up). Also: the time to open the snapshot (the
Library of every stored text), the warm-up's, and the process's peak RSS."""

import csv
import resource
import statistics
import sys
import time
from pathlib import Path

from kb.home import Home
from kb.snapshot import Snapshot

QUERIES = Path(__file__).resolve().parents[1] / "tests" / "relevance" / "queries.tsv"
PASSES = 3


def queries() -> list:
    with open(QUERIES, encoding="utf-8", newline="") as handle:
        return [row["query"] for row in csv.DictReader(handle, delimiter="\t")]


def timed(snapshot: Snapshot, scope: str, texts: list, passes: int = 1) -> tuple:
    times, answers = [], []
    for _ in range(passes):
        answers = []
        for text in texts:
            started = time.perf_counter()
            result = snapshot.search(text, scope=scope)
            times.append((time.perf_counter() - started) * 1000)
            answers.append([hit.citation for hit in result.hits])
    return times, answers


def scope_figures(snapshot: Snapshot, scope: str, texts: list) -> tuple:
    first, answers = timed(snapshot, scope, texts)
    again, _ = timed(snapshot, scope, texts, PASSES)
    return f"first pass {summary(first)}; next {PASSES} passes {summary(again)}", answers


def summary(times: list) -> str:
    ordered = sorted(times)
    return f"median {statistics.median(ordered):.1f} ms, p95 {ordered[int(len(ordered) * 0.95)]:.1f} ms"


def main(argv: list) -> int:
    texts = queries()
    baseline = None
    for root in argv:
        started = time.perf_counter()
        snapshot = Snapshot.open(Home.resolve(root))
        opened = time.perf_counter() - started
        started = time.perf_counter()
        snapshot.warm_up()      # as `regkb serve` does before its first request
        warm = time.perf_counter() - started
        print(f"{root}: {len(snapshot.library.entries)} regulations, opened in {opened:.1f} s, "
              f"warmed up (Snapshot.warm_up) in {warm:.1f} s")
        figures, answers = scope_figures(snapshot, "jining", texts)
        print(f"  default scope: {figures}")
        if snapshot.wide is not None:
            print(f"  all scope: {scope_figures(snapshot, 'all', texts)[0]}")
        print(f"  peak RSS of this process so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        if baseline is None:
            baseline = answers
        else:
            same = sum(a == b for a, b in zip(baseline, answers))
            print(f"  default-scope answers identical to the first home: {same}/{len(texts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
