"""Where a text comes from, as a citation line for exports: who enacted and approved it and
when, as its own history says (2018年12月27日 济宁市……会议通过), and the exact file it was
read from (所据文本) — a file pinned to a commit and checked by sha256, which a reader can
fetch again. A mirror's URL is never given as the source of a law."""

from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

SHA_PREFIX = 12
GITHUB_RAW = "raw.githubusercontent.com"


def printed_date(iso: str) -> str:
    """2019-05-31 → 2019年5月31日, as dates are printed in Chinese legal texts."""
    try:
        year, month, day = (int(part) for part in iso.split("-"))
    except ValueError:
        return iso
    return f"{year}年{month}月{day}日"


def enactment(regulation) -> str:
    """Each history event as printed: date, body and what it did; "" when the text has none."""
    return "；".join(f"{printed_date(e.date)} {e.body}" for e in regulation.history)


def pinned_text(source: str, sha256: str) -> str:
    """The file a text was read from: name, where it is pinned, sha256 prefix."""
    checksum = f"sha256 {sha256[:SHA_PREFIX]}" if sha256 else "sha256 未知"
    parsed = urlparse(source or "")
    if parsed.scheme in ("http", "https"):
        name = unquote(PurePosixPath(parsed.path).name)
        return f"{name}（{_pinned_at(parsed)}；{checksum}）"
    if source:
        return f"导入的文件 {source}（{checksum}）"
    return f"未知（{checksum}）"


def _pinned_at(parsed):
    parts = parsed.path.strip("/").split("/")
    if parsed.netloc == GITHUB_RAW and len(parts) >= 3:
        owner, repository, commit = parts[:3]
        return f"{owner}/{repository} 提交 {commit[:7]}"
    return parsed.netloc


def source_line(regulation) -> str:
    """来源：<enactment>。所据文本：<file>"""
    return (f"来源：{enactment(regulation) or '文本未载明制定机关和日期'}。"
            f"所据文本：{pinned_text(regulation.source, regulation.sha256)}")
