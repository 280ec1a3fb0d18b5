#!/usr/bin/env python3
"""Benchmark of the clause index (kb.index / kb.search) beside a naive baseline built in
the same run: whoosh + jieba.analyse.ChineseAnalyzer, one document per article, the default
writer, QueryParser with OrGroup and hit.highlights() for snippets.

    python bench/bench_index.py --quick            # Jining set only (about a minute)
    python bench/bench_index.py --out full.json    # Jining set and the full corpus

Every heavy phase runs in a fresh worker process (this script started with --worker), so
each one's peak memory (ru_maxrss) is its own and no phase warms another's caches. Indexes
live in one temporary directory, removed at the end. Texts are read in place from
../shared and never copied. See bench/README.md for what each figure means."""

import argparse
import datetime
import hashlib
import io
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DEFAULT_SHARED = ROOT.parent / "shared"
DATASETS = {
    "jining": ("regulations/jining", "*.md"),
    "full": ("corpus/lawrefbook", "**/*.md"),
}
CHANGED_TITLE = "济宁市养犬管理条例"
CHANGE_TEXT = "饲养犬只出户时应当束犬链。"  # appended to one article for the incremental run
CHANGED_ARTICLE = 5
REPEATS = 5
FIRST_ANSWER_RUNS = 3
FIRST_ANSWER_QUERY = "遛狗不拴绳"
LIMIT = 10
SNAPSHOT_ENV = "BENCH_KB_SNAPSHOT"

# Everyday words a citizen or an officer would type, then legal terms of the Jining texts.
QUERIES = [
    "遛狗不拴绳", "乱扔垃圾", "燃放烟花爆竹", "狗咬人", "随地吐痰", "占道经营", "噪音扰民",
    "乱贴小广告", "车辆乱停", "砍伐树木", "焚烧秸秆", "排放污水", "闯红灯", "电动车",
    "行政处罚", "城市管理部门", "饲养犬只", "重点管理区", "环境卫生", "建筑垃圾", "罚款",
    "养犬登记", "古树名木", "大气污染", "水污染防治", "文明行为", "城市绿化", "生活垃圾分类",
    "责令改正", "没收违法所得", "法律责任",
]
# National-law terms, added for the full corpus.
CORPUS_QUERIES = QUERIES + [
    "劳动合同", "个人信息", "消费者权益", "知识产权", "未成年人保护", "行政复议", "交通事故",
]

# One query from a fresh interpreter, timed from outside (import + open + answer).
OURS_FIRST_ANSWER = """
import sys
sys.path.insert(0, sys.argv[5])
from bench_index import open_ours
result = open_ours(sys.argv[1], sys.argv[3], sys.argv[4]).search(sys.argv[2])
print(result.total, len(result.hits))
import os, kb
assert kb.__file__.startswith(os.environ.get("BENCH_KB_SNAPSHOT", "")), kb.__file__
"""
BASELINE_FIRST_ANSWER = """
import sys
import jieba.analyse
from whoosh import index
from whoosh.qparser import OrGroup, QueryParser
ix = index.open_dir(sys.argv[1])
searcher = ix.searcher()
results = searcher.search(QueryParser("text", ix.schema, group=OrGroup).parse(sys.argv[2]), limit=10)
snippets = [hit.highlights("text") for hit in results]
print(len(results), len(snippets))
"""


# ---------------------------------------------------------------------------------------
# Data (used by the workers)

def open_ours(index_dir, shared, dataset):
    """Our search as the product opens it: the texts parsed into a Library, the current
    generation of the index opened beside it. Its index of every text (the all scope),
    as the baseline's searches every text: on the full corpus the home part holds the
    Jining texts only."""
    from kb.index import generations
    from kb.index.generations import HOME_PART, WIDE_PART
    from kb.library import Library
    from kb.search.searcher import ClauseIndex
    entries, _, _ = load_dataset(shared, dataset)
    generation = generations.current(Path(index_dir))
    folder = generation.part_path(WIDE_PART) or generation.part_path(HOME_PART)
    return ClauseIndex(folder, Library.from_entries(entries))


def load_dataset(shared, name):
    """[kb.library.RegulationEntry] with unique titles and sha256 set, plus counts."""
    from kb.errors import SourceError
    from kb.library import RegulationEntry
    from kb.sources.parser import parse_file
    from kb.store import Version

    folder, pattern = DATASETS[name]
    base = Path(shared) / folder
    paths = sorted(base.glob(pattern))
    parsed, skipped = [], []
    for path in paths:
        data = path.read_bytes()
        try:
            regulation = parse_file(path, data.decode("utf-8"))
        except (SourceError, UnicodeDecodeError) as error:
            skipped.append(f"{path.relative_to(base)}: {error}")
            continue
        regulation.sha256 = hashlib.sha256(data).hexdigest()
        parsed.append((str(path.relative_to(base)), regulation))
    if not paths:
        raise SystemExit(f"no files match {base}/{pattern}")
    seen, renamed, regulations, originals = {}, 0, [], {}
    for relative, regulation in parsed:
        original = regulation.title
        seen[original] = seen.get(original, 0) + 1
        slug = original
        if seen[original] > 1:  # the builder keys by title: keep repeated titles apart
            regulation.title = f"{original}〔{seen[original]}〕"
            slug, renamed = relative, renamed + 1
        originals[regulation.title] = original
        # The file's path inside the corpus is its source, as for a fetched collection text.
        version = Version(sha256=regulation.sha256, file="", title=regulation.title, origin="bench",
                          source=relative)
        regulations.append(RegulationEntry.of(slug, regulation, version))
    info = {
        "files": len(paths), "regulations": len(regulations), "skipped": len(skipped),
        "skipped_examples": skipped[:5], "renamed_titles": renamed,
        "articles": sum(len(e.regulation.articles) for e in regulations),
        "chars": sum(len(a.text) for e in regulations for a in e.regulation.articles),
    }
    return regulations, originals, info


def change_one_regulation(regulations, originals):
    """Change one article of 济宁市养犬管理条例 in memory; returns its entry."""
    for entry in regulations:
        regulation = entry.regulation
        if originals[regulation.title] == CHANGED_TITLE:
            article = regulation.articles[min(CHANGED_ARTICLE, len(regulation.articles)) - 1]
            article.paragraphs[0].text += CHANGE_TEXT
            regulation.sha256 = hashlib.sha256(
                (regulation.sha256 + CHANGE_TEXT).encode("utf-8")).hexdigest()
            entry.text_changed()
            return entry
    raise SystemExit(f"{CHANGED_TITLE} is not in the data set")


def dir_bytes(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def snapshot_kb(tmp, rev=None):
    """Copy kb/ (code and data) as in the working tree now, or as in commit `rev`, to `tmp`;
    every child process imports it from there, so edits made by others during a long run
    cannot leak into part of it."""
    target = tmp / "kb-snapshot"
    if rev:
        archive = subprocess.run(["git", "archive", "--format=tar", rev, "kb"], cwd=ROOT,
                                 capture_output=True, check=True, timeout=120).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    else:
        shutil.copytree(ROOT / "kb", target / "kb", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    digest = hashlib.sha256()
    for path in sorted(p for p in (target / "kb").rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(target)).encode() + b"\0" + path.read_bytes())
    return target, digest.hexdigest()[:16]


def check_snapshot():
    """In a child: kb must come from the snapshot, never from the live working tree."""
    import kb
    expected = os.environ.get(SNAPSHOT_ENV)
    if expected and not Path(kb.__file__).resolve().is_relative_to(Path(expected).resolve()):
        raise SystemExit(f"kb imported from {kb.__file__}, not from the snapshot {expected}")


def rss_mb():
    """Current resident set size of this process, MB (Linux), else None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def peak_mb(who):
    import resource
    peak = resource.getrusage(who).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def baseline_schema():
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import ID, NUMERIC, TEXT, Schema
    return Schema(regulation=ID(stored=True), article=NUMERIC(stored=True),
                  text=TEXT(analyzer=ChineseAnalyzer(), stored=True))


def baseline_add(writer, regulation):
    for article in regulation.articles:
        writer.add_document(regulation=regulation.title, article=article.number,
                            text=article.text)


# ---------------------------------------------------------------------------------------
# Workers: each runs in its own process and returns a dict

def worker_segment(args):
    """Single-process analysis of the article texts: jieba alone, then the baseline analyzer."""
    import jieba
    from jieba.analyse import ChineseAnalyzer

    from kb.analysis import segmenter
    jieba.setLogLevel(60)
    regulations, _, info = load_dataset(args.shared, args.dataset)
    texts = [a.text for e in regulations for a in e.regulation.articles]

    started = time.perf_counter()
    tokenizer = segmenter()
    ours_init = time.perf_counter() - started
    started = time.perf_counter()
    tokens = 0
    for text in texts:
        tokens += len(list(tokenizer.tokenize(text, "default", False)))
    floor = time.perf_counter() - started

    started = time.perf_counter()
    jieba.initialize()
    baseline_init = time.perf_counter() - started
    analyzer = ChineseAnalyzer()
    started = time.perf_counter()
    baseline_tokens = 0
    for text in texts:  # as whoosh calls it for a TEXT field when indexing
        for _ in analyzer(text, positions=True, mode="index"):
            baseline_tokens += 1
    baseline = time.perf_counter() - started
    return {"data": info, "floor_s": floor, "floor_tokens": tokens, "ours_init_s": ours_init,
            "baseline_analyzer_s": baseline, "baseline_tokens": baseline_tokens,
            "baseline_init_s": baseline_init, "peak_rss_mb": peak_mb(_self())}


def worker_build_ours(args):
    from whoosh import index as whoosh_index

    from kb.analysis import words
    from kb.index.builder import build
    from kb.index.generations import WIDE_PART, current
    regulations, originals, info = load_dataset(args.shared, args.dataset)

    started = time.perf_counter()
    report = build(args.index, regulations)
    seconds = time.perf_counter() - started
    generation = current(args.index)
    size = dir_bytes(generation.path)
    # The index of every text: the wide part when other places' texts are in the set.
    ix = whoosh_index.open_dir(str(generation.part_path(WIDE_PART) or generation.path))
    docs, segments = ix.doc_count(), len(ix._segments())
    ix.close()
    peak_self = peak_mb(_self())

    list(words("预热"))  # jieba loaded, as in a process that has already searched
    change_one_regulation(regulations, originals)
    started = time.perf_counter()
    incremental = build(args.index, regulations)
    incremental_s = time.perf_counter() - started
    if incremental.full or len(incremental.added) != 1:
        raise SystemExit(f"incremental build was not incremental: {incremental}")
    generation = current(args.index).path
    return {"data": info, "build_s": seconds, "articles": report.articles, "docs": docs,
            "segments": segments, "full": report.full, "size_bytes": size,
            "incremental_s": incremental_s, "incremental_added": incremental.added,
            "size_after_incremental_bytes": dir_bytes(generation),
            "peak_rss_build_mb": peak_self, "peak_rss_mb": peak_mb(_self()),
            "peak_rss_children_mb": peak_mb(_children()) or None}


def worker_build_baseline(args):
    import jieba
    from whoosh import index as whoosh_index
    jieba.setLogLevel(60)
    regulations, originals, info = load_dataset(args.shared, args.dataset)
    Path(args.index).mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    ix = whoosh_index.create_in(args.index, baseline_schema())
    writer = ix.writer()
    for entry in regulations:
        baseline_add(writer, entry.regulation)
    writer.commit()
    seconds = time.perf_counter() - started
    size = dir_bytes(args.index)
    docs, segments = ix.doc_count(), len(ix._segments())
    ix.close()
    peak_self = peak_mb(_self())

    changed = change_one_regulation(regulations, originals)
    started = time.perf_counter()
    ix = whoosh_index.open_dir(args.index)
    writer = ix.writer()
    writer.delete_by_term("regulation", changed.title)
    baseline_add(writer, changed.regulation)
    writer.commit()
    incremental_s = time.perf_counter() - started
    ix.close()
    return {"data": info, "build_s": seconds, "docs": docs, "segments": segments,
            "size_bytes": size, "incremental_s": incremental_s,
            "size_after_incremental_bytes": dir_bytes(args.index),
            "peak_rss_build_mb": peak_self, "peak_rss_mb": peak_mb(_self()),
            "peak_rss_children_mb": peak_mb(_children()) or None}


def _query_loop(run, queries, repeats, rss_imports, warm_up=None):
    """run(query) → hit count. The first call is the cold one: it opens the index. Then
    `warm_up`, if given, and the timed loop."""
    started = time.perf_counter()
    hits = {queries[0]: run(queries[0])}
    cold = time.perf_counter() - started
    rss_open = rss_mb()
    if warm_up:
        warm_up()
    times = {q: [] for q in queries}
    for _ in range(repeats):
        for query in queries:
            started = time.perf_counter()
            hits[query] = run(query)
            times[query].append(time.perf_counter() - started)
    samples = [t for values in times.values() for t in values]
    return {"cold_first_query_s": cold, "samples": len(samples),
            "median_ms": statistics.median(samples) * 1000, "p95_ms": _p95(samples) * 1000,
            "per_query": {q: {"hits": hits[q], "median_ms": statistics.median(times[q]) * 1000}
                          for q in queries},
            "rss_after_imports_mb": rss_imports, "rss_after_first_query_mb": rss_open,
            "peak_rss_mb": peak_mb(_self())}


def worker_query_ours(args):
    rss_imports = rss_mb()
    index = open_ours(args.index, args.shared, args.dataset)

    def run(query):
        result = index.search(query, limit=LIMIT)  # snippets are made for every hit
        return result.total

    def warm_up():  # as `regkb serve` does before its first request (Snapshot.warm_up)
        index.warm_up()
        index.library.work_out_facts()

    return _query_loop(run, queries_for(args.dataset), args.repeats, rss_imports, warm_up)


def worker_query_baseline(args):
    import jieba
    from whoosh import index as whoosh_index
    from whoosh.qparser import OrGroup, QueryParser
    jieba.setLogLevel(60)
    rss_imports = rss_mb()
    opened = {}

    def run(query):
        if not opened:  # opened on the first query, as ours is
            ix = whoosh_index.open_dir(args.index)
            opened.update(searcher=ix.searcher(), parser=QueryParser("text", ix.schema, group=OrGroup))
        results = opened["searcher"].search(opened["parser"].parse(query), limit=LIMIT)
        for hit in results:
            hit.highlights("text")
        return len(results)

    return _query_loop(run, queries_for(args.dataset), args.repeats, rss_imports)


def worker_profile(args):
    """cProfile of our build in ONE process (every --sample'th file), top functions."""
    import cProfile
    import io
    import pstats

    from kb.index import builder
    builder.PARALLEL_THRESHOLD = float("inf")  # keep all work in this process
    regulations, _, info = load_dataset(args.shared, args.dataset)
    regulations = regulations[::args.sample]
    articles = sum(len(e.regulation.articles) for e in regulations)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    builder.build(args.index, regulations)
    profile.disable()
    seconds = time.perf_counter() - started
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(35)
    return {"data": info, "articles_profiled": articles, "build_s_under_profile": seconds,
            "report": out.getvalue()}


WORKERS = {"segment": worker_segment, "build-ours": worker_build_ours,
           "build-baseline": worker_build_baseline, "query-ours": worker_query_ours,
           "query-baseline": worker_query_baseline, "profile": worker_profile}


def queries_for(dataset):
    return CORPUS_QUERIES if dataset == "full" else QUERIES


def _self():
    import resource
    return resource.RUSAGE_SELF


def _children():
    import resource
    return resource.RUSAGE_CHILDREN


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# ---------------------------------------------------------------------------------------
# Running processes

class ChildFailed(Exception):
    pass


def child_env(snapshot):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(snapshot), env.get("PYTHONPATH")]))
    env[SNAPSHOT_ENV] = str(snapshot)
    return env


def run_timed(command, timeout, workdir, env):
    """Run a command; (wall seconds, peak RSS MB of its process tree's largest process,
    stdout). Blocks in wait4 so the wall time has no polling slack."""
    out_path, err_path = workdir / "stdout.txt", workdir / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        # cwd is the scratch folder: `python -c` puts cwd first on sys.path, and the live
        # kb/ in the repository must not shadow the snapshot.
        # Its own process group, so a timeout or an interrupt also ends whoosh's writer
        # subprocesses.
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=workdir, env=env,
                                   start_new_session=True)
        timed_out = threading.Event()

        def kill_group():
            timed_out.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill_group)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            kill_group()
            os.waitpid(process.pid, 0)
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
        reason = f"timed out after {timeout:.0f} s" if timed_out.is_set() else f"exit {process.returncode}"
        raise ChildFailed(f"{' '.join(map(str, command[:6]))}: {reason}\n    " + "\n    ".join(tail))
    return seconds, usage.ru_maxrss / 1024, stdout


def run_worker(phase, dataset, index, options, workdir, timeout, **extra):
    result_file = workdir / f"{phase}-{dataset}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", phase,
               "--dataset", dataset, "--index", str(index), "--result", str(result_file),
               "--shared", str(options.shared), "--repeats", str(options.repeats)]
    for key, value in extra.items():
        command += [f"--{key}", str(value)]
    seconds, tree_peak, _ = run_timed(command, timeout, workdir, child_env(options.snapshot))
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["worker_wall_s"] = seconds
    result["worker_tree_peak_rss_mb"] = tree_peak
    return result


def first_answer(code, index, workdir, timeout, snapshot, shared, dataset):
    seconds, peak, stdout = run_timed([sys.executable, "-c", code, str(index), FIRST_ANSWER_QUERY,
                                       str(shared), dataset, str(Path(__file__).resolve().parent)],
                                      timeout, workdir, child_env(snapshot))
    return seconds, peak, stdout.split()


# ---------------------------------------------------------------------------------------
# Orchestration and report

def bench_dataset(dataset, options, tmp, log):
    timeout = options.timeout
    ours_dir, base_dir = tmp / f"{dataset}-ours", tmp / f"{dataset}-baseline"
    out = {}
    steps = [
        ("segment", "segment", None),
        ("build_ours", "build-ours", ours_dir),
        ("build_baseline", "build-baseline", base_dir),
        ("query_ours", "query-ours", ours_dir),
        ("query_baseline", "query-baseline", base_dir),
    ]
    for key, phase, index in steps:
        build_key = key.replace("query", "build")
        if key != build_key and "error" in out[build_key]:
            out[key] = {"error": "no index: its build failed"}
            continue
        log(f"[{dataset}] {phase} …")
        try:
            out[key] = run_worker(phase, dataset, index or tmp / "none", options, tmp, timeout)
        except (ChildFailed, ValueError, OSError) as error:
            out[key] = {"error": str(error)}
            log(f"[{dataset}] {phase} FAILED: {error}")
            continue
        log(f"[{dataset}] {phase} done in {out[key]['worker_wall_s']:.1f} s")

    runs = {"ours": [], "baseline": []}
    peaks = {"ours": [], "baseline": []}
    answers = {}
    codes = {"ours": (OURS_FIRST_ANSWER, ours_dir, "build_ours"),
             "baseline": (BASELINE_FIRST_ANSWER, base_dir, "build_baseline")}
    log(f"[{dataset}] first answer ×{FIRST_ANSWER_RUNS} …")
    for _ in range(FIRST_ANSWER_RUNS):  # interleaved, so drift in machine load hits both
        for who, (code, index, build_key) in codes.items():
            if "error" in out[build_key]:
                continue
            try:
                seconds, peak, answer = first_answer(code, index, tmp, min(timeout, 600), options.snapshot,
                                                       options.shared, dataset)
            except ChildFailed as error:
                answers[who] = f"error: {error}"
                continue
            runs[who].append(seconds)
            peaks[who].append(peak)
            answers[who] = answer
    out["first_answer"] = {who: {"runs_s": runs[who], "median_s": _median(runs[who]),
                                 "peak_rss_mb": _median(peaks[who]), "answer": answers.get(who)}
                           for who in runs}
    return out


def _median(values):
    return statistics.median(values) if values else None


def environment(snapshot, fingerprint, rev=None):
    from importlib import metadata

    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=20).stdout.rstrip()
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no").splitlines()]
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(), "platform": platform.platform(),
        "whoosh": version("whoosh-reloaded"), "jieba": version("jieba"),
        "nproc": os.cpu_count(), "loadavg_at_start": _loadavg(),
        "commit": (rev or git("rev-parse", "HEAD").strip())[:10], "from_commit": bool(rev),
        "modified_files": [] if rev else dirty,
        "kb_snapshot_sha256": fingerprint,
        "legal_dictionary": (snapshot / "kb" / "data" / "legal_words.txt").exists(),
    }


def _loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def table(title, headers, rows):
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [max(_width(h), *(_width(r[i]) for r in cells)) if cells else _width(h)
              for i, h in enumerate(headers)]

    def line(values):
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _width(value))
            parts.append(value + pad if i == 0 else pad + value)
        return "| " + " | ".join(parts) + " |"

    print(f"\n{title}")
    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print(line(row))


def _fmt(value):
    if value is None:
        return "n/a"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def ratio(a, b):
    return a / b if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None


def get(result, *path):
    for key in path:
        if not isinstance(result, dict) or key not in result:
            return None
        result = result[key]
    return result


def print_report(env, results):
    print("== Index benchmark: ours (kb.index / kb.search) vs naive whoosh + ChineseAnalyzer ==")
    print(f"date {env['date']}  whoosh-reloaded {env['whoosh']}  jieba {env['jieba']}  "
          f"python {env['python']}  nproc {env['nproc']}  load average at start {env['loadavg_at_start']}")
    print((f"kb: commit {env['commit']} (git archive)" if env["from_commit"] else
           f"kb: working tree at commit {env['commit']}")
          + (f" with uncommitted changes in {', '.join(env['modified_files'])}" if env["modified_files"] else "")
          + f", snapshot {env['kb_snapshot_sha256']} copied at start and used by every process"
          + f"; legal user dictionary {'present' if env['legal_dictionary'] else 'ABSENT (kb/data/legal_words.txt)'}")
    names = list(results)

    for name in names:
        for key, value in results[name].items():
            if isinstance(value, dict) and "error" in value:
                print(f"\n!! {name} {key}: {value['error']}")

    table("Data sets (texts parsed with kb.sources.parser; SourceError files skipped)",
          ["data set", "files", "regulations", "skipped", "renamed titles", "articles", "chars"],
          [[n, *(get(results[n], "segment", "data", k) for k in
                 ("files", "regulations", "skipped", "renamed_titles", "articles", "chars"))]
           for n in names])

    table("Segmentation alone, single process, article texts (s)",
          ["data set", "jieba-only (floor)", "baseline analyzer", "baseline/floor",
           "jieba dict load: ours", "baseline"],
          [[n, get(results[n], "segment", "floor_s"), get(results[n], "segment", "baseline_analyzer_s"),
            ratio(get(results[n], "segment", "baseline_analyzer_s"), get(results[n], "segment", "floor_s")),
            get(results[n], "segment", "ours_init_s"), get(results[n], "segment", "baseline_init_s")]
           for n in names])

    rows = []
    for n in names:
        ours, base = get(results[n], "build_ours", "build_s"), get(results[n], "build_baseline", "build_s")
        floor = get(results[n], "segment", "floor_s")
        rows.append([n, ours, base, ratio(ours, base), floor, ratio(ours, floor), ratio(base, floor),
                     get(results[n], "build_ours", "segments"), get(results[n], "build_baseline", "segments")])
    table("Full index build, wall time (s)",
          ["data set", "ours", "baseline", "ours/baseline", "jieba-only", "ours/jieba-only",
           "baseline/jieba-only", "segments ours", "baseline"], rows)

    rows = []
    for n in names:
        for label, key in (("after build", "size_bytes"), ("after incremental", "size_after_incremental_bytes")):
            ours, base = get(results[n], "build_ours", key), get(results[n], "build_baseline", key)
            rows.append([n, label, ours, base, ratio(ours, base)])
    table("Index size on disk (bytes)", ["data set", "when", "ours", "baseline", "ours/baseline"], rows)

    table(f"Incremental re-index of one changed regulation ({CHANGED_TITLE}), wall time (s)",
          ["data set", "ours", "baseline", "ours/baseline"],
          [[n, get(results[n], "build_ours", "incremental_s"), get(results[n], "build_baseline", "incremental_s"),
            ratio(get(results[n], "build_ours", "incremental_s"), get(results[n], "build_baseline", "incremental_s"))]
           for n in names])

    rows = []
    for n in names:
        qo, qb = get(results[n], "query_ours") or {}, get(results[n], "query_baseline") or {}
        rows.append([n, qo.get("samples"), qo.get("median_ms"), qb.get("median_ms"),
                     ratio(qo.get("median_ms"), qb.get("median_ms")), qo.get("p95_ms"), qb.get("p95_ms"),
                     ratio(qo.get("p95_ms"), qb.get("p95_ms")),
                     _ms(qo.get("cold_first_query_s")), _ms(qb.get("cold_first_query_s"))])
    table(f"Query latency with snippets, top {LIMIT}, reused searcher (ms; {REPEATS}x each query)",
          ["data set", "samples", "median ours", "baseline", "ours/baseline", "p95 ours", "baseline",
           "ours/baseline", "cold 1st ours", "baseline"], rows)

    rows = []
    for n in names:
        for label, phase, key in (("build (main process)", "build", "peak_rss_build_mb"),
                                  ("build: largest child", "build", "peak_rss_children_mb"),
                                  ("query phase peak", "query", "peak_rss_mb"),
                                  ("query: after imports", "query", "rss_after_imports_mb"),
                                  ("query: after 1st query", "query", "rss_after_first_query_mb"),
                                  ("first answer process", "first", "peak_rss_mb")):
            if phase == "first":
                ours, base = get(results[n], "first_answer", "ours", key), get(results[n], "first_answer", "baseline", key)
            else:
                ours, base = get(results[n], f"{phase}_ours", key), get(results[n], f"{phase}_baseline", key)
            rows.append([n, label, ours, base, ratio(ours, base)])
    table("Memory, resident set size (MB; peaks are ru_maxrss)", ["data set", "what", "ours", "baseline", "ours/baseline"], rows)

    rows = []
    for n in names:
        fo, fb = get(results[n], "first_answer", "ours") or {}, get(results[n], "first_answer", "baseline") or {}
        rows.append([n, fo.get("median_s"), _span(fo.get("runs_s")), fb.get("median_s"), _span(fb.get("runs_s")),
                     ratio(fo.get("median_s"), fb.get("median_s")), _answer(fo), _answer(fb)])
    table(f"Process start to first answer ('{FIRST_ANSWER_QUERY}', python -c, median of {FIRST_ANSWER_RUNS}; s)",
          ["data set", "ours", "ours min-max", "baseline", "baseline min-max", "ours/baseline",
           "hits ours", "baseline"], rows)

    for n in names:
        qo, qb = get(results[n], "query_ours", "per_query") or {}, get(results[n], "query_baseline", "per_query") or {}
        queries = list(qo or qb)
        table(f"Per query, {n}: total hits and median ms",
              ["query", "hits ours", "baseline", "ms ours", "baseline"],
              [[q, get(qo, q, "hits"), get(qb, q, "hits"), get(qo, q, "median_ms"), get(qb, q, "median_ms")]
               for q in queries])
        none_ours = [q for q in queries if get(qo, q, "hits") == 0]
        none_base = [q for q in queries if get(qb, q, "hits") == 0]
        print(f"queries without hits: ours {none_ours or 'none'}; baseline {none_base or 'none'}")


def _ms(seconds):
    return seconds * 1000 if seconds is not None else None


def _span(values):
    return f"{min(values):.2f}-{max(values):.2f}" if values else None


def _answer(first):
    answer = first.get("answer")
    return answer[0] if isinstance(answer, list) and answer else answer


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the Jining set")
    parser.add_argument("--out", help="also write the figures as JSON (bare names go to bench/results/)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed passes over the queries")
    parser.add_argument("--timeout", type=float, default=3600, help="per worker process, seconds")
    parser.add_argument("--profile", choices=sorted(DATASETS),
                        help="instead of the benchmark: cProfile our build in one process")
    parser.add_argument("--sample", type=int, default=1, help="with --profile: every Nth file")
    parser.add_argument("--rev", help="benchmark kb/ as in this commit (default: the working tree)")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--dataset", choices=sorted(DATASETS), help=argparse.SUPPRESS)
    parser.add_argument("--index", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.worker:
        check_snapshot()
        result = WORKERS[options.worker](options)
        Path(options.result).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return 0

    missing = [name for name, (folder, _) in DATASETS.items() if not (options.shared / folder).is_dir()]
    if missing:
        parser.error(f"data not found under {options.shared}: {', '.join(missing)} (use --shared)")

    if options.rev:
        resolved = subprocess.run(["git", "rev-parse", "--verify", f"{options.rev}^{{commit}}"], cwd=ROOT,
                                  capture_output=True, text=True)
        if resolved.returncode != 0:
            parser.error(f"--rev {options.rev}: not a commit")
        options.rev = resolved.stdout.strip()

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)  # so that the cleanup below runs
    tmp = Path(tempfile.mkdtemp(prefix="bench-index-"))
    def log(message):
        print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)
    try:
        options.snapshot, fingerprint = snapshot_kb(tmp, options.rev)
        if options.profile:
            result = run_worker("profile", options.profile, tmp / "profile", options, tmp,
                                options.timeout, sample=max(1, options.sample))
            print(f"{result['articles_profiled']:,} articles, build under cProfile "
                  f"{result['build_s_under_profile']:.1f} s\n{result['report']}")
            return 0
        env = environment(options.snapshot, fingerprint, options.rev)
        results = {}
        for dataset in (["jining"] if options.quick else ["jining", "full"]):
            results[dataset] = bench_dataset(dataset, options, tmp, log)
        env["loadavg_at_end"] = _loadavg()
        print_report(env, results)
        print(f"\nload average at end {env['loadavg_at_end']}")
        if options.out:
            out = Path(options.out)
            if out.parent == Path("."):
                out = RESULTS_DIR / out
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps({"environment": env, "queries": CORPUS_QUERIES,
                                       "results": results}, ensure_ascii=False, indent=1),
                           encoding="utf-8")
            print(f"JSON written to {out}")
        failed = any(isinstance(v, dict) and "error" in v for r in results.values() for v in r.values())
        return 1 if failed else 0
    except KeyboardInterrupt:
        log("interrupted; worker stopped, temporary indexes removed")
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
