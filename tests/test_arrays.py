"""kb.search.arrays against whoosh itself: the same documents, the same scores (up to the
order of additions), the same order, the same facet counts; deletions, threads, garbage."""

import copy
import csv
import threading

import numpy as np
import pytest
from whoosh.query import And, Not, Or, Term

from kb.index.builder import build
from kb.library import Library
from kb.search.arrays import ArrayIndex, Matches
from kb.search.query import parse_query
from kb.search.searcher import FILTER_FIELDS
from kb.snapshot import Snapshot
from tests.conftest import ROOT

QUERIES = ROOT / "tests" / "relevance" / "officers.tsv"


def officer_queries() -> list:
    with open(QUERIES, encoding="utf-8", newline="") as handle:
        return [row["query"] for row in csv.DictReader(handle, delimiter="\t")]


def whoosh_queries(index) -> list:
    vocabulary, terms = index.vocabulary()
    parsed = [parse_query(q, lambda ch: vocabulary.get(ch, []), terms.__contains__, index.widen)
              for q in officer_queries()]
    return [p.whoosh_query for p in parsed if p.whoosh_query is not None]


def assert_same_as_whoosh(searcher, arrays, query, restrict=None, allowed=None):
    expected = [(hit.docnum, hit.score) for hit in searcher.search(query, limit=None, filter=restrict)]
    got = arrays.matches(query, allowed)
    assert got.ids.tolist() == sorted(d for d, _ in expected)
    ranked = got.top(len(got))
    np.testing.assert_allclose([s for _, s in ranked], [s for _, s in expected], rtol=1e-12)
    # whoosh orders documents of equal scores by number, but its own sums of the same
    # terms can differ in the last bit; rounded, both orders are one.
    def order(pairs):
        return [d for d, _ in sorted(pairs, key=lambda p: (-round(p[1], 9), p[0]))]
    assert order(ranked) == order(expected)


@pytest.fixture(scope="module")
def wide(subset_home):
    index = Snapshot.open(subset_home).wide
    assert index is not None
    return index


def test_every_officer_query_matches_and_scores_as_whoosh(wide, jining_index):
    for index in (wide, jining_index):
        searcher = index._index.searcher()
        arrays = ArrayIndex(index._index.searcher())
        queries = whoosh_queries(index)
        assert len(queries) > 300
        for query in queries:
            assert_same_as_whoosh(searcher, arrays, query)


def test_filters_are_whooshs_filters(wide):
    searcher = wide._index.searcher()
    arrays = wide.arrays()
    restrict = And([Or([Term("jurisdiction", "青岛市"), Term("jurisdiction", "全国")]), Term("penalty", True)])
    mask = arrays.mask(restrict)
    assert np.flatnonzero(mask).tolist() == sorted(searcher.docs_for_query(restrict))
    assert arrays.mask(restrict) is mask          # a scope repeats: read once
    for query in whoosh_queries(wide)[:60]:
        assert_same_as_whoosh(searcher, arrays, query, restrict=restrict, allowed=mask)


def test_facet_counts_are_the_indexed_values(wide):
    reader = wide._index.reader()
    everything = np.ones(reader.doc_count_all(), dtype=bool)
    for name, field_name in FILTER_FIELDS.items():
        expected = {}
        for term, _ in reader.iter_field(field_name):
            expected[term] = len(list(reader.postings(field_name, term).all_ids()))
        pairs, omitted = ArrayIndex(wide._index.searcher()).facet(field_name, bytes).counts(everything)
        assert dict(pairs) == expected and omitted == 0, name
        few, more = ArrayIndex(wide._index.searcher()).facet(field_name, bytes).counts(everything, 1)
        assert few == pairs[:1] and more == len(pairs) - 1


def test_facet_counts_follow_the_chosen_documents(wide):
    facet = wide.arrays().facet("jurisdiction", lambda term: term.decode("utf-8"))
    chosen = wide.arrays().mask(Term("jurisdiction", "东营市"))
    assert [value for value, _ in facet.counts(chosen)[0]] == ["东营市"]
    assert facet.counts(np.zeros_like(chosen)) == ([], 0)


def test_deleted_documents_are_not_matched(jining_home):
    entries = Library(jining_home).entries
    build(jining_home.index_dir, entries)
    changed = []
    for entry in entries:
        if entry.slug == "dog-keeping":
            entry = copy.deepcopy(entry)
            entry.text_changed()
            entry.regulation.articles[0].paragraphs[0].text = "养犬人应当文明养犬，遵守本条例。"
            entry.regulation.sha256 = "0" * 64
        changed.append(entry)
    build(jining_home.index_dir, changed)       # incremental: the old documents are deleted
    index = Snapshot.open(jining_home).index
    reader = index._index.reader()
    assert reader.has_deletions()
    searcher, arrays = index._index.searcher(), index.arrays()
    for query in whoosh_queries(index)[:80]:
        assert_same_as_whoosh(searcher, arrays, query)
    deleted = {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}
    assert not deleted & set(arrays.matches(Term("words", "养犬")).ids.tolist())
    before = [h.as_json() for h in index.search("遛狗不拴绳怎么罚").hits]
    index.warm_up()         # reads every stored document, the deleted ones too, without error
    assert index.stored.cache_info().currsize == reader.doc_count_all()
    assert [h.as_json() for h in index.search("遛狗不拴绳怎么罚").hits] == before


FIELDS = ("words", "context", "grams")


def _reads(arrays) -> list:
    """Record each term the ArrayIndex reads from disk from now on."""
    read, real = [], arrays._postings

    def recording(field_name, btext):
        read.append((field_name, btext))
        return real(field_name, btext)

    arrays._postings = recording
    return read


def test_a_loaded_index_answers_as_whoosh_without_reading_the_disk(jining_index):
    searcher = jining_index._index.searcher()
    arrays = ArrayIndex(jining_index._index.searcher())
    arrays.load(FIELDS)
    read = _reads(arrays)
    for query in whoosh_queries(jining_index):
        assert_same_as_whoosh(searcher, arrays, query)
    assert len(arrays.matches(Term("words", "从未出现过的词语词语"))) == 0
    assert len(arrays.matches(Term("grams", "𠀀𠀁"))) == 0
    assert read == []       # neither a term it holds nor one it does not


@pytest.mark.parametrize("share", [0.3, 0.5, 0.7, 0.9, 0.99])
def test_a_field_whose_terms_push_each_other_out_is_never_taken_as_loaded(jining_index, monkeypatch, share):
    # Loading a field bigger than the cache lets its own first terms go as the last come in:
    # each term must still be found, read again from disk, not taken to be in no article.
    sizing = ArrayIndex(jining_index._index.searcher())
    sizing.load(("context", "words"))
    monkeypatch.setattr("kb.search.arrays.CACHE_POSTINGS", int(sizing._held * share))
    arrays = ArrayIndex(jining_index._index.searcher())
    arrays.load(("context", "words"))
    reader = jining_index._index.reader()
    for field_name in ("context", "words"):
        for btext in reader.lexicon(field_name):
            expected = sorted(reader.postings(field_name, btext).all_ids())
            got = arrays.matches(Term(field_name, btext.decode("utf-8"))).ids.tolist()
            assert got == expected, (field_name, btext.decode("utf-8"))


def test_a_warmed_up_index_searches_as_a_cold_one(jining_home):
    cold, warm = Snapshot.open(jining_home).index, Snapshot.open(jining_home).index
    warm.warm_up()
    for query in officer_queries()[::3]:
        assert [h.as_json() for h in warm.search(query).hits] == [h.as_json() for h in cold.search(query).hits]


def test_threads_reading_cold_terms_get_the_serial_answers(wide):
    queries = whoosh_queries(wide)[:80]
    serial = ArrayIndex(wide._index.searcher())
    expected = [serial.matches(q).top(20) for q in queries]
    shared = ArrayIndex(wide._index.searcher())
    answers, errors = {}, []

    def work(worker):
        try:
            answers[worker] = [shared.matches(q).top(20) for q in queries[worker::2] + queries]
        except Exception as error:      # noqa: BLE001 — reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for worker, got in answers.items():
        assert got[-len(queries):] == expected, worker


def test_odd_queries(wide):
    arrays = wide.arrays()
    assert len(arrays.matches(None)) == 0
    assert len(arrays.matches(Term("no-such-field", "养犬"))) == 0
    assert len(arrays.matches(Term("words", "从未出现过的词语词语"))) == 0
    assert len(arrays.matches(Or([]))) == 0
    assert len(arrays.matches(And([Term("words", "养犬"), Term("words", "从未出现过的词语词语")]))) == 0
    one = arrays.matches(Or([Term("words", "养犬")], boost=3.0))     # whoosh ignores it too
    assert one.scores.tolist() == arrays.matches(Term("words", "养犬")).scores.tolist()
    with pytest.raises(TypeError):
        arrays.matches(Not(Term("words", "养犬")))


def test_top_of_few_and_of_ties():
    matches = Matches(np.array([3, 5, 8, 9]), np.array([1.0, 2.0, 2.0, 0.5]))
    assert matches.top(0) == [] and matches.top(-2) == []
    assert matches.top(2) == [(5, 2.0), (8, 2.0)]
    assert matches.top(3) == [(5, 2.0), (8, 2.0), (3, 1.0)]
    assert matches.top(99) == [(5, 2.0), (8, 2.0), (3, 1.0), (9, 0.5)]
    tied = Matches(np.array([2, 4, 7]), np.array([1.0, 1.0, 1.0]))
    assert tied.top(2) == [(2, 1.0), (4, 1.0)]
