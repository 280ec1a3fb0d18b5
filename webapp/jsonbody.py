"""JSON sent by a client, decoded within bounds: every JSON body or JSON form field goes
through `load_json`, so a huge or deeply nested document is a 400 or 413 with a Chinese
reason, never a RecursionError (Python's json gives up near 1000 levels) or a 500."""

import json
import re

from flask import abort

MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 20             # our payloads need 2 (a list of objects)
STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKET_RE = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in `text` (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in BRACKET_RE.findall(STRING_RE.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(raw, what: str = "请求内容", max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH):
    """The decoded value of `raw` (bytes or str); aborts with 413 or 400 when it is too large,
    nested too deeply, not UTF-8 or not JSON."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if len(data) > max_bytes:
        abort(413, description=f"{what}过大：最多 {max_bytes // 1024} KB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        abort(400, description=f"{what}不是有效的 JSON（须为 UTF-8 编码）")
    if nesting_depth(text) > max_depth:
        abort(400, description=f"{what}嵌套过深：最多 {max_depth} 层")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        abort(400, description=f"{what}不是有效的 JSON")
