"""Editor sign-in: session cookies, CSRF on every write, and an optional login wall.

Readers never sign in; editors (added with `regkb user add NAME`) sign in to write notes.
With REGKB_LOGIN_REQUIRED the whole site, API included, is for signed-in users only."""

import functools
import os
import secrets
import threading
import time
from urllib.parse import urlparse

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from kb.accounts import verify

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()

SECRET_FILE = "secret_key"
# The login page's own assets stay reachable behind the login wall.
LOGIN_ASSETS = frozenset({"app.css", "app.js", "favicon.svg"})
OPEN_ENDPOINTS = frozenset({"auth.login"})
MAX_FAILURES = 5            # wrong passwords for one name before it is locked for a while
LOCK_SECONDS = 300


def init(app, home):
    app.config["SECRET_KEY"] = secret_key(app.config, home)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.before_request(_login_wall)
    csrf.init_app(app)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_blueprint(bp)


def secret_key(config, home):
    """SECRET_KEY from config, else REGKB_SECRET_KEY, else one generated once per home."""
    key = config.get("SECRET_KEY") or os.environ.get("REGKB_SECRET_KEY")
    if key:
        return key
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


def _csrf_error(error):
    from webapp.errors import error_response
    return error_response(400, "表单已失效或来源无法确认（CSRF 校验失败），请刷新页面后重试；未作任何修改。")


def safe_next(target):
    """Only a path on this site: never //other.host or https://other.host."""
    parsed = urlparse(target or "")
    if parsed.scheme or parsed.netloc or not (target or "").startswith("/") or target.startswith("//"):
        return url_for("pages.home")
    return target


class _Throttle:
    """Locks a user name after repeated wrong passwords (in memory, per app)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._failures = {}     # name → (count, time of the last failure)

    def locked(self, name):
        with self._lock:
            count, last = self._failures.get(name, (0, 0.0))
            if count >= MAX_FAILURES and time.monotonic() - last < LOCK_SECONDS:
                return True
            if count >= MAX_FAILURES:
                self._failures.pop(name, None)
            return False

    def fail(self, name):
        with self._lock:
            count, _ = self._failures.get(name, (0, 0.0))
            self._failures[name] = (count + 1, time.monotonic())

    def clear(self, name):
        with self._lock:
            self._failures.pop(name, None)


def _throttle():
    return current_app.extensions.setdefault("regkb_login_throttle", _Throttle())


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"))
    if request.method == "POST":
        name = request.form.get("name", "").strip()[:64]
        if _throttle().locked(name):
            return render_template("login.html", next=target, name=name, failed=True,
                                   locked=True), 429
        if verify(current_app.extensions["regkb"].home, name, request.form.get("password", "")):
            _throttle().clear(name)
            session.clear()     # a fresh session: nothing carried over from before sign-in
            session["user"] = name
            flash(f"已登录：{name}")
            return redirect(target)
        _throttle().fail(name)
        return render_template("login.html", next=target, name=name, failed=True), 401
    return render_template("login.html", next=target, name="", failed=False)


@bp.post("/logout")
def logout():
    session.clear()
    flash("已退出登录")
    return redirect(url_for("pages.home"))
