"""`regkb serve`: the app behind waitress (a production WSGI server, never Flask's debugger)."""

import sys

import waitress

from webapp import create_app


def serve(home, host="127.0.0.1", port=8000, threads=8):
    app = create_app({"REGKB_HOME": str(home.root)})
    knowledge = app.extensions["regkb"]
    snapshot = knowledge.snapshot()
    if snapshot.generation is None:
        print("注意：还没有索引，检索不可用：请先运行 regkb fetch（或 regkb import），再运行 regkb index。",
              file=sys.stderr)
    knowledge.warm_up()
    print(f"济宁市地方性法规库：http://{_url_host(host)}:{port}/ （{len(snapshot.library.entries)} 部法规；"
          f"Ctrl+C 停止）", flush=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="regkb")


def _url_host(host):
    return f"[{host}]" if ":" in host else host
