"""kb.compare on the hand-checked set (tests/compare/expected.tsv): each row's outcome, the
recall of peers and of superior articles among the first articles listed per regulation, and
the out-of-range flags the set expects.

Builds the test subset home (tests/conftest.py subset_catalog: the Jining texts and the named
other texts, read in place from ../shared) in a temporary folder, about a minute; or
--home DIR reads an indexed home as it is (e.g. one with whole collections).

Run: .venv/bin/python bench/compare_set.py [--home DIR] [--misses]"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.fetch import fetch
from kb.home import Home
from kb.index.builder import build
from kb.library import Library
from kb.snapshot import Snapshot
from tests.compare.scoring import KINDS, OUTSIDE, expected_rows, outcomes, qualifying, recall
from tests.conftest import CORPUS, JINING, subset_catalog


def subset_home(folder: Path) -> Home:
    home = Home.resolve(folder / "home")
    fetch(home, source=str(JINING), progress=lambda _: None)
    fetch(home, source=str(CORPUS), progress=lambda _: None, catalog=subset_catalog())
    build(home.index_dir, Library(home).entries)
    return home


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="an indexed home to read instead of the test subset")
    parser.add_argument("--misses", action="store_true", help="print only the rows not found")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        home = Home.resolve(Path(args.home)) if args.home else subset_home(Path(tmp))
        snapshot = Snapshot.open(home)
        print(f"home: {home.root} ({len(snapshot.library.entries)} texts, ready in "
              f"{time.perf_counter() - started:.0f} s)")
        rows = expected_rows()
        results = outcomes(snapshot, rows)
    for row, found, listed in results:
        if not (args.misses and found):
            mark = "ok  " if found else "MISS"
            wanted = ",".join(str(n) for n in sorted(row.articles))
            print(f"{mark} {row.kind:8} {row.citation} → {row.regulation} {wanted}  listed: {listed or '-'}")
    articles = dict.fromkeys(r.citation for r in rows if r.kind in KINDS)
    cities = {r.regulation[:3] for r in rows if r.kind == "peer"}
    print(f"\nset: {len(articles)} compared articles, {len(qualifying(rows))} with >= 3 other cities and a "
          f"superior article; {len(rows)} rows; {len(cities)} other cities")
    for kind in KINDS + (OUTSIDE,):
        found, total = recall(results, kind)
        label = "out-of-range flags fired" if kind == OUTSIDE else f"{kind} recall"
        print(f"{label}: {found}/{total} = {found / total:.3f}" if total else f"{label}: no rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
