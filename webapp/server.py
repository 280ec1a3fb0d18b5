"""`regkb serve`: the app behind waitress (a production WSGI server, never Flask's debugger).

Idle or slow clients must not shut others out: waitress closes a connection that sends
nothing for `channel_timeout` seconds, and accepts up to `connection_limit` at once (poll,
not select, so more than 1,024 descriptors work)."""

import errno
import sys

import waitress

from kb.errors import KbError
from webapp import create_app

DEFAULT_THREADS = 8
DEFAULT_CONNECTION_LIMIT = 500
DEFAULT_CHANNEL_TIMEOUT = 30        # seconds; waitress's own default is 120


def serve(home, host="127.0.0.1", port=8000, threads=DEFAULT_THREADS,
          connection_limit=DEFAULT_CONNECTION_LIMIT, channel_timeout=DEFAULT_CHANNEL_TIMEOUT):
    app = create_app({"REGKB_HOME": str(home.root)})
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
    print(f"济宁市地方性法规库：http://{_url_host(host)}:{port}/ （{len(served.library.entries)} 部法规；"
          f"Ctrl+C 停止）", flush=True)
    try:
        server.run()
    finally:
        server.close()


def _bind_problem(error, host, port):
    if error.errno == errno.EADDRINUSE:
        return f"端口 {port} 已被占用：请先停止占用它的程序，或用 --port 换一个端口"
    if error.errno == errno.EACCES:
        return f"没有权限使用端口 {port}：1024 以下的端口需要管理员权限，请换一个端口"
    return f"无法在 {host}:{port} 上启动服务：{error.strerror or error}"


def _url_host(host):
    return f"[{host}]" if ":" in host else host
