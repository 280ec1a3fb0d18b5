"""Sign-in, the secret key, CSRF (switched on here, unlike the other tests) and the login wall."""

import http.cookiejar
import re
import stat
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from kb import accounts
from kb.accounts import add_user
from kb.errors import KbError
from tests.parallel import run_together
from tests.storage import stored
from tests.webapp.browser import served
from tests.webapp.conftest import EDITOR, PASSWORD, AuthActions
from webapp import create_app

NOTE = "---\ntitle: 测试\ndate: 2024-01-02\ntype: 执法检查\n---\n正文：养犬条例第十五条。\n"


@pytest.fixture
def home(backend, jining_home):
    """Each test runs over both storage backends (files, PostgreSQL)."""
    add_user(jining_home, EDITOR, PASSWORD)
    return jining_home


def strict_app(home, **config):
    """The app as it runs: CSRF on, no secret key given."""
    return create_app({"REGKB_HOME": str(home.root), "TESTING": True, **config})


def token(client, url="/login"):
    found = AuthActions(client, None).token(url)
    assert found, f"no CSRF token on {url}"
    return found


def sign_in(client):
    response = AuthActions(client, None).login()
    assert response.status_code == 302
    return client


def notes(home):
    """Every stored note and kept version, in whichever backend holds them."""
    return stored(home)


def test_secret_key_is_generated_once_with_private_permissions(jining_home, monkeypatch):
    home = jining_home          # the embedded default: no database, no key given
    monkeypatch.delenv("REGKB_SECRET_KEY", raising=False)
    (home.root / "instance" / "secret_key").unlink(missing_ok=True)   # the copied home may have one
    first = strict_app(home).config["SECRET_KEY"]
    path = home.root / "instance" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(first) >= 32
    assert strict_app(home).config["SECRET_KEY"] == first


def test_a_shared_database_needs_a_shared_secret_key(backend, jining_home, monkeypatch):
    if backend == "files":
        pytest.skip("only with a database")
    monkeypatch.delenv("REGKB_SECRET_KEY", raising=False)
    with pytest.raises(KbError, match="须在每台主机上设置同一个 REGKB_SECRET_KEY"):
        strict_app(jining_home)
    assert strict_app(jining_home, SECRET_KEY="from-the-config").config["SECRET_KEY"] == "from-the-config"


def test_secret_key_from_the_environment_wins(home, monkeypatch):
    monkeypatch.setenv("REGKB_SECRET_KEY", "from-the-environment")
    (home.root / "instance" / "secret_key").unlink(missing_ok=True)
    assert strict_app(home).config["SECRET_KEY"] == "from-the-environment"
    assert not (home.root / "instance" / "secret_key").exists()


def test_wrong_password_is_refused(home):
    client = strict_app(home).test_client()
    response = client.post("/login", data={"name": EDITOR, "password": "wrong password", "csrf_token": token(client)})
    assert response.status_code == 401 and "用户名或密码不正确" in response.get_data(as_text=True)
    assert client.get("/notes/new").status_code == 302


def test_repeated_wrong_passwords_lock_the_name(home):
    client = strict_app(home).test_client()
    for _ in range(5):
        client.post("/login", data={"name": EDITOR, "password": "guess", "csrf_token": token(client)})
    response = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": token(client)})
    assert response.status_code == 429 and "暂时锁定" in response.get_data(as_text=True)
    assert client.get("/notes/new").status_code == 302
    other = strict_app(home).test_client()      # another server process shares the count on disk
    assert other.post("/login", data={"name": EDITOR, "password": PASSWORD,
                                      "csrf_token": token(other)}).status_code == 429


def test_session_cookie_is_httponly_and_lax(home):
    client = strict_app(home).test_client()
    response = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": token(client)})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_next_never_leaves_the_site(home):
    client = strict_app(home).test_client()
    for target in ("//evil.example/", "https://evil.example/", "javascript:alert(1)"):
        response = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "next": target,
                                               "csrf_token": token(client)})
        assert response.headers["Location"] == "/"


def test_signed_in_editor_writes_with_a_token(home):
    client = sign_in(strict_app(home).test_client())
    response = client.post("/notes/new", data={"id": "t1", "text": NOTE, "action": "save",
                                               "csrf_token": token(client, "/notes/new")})
    assert response.status_code == 302 and "t1.md" in notes(home)


@pytest.mark.parametrize("forged", [None, "", "forged-token", "IjEyMyI.abc.def"])
def test_missing_or_forged_token_is_refused_and_nothing_written(home, forged):
    client = sign_in(strict_app(home).test_client())
    data = {"id": "t1", "text": NOTE, "action": "save"}
    if forged is not None:
        data["csrf_token"] = forged
    response = client.post("/notes/new", data=data)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert notes(home) == []


def test_login_and_logout_need_a_token(home):
    client = strict_app(home).test_client()
    assert client.post("/login", data={"name": EDITOR, "password": PASSWORD}).status_code == 400
    sign_in(client)
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": token(client, "/")}).status_code == 302
    assert client.get("/notes/new").status_code == 302


EXCERPTS = '[{"slug": "dog-keeping", "article": 15, "suffix": 0, "paragraph": 0}]'


def test_export_form_posts_need_a_token(home):
    client = strict_app(home).test_client()
    refused = client.post("/export/txt", data={"items": EXCERPTS})       # what a cross-site form sends
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    multipart = client.post("/export/txt", data={"items": EXCERPTS}, content_type="multipart/form-data")
    assert multipart.status_code == 400
    page_token = token(client, "/basket")
    assert client.post("/export/txt", data={"items": EXCERPTS, "csrf_token": page_token}).status_code == 200


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_export_takes_json_without_a_token(home, content_type):
    client = strict_app(home).test_client()        # no session, no token: a script or curl
    response = client.post("/export/txt", data=EXCERPTS, content_type=content_type)
    assert response.status_code == 200
    assert "（《济宁市养犬管理条例》第十五条）" in response.get_data(as_text=True)


def test_no_other_origin_is_ever_allowed_to_send_json(home):
    preflight = strict_app(home).test_client().options("/export/txt", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert not any(name.lower().startswith("access-control-allow") for name, _ in preflight.headers.items())


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain; charset=utf-8", None])
def test_json_in_a_simple_request_still_needs_a_token(home, content_type):
    # A cross-site page can send text/plain (or no type) without a preflight: refused.
    client = strict_app(home).test_client()
    response = client.post("/export/txt", data=EXCERPTS, content_type=content_type)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)


def test_anonymous_post_with_a_valid_token_writes_nothing(home):
    client = strict_app(home).test_client()
    response = client.post("/notes/new", data={"id": "t1", "text": NOTE, "csrf_token": token(client)})
    assert response.status_code == 403 and notes(home) == []


def test_the_site_is_open_to_readers_by_default(home):
    client = strict_app(home).test_client()
    for url in ("/", "/notes", "/r/dog-keeping/15", "/api/search?q=犬"):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("how", ["config", "env"])
def test_login_required_closes_everything_but_the_login_page(home, monkeypatch, how):
    if how == "env":
        monkeypatch.setenv("REGKB_LOGIN_REQUIRED", "1")
        app = strict_app(home)
    else:
        app = strict_app(home, REGKB_LOGIN_REQUIRED=True)
    client = app.test_client()
    for url in ("/", "/notes", "/r/dog-keeping/15", "/r/dog-keeping/survey", "/basket"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/api/search?q=犬").status_code == 401
    assert client.get("/api/notes").get_json() == {"error": "请先登录"}
    assert client.get("/login").status_code == 200
    assert client.get("/static/app.css").status_code == 200
    sign_in(client)
    assert client.get("/r/dog-keeping/15").status_code == 200
    assert client.get("/api/search?q=犬").status_code == 200


GUESSER = """
from kb.accounts import sign_in
from kb.home import Home
home = Home.resolve(ARGS["home"])
wait_at_gate()
print(json.dumps(sign_in(home, ARGS["name"], ARGS["password"]).outcome))
"""


def test_eleven_parallel_processes_get_at_most_five_passwords_checked(home, tmp_path):
    outcomes = run_together(GUESSER, 11, {"home": str(home.root), "name": EDITOR, "password": "wrong guess"},
                            gate=tmp_path / "gate")
    assert outcomes.count(accounts.WRONG) == accounts.MAX_FAILURES
    assert outcomes.count(accounts.LOCKED) == 11 - accounts.MAX_FAILURES
    assert accounts.sign_in(home, EDITOR, PASSWORD).outcome == accounts.LOCKED


def _guess_over_http(base_url, password):
    """One browser: fetch the login form for a session and token, then post a password."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base_url}/login", timeout=30).read().decode("utf-8")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"name": EDITOR, "password": password, "csrf_token": csrf}).encode()
    try:
        return opener.open(f"{base_url}/login", data=form, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def test_eleven_parallel_requests_to_a_threaded_server_get_at_most_five_checks(home):
    with served(home.root) as base_url, ThreadPoolExecutor(max_workers=11) as pool:
        codes = list(pool.map(lambda _: _guess_over_http(base_url, "wrong guess"), range(11)))
        assert sorted(codes) == [401] * accounts.MAX_FAILURES + [429] * (11 - accounts.MAX_FAILURES)
        assert _guess_over_http(base_url, PASSWORD) == 429


def test_a_cookie_copied_before_sign_out_stops_working(home):
    app = strict_app(home)
    browser = sign_in(app.test_client())
    copied = app.test_client()
    copied.set_cookie("session", browser.get_cookie("session").value)
    assert copied.get("/notes/new").status_code == 200          # the copy works while signed in
    assert browser.post("/logout", data={"csrf_token": token(browser, "/")}).status_code == 302
    response = copied.get("/notes/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert sign_in(app.test_client()).get("/notes/new").status_code == 200   # signing in again works


def test_editor_pages_are_never_stored(home):
    client = strict_app(home).test_client()
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/r/dog-keeping/15").headers.get("Cache-Control", "")
    sign_in(client)
    client.post("/notes/new", data={"id": "t1", "text": NOTE, "action": "save",
                                    "csrf_token": token(client, "/notes/new")})
    for url in ("/notes/new", "/notes/t1/edit", "/notes/t1/history", "/notes/t1", "/r/dog-keeping/15"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", url


def test_session_cookie_can_be_https_only(home):
    client = strict_app(home, REGKB_SESSION_COOKIE_SECURE=True).test_client()
    response = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": token(client)})
    assert "Secure" in response.headers["Set-Cookie"]
