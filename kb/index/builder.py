"""Atomic, incremental index builds.

Every build writes a new generation folder beside the current one and then switches the
CURRENT pointer with one atomic rename: a crash or a bad text mid-build leaves the old
index answering. An incremental build starts from a hard-linked copy of the current
generation (whoosh never rewrites a file it has written) and redoes only regulations
whose sha256 changed. A generation holds the home jurisdiction's texts in its own folder
(so default-scope answers and their speed are those of the home's texts alone) and, when
other collections are stored, every text in `wide/`. Builds take turns under an OS file lock (`<index>/.build.lock`); a
build first removes the generation folders a killed build left behind."""

import multiprocessing
import os
import queue
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock
from whoosh import index as whoosh_index

from kb.index import generations
from kb.index.generations import HOME_PART, WIDE_PART, engine_signature
from kb.index.schema import article_documents, build_schema
from kb.index.segment import MemorySegmentWriter
from kb.jurisdiction import home_jurisdiction, in_scope

BUILD_LOCK = ".build.lock"
PARALLEL_THRESHOLD = 5000  # articles; below this, process start-up costs more than it saves
MAX_WRITERS = 4


@dataclass
class BuildReport:
    added: list = field(default_factory=list)       # slugs (re)indexed
    removed: list = field(default_factory=list)     # slugs dropped
    articles: int = 0
    full: bool = False
    seconds: float = 0.0
    generation: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def build(index_dir, entries, progress=None, force=False) -> BuildReport:
    """Bring the index in `index_dir` up to date with `entries` (kb.library.RegulationEntry).
    Builds take turns under an OS file lock."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(index_dir / BUILD_LOCK):
        return _build(index_dir, entries, progress, force)


def index_parts(entries, home: str) -> dict:
    """part → {slug: entry}: the home jurisdiction's texts (and those of none), and — only
    when some text is another jurisdiction's — every text."""
    everything = {entry.slug: entry for entry in entries}
    own = {slug: e for slug, e in everything.items() if in_scope(e.jurisdiction, "jining", home)}
    return {HOME_PART: own} if len(own) == len(everything) else {HOME_PART: own, WIDE_PART: everything}


def _changes(wanted, indexed):
    added = [slug for slug, entry in wanted.items() if indexed.get(slug) != entry.regulation.sha256]
    return added, [slug for slug in indexed if slug not in wanted]


def _build(index_dir, entries, progress, force):
    started = time.perf_counter()
    home = home_jurisdiction()
    parts = index_parts(entries, home)
    current = generations.current(index_dir)
    # With the build lock held, a generation other than the current one is either the
    # previous one (kept until now for readers that had it open) or a killed build's.
    generations.remove_others(index_dir, keep={current.name if current else ""})
    signature = engine_signature()
    full = force or current is None or current.signature != signature or current.home != home
    previous = {} if full else current.parts
    changes = {part: _changes(wanted, previous.get(part, {})) for part, wanted in parts.items()}
    report = BuildReport(full=full)
    report.added = list(dict.fromkeys(s for added, _ in changes.values() for s in added))
    report.removed = list(dict.fromkeys(s for _, removed in changes.values() for s in removed
                                        if s not in parts.get(WIDE_PART, parts[HOME_PART])))
    dropped = set(previous) - set(parts)
    if not full and not any(a or r for a, r in changes.values()) and not dropped:
        report.generation = current.name
        report.seconds = time.perf_counter() - started
        return report
    folder = _new_generation(index_dir, None if full else current.path)
    try:
        for part in dropped:
            shutil.rmtree(folder / part, ignore_errors=True)
        for part, (added, removed) in changes.items():
            target = folder / part if part else folder
            fresh = full or part not in previous
            if fresh and part:
                target.mkdir()
                whoosh_index.create_in(str(target), build_schema())
            report.articles += _write(target, [parts[part][s] for s in added], removed + added, fresh, progress)
        generations.write_state(folder, signature, {s: e.regulation.sha256 for s, e in _all(parts).items()},
                                parts={p: {s: e.regulation.sha256 for s, e in w.items()} for p, w in parts.items()},
                                home=home)
        generations.switch(index_dir, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    generations.remove_others(index_dir, keep={folder.name, current.name if current else ""})
    report.generation = folder.name
    report.seconds = time.perf_counter() - started
    return report


def _all(parts):
    return parts.get(WIDE_PART, parts[HOME_PART])


def _new_generation(index_dir, base):
    folder = generations.new_folder(index_dir)
    if base is None:
        folder.mkdir()
        whoosh_index.create_in(str(folder), build_schema())
    else:
        shutil.copytree(base, folder, copy_function=_link_or_copy)
    return folder


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write(folder, entries, stale_slugs, full, progress):
    ix = whoosh_index.open_dir(str(folder))
    total = sum(len(entry.regulation.articles) for entry in entries)
    writers = _writer_count(total) if full else 1
    writer = MemorySegmentWriter(ix)
    try:
        if writers > 1:
            _write_in_parallel(writer, ix, entries, writers, total, progress)
        else:
            for slug in ([] if full else stale_slugs):
                writer.delete_by_term("slug", slug)
            _add(writer, entries, _Progress(progress, len(entries), total))
            writer.commit()
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    return total


def _writer_count(articles):
    # One segment per process, each analysing and writing its share: fork only (not on
    # Windows), and no more than MAX_WRITERS segments for a search to read.
    if articles < PARALLEL_THRESHOLD or os.name != "posix":
        return 1
    return max(1, min(MAX_WRITERS, len(os.sched_getaffinity(0))))


def _add(writer, entries, report):
    for entry in entries:
        documents = list(article_documents(entry))
        for document in documents:
            writer.add_document(**document)
        report(len(documents), entry.title)


class _Progress:
    """Calls `progress(regulations done, of, articles done, of, title)` as work is reported."""

    def __init__(self, progress, regulations, articles):
        self.progress, self.regulations, self.articles = progress, regulations, articles
        self.done_regulations = self.done_articles = 0

    def __call__(self, articles, title):
        self.done_regulations += 1
        self.done_articles += articles
        if self.progress:
            self.progress(self.done_regulations, self.regulations, self.done_articles, self.articles, title)


def _write_in_parallel(writer, ix, entries, writers, total, progress):
    """A fresh index written as `writers` segments at once: this process writes the first
    share, forked children the others; the segments are committed together, in the order
    of `entries`, or not at all."""
    shares = _shares(entries, writers)
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    children = [context.Process(target=_write_share, args=(ix, share, number, messages), daemon=True)
                for number, share in enumerate(shares[1:], 1)]
    for child in children:
        child.start()
    report = _Progress(progress, len(entries), total)
    segments = {}
    try:
        def relay(articles, title):
            report(articles, title)
            _drain(messages, report, segments, block=False)

        _add(writer, shares[0], relay)
        own = writer._finalize_segment()
        while len(segments) < len(children):
            if _drain(messages, report, segments, block=True):
                continue
            lost = [n for n, child in enumerate(children, 1) if not child.is_alive() and n not in segments]
            if lost and not _drain(messages, report, segments, block=False):
                raise RuntimeError("索引写入进程意外退出，本次重建未生效")
        ordered = [own] + [segments[n] for n in range(1, len(shares))]
        writer._commit_toc(ordered)
        writer._finish()
    finally:
        for child in children:
            child.join(timeout=5)
            if child.is_alive():
                child.kill()


def _shares(entries, count):
    """`entries` in `count` consecutive runs of about as much text each (the work of a
    share goes with its characters more than with its articles)."""
    sizes = [sum(len(article.text) for article in entry.regulation.articles) for entry in entries]
    total = sum(sizes)
    shares, current, done = [[] for _ in range(count)], 0, 0
    for entry, size in zip(entries, sizes):
        if current < count - 1 and done >= total * (current + 1) / count:
            current += 1
        shares[current].append(entry)
        done += size
    return [share for share in shares if share] or [[]]


def _write_share(ix, entries, number, messages):
    try:
        writer = MemorySegmentWriter(ix, _lk=False)
        _add(writer, entries, lambda articles, title: messages.put(("progress", articles, title)))
        messages.put(("segment", number, writer._finalize_segment()))
    except BaseException as error:  # the parent raises it; a child must not die silently
        messages.put(("error", number, f"{type(error).__name__}: {error}"))


def _drain(messages, report, segments, block):
    """Handles the children's messages; True if any came."""
    came = False
    while True:
        try:
            kind, *rest = messages.get(timeout=1) if block and not came else messages.get_nowait()
        except queue.Empty:
            return came
        came = True
        if kind == "progress":
            report(*rest)
        elif kind == "segment":
            segments[rest[0]] = rest[1]
        else:
            raise RuntimeError(f"索引写入进程出错，本次重建未生效：{rest[1]}")
