"""Editor accounts, passwords hashed with werkzeug, in the storage kb.storage chooses
(`<home>/instance/users.json`, or PostgreSQL when several hosts share one database).

Sign-in attempts are counted in that storage, atomically (a file lock, or one statement on
the name's row), so every server process, thread and host shares one count: a try is
counted *before* its password is checked, and a name with MAX_FAILURES tries in the last
LOCK_SECONDS gets no more checks, however many requests arrive at once. Each account has a
session epoch; signing out raises it, which ends every session that was started before,
on every host (webapp.auth checks it)."""

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from werkzeug.security import check_password_hash, generate_password_hash

from kb.errors import KbError
from kb.storage import storage_for

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


def _accounts(home):
    return storage_for(home).accounts


def load_users(home) -> dict:
    return _accounts(home).users()


def add_user(home, name: str, password: str) -> None:
    if not NAME_RE.match(name or ""):
        raise AccountError("用户名须为 2–32 个字母、数字、汉字或 _ . -")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")  # noqa: UP017 (3.10)
    if not _accounts(home).create(name, generate_password_hash(password), created):
        raise AccountError(f"用户已存在：{name}")


# Checked against when the user is unknown, so that a wrong name takes as long as a wrong
# password and sign-in does not reveal which names exist.
_DUMMY_HASH = generate_password_hash("regkb-no-such-user")


def verify(home, name: str, password: str) -> bool:
    """True only for a known user with the right password (no counting: see sign_in)."""
    user = _accounts(home).user(name or "")
    matched = check_password_hash(user["hash"] if user else _DUMMY_HASH, password or "")
    return bool(user) and matched


def sign_in(home, name: str, password: str) -> SignIn:
    """Check a password unless the name is locked; every check counts until one succeeds."""
    accounts = _accounts(home)
    if not accounts.take_a_try(name, MAX_FAILURES, LOCK_SECONDS):
        return SignIn(LOCKED)
    if not verify(home, name, password):
        return SignIn(WRONG)
    accounts.clear_tries(name)
    return SignIn(OK, session_epoch(home, name) or 0)


def session_epoch(home, name: str) -> int | None:
    """The account's session epoch; None when there is no such account."""
    user = _accounts(home).user(name or "")
    return user.get("epoch", 0) if user else None


def end_sessions(home, name: str) -> None:
    """Sign-out: every session of `name` started before now stops working, on every host."""
    _accounts(home).raise_epoch(name)
