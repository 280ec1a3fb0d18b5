"""URL slugs of regulations: the catalog's own for catalogued texts, one made from the title
for imported ones. A slug is one path segment: letters and digits of any script, "_" and
"-" only — never "/", "?", "#", "%", spaces or punctuation — and no two regulations share one."""

import hashlib
import re

UNSAFE_RE = re.compile(r"[^\w-]+")      # \w: letters and digits of any script, and "_"
SAFE_RE = re.compile(r"[\w-]+")
HASH_CHARS = 8


def is_safe(slug: str) -> bool:
    return bool(SAFE_RE.fullmatch(slug or ""))


def title_hash(title: str, length: int = HASH_CHARS) -> str:
    return hashlib.sha256(title.encode("utf-8")).hexdigest()[:length]


def slug_for_title(title: str) -> str:
    """济宁市养犬管理条例 stays as it is; a title with unsafe characters has them made "-" and
    gets a short hash of the full title, so 甲/乙条例 and 甲?乙条例 stay apart."""
    cleaned = "-".join(part for part in UNSAFE_RE.split(title) if part) or "regulation"
    return cleaned if cleaned == title else f"{cleaned}-{title_hash(title)}"


def unique_slugs(pairs) -> list:
    """Slugs for [(wanted slug, title)], in order: a slug already taken gets the title's hash."""
    taken, chosen = set(), []
    for slug, title in pairs:
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{title_hash(title)}" + (f"-{number}" if number > 2 else "")
        taken.add(candidate)
        chosen.append(candidate)
    return chosen
