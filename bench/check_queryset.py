"""Check a split query set (default: tests/relevance/officers.tsv) against the stored texts.

The texts are read in place from ../shared through the project's own fetch, parser and
library, the way bench/relevance.py prepares them. The rules (tests/relevance/README.md):

- columns `kind query expected split note`, every field filled, no query twice, known kinds;
- no query shares COPY_LENGTH or more consecutive characters with any article it expects
  (punctuation and whitespace ignored on both sides); `citation` rows are exempt;
- `near` and `out` rows expect `-`; every other row expects articles that exist;
- minimum counts per kind, per regulation and in total;
- `long` queries have at least LONG_MIN_CHARS characters, `fragment` queries 2-4 words;
- `split` is the hash rule of `split_of` (sha256 parity, balanced per kind in file order),
  so each kind is halved within SPLIT_TOLERANCE.

Run: .venv/bin/python bench/check_queryset.py [PATH] [--summary]
Exits 1 and lists every problem when the set breaks a rule."""

import argparse
import hashlib
import importlib.util
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OFFICERS = HERE.parent / "tests" / "relevance" / "officers.tsv"
COLUMNS = ["kind", "query", "expected", "split", "note"]
COPY_LENGTH = 4
COPY_EXEMPT_KINDS = {"citation"}
UNANSWERABLE_KINDS = {"near", "out"}
MIN_PER_KIND = {"everyday": 20, "typo": 10, "dialect": 10, "fragment": 10, "long": 10,
                "penalty": 15, "department": 10, "citation": 10, "near": 35, "out": 20}
MIN_TOTAL = 220
MIN_PER_REGULATION = 8
MAIN_REGULATIONS = ("济宁市城镇容貌和环境卫生管理条例", "济宁市养犬管理条例", "济宁市文明行为促进条例")
MIN_PER_MAIN_REGULATION = 30
LONG_MIN_CHARS = 25
FRAGMENT_WORDS = (2, 4)
SPLITS = ("tune", "heldout")
SPLIT_TOLERANCE = 2


def _load_relevance():
    spec = importlib.util.spec_from_file_location("bench_relevance", HERE / "relevance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


relevance = _load_relevance()
load_queries = relevance.load_queries
fetch_library = relevance.fetch_library


def normalise(text: str) -> str:
    """Letters and digits only (NFKC, lower case): punctuation and whitespace are ignored."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def shared_runs(query: str, text: str, length: int = COPY_LENGTH) -> list[str]:
    """The runs of `length` consecutive characters of `query` that also occur in `text`."""
    query, text = normalise(query), normalise(text)
    runs = {query[i:i + length] for i in range(len(query) - length + 1)}
    return sorted(run for run in runs if run in text)


def hash_split(query: str) -> str:
    """The split the query's own text asks for: parity of the sha256 of its UTF-8 bytes."""
    return SPLITS[int(hashlib.sha256(query.encode("utf-8")).hexdigest(), 16) % 2]


def split_of(rows: list[dict]) -> dict[str, str]:
    """query → split. Rows are taken in file order; each gets its `hash_split` unless that
    would put its kind's halves more than SPLIT_TOLERANCE apart, in which case it gets the
    other half. Appending a row never moves an earlier one, and every kind stays halved."""
    halves = defaultdict(Counter)
    splits = {}
    for row in rows:
        counts = halves[row["kind"]]
        split = hash_split(row["query"])
        other = SPLITS[1 - SPLITS.index(split)]
        if counts[split] - counts[other] >= SPLIT_TOLERANCE:
            split = other
        counts[split] += 1
        splits[row["query"]] = split
    return splits


def _is_unanswerable(row: dict) -> bool:
    return row["expected"].strip() == relevance.NONE_EXPECTED


def _expected(row: dict, library) -> set[tuple[str, int]]:
    """The expected (slug, article) keys; empty when they do not resolve (reported apart)."""
    try:
        return relevance.expected_keys(row["expected"], library)
    except ValueError:
        return set()


def format_problems(rows: list[dict]) -> list[str]:
    problems = []
    if rows and list(rows[0].keys()) != COLUMNS:
        problems.append(f"columns are {list(rows[0].keys())}, expected {COLUMNS}")
    seen = Counter(row["query"] for row in rows)
    problems += [f"duplicate query: {query}" for query, n in seen.items() if n > 1]
    for row in rows:
        problems += _row_format_problems(row)
    return problems


def _row_format_problems(row: dict) -> list[str]:
    problems = []
    if any(not (row.get(column) or "").strip() for column in COLUMNS):
        problems.append(f"empty field: {row}")
        return problems
    query, kind = row["query"], row["kind"]
    if kind not in MIN_PER_KIND:
        problems.append(f"unknown kind {kind!r}: {query}")
    if row["split"] not in SPLITS:
        problems.append(f"unknown split {row['split']!r}: {query}")
    if kind == "long" and len(normalise(query)) < LONG_MIN_CHARS:
        problems.append(f"long query shorter than {LONG_MIN_CHARS} characters: {query}")
    low, high = FRAGMENT_WORDS
    if kind == "fragment" and not low <= len(query.split()) <= high:
        problems.append(f"fragment query not {low}-{high} words: {query}")
    return problems


def expectation_problems(rows: list[dict], library) -> list[str]:
    """Unresolvable or missing expected articles, and rows whose kind contradicts `-`."""
    problems = []
    for row in rows:
        unanswerable = _is_unanswerable(row)
        if row["kind"] in UNANSWERABLE_KINDS and not unanswerable:
            problems.append(f"{row['kind']} query must expect '-': {row['query']}")
        if row["kind"] not in UNANSWERABLE_KINDS and unanswerable:
            problems.append(f"{row['kind']} query expects nothing: {row['query']}")
        try:
            keys = relevance.expected_keys(row["expected"], library)
        except ValueError as error:
            problems.append(f"{error}: {row['query']}")
            continue
        for slug, number in sorted(keys):
            entry = library.get(slug)
            if not entry.regulation.article(number):
                problems.append(f"no article {number} in {entry.title}: {row['query']}")
    return problems


def copy_problems(rows: list[dict], library) -> list[str]:
    """Queries that copy COPY_LENGTH or more consecutive characters of an expected article."""
    problems = []
    for row in rows:
        if row["kind"] in COPY_EXEMPT_KINDS or _is_unanswerable(row):
            continue
        for slug, number in sorted(_expected(row, library)):
            entry = library.get(slug)
            article = entry.regulation.article(number)
            runs = shared_runs(row["query"], article.text) if article else []
            if runs:
                problems.append(f"copies {'、'.join(runs)} from {entry.title} 第{number}条: {row['query']}")
    return problems


def regulation_counts(rows: list[dict], library) -> Counter:
    """Slug → number of queries that expect at least one of its articles."""
    counts = Counter()
    for row in rows:
        counts.update({title for title, _ in _expected(row, library)})
    return counts


def count_problems(rows: list[dict], library) -> list[str]:
    problems = []
    if len(rows) < MIN_TOTAL:
        problems.append(f"{len(rows)} queries, fewer than {MIN_TOTAL}")
    kinds = Counter(row["kind"] for row in rows)
    for kind, minimum in MIN_PER_KIND.items():
        if kinds[kind] < minimum:
            problems.append(f"kind {kind}: {kinds[kind]} queries, fewer than {minimum}")
    counts = regulation_counts(rows, library)
    for entry in library.entries:
        minimum = MIN_PER_MAIN_REGULATION if entry.title in MAIN_REGULATIONS else MIN_PER_REGULATION
        if counts[entry.slug] < minimum:
            problems.append(f"{entry.title}: expected by {counts[entry.slug]} queries, fewer than {minimum}")
    return problems


def split_problems(rows: list[dict]) -> list[str]:
    """Splits that differ from the hash rule, and kinds whose halves differ by more than the tolerance."""
    rule = split_of(rows)
    problems = [f"split is {row.get('split')!r}, the hash rule says {rule[row['query']]!r}: {row['query']}"
                for row in rows if row.get("split") != rule[row["query"]]]
    halves = defaultdict(Counter)
    for row in rows:
        halves[row["kind"]][row.get("split")] += 1
    for kind, counts in sorted(halves.items()):
        if abs(counts["tune"] - counts["heldout"]) > SPLIT_TOLERANCE:
            problems.append(f"kind {kind}: tune {counts['tune']}, heldout {counts['heldout']}")
    return problems


def check(rows: list[dict], library) -> list[str]:
    return (format_problems(rows) + expectation_problems(rows, library) + copy_problems(rows, library)
            + count_problems(rows, library) + split_problems(rows))


def print_summary(rows: list[dict], library) -> None:
    halves = defaultdict(Counter)
    for row in rows:
        halves[row["kind"]][row.get("split")] += 1
    print(f"{'kind':<12}{'n':>5}{'tune':>6}{'heldout':>9}")
    for kind in MIN_PER_KIND:
        counts = halves[kind]
        print(f"{kind:<12}{sum(counts.values()):>5}{counts['tune']:>6}{counts['heldout']:>9}")
    total = Counter(row["split"] for row in rows)
    print(f"{'total':<12}{len(rows):>5}{total['tune']:>6}{total['heldout']:>9}")
    print()
    counts = regulation_counts(rows, library)
    for entry in library.entries:
        print(f"{counts[entry.slug]:>4}  {entry.title}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default=str(OFFICERS), help="query set (TSV)")
    parser.add_argument("--summary", action="store_true", help="print counts per kind, split and regulation")
    args = parser.parse_args(argv)
    rows = load_queries(args.path)
    with tempfile.TemporaryDirectory() as root:
        _, library = fetch_library(Path(root) / "home")
        problems = check(rows, library)
        if args.summary:
            print_summary(rows, library)
    for problem in problems:
        print(problem)
    print(f"{len(rows)} queries, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
