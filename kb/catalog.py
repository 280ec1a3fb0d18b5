"""The catalog of regulations the product knows how to fetch (package data: kb/data/catalog.tsv)."""

import csv
from dataclasses import dataclass

from kb.errors import KbError
from kb.home import CATALOG_PATH
from kb.slugs import is_safe


@dataclass(frozen=True)
class CatalogEntry:
    slug: str
    title: str
    aliases: tuple
    version_date: str
    effective: str
    status: str
    file: str
    bytes: int
    sha256: str
    source_url: str


def load_catalog(path=CATALOG_PATH):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [_entry(row) for row in rows]


def _entry(row):
    if not is_safe(row["slug"]):
        raise KbError(f"法规目录中的 slug 不合法（只能含字母、数字、_ 和 -）：{row['slug']!r}")
    aliases = tuple(a for a in row["aliases"].split("|") if a)
    return CatalogEntry(slug=row["slug"], title=row["title"], aliases=aliases,
                        version_date=row["version_date"], effective=row["effective"],
                        status=row["status"], file=row["file"], bytes=int(row["bytes"]),
                        sha256=row["sha256"], source_url=row["source_url"])
