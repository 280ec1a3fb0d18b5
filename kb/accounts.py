"""Editor accounts: `<home>/instance/users.json`, passwords hashed with werkzeug."""

import json
import re
from datetime import datetime, timezone

from werkzeug.security import check_password_hash, generate_password_hash

from kb.errors import KbError
from kb.store import atomic_write

NAME_RE = re.compile(r"^[0-9A-Za-z_.\-\u4e00-\u9fff]{2,32}$")
MIN_PASSWORD = 8


class AccountError(KbError):
    pass


def _path(home):
    return home.root / "instance" / "users.json"


def load_users(home):
    path = _path(home)
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise AccountError(f"{path}: 账户文件已损坏（{error}）") from error


def add_user(home, name, password):
    if not NAME_RE.match(name or ""):
        raise AccountError("用户名须为 2–32 个字母、数字、汉字或 _ . -")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    users = load_users(home)
    if name in users:
        raise AccountError(f"用户已存在：{name}")
    users[name] = {"hash": generate_password_hash(password),
                   "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    atomic_write(_path(home), json.dumps(users, ensure_ascii=False, indent=1).encode("utf-8"))


# Checked against when the user is unknown, so that a wrong name takes as long as a wrong
# password and sign-in does not reveal which names exist.
_DUMMY_HASH = generate_password_hash("regkb-no-such-user")


def verify(home, name, password):
    """True only for a known user with the right password."""
    user = load_users(home).get(name or "")
    matched = check_password_hash(user["hash"] if user else _DUMMY_HASH, password or "")
    return bool(user) and matched
