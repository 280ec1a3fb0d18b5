"""Atomic, incremental index builds.

Every build writes a new generation folder beside the current one and then switches the
CURRENT pointer with one atomic rename: a crash or a bad text mid-build leaves the old
index answering. An incremental build starts from a hard-linked copy of the current
generation (whoosh never rewrites a file it has written) and redoes only regulations
whose sha256 changed. Builds take turns under an OS file lock (`<index>/.build.lock`); a
build first removes the generation folders a killed build left behind."""

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock
from whoosh import index as whoosh_index

from kb import analysis
from kb.index.schema import SCHEMA_VERSION, article_documents, build_schema
from kb.store import atomic_write

KB_DIR = Path(__file__).resolve().parents[1]
POINTER = "CURRENT"
BUILD_LOCK = ".build.lock"
STATE = "regkb-state.json"
PARALLEL_THRESHOLD = 5000  # articles; below this, process start-up costs more than it saves


@dataclass
class BuildReport:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    articles: int = 0
    full: bool = False
    seconds: float = 0.0
    generation: str = ""

    @property
    def changed(self):
        return bool(self.added or self.removed)


def current_generation(index_dir):
    pointer = Path(index_dir) / POINTER
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    path = Path(index_dir) / name
    return path if name.startswith("gen-") and path.is_dir() else None


def read_state(generation):
    try:
        return json.loads((generation / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# Code that shapes index documents: when any of it changes, every regulation is redone.
DOCUMENT_CODE = ("index/schema.py", "legal.py", "sources/parser.py", "slugs.py")


def engine_signature():
    digest = hashlib.sha256(f"{SCHEMA_VERSION}-{analysis.signature()}".encode())
    for name in DOCUMENT_CODE:
        digest.update((KB_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def build(index_dir, regulations, progress=None, force=False):
    """Bring the index in `index_dir` up to date with `regulations` [(slug, Regulation)]."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(index_dir / BUILD_LOCK):
        return _build(index_dir, regulations, progress, force)


def _build(index_dir, regulations, progress, force):
    started = time.perf_counter()
    current = current_generation(index_dir)
    # With the build lock held, a generation other than the current one is either the
    # previous one (kept until now for readers that had it open) or a killed build's.
    _remove_old_generations(index_dir, keep={current.name if current else ""})
    wanted = {reg.title: (slug, reg) for slug, reg in regulations}
    state = read_state(current) if current else {}
    full = force or current is None or state.get("signature") != engine_signature()
    indexed = {} if full else state.get("regulations", {})
    report = BuildReport(full=full)
    report.added = [t for t, (_, reg) in wanted.items() if indexed.get(t) != reg.sha256]
    report.removed = [t for t in indexed if t not in wanted]
    if not full and not report.changed:
        report.generation = current.name
        report.seconds = time.perf_counter() - started
        return report
    generation = _new_generation(index_dir, None if full else current)
    try:
        report.articles = _write(generation, [wanted[t] for t in report.added],
                                 report.removed + report.added, full, progress)
        _write_state(generation, {t: reg.sha256 for t, (_, reg) in wanted.items()})
        _switch(index_dir, generation)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _remove_old_generations(index_dir, keep={generation.name, current.name if current else ""})
    report.generation = generation.name
    report.seconds = time.perf_counter() - started
    return report


def _new_generation(index_dir, base):
    generation = index_dir / f"gen-{time.time_ns()}-{os.getpid()}"
    if base is None:
        generation.mkdir()
        whoosh_index.create_in(str(generation), build_schema())
    else:
        shutil.copytree(base, generation, copy_function=_link_or_copy)
    return generation


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write(generation, regulations, stale_titles, full, progress):
    ix = whoosh_index.open_dir(str(generation))
    total = sum(len(reg.articles) for _, reg in regulations)
    writer = ix.writer(**_writer_options(full, total))
    try:
        for title in ([] if full else stale_titles):
            writer.delete_by_term("regulation", title)
        done = 0
        for number, (title, documents) in enumerate(_segmented(regulations), 1):
            for document in documents:
                writer.add_document(**document)
            done += len(documents)
            if progress:
                progress(number, len(regulations), done, total, title)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return total


def _segmented(regulations):
    """(title, documents) per regulation, in order."""
    for slug, regulation in regulations:
        yield regulation.title, list(article_documents(slug, regulation))


def _writer_options(full, articles):
    # Indexing postings, not segmentation, dominates a large build (measured: whoosh
    # takes ~4x the jieba time); whoosh's own two processes split that work. They rely
    # on fork, so not on Windows.
    if full and articles >= PARALLEL_THRESHOLD and os.name == "posix":
        return {"procs": 2, "multisegment": True, "limitmb": 128}
    return {}


def _write_state(generation, regulations):
    state = {"signature": engine_signature(), "regulations": regulations}
    atomic_write(generation / STATE, json.dumps(state, ensure_ascii=False).encode("utf-8"))


def _switch(index_dir, generation):
    atomic_write(index_dir / POINTER, generation.name.encode("utf-8"))


def _remove_old_generations(index_dir, keep):
    for path in index_dir.glob("gen-*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
