"""Editor accounts: `<home>/instance/users.json`, passwords hashed with werkzeug.

Sign-in attempts are counted on disk (`<home>/instance/login_failures.json`) under an OS file
lock, so every server process and thread shares one count: a try is counted *before* its
password is checked, and a name with MAX_FAILURES tries in the last LOCK_SECONDS gets no
more checks, however many requests arrive at once. Each account has a session epoch; signing
out raises it, which ends every session that was started before (webapp.auth checks it)."""

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from filelock import FileLock
from werkzeug.security import check_password_hash, generate_password_hash

from kb.errors import KbError
from kb.store import atomic_write

NAME_RE = re.compile(r"^[0-9A-Za-z_.\-\u4e00-\u9fff]{2,32}$")
MIN_PASSWORD = 8
MAX_FAILURES = 5            # wrong passwords for one name before it is locked for a while
LOCK_SECONDS = 300
OK, WRONG, LOCKED = "ok", "wrong", "locked"


class AccountError(KbError):
    pass


@dataclass(frozen=True)
class SignIn:
    outcome: str            # OK, WRONG or LOCKED
    epoch: int = 0          # the account's session epoch, for the new session (OK only)


def _path(home):
    return home.root / "instance" / "users.json"


def _failures_path(home):
    return home.root / "instance" / "login_failures.json"


def _lock(home):
    """One lock for the account files: every read-modify-write of them holds it."""
    folder = home.root / "instance"
    folder.mkdir(parents=True, exist_ok=True)
    return FileLock(folder / ".accounts.lock", timeout=30)


def _read_json(path, what):
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise AccountError(f"{path}: {what}已损坏（{error}）") from error


def _write_json(path, data):
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def load_users(home) -> dict:
    return _read_json(_path(home), "账户文件")


def add_user(home, name: str, password: str) -> None:
    if not NAME_RE.match(name or ""):
        raise AccountError("用户名须为 2–32 个字母、数字、汉字或 _ . -")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    with _lock(home):
        users = load_users(home)
        if name in users:
            raise AccountError(f"用户已存在：{name}")
        users[name] = {"hash": generate_password_hash(password), "epoch": 0,
                       "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}  # noqa: UP017 (3.10)
        _write_json(_path(home), users)


# Checked against when the user is unknown, so that a wrong name takes as long as a wrong
# password and sign-in does not reveal which names exist.
_DUMMY_HASH = generate_password_hash("regkb-no-such-user")


def verify(home, name: str, password: str) -> bool:
    """True only for a known user with the right password (no counting: see sign_in)."""
    user = load_users(home).get(name or "")
    matched = check_password_hash(user["hash"] if user else _DUMMY_HASH, password or "")
    return bool(user) and matched


def sign_in(home, name: str, password: str) -> SignIn:
    """Check a password unless the name is locked; every check counts until one succeeds."""
    if not _take_a_try(home, name):
        return SignIn(LOCKED)
    if not verify(home, name, password):
        return SignIn(WRONG)
    with _lock(home):
        failures = _recent_failures(home)
        failures.pop(name, None)
        _write_json(_failures_path(home), failures)
        epoch = session_epoch(home, name)
    return SignIn(OK, epoch or 0)


def _take_a_try(home, name):
    """Count one try for `name`, atomically across processes; False if it has none left."""
    with _lock(home):
        failures = _recent_failures(home)
        count = failures.get(name, {}).get("count", 0)
        if count >= MAX_FAILURES:
            return False
        failures[name] = {"count": count + 1, "last": time.time()}
        _write_json(_failures_path(home), failures)
        return True


def _recent_failures(home):
    """name → {count, last}; names whose last try is older than LOCK_SECONDS start afresh."""
    cutoff = time.time() - LOCK_SECONDS
    failures = _read_json(_failures_path(home), "登录记录")
    return {name: row for name, row in failures.items()
            if isinstance(row, dict) and row.get("last", 0) > cutoff}


def session_epoch(home, name: str) -> int | None:
    """The account's session epoch; None when there is no such account."""
    user = load_users(home).get(name or "")
    return user.get("epoch", 0) if user else None


def end_sessions(home, name: str) -> None:
    """Sign-out: every session of `name` started before now stops working."""
    with _lock(home):
        users = load_users(home)
        if name in users:
            users[name]["epoch"] = users[name].get("epoch", 0) + 1
            _write_json(_path(home), users)
