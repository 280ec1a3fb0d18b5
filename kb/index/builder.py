"""Atomic, incremental index builds.

Every build writes a new generation folder beside the current one and then switches the
CURRENT pointer with one atomic rename: a crash or a bad text mid-build leaves the old
index answering. An incremental build starts from a hard-linked copy of the current
generation (whoosh never rewrites a file it has written) and redoes only regulations
whose sha256 changed. A generation holds the home jurisdiction's texts in its own folder
(so default-scope answers and their speed are those of the home's texts alone) and, when
other collections are stored, every text in `wide/`. Builds take turns under an OS file lock (`<index>/.build.lock`); a
build first removes the generation folders a killed build left behind."""

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock
from whoosh import index as whoosh_index

from kb.index import generations
from kb.index.generations import HOME_PART, WIDE_PART, engine_signature
from kb.index.schema import article_documents, build_schema
from kb.jurisdiction import home_jurisdiction, in_scope

BUILD_LOCK = ".build.lock"
PARALLEL_THRESHOLD = 5000  # articles; below this, process start-up costs more than it saves


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
    writer = ix.writer(**_writer_options(full, total))
    try:
        for slug in ([] if full else stale_slugs):
            writer.delete_by_term("slug", slug)
        done = 0
        for number, entry in enumerate(entries, 1):
            documents = list(article_documents(entry))
            for document in documents:
                writer.add_document(**document)
            done += len(documents)
            if progress:
                progress(number, len(entries), done, total, entry.title)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return total


def _writer_options(full, articles):
    # Indexing postings, not segmentation, dominates a large build (measured: whoosh
    # takes ~4x the jieba time); whoosh's own two processes split that work. They rely
    # on fork, so not on Windows.
    if full and articles >= PARALLEL_THRESHOLD and os.name == "posix":
        return {"procs": 2, "multisegment": True, "limitmb": 128}
    return {}
