"""Two app hosts: two `regkb serve` processes with separate homes sharing one PostgreSQL
database and one secret key; the second serves an index artifact (a copied index folder)."""

import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from kb.accounts import add_user
from kb.home import Home
from kb.notes.store import NoteStore, version_of
from tests.webapp.test_serve import serving

EDITOR, PASSWORD = "editor1", "correct horse 1"
NOTE = "---\ntitle: 两台主机\ndate: 2024-01-02\ntype: 执法检查\n---\n正文：养犬条例第十五条。\n"
SAVES = 10


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser's session cookie, sent to whichever host it is pointed at."""

    def __init__(self, cookie=""):
        self.cookie = cookie
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, url, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data, headers={"Cookie": self.cookie} if self.cookie else {})
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        found = re.search(r"session=([^;]*)", response.headers.get("Set-Cookie", ""))
        if found:
            self.cookie = f"session={found.group(1)}"
        return response.status if hasattr(response, "status") else response.code, response.read().decode("utf-8")

    def token(self, url):
        return re.search(r'name="csrf_token" value="([^"]+)"', self.request(url)[1]).group(1)

    def sign_in(self, base):
        form = {"name": EDITOR, "password": PASSWORD, "csrf_token": self.token(f"{base}/login")}
        assert self.request(f"{base}/login", form)[0] == 302
        return self


@pytest.fixture
def two_homes(pg_cluster, jining_home, tmp_path, monkeypatch):
    """(home A, home B, the index artifact B serves); both on one fresh database."""
    from kb.storage import DATABASE_SETTING, close_databases
    from tests import pg
    from tests.conftest import SHARED_SECRET
    monkeypatch.setenv(DATABASE_SETTING, pg.fresh_schema(pg_cluster))
    monkeypatch.setenv("REGKB_SECRET_KEY", SHARED_SECRET)
    artifact = tmp_path / "index-artifact"
    shutil.copytree(jining_home.index_dir, artifact)
    other = tmp_path / "host-b"
    shutil.copytree(jining_home.root, other, ignore=shutil.ignore_patterns("index", "notes", "secret_key"))
    add_user(jining_home, EDITOR, PASSWORD)
    yield jining_home, Home.resolve(other, index=artifact), artifact
    close_databases()


def test_two_hosts_share_notes_saves_and_sign_out(two_homes):
    home_a, home_b, artifact = two_homes
    assert not home_b.root.joinpath("instance", "index").exists()
    with serving(home_a.root) as (a, _), serving(home_b.root, "--index", artifact) as (b, _):
        assert "济宁市养犬管理条例" in Browser().request(f"{b}/r/dog-keeping/15")[1]   # B searches the artifact

        editor = Browser().sign_in(a)
        form = {"id": "hosts", "text": NOTE, "action": "save", "csrf_token": editor.token(f"{a}/notes/new")}
        assert editor.request(f"{a}/notes/new", form)[0] == 302
        status, page = Browser().request(f"{b}/notes/hosts")
        assert status == 200 and "两台主机" in page             # saved on A, served by B at once

        base = version_of(NoteStore(home_a).text("hosts"))
        editors = [Browser().sign_in(a if n % 2 else b) for n in range(SAVES)]
        forms = [(f"{a if n % 2 else b}/notes/hosts/edit",
                  {"text": NOTE.replace("正文", f"第{n}位编辑"), "base_version": base,
                   "csrf_token": editors[n].token(f"{a if n % 2 else b}/notes/hosts/edit")})
                 for n in range(SAVES)]
        with ThreadPoolExecutor(max_workers=SAVES) as pool:
            codes = list(pool.map(lambda n: editors[n].request(*forms[n])[0], range(SAVES)))
        assert sorted(codes) == [302] + [409] * (SAVES - 1)
        store = NoteStore(home_b)
        winner = next(n for n, code in enumerate(codes) if code == 302)
        assert f"第{winner}位编辑" in store.text("hosts")
        assert {e.version for e in store.history("hosts")} == {base}      # every acknowledged version kept

        signed_in = Browser().sign_in(a)
        copied = Browser(signed_in.cookie)
        assert copied.request(f"{b}/notes/new")[0] == 200          # the cookie works on host B
        assert signed_in.request(f"{a}/logout", {"csrf_token": signed_in.token(f"{a}/")})[0] == 302
        status, _ = copied.request(f"{b}/notes/new")
        assert status == 302                                      # signed out on A: B refuses it
