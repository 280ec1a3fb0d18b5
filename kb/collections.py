"""Collections of regulations that `regkb fetch --collection` knows how to fetch, all from
the same pinned public source as the Jining texts (LawRefBook/Laws at one commit).

jining is the catalog (kb/data/catalog.tsv: slugs, aliases, statuses); shandong and
national are manifests of that repository's files (kb/data/collections/<name>.tsv: path,
bytes, sha256), made from a local mirror by tools/collection_manifest.py."""

import csv
import re
import urllib.parse
from pathlib import Path

from kb.catalog import CatalogEntry, load_catalog
from kb.errors import KbError
from kb.home import PACKAGE_DATA

COLLECTIONS_DIR = PACKAGE_DATA / "collections"
PIN_BASE = "https://raw.githubusercontent.com/LawRefBook/Laws/2f4c5c23716267af9dbebbbbd6cbbf732b101981/"
NAMES = ("jining", "shandong", "national")
ALL = "all"
MANIFEST_FIELDS = ("path", "bytes", "sha256")
DATED_NAME_RE = re.compile(r"^(?P<title>.+?)(?:\((?P<date>\d{4}-\d{2}-\d{2})\))?\.\w+$")


def collection_entries(name: str) -> list:
    """The CatalogEntry list of one collection, or of all of them (once per sha256)."""
    if name == ALL:
        seen, entries = set(), []
        for part in NAMES:
            for entry in collection_entries(part):
                if entry.sha256 not in seen:
                    seen.add(entry.sha256)
                    entries.append(entry)
        return entries
    if name == "jining":
        return load_catalog()
    if name not in NAMES:
        raise KbError(f"没有这个法规集：{name}（可选：{'、'.join(NAMES + (ALL,))}）")
    return [_entry(row) for row in read_manifest(COLLECTIONS_DIR / f"{name}.tsv")]


def read_manifest(path: Path) -> list:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _entry(row):
    path = row["path"]
    match = DATED_NAME_RE.match(Path(path).name)
    title = match.group("title") if match else Path(path).stem
    return CatalogEntry(slug="", title=title, aliases=(), version_date=(match and match.group("date")) or "",
                        effective="", status="", file=Path(path).name, bytes=int(row["bytes"]),
                        sha256=row["sha256"], source_url=PIN_BASE + urllib.parse.quote(path))


def manifest_rows(mirror: Path, name: str) -> list:
    """(path, bytes, sha256) of every Markdown file of a collection in a mirror of the repository."""
    import hashlib
    mirror = Path(mirror)
    rows = []
    for file in sorted(mirror.rglob("*.md")):
        relative = file.relative_to(mirror).as_posix()
        if _collection_of_path(relative) == name:
            data = file.read_bytes()
            rows.append((relative, len(data), hashlib.sha256(data).hexdigest()))
    return rows


def _collection_of_path(relative):
    if relative.startswith("DLC/山东地方法规/"):
        return "shandong"
    if relative.startswith(("DLC/", "案例/")) or "/" not in relative:
        return ""
    return "national"
