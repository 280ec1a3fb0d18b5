"""kb.legal scored against the hand-checked penalty map (tests/legal/penalty_map.tsv)."""

import importlib.util

import pytest

from tests.conftest import JINING, ROOT

spec = importlib.util.spec_from_file_location("legal_accuracy", ROOT / "bench" / "legal_accuracy.py")
accuracy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(accuracy)

# Floors: the targets of issue 11 (article level R ≥ 0.95, P ≥ 0.97); fines and departments exact.
FLOORS = {"article": (0.97, 0.95), "paragraph": (0.97, 0.95)}


@pytest.fixture(scope="module")
def scores():
    return accuracy.score_all(JINING)


@pytest.mark.parametrize("part", ["develop", "held-out"])
@pytest.mark.parametrize("level", ["article", "paragraph"])
def test_links_meet_the_floors(scores, part, level):
    precision, recall = FLOORS[level]
    score = scores[part]
    assert score.precision(level) >= precision, score.wrong
    assert score.recall(level) >= recall, score.wrong


@pytest.mark.parametrize("part", ["develop", "held-out"])
def test_every_fine_and_department_is_exact(scores, part):
    score = scores[part]
    assert score.fines[0] == score.fines[1], score.wrong
    assert score.departments[0] == score.departments[1], score.wrong
    assert score.generic[0] == score.generic[1]


def test_the_map_covers_every_regulation_with_penalties(scores):
    titles = {e.regulation for e in accuracy.load_map()}
    assert len(titles) == 10        # 制定地方性法规条例 has no penalty clause
