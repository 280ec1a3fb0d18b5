"""Web benchmark: requests/s and latency of the running app, started as the README starts it.

    .venv/bin/python bench/bench_web.py                 # about 1.5 minutes
    .venv/bin/python bench/bench_web.py --seconds 10 --clients 1,8,32 --threads 8
    .venv/bin/python bench/bench_web.py --workers 1,2 --clients 8 --scenarios distinct

A home with the 11 Jining texts is fetched from ../shared and indexed in a temporary folder
(or --home DIR is used as it is); `regkb --home H serve` runs as a subprocess on 127.0.0.1;
keep-alive clients (threads with http.client) then run for a fixed time per cell:

  search (cached)    /api/search over a fixed list of queries, all answered once before timing
  search (distinct)  /api/search where every request is a query/filter/page/limit never asked
                     before (cache misses: the cost of real searching); the stream is large
                     enough that no cell runs dry
  article page       /r/<slug>/<n>, every article of the Jining set in turn (HTML, no cache)

Only 127.0.0.1 is contacted. Clients and server share the machine's cores, so the figures are
a lower bound for the server alone."""

import argparse
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
REGKB = Path(sys.executable).with_name("regkb")
HOST = "127.0.0.1"

QUERIES = [
    "遛狗不拴绳怎么罚", "犬只登记", "养犬人", "狂犬病免疫", "犬只伤人", "乱扔垃圾", "随地吐痰",
    "占道经营", "户外广告设置", "门前三包", "建筑垃圾运输", "燃放烟花爆竹", "禁止燃放区域",
    "噪音扰民", "大气污染", "露天焚烧秸秆", "扬尘污染防治", "机动车尾气", "古树名木", "砍伐树木",
    "城市绿化", "占用绿地", "水环境保护", "排污口", "泗河采砂", "河长制", "文明行为", "公共场所吸烟",
    "志愿服务", "智慧城市", "政务数据共享", "罚款", "责令限期改正", "城市管理部门", "公安机关",
    "养犬条例第十五条", "城镇容貌和环境卫生管理条例第二十七条",
]


def main(argv=None):
    args = parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="regkb-bench-web-") as scratch:
        home = Path(args.home) if args.home else build_home(Path(scratch) / "home", args.shared)
        for workers in [int(w) for w in args.workers.split(",")]:
            port = args.port or free_port()
            server = start_server(home, port, args.threads, workers, Path(scratch) / f"server-{workers}.log")
            try:
                rows += [dict(row, workers=workers) for row in run_all(port, args)]
            finally:
                server.terminate()
                server.wait(timeout=30)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print_table(rows, args)
    return 1 if any(row["errors"] for row in rows) else 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", help="use this home as it is (default: a fresh Jining home)")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="where ../shared is")
    parser.add_argument("--seconds", type=float, default=5.0, help="timed run per cell")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients, comma-separated")
    parser.add_argument("--threads", type=int, default=8, help="threads per process (regkb serve --threads)")
    parser.add_argument("--workers", default="1",
                        help="server processes, comma-separated: 1 is waitress, more is gunicorn (regkb serve --workers)")
    parser.add_argument("--scenarios", default="cached,distinct,article",
                        help="which of cached, distinct, article to run")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--json", dest="json_out", help="also write the rows to this JSON file")
    return parser.parse_args(argv)


def build_home(home, shared):
    source = Path(shared) / "regulations" / "jining"
    for command in (["fetch", "--from", str(source)], ["index"]):
        subprocess.run([str(REGKB), "--home", str(home), *command], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return home


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(home, port, threads, workers, log_path):
    # The server's output goes to a file: a pipe nobody reads would fill up (waitress logs a
    # warning whenever requests queue) and stall the server.
    log = open(log_path, "wb")  # noqa: SIM115 -- open for the server's whole life, closed in stop()
    server = subprocess.Popen([str(REGKB), "--home", str(home), "serve", "--host", HOST,
                               "--port", str(port), "--threads", str(threads), "--workers", str(workers)],
                              stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"regkb serve stopped: {log_path.read_text(errors='replace')}")
        try:
            status, _ = get(http.client.HTTPConnection(HOST, port, timeout=5), "/api/regulations")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("regkb serve did not answer within 60 s")


def get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def search_path(query, **params):
    return "/api/search?" + urlencode({"q": query, **params})


def article_paths(port):
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    _, body = get(connection, "/api/regulations")
    paths = []
    for regulation in json.loads(body)["regulations"]:
        _, detail = get(connection, f"/api/regulations/{regulation['slug']}")
        for article in json.loads(detail)["full_text"]:
            suffix = f"-{article['suffix']}" if article["suffix"] else ""
            paths.append(f"/r/{regulation['slug']}/{article['article']}{suffix}")
    return paths


DISTINCT_PAGES = range(1, 11)
DISTINCT_LIMITS = range(5, 25)


def distinct_searches(slugs):
    """Every (query, regulation filter or none, page, page size) once, in a fixed shuffled
    order so each cell gets the same mix: about 89,000 requests, more than any run asks.
    Any page costs a full search: results are ranked, then cut."""
    keys = [(query, slug, page, limit) for query in QUERIES for slug in [None] + slugs
            for page in DISTINCT_PAGES for limit in DISTINCT_LIMITS]
    random.Random(0).shuffle(keys)
    return [search_path(query, **({"reg": slug} if slug else {}), page=page, limit=limit)
            for query, slug, page, limit in keys]


class Feed:
    """The next path for any client: cycling through a list, or drawing from a one-off stream."""

    def __init__(self, paths, cycle=True):
        self._paths = itertools.cycle(paths) if cycle else iter(paths)
        self._lock = threading.Lock()
        self.ran_dry = False

    def next(self):
        with self._lock:
            path = next(self._paths, None)
            self.ran_dry = self.ran_dry or path is None
            return path


def run_cell(port, feed, clients, seconds):
    latencies, errors, lock = [], [], threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client():
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine, failed = [], []
        start_gate.wait()
        while time.perf_counter() < deadline[0]:
            path = feed.next()
            if path is None:
                break
            began = time.perf_counter()
            try:
                status, _ = get(connection, path)
            except (OSError, http.client.HTTPException) as error:
                failed.append(f"{path}: {error}")
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                continue
            mine.append(time.perf_counter() - began)
            if status != 200:
                failed.append(f"{path}: HTTP {status}")
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_gate.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return latencies, errors, elapsed


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def run_all(port, args):
    clients = [int(c) for c in args.clients.split(",")]
    cached = [search_path(q) for q in QUERIES]
    warm = http.client.HTTPConnection(HOST, port, timeout=30)
    for path in cached:
        get(warm, path)
    articles = article_paths(port)
    slugs = sorted({p.split("/")[2] for p in articles})
    distinct = Feed(distinct_searches(slugs), cycle=False)
    scenarios = [("cached", "search (cached)", lambda: Feed(cached)),
                 ("distinct", "search (distinct)", lambda: distinct),
                 ("article", "article page", lambda: Feed(articles))]
    chosen = set(args.scenarios.split(","))
    rows = []
    for key, name, feed in scenarios:
        if key not in chosen:
            continue
        for count in clients:
            source = feed()
            latencies, errors, elapsed = run_cell(port, source, count, args.seconds)
            if source.ran_dry:      # a cell cut short would overstate the rate
                errors.append("the stream of distinct searches ran dry")
            rows.append({"scenario": name, "clients": count, "requests": len(latencies),
                         "per_second": len(latencies) / elapsed if elapsed else 0.0,
                         "p50": percentile(latencies, 0.50) * 1000, "p95": percentile(latencies, 0.95) * 1000,
                         "p99": percentile(latencies, 0.99) * 1000,
                         "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
                         "errors": len(errors), "first_error": errors[0] if errors else ""})
            print(f"  {name:18} {count:>2} clients: {rows[-1]['per_second']:7.1f} req/s", file=sys.stderr)
    return rows


def print_table(rows, args):
    print(f"\nregkb web benchmark · {time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} cores · "
          f"load {os.getloadavg()[0]:.2f} · threads per process {args.threads} · {args.seconds:g} s per cell · "
          f"{len(QUERIES)} queries")
    header = (f"{'workers':>7} {'scenario':<18} {'clients':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} "
              f"{'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['workers']:>7} {row['scenario']:<18} {row['clients']:>7} {row['requests']:>9} {row['per_second']:>8.1f} "
              f"{row['p50']:>8.2f} {row['p95']:>8.2f} {row['p99']:>8.2f} {row['errors']:>6}")
    for row in rows:
        if row["errors"]:
            print(f"first error ({row['scenario']}, {row['clients']} clients): {row['first_error']}")


if __name__ == "__main__":
    sys.exit(main())
