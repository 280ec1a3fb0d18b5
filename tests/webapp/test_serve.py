"""`regkb serve` as a real process: it answers, says so when its port is taken, and idle
connections do not shut other users out."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from urllib.parse import quote

import pytest

IDLE_CONNECTIONS = 110


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(home_root, *extra):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "regkb", "serve", "--home", str(home_root),
                                "--port", str(port), *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        banner = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in banner, process.stderr.read()
        yield f"http://127.0.0.1:{port}", port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_server_answers_a_page(jining_home):
    with serving(jining_home.root) as (base, _), \
            urllib.request.urlopen(f"{base}/r/dog-keeping/15", timeout=10) as response:
        assert response.status == 200 and "济宁市养犬管理条例" in response.read().decode("utf-8")


@pytest.mark.parametrize("extra", [[], ["--workers", "2"]], ids=["waitress", "gunicorn"])
def test_a_busy_port_is_one_line_and_exit_1(jining_home, extra):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "regkb", "serve", "--home", str(jining_home.root),
                               "--port", str(port), *extra], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == f"错误：端口 {port} 已被占用：请先停止占用它的程序，或用 --port 换一个端口"
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_idle_connections_do_not_shut_others_out(jining_home):
    with serving(jining_home.root) as (base, port):
        idle = []
        try:
            for _ in range(IDLE_CONNECTIONS):
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")      # headers never finished
                idle.append(connection)
            started = time.perf_counter()
            with urllib.request.urlopen(f"{base}/api/regulations", timeout=5) as response:
                assert response.status == 200
            print(f"answered beside {IDLE_CONNECTIONS} idle connections in "
                  f"{(time.perf_counter() - started) * 1000:.0f} ms")
        finally:
            for connection in idle:
                connection.close()


@pytest.mark.parametrize("port", ["80000", "0", "-1", "http"])
def test_a_port_out_of_range_is_refused(cli, port):
    with pytest.raises(SystemExit) as stopped:
        cli("serve", "--port", port)
    assert stopped.value.code == 2


def test_two_workers_share_the_one_index(jining_home):
    """`--workers 2`: gunicorn processes, each with its own app over the same index."""
    with serving(jining_home.root, "--workers", "2") as (base, _):
        for _ in range(20):
            with urllib.request.urlopen(f"{base}/api/search?q={quote('遛狗不拴绳')}", timeout=10) as response:
                data = json.loads(response.read())
                assert response.status == 200 and data["hits"][0]["slug"] == "dog-keeping"
