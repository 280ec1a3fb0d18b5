"""Sign-in, the secret key, CSRF (switched on here, unlike the other tests) and the login wall."""

import re
import stat

import pytest

from kb.accounts import add_user
from webapp import create_app

EDITOR, PASSWORD = "editor1", "correct horse 1"
NOTE = "---\ntitle: 测试\ndate: 2024-01-02\ntype: 执法检查\n---\n正文：养犬条例第十五条。\n"


@pytest.fixture
def home(jining_home):
    add_user(jining_home, EDITOR, PASSWORD)
    return jining_home


def strict_app(home, **config):
    """The app as it runs: CSRF on, no secret key given."""
    return create_app({"REGKB_HOME": str(home.root), "TESTING": True, **config})


def token(client, url="/login"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def sign_in(client):
    response = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": token(client)})
    assert response.status_code == 302
    return client


def notes(home):
    folder = home.root / "notes"
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_secret_key_is_generated_once_with_private_permissions(home, monkeypatch):
    monkeypatch.delenv("REGKB_SECRET_KEY", raising=False)
    (home.root / "instance" / "secret_key").unlink(missing_ok=True)   # the copied home may have one
    first = strict_app(home).config["SECRET_KEY"]
    path = home.root / "instance" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(first) >= 32
    assert strict_app(home).config["SECRET_KEY"] == first


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
    other = strict_app(home).test_client()      # another server process keeps its own count
    assert other.post("/login", data={"name": EDITOR, "password": PASSWORD,
                                      "csrf_token": token(other)}).status_code == 302


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


def test_export_needs_a_token_too(home):
    client = strict_app(home).test_client()
    items = '[{"slug": "dog-keeping", "article": 15, "suffix": 0, "paragraph": 0}]'
    assert client.post("/export/txt", data={"items": items}).status_code == 400
    assert client.post("/export/txt", json=[{"slug": "dog-keeping", "article": 15, "suffix": 0, "paragraph": 0}]).status_code == 400
    page_token = token(client, "/basket")
    assert client.post("/export/txt", data={"items": items, "csrf_token": page_token}).status_code == 200


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
