"""kb.index.segment writes what whoosh's own writer writes, and a full build split across
processes commits all of its segments or none."""

import os
import signal

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, UnknownFieldError
from whoosh.writing import SegmentWriter

from kb.index import builder, generations
from kb.index.builder import build
from kb.index.schema import article_documents, build_schema
from kb.index.segment import MemorySegmentWriter
from kb.library import Library
from kb.snapshot import Snapshot


def _contents(folder):
    """Every term's statistics, place in the postings file and postings; every stored document."""
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        terms = {}
        for fieldname, btext in reader.all_terms():
            info = reader.term_info(fieldname, btext)
            terms[fieldname, btext] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                       info.max_weight(), list(reader.postings(fieldname, btext).all_items()))
        stored = [reader.stored_fields(n) for n in range(reader.doc_count_all())]
        segments = [(s.doc_count_all(), s.deleted_count()) for s in ix._segments()]
    return terms, stored, segments


def _write(folder, writer_class, batches):
    """Each batch is (slugs to delete, documents to add), one commit per batch."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    for deleted, documents in batches:
        writer = writer_class(ix)
        for slug in deleted:
            writer.delete_by_term("slug", slug)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
    return _contents(folder)


@pytest.fixture(scope="module")
def documents(_built_jining):
    return {e.slug: list(article_documents(e)) for e in Library(_built_jining).entries}


def test_one_commit_writes_whooshs_postings(tmp_path, documents):
    every = [d for docs in documents.values() for d in docs]
    ours = _write(tmp_path / "ours", MemorySegmentWriter, [((), every)])
    theirs = _write(tmp_path / "whoosh", SegmentWriter, [((), every)])
    assert len(ours[0]) > 10000 and ours == theirs


def test_spaced_words_index_as_whooshs_text_field(documents):
    schema = build_schema()
    plain = {name: TEXT(analyzer=schema[name].analyzer, phrase=False) for name in ("words", "grams", "context")}
    for name, field in plain.items():
        field.format = type(schema[name].format)(field_boost=schema[name].format.field_boost)
    values = [d[name] for docs in documents.values() for d in docs for name in plain]
    values += ["", " ", "a  b\tb\r\nb", "犬 " * 300, "\u3000犬\u3000", "ｘ y\x00z"]
    for value in values:
        for name, field in plain.items():
            assert sorted(schema[name].index(value)) == sorted(field.index(value)), (name, value[:40])
    for garbage in (5, b"x", None):
        with pytest.raises(ValueError):
            list(schema["words"].index(garbage))


def test_deletions_and_merged_segments_are_whooshs(tmp_path, documents):
    # Small commits: whoosh merges the small segments into the next writer, through its pool.
    slugs = sorted(documents)
    batches = [((), documents[slugs[0]] + documents[slugs[1]]), ((), documents[slugs[2]]),
               ((slugs[0],), documents[slugs[3]] + documents[slugs[0]]), ((slugs[2], slugs[3]), [])]
    ours = _write(tmp_path / "ours", MemorySegmentWriter, batches)
    theirs = _write(tmp_path / "whoosh", SegmentWriter, batches)
    assert ours == theirs


def test_garbage_documents_are_refused_and_the_index_keeps_its_last_commit(tmp_path, documents):
    first = documents[sorted(documents)[0]]
    folder = tmp_path / "ix"
    before = _write(folder, MemorySegmentWriter, [((), first)])
    ix = whoosh_index.open_dir(str(folder))
    for garbage in ({"nofield": "x"}, {"words": b"\xff\xfe"}, {"words": 5}, {"words": "\ud800"}):
        writer = MemorySegmentWriter(ix)
        writer.add_document(**first[0])
        with pytest.raises((UnknownFieldError, ValueError, UnicodeEncodeError)):
            writer.add_document(**garbage)
        writer.cancel()
    assert _contents(folder) == before


@pytest.fixture
def split_build(monkeypatch):
    """Builds of the 11 Jining texts (547 articles) split across processes."""
    monkeypatch.setattr(builder, "PARALLEL_THRESHOLD", 100)
    monkeypatch.setattr(builder, "_writer_count", lambda articles: 3)


def _answers(home):
    index = Snapshot.open(home).index
    return [[(h.slug, h.article, round(h.score, 9)) for h in index.search(q).hits]
            for q in ("犬只", "遛狗不拴绳怎么罚", "燃放烟花爆竹", "城市管理部门", "第十五条")]


def test_a_split_build_answers_as_one_process_does(jining_home, split_build):
    whole = _answers(jining_home)
    before = _contents(generations.current(jining_home.index_dir).path)[1]
    seen = []
    report = build(jining_home.index_dir, Library(jining_home).entries, force=True,
                   progress=lambda *args: seen.append(args))
    folder = generations.current(jining_home.index_dir).path
    terms, stored, segments = _contents(folder)
    assert report.full and len(segments) == 3 and sum(n for n, _ in segments) == 547
    assert stored == before     # the same documents in the same order
    assert _answers(jining_home) == whole
    assert len(seen) == 11 and seen[-1][:4] == (11, 11, 547, 547)
    assert sorted(title for *_, title in seen) == sorted(e.title for e in Library(jining_home).entries)


class _Boom(Exception):
    pass


def _fail_in_a_child(monkeypatch, how, slug):
    parent, real = os.getpid(), builder.article_documents

    def documents(entry):
        if os.getpid() != parent and entry.slug == slug:
            if how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise _Boom("坏文本")
        return real(entry)
    monkeypatch.setattr(builder, "article_documents", documents)


@pytest.mark.parametrize("how, message", [("raise", "索引写入进程出错.*_Boom: 坏文本"), ("kill", "意外退出")])
def test_a_failing_or_killed_writer_process_leaves_the_old_index(jining_home, split_build, monkeypatch, how, message):
    entries = Library(jining_home).entries
    last = builder._shares(entries, 3)[-1][-1].slug     # written by the last child
    before = generations.current(jining_home.index_dir)
    whole = _answers(jining_home)
    _fail_in_a_child(monkeypatch, how, last)
    with pytest.raises(RuntimeError, match=message):
        build(jining_home.index_dir, entries, force=True)
    assert generations.current(jining_home.index_dir).name == before.name
    assert [p.name for p in jining_home.index_dir.glob("gen-*")] == [before.name]
    assert _answers(jining_home) == whole


@pytest.mark.parametrize("count", [1, 2, 3, 7, 20])
def test_shares_keep_the_order_and_split_the_text(documents, _built_jining, count):
    entries = Library(_built_jining).entries
    shares = builder._shares(entries, count)
    assert [e.slug for share in shares for e in share] == [e.slug for e in entries]
    assert len(shares) <= min(count, len(entries)) and all(shares)
    sizes = [sum(len(a.text) for e in share for a in e.regulation.articles) for share in shares]
    largest = max(sum(len(a.text) for a in e.regulation.articles) for e in entries)
    assert max(sizes) - min(sizes) <= 2 * largest
