"""Relevance floors: just under the figures bench/relevance.py prints today, so a change
that makes clause lookup worse fails here instead of silently shipping."""

import importlib.util

from tests.conftest import ROOT

FLOORS = {  # kind: (hit@1, hit@3)
    "overall": (0.90, 0.96),
    "citation": (1.0, 1.0),
    "colloquial": (0.84, 0.94),
    "legal": (0.96, 0.96),
    "penalty": (0.84, 0.96),
    "department": (0.94, 0.94),
    "cross": (0.84, 0.92),
    "out": (1.0, 1.0),
}


def _relevance_module():
    spec = importlib.util.spec_from_file_location("relevance", ROOT / "bench" / "relevance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_relevance_stays_above_its_floors(tmp_path, capsys):
    relevance = _relevance_module()
    queries = relevance.load_queries()
    assert len(queries) >= 120
    library, index = relevance.prepare(tmp_path / "home")
    table = relevance.figures(relevance.evaluate(library, index, queries))
    with capsys.disabled():
        print()
        for kind, row in table.items():
            print(f"relevance {kind:<11} n={row['n']:<4} hit@1={row['hit@1']:.3f} "
                  f"hit@3={row['hit@3']:.3f} hit@10={row['hit@10']:.3f} MRR={row['mrr']:.3f}")
    for kind, (hit1, hit3) in FLOORS.items():
        assert table[kind]["hit@1"] >= hit1, (kind, table[kind])
        assert table[kind]["hit@3"] >= hit3, (kind, table[kind])


# The tune half of tests/relevance/officers.tsv (never the held-out half: it is for reporting).
# long has 11 queries: one is 0.09 (asking who acts as intent, not content, moved one from
# first to second and another from outside the ten to sixth; 楼 widening to its synonym 楼层
# before 楼道, which that question names anyway, moved a third from first to second; judging
# MIN_COVERAGE on the words an article could hold moved a fourth from first to second, with
# the penalty it expects second under the river chiefs' duties).
TUNE_FLOORS = {"overall": (0.77, 0.90), "citation": (1.0, 1.0), "typo": (0.7, 0.9), "long": (0.45, 0.7),
               "everyday": (0.7, 0.85)}


def test_officers_tune_half_stays_above_its_floors(tmp_path):
    relevance = _relevance_module()
    queries = [q for q in relevance.load_queries(ROOT / "tests" / "relevance" / "officers.tsv")
               if q["split"] == "tune"]
    library, index = relevance.prepare(tmp_path / "home")
    rows = relevance.evaluate(library, index, queries)
    table = relevance.figures(rows)
    for kind, (hit1, hit3) in TUNE_FLOORS.items():
        assert table[kind]["hit@1"] >= hit1, (kind, table[kind])
        assert table[kind]["hit@3"] >= hit3, (kind, table[kind])
    counts = relevance.empty_counts(rows)
    assert counts["answerable_empty"][0] == 0          # a covered question is never empty
    calibrated = relevance.calibration(rows)
    direct_unanswerable, unanswerable = calibrated["unanswerable_direct"]
    assert direct_unanswerable <= 0.05 * unanswerable
    hits, direct = calibrated["direct_precision"]
    assert hits >= 0.9 * direct


def test_every_expected_article_exists(tmp_path):
    relevance = _relevance_module()
    library, _ = relevance.prepare(tmp_path / "home")
    for query in relevance.load_queries():
        for title, number in relevance.expected_keys(query["expected"], library):
            assert library.find(title).regulation.article(number), (query, title, number)


def test_the_nearest_article_an_unanswerable_rows_note_names_is_read_from_it(tmp_path):
    relevance = _relevance_module()
    _, library = relevance.fetch_library(tmp_path / "home")
    note = "检索“疫苗”“有效期”：最接近《济宁市养犬管理条例》第十一条，只规定免疫接种的时限，不能回答。"
    assert relevance.nearest_key(note, library) == ("dog-keeping", 11)
    assert relevance.nearest_key("检索“专利”：各条例均无", library) is None
    assert relevance.nearest_key("最接近《济宁市养犬管理条例》第九十九条", library) is None    # no such article
    rows = [{"expected": "-", "rank": 1, "answer": "related", "nearest": 2},
            {"expected": "-", "rank": 1, "answer": "related", "nearest": 0},
            {"expected": "-", "rank": 1, "answer": "none", "nearest": None}]
    assert relevance.calibration(rows)["nearest_shown"] == (1, 2)
