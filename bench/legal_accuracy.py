"""Score kb.legal's penalty ↔ duty links against the hand-checked map
tests/legal/penalty_map.tsv (see tests/legal/README.md), per regulation and for the develop
and held-out parts: precision and recall of links at article and at 款 level, and whether
each penalty clause's fine amounts and enforcing departments are exactly as in the map.

    python bench/legal_accuracy.py [--jining DIR]
"""

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.legal import regulation_facts  # noqa: E402
from kb.sources.parser import parse_file  # noqa: E402

MAP_PATH = ROOT / "tests" / "legal" / "penalty_map.tsv"
JINING = ROOT.parent / "shared" / "regulations" / "jining"


@dataclass
class Entry:
    regulation: str
    part: str
    penalty: tuple          # (article, paragraph)
    how: str
    duties: list            # [(article, paragraph, item)]
    departments: set
    fines: set


@dataclass
class Score:
    part: str = ""
    links: dict = field(default_factory=lambda: {"article": [0, 0, 0], "paragraph": [0, 0, 0]})  # tp, fp, fn
    fines: list = field(default_factory=lambda: [0, 0])             # exact, checked
    departments: list = field(default_factory=lambda: [0, 0])
    generic: list = field(default_factory=lambda: [0, 0])
    wrong: list = field(default_factory=list)

    def precision(self, level: str) -> float:
        tp, fp, _ = self.links[level]
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, level: str) -> float:
        tp, _, fn = self.links[level]
        return tp / (tp + fn) if tp + fn else 1.0

    def add(self, other: "Score") -> None:
        for level in self.links:
            self.links[level] = [a + b for a, b in zip(self.links[level], other.links[level], strict=True)]
        for name in ("fines", "departments", "generic"):
            setattr(self, name, [a + b for a, b in zip(getattr(self, name), getattr(other, name), strict=True)])
        self.wrong.extend(other.wrong)


def _location(text):
    numbers = [int(n) for n in text.split("-")]
    return tuple(numbers + [0] * (3 - len(numbers)))


def _set(text, sep):
    return set() if text == "-" else set(text.split(sep))


def load_map(path: Path = MAP_PATH) -> list:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        regulation, part, penalty, how, duties, departments, amounts = line.split("\t")
        entries.append(Entry(regulation, part, _location(penalty)[:2], how,
                             [] if duties == "-" else [_location(d) for d in duties.split(",")],
                             _set(departments, ","), _set(amounts, "|")))
    return entries


def _normalise(regulation, article, paragraph):
    """款 level: a single-款 article's 款 is the article itself."""
    found = regulation.article(article)
    return (article, 0 if found is None or len(found.paragraphs) == 1 else paragraph)


def predicted(regulation) -> dict:
    """(penalty article, 款) → {"duties": {(article, 款, 项)}, "generic": bool, "fines", "departments"}."""
    found = defaultdict(lambda: {"duties": set(), "generic": False, "fines": set(), "departments": set()})
    for article in regulation.articles:
        for link in regulation_facts_cache(regulation)[article.key].penalizes:
            slot = found[(article.number, link.own_paragraph)]
            if link.how == "generic":
                slot["generic"] = True
                continue
            slot["duties"].add((link.article, link.paragraph, link.item))
            slot["fines"] |= {f.amount for f in link.fines}
            slot["departments"] |= set(link.departments)
    return found


_FACTS = {}


def regulation_facts_cache(regulation):
    if id(regulation) not in _FACTS:
        _FACTS[id(regulation)] = regulation_facts(regulation)
    return _FACTS[id(regulation)]


def score_regulation(regulation, entries: list) -> Score:
    score = Score(part=entries[0].part if entries else "")
    guess = predicted(regulation)
    wanted = {"article": set(), "paragraph": set()}
    for entry in entries:
        got = guess.get(entry.penalty, {"duties": set(), "generic": False, "fines": set(), "departments": set()})
        if entry.how == "generic":
            score.generic[1] += 1
            score.generic[0] += got["generic"] and not got["duties"]
            continue
        for duty in entry.duties:
            wanted["article"].add((entry.penalty[0], duty[0]))
            wanted["paragraph"].add((entry.penalty, _normalise(regulation, duty[0], duty[1])))
        score.fines[1] += 1
        score.fines[0] += got["fines"] == entry.fines
        score.departments[1] += 1
        score.departments[0] += got["departments"] == entry.departments
        if got["fines"] != entry.fines:
            score.wrong.append(f"{regulation.title} {entry.penalty}: 罚款 {sorted(got['fines'])} ≠ {sorted(entry.fines)}")
        if got["departments"] != entry.departments:
            score.wrong.append(f"{regulation.title} {entry.penalty}: 部门 {sorted(got['departments'])} ≠ "
                               f"{sorted(entry.departments)}")
    have = {"article": {(p[0], d[0]) for p, slot in guess.items() for d in slot["duties"]},
            "paragraph": {(p, _normalise(regulation, d[0], d[1])) for p, slot in guess.items() for d in slot["duties"]}}
    for level in ("article", "paragraph"):
        tp, fp, fn = have[level] & wanted[level], have[level] - wanted[level], wanted[level] - have[level]
        score.links[level] = [len(tp), len(fp), len(fn)]
        score.wrong.extend(f"{regulation.title} {level}: 多出 {x}" for x in sorted(fp))
        score.wrong.extend(f"{regulation.title} {level}: 缺少 {x}" for x in sorted(fn))
    return score


def score_all(jining: Path = JINING, path: Path = MAP_PATH) -> dict:
    """Score per regulation title, plus "develop" and "held-out" totals."""
    entries = load_map(path)
    parts = {e.regulation: e.part for e in entries}
    scores = {"develop": Score(part="develop"), "held-out": Score(part="held-out")}
    for file in sorted(Path(jining).glob("*.md")):
        regulation = parse_file(file)
        mine = [e for e in entries if e.regulation == regulation.title]
        score = score_regulation(regulation, mine)
        score.part = parts.get(regulation.title, "develop")
        scores[regulation.title] = score
        scores[score.part].add(score)
    return scores


def _line(name, score):
    return (f"{name:<24} {score.part:<9} 条 P={score.precision('article'):.3f} R={score.recall('article'):.3f}  "
            f"款 P={score.precision('paragraph'):.3f} R={score.recall('paragraph'):.3f}  "
            f"罚款 {score.fines[0]}/{score.fines[1]}  部门 {score.departments[0]}/{score.departments[1]}  "
            f"概括条款 {score.generic[0]}/{score.generic[1]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jining", type=Path, default=JINING)
    args = parser.parse_args(argv)
    scores = score_all(args.jining)
    for name, score in scores.items():
        if name not in ("develop", "held-out"):
            print(_line(name.removeprefix("济宁市"), score))
    for name in ("develop", "held-out"):
        print(_line(f"== {name}", scores[name]))
    wrong = [w for name in ("develop", "held-out") for w in scores[name].wrong]
    print("\n".join(["", "仍不正确："] + wrong) if wrong else "\n全部与人工核对表一致。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
