import hashlib
import http.server
import json
import shutil
import socket
import threading
from dataclasses import replace
from functools import partial

import pytest

from kb.catalog import load_catalog
from kb.fetch import FetchError, fetch
from kb.store import Store
from tests.conftest import JINING


@pytest.fixture
def served():
    """A loopback HTTP server; yields a function serving a folder and returning its URL."""
    servers = []

    def serve(folder):
        handler = partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"
    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _quiet(_):
    pass


def test_fetch_from_local_mirror(home):
    added = fetch(home, source=str(JINING), progress=_quiet)
    assert len(added) == 11
    for version in Store(home).versions():
        data = Store(home).path_of(version).read_bytes()
        assert hashlib.sha256(data).hexdigest() == version.sha256
    assert fetch(home, source=str(JINING), progress=_quiet) == []


def test_fetch_over_http_with_progress(home, served):
    lines = []
    added = fetch(home, source=served(JINING), progress=lines.append)
    assert len(added) == 11
    assert lines[0].startswith("[1/11] 济宁市养犬管理条例 ← http://127.0.0.1:")
    assert "校验和全部一致" in lines[-1]


def test_fetch_by_pinned_urls_uses_each_entry_url(home, served):
    base = served(JINING)
    catalog = [replace(e, source_url=f"{base}/{e.file}") for e in load_catalog()]
    assert len(fetch(home, progress=_quiet, catalog=catalog)) == 11


def test_checksum_mismatch_changes_nothing(home, tmp_path, served):
    mirror = tmp_path / "mirror"
    shutil.copytree(JINING, mirror)
    victim = next(mirror.glob("*文明行为*"))
    victim.write_bytes(victim.read_bytes().replace("第二十条".encode(), "第二十一条".encode(), 1))
    for source in (str(mirror), served(mirror)):
        with pytest.raises(FetchError, match="校验和不一致"):
            fetch(home, source=source, progress=_quiet)
        assert Store(home).versions() == []
        assert not home.texts_dir.exists() or not any(home.texts_dir.iterdir())


def test_missing_file_and_http_404_change_nothing(home, tmp_path, served):
    mirror = tmp_path / "partial"
    mirror.mkdir()
    shutil.copy(next(JINING.glob("*养犬*")), mirror)
    with pytest.raises(FetchError, match="文件不存在"):
        fetch(home, source=str(mirror), progress=_quiet)
    with pytest.raises(FetchError, match="404"):
        fetch(home, source=served(mirror), progress=_quiet)
    assert Store(home).versions() == []


def test_unreachable_server_is_a_clear_error(home):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="无法连接"):
        fetch(home, source=f"http://127.0.0.1:{port}", progress=_quiet)


def test_cli_fetch_failure_says_how_to_go_on(home, cli, tmp_path):
    code, _, err = cli("--home", home.root, "fetch", "--from", tmp_path / "nowhere")
    assert code == 1
    assert "文件不存在" in err and "regkb import" in err and "REGKB_MIRROR" in err


def test_mirror_from_environment(home, cli, monkeypatch):
    monkeypatch.setenv("REGKB_MIRROR", str(JINING))
    code, _, err = cli("--home", home.root, "fetch")
    assert code == 0, err
    assert len(Store(home).versions()) == 11


def test_corrupt_manifest_is_reported(home):
    home.manifest_path.parent.mkdir(parents=True)
    home.manifest_path.write_text("{not json", encoding="utf-8")
    with pytest.raises(Exception, match="清单文件已损坏"):
        Store(home).versions()
    assert json.dumps  # the manifest is left for the user to inspect
    assert home.manifest_path.read_text(encoding="utf-8") == "{not json"
