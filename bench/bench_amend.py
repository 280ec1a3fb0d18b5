"""Time kb.amend.compare on the largest pair of versions of one law in the corpus.

Versions are files of one folder whose names differ only by the date, 立法法(2015-03-15).md
and 立法法(2023-03-13).md; of each law's consecutive versions the pair with the most articles
(both texts together) is the largest. The corpus is read in place from ../shared.

    .venv/bin/python bench/bench_amend.py [--runs 5] [--shared DIR] [--pair OLD NEW]
"""

import argparse
import re
import statistics
import sys
import time
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.amend import compare
from kb.errors import SourceError
from kb.sources.parser import parse_file

VERSION_RE = re.compile(r"^(?P<name>.+)\((?P<date>\d{4}-\d{2}-\d{2})\)$")


def versions(corpus: Path) -> dict:
    """(folder, name) → paths of its versions, oldest first."""
    found = defaultdict(list)
    for path in corpus.rglob("*.md"):
        match = VERSION_RE.match(path.stem)
        if match:
            found[(path.parent, match.group("name"))].append(path)
    return {key: sorted(paths) for key, paths in found.items() if len(paths) > 1}


def largest_pair(corpus: Path):
    """(articles in both, old path, new path, old regulation, new regulation)."""
    best = None
    for paths in versions(corpus).values():
        parsed = []
        for path in paths:
            try:
                parsed.append((path, parse_file(path)))
            except SourceError:
                continue
        for (old_path, old), (new_path, new) in pairwise(parsed):
            size = len(old.articles) + len(new.articles)
            if best is None or size > best[0]:
                best = (size, old_path, new_path, old, new)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pair", nargs=2, type=Path, metavar=("OLD", "NEW"), help="time this pair instead")
    args = parser.parse_args(argv)
    if args.pair:
        old, new = (parse_file(p) for p in args.pair)
        old_path, new_path = args.pair
    else:
        _, old_path, new_path, old, new = largest_pair(args.shared / "corpus" / "lawrefbook")
    print(f"old: {old_path.name} ({len(old.articles)} articles)")
    print(f"new: {new_path.name} ({len(new.articles)} articles)")
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        comparison = compare(old, new)
        times.append(time.perf_counter() - started)
    summary = ", ".join(f"{status} {count}" for status, count in comparison.summary.items())
    print(f"rows: {len(comparison.rows)} ({summary})")
    print(f"compare: median {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
