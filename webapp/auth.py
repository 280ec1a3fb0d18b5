"""Editor sign-in: session cookies, CSRF on every write, and an optional login wall.

Readers never sign in; editors (added with `regkb user add NAME`) sign in to write notes.
With REGKB_LOGIN_REQUIRED the whole site, API included, is for signed-in users only. Wrong
passwords are counted in the shared storage for all server processes and hosts
(kb.accounts.sign_in); a session carries its account's epoch, which sign-out raises, so a
copied cookie dies with sign-out on every host.
Pages for editors are never stored by a browser or proxy (Cache-Control: no-store)."""

import functools
import os
import secrets
from urllib.parse import urlparse

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from kb.accounts import LOCKED, OK, end_sessions, session_epoch, sign_in
from kb.errors import KbError
from kb.storage import DATABASE_SETTING, database_url

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()

SECRET_FILE = "secret_key"
# The login page's own assets stay reachable behind the login wall.
LOGIN_ASSETS = frozenset({"app.css", "app.js", "favicon.svg"})
OPEN_ENDPOINTS = frozenset({"auth.login"})
# Pages an editor works on, sent with Cache-Control: no-store even to a reader (the history
# shows old texts; the login form carries a CSRF token). Every page to a signed-in user is too.
EDITOR_ENDPOINTS = frozenset({"auth.login", "notes.new", "notes.create", "notes.edit", "notes.update",
                              "notes.history", "notes.old_version", "notes.restore"})


def init(app, home):
    app.config["SECRET_KEY"] = secret_key(app.config, home)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    if app.config.get("REGKB_SESSION_COOKIE_SECURE"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.before_request(_end_stale_session)
    app.before_request(_login_wall)
    app.after_request(_no_store_for_editors)
    csrf.init_app(app)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_blueprint(bp)


def secret_key(config, home):
    """SECRET_KEY from config, else REGKB_SECRET_KEY, else one generated once per home. With
    a shared database the key must be given: every host signs and reads the same cookies."""
    key = config.get("SECRET_KEY") or os.environ.get("REGKB_SECRET_KEY")
    if key:
        return key
    if database_url():
        raise KbError(f"使用共享数据库（{DATABASE_SETTING}）时，须在每台主机上设置同一个 REGKB_SECRET_KEY"
                      "（或 instance/config.py 中的 SECRET_KEY），否则在一台主机登录的会话在另一台无效")
    path = home.root / "instance" / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two workers starting at once agree on the key the first one wrote.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text().strip()


def current_user():
    return session.get("user")


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user():
            if request.method == "GET":
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            abort(403, description="请先登录编辑账户")
        return view(*args, **kwargs)
    return wrapped


def _home():
    return current_app.extensions["regkb"].home


def _end_stale_session():
    """A session from before its account's last sign-out (or of a removed account) ends here."""
    user = current_user()
    if user and session.get("epoch") != session_epoch(_home(), user):
        session.clear()


def _no_store_for_editors(response):
    if current_user() or request.endpoint in EDITOR_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


def _login_wall():
    if not current_app.config.get("REGKB_LOGIN_REQUIRED") or current_user():
        return None
    endpoint = request.endpoint
    if endpoint in OPEN_ENDPOINTS:
        return None
    if endpoint == "static" and (request.view_args or {}).get("filename") in LOGIN_ASSETS:
        return None
    if request.path.startswith("/api/"):
        abort(401, description="请先登录")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def json_or_csrf_token():
    """A JSON client needs no session token, because a cross-site page cannot forge its
    request: `Content-Type: application/json` is not a type a form or a "simple" request can
    send, so a browser asks first (CORS preflight), and this app never allows another origin.
    Every other body — a form post, text/plain holding JSON — needs the CSRF token."""
    if request.mimetype == "application/json" or not current_app.config["WTF_CSRF_ENABLED"]:
        return
    csrf.protect()


def _csrf_error(error):
    from webapp.errors import error_response
    return error_response(400, "表单已失效或来源无法确认（CSRF 校验失败），请刷新页面后重试；未作任何修改。")


def safe_next(target):
    """Only a path on this site: never //other.host or https://other.host."""
    parsed = urlparse(target or "")
    if parsed.scheme or parsed.netloc or not (target or "").startswith("/") or target.startswith("//"):
        return url_for("pages.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"))
    if request.method == "POST":
        name = request.form.get("name", "").strip()[:64]
        result = sign_in(_home(), name, request.form.get("password", ""))
        if result.outcome == LOCKED:
            return render_template("login.html", next=target, name=name, failed=True,
                                   locked=True), 429
        if result.outcome == OK:
            session.clear()     # a fresh session: nothing carried over from before sign-in
            session["user"] = name
            session["epoch"] = result.epoch
            flash(f"已登录：{name}")
            return redirect(target)
        return render_template("login.html", next=target, name=name, failed=True), 401
    return render_template("login.html", next=target, name="", failed=False)


@bp.post("/logout")
def logout():
    if current_user():
        end_sessions(_home(), current_user())   # copies of this session's cookie stop working too
    session.clear()
    flash("已退出登录")
    return redirect(url_for("pages.home"))
