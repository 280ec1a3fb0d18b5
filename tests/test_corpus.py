"""Every file of the national corpus is parsed or rejected with a one-line reason."""

from collections import Counter

from kb.errors import SourceError
from kb.sources.parser import parse_file
from tests.conftest import CORPUS


def test_whole_corpus_goes_through(capsys):
    files = sorted(CORPUS.rglob("*.md"))
    assert len(files) == 3475
    tally, reasons, articles = Counter(), Counter(), 0
    for path in files:
        try:
            regulation = parse_file(path)
        except SourceError as error:
            assert "\n" not in str(error) and str(path) in str(error)
            tally["rejected"] += 1
            reasons[error.reason] += 1
            if "案例" in path.parts:
                tally["rejected cases"] += 1
            continue
        articles += len(regulation.articles)
        tally["complete" if regulation.complete else "incomplete"] += 1
    cases = sum(1 for p in files if "案例" in p.parts)
    assert tally["rejected cases"] == cases, "案例/ files are cases, not regulations"
    assert tally["complete"] + tally["incomplete"] + tally["rejected"] == len(files)
    assert articles > 140_000
    with capsys.disabled():
        print(f"\ncorpus tally: {len(files)} files, {tally['complete']} complete, "
              f"{tally['incomplete']} incomplete, {tally['rejected']} rejected "
              f"({cases} of them cases), {articles} articles; reasons: {dict(reasons)}")
