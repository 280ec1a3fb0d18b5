"""The officers' query sets (tests/relevance/officers.tsv, officers2.tsv, officers3.tsv, officers4.tsv) keep the rules
they were written under: no query copies its article, every regulation and kind has its minimum, the split is
the hash rule and halves each kind, and every expected article exists in the stored texts.
The rules themselves live in bench/check_queryset.py."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JINING = ROOT.parent / "shared" / "regulations" / "jining"

pytestmark = pytest.mark.skipif(not JINING.is_dir(),
                                reason=f"../shared is missing: the query set is checked against {JINING}")


def _checker():
    spec = importlib.util.spec_from_file_location("check_queryset", ROOT / "bench" / "check_queryset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checker():
    return _checker()


@pytest.fixture(scope="module", params=["officers.tsv", "officers2.tsv", "officers3.tsv", "officers4.tsv"])
def rows(checker, request):
    return checker.load_queries(checker.OFFICERS.parent / request.param)


@pytest.fixture(scope="module")
def library(checker, tmp_path_factory):
    _, library = checker.fetch_library(tmp_path_factory.mktemp("queryset") / "home")
    return library


def test_rows_are_well_formed(checker, rows):
    assert checker.format_problems(rows) == []


def test_every_expected_citation_resolves_to_a_stored_article(checker, rows, library):
    assert checker.expectation_problems(rows, library) == []


def test_no_query_copies_four_characters_of_its_article(checker, rows, library):
    assert checker.copy_problems(rows, library) == []


def test_every_regulation_and_kind_has_its_minimum(checker, rows, library):
    assert checker.count_problems(rows, library) == []
    assert len(library.entries) == 11


def test_split_is_the_hash_rule_and_balanced_within_each_kind(checker, rows):
    assert checker.split_problems(rows) == []


def test_the_copy_check_finds_a_copied_run(checker, library):
    row = {"kind": "everyday", "query": "遛犬不拴绳（链）怎么办", "expected": "养犬条例第6条",
           "split": "tune", "note": "-"}
    assert checker.copy_problems([row], library) == [
        "copies 不拴绳链、犬不拴绳、遛犬不拴 from 济宁市养犬管理条例 第6条: 遛犬不拴绳（链）怎么办"]
    citation = dict(row, kind="citation")
    assert checker.copy_problems([citation], library) == []


def test_the_split_rule_halves_each_kind_and_appending_moves_no_row(checker):
    rows = [{"kind": kind, "query": f"{kind}{i}"} for kind in ("a", "b") for i in range(40)]
    splits = checker.split_of(rows)
    for kind in ("a", "b"):
        halves = [splits[r["query"]] for r in rows if r["kind"] == kind]
        assert abs(halves.count("tune") - halves.count("heldout")) <= checker.SPLIT_TOLERANCE
    appended = checker.split_of(rows + [{"kind": "a", "query": f"a{i}"} for i in range(40, 60)])
    assert {query: appended[query] for query in splits} == splits
