"""`regkb serve`: the app behind a production WSGI server, never Flask's debugger.

One process: waitress (any platform). Idle or slow clients must not shut others out: it
closes a connection that sends nothing for `channel_timeout` seconds and accepts up to
`connection_limit` at once (poll, not select, so more than 1,024 descriptors work).
Several processes (`workers` > 1, POSIX only): gunicorn's threaded workers, each with its
own app over the one on-disk index; put a reverse proxy in front of it for slow clients."""

import errno
import os
import socket
import sys

import waitress

from kb.errors import KbError
from webapp import create_app

DEFAULT_THREADS = 8
DEFAULT_CONNECTION_LIMIT = 500
DEFAULT_CHANNEL_TIMEOUT = 30        # seconds; waitress's own default is 120


def serve(home, host="127.0.0.1", port=8000, threads=DEFAULT_THREADS,
          connection_limit=DEFAULT_CONNECTION_LIMIT, channel_timeout=DEFAULT_CHANNEL_TIMEOUT, workers=1):
    if workers > 1:
        return serve_workers(home, host, port, threads, channel_timeout, workers)
    app = create_app(app_config(home))
    knowledge = app.extensions["regkb"]
    served = knowledge.served()
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="regkb",
                                        connection_limit=connection_limit, channel_timeout=channel_timeout,
                                        asyncore_use_poll=True)
    except OSError as error:
        raise KbError(_bind_problem(error, host, port)) from error
    if served.snapshot.problem:
        print(f"注意：检索暂不可用——{served.snapshot.problem}。", file=sys.stderr)
    knowledge.warm_up()
    _banner(host, port, len(served.library.entries))
    try:
        server.run()
    finally:
        server.close()


def serve_workers(home, host, port, threads, timeout, workers):
    """`workers` gunicorn processes with `threads` threads each."""
    if os.name != "posix":
        raise KbError("--workers 需要 Linux 等 POSIX 系统；在此系统上请用单进程（不加 --workers）")
    from gunicorn.app.base import BaseApplication

    _check_free(host, port)

    class Application(BaseApplication):
        def load_config(self):
            options = {"bind": f"{_url_host(host)}:{port}", "workers": workers, "worker_class": "gthread",
                       "threads": threads, "timeout": max(timeout, 30), "keepalive": 5,
                       "accesslog": None, "when_ready": lambda _: _announce(home, host, port)}
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self):
            app = create_app(app_config(home))
            app.extensions["regkb"].warm_up()
            return app

    Application().run()


def app_config(home) -> dict:
    """The app's settings for `home`, with the index folder it was given (serve --index)."""
    return {"REGKB_HOME": str(home.root), "REGKB_INDEX": str(home.index or "")}


def _announce(home, host, port):
    app = create_app(app_config(home))
    _banner(host, port, len(app.extensions["regkb"].served().library.entries))


def _banner(host, port, count):
    print(f"济宁市地方性法规库：http://{_url_host(host)}:{port}/ （{count} 部法规；Ctrl+C 停止）", flush=True)


def _check_free(host, port):
    """gunicorn retries a busy port for seconds and then logs a trace: say it in one line first."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise KbError(_bind_problem(error, host, port)) from error


def _bind_problem(error, host, port):
    if error.errno == errno.EADDRINUSE:
        return f"端口 {port} 已被占用：请先停止占用它的程序，或用 --port 换一个端口"
    if error.errno == errno.EACCES:
        return f"没有权限使用端口 {port}：1024 以下的端口需要管理员权限，请换一个端口"
    return f"无法在 {host}:{port} 上启动服务：{error.strerror or error}"


def _url_host(host):
    return f"[{host}]" if ":" in host else host
