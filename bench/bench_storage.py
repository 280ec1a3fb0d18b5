"""Median latency of a note save (the version check, history and write) and of a note read,
for each storage backend: files in a temporary home (fsync on every write), and PostgreSQL —
the database of REGKB_DATABASE_URL as it is if set, else a throwaway local cluster on a unix
socket (tests/pg.py) with fsync on, in a fresh schema.

    .venv/bin/python bench/bench_storage.py [--runs 200]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.home import Home
from kb.notes.model import parse_note
from kb.notes.store import NoteStore
from kb.storage import DATABASE_SETTING, close_databases
from tests import pg

NOTE = "---\ntitle: 基准\ndate: 2024-01-02\ntype: 执法检查\n---\n检查发现重点管理区内遛犬未牵引，对照养犬条例第十五条处理。{n}\n"


def measure(home: Home, runs: int) -> tuple[float, float]:
    """(median save ms, median read ms) of `runs` saves of one note, each from the last version."""
    store = NoteStore(home)
    version = store.save(parse_note("bench", NOTE.format(n=-1)))
    saves, reads = [], []
    for n in range(runs):
        note = parse_note("bench", NOTE.format(n=n))
        started = time.perf_counter()
        version = store.save(note, base_version=version)
        saves.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.text("bench")
        reads.append(time.perf_counter() - started)
    return statistics.median(saves) * 1000, statistics.median(reads) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    os.environ["REGKB_EXAMPLE_NOTES"] = "0"
    given = os.environ.pop(DATABASE_SETTING, "")
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        home = Home.resolve(Path(folder) / "home")
        rows = [("files", *measure(home, args.runs))]
        if not given and pg.missing_reason():
            print(f"postgres: skipped ({pg.missing_reason()})")
        else:
            base = given or stack.enter_context(pg.cluster(durable=True))
            os.environ[DATABASE_SETTING] = given or pg.fresh_schema(base)
            rows.append(("postgres", *measure(home, args.runs)))
            close_databases()
    print(f"{'backend':<10}{'save p50 ms':>14}{'read p50 ms':>14}   ({args.runs} saves and reads each)")
    for name, save, read in rows:
        print(f"{name:<10}{save:>14.2f}{read:>14.2f}")


if __name__ == "__main__":
    main()
