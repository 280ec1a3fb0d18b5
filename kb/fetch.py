"""Fetch the catalogued texts from their pinned sources (or a mirror), checking sha256.

All texts are downloaded and verified before anything is written: a failure leaves the
store exactly as it was."""

import hashlib
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kb.collections import collection_entries
from kb.errors import KbError, SourceError
from kb.jurisdiction import repository_path
from kb.sources.parser import parse_text
from kb.sources.readers import read_source_bytes
from kb.store import Store

TIMEOUT_SECONDS = 15
MIRROR_ENV = "REGKB_MIRROR"
MAX_DOWNLOAD = 50 * 1024 * 1024


class FetchError(KbError):
    pass


def missing_entries(store, catalog):
    known = {v.sha256 for v in store.versions()}
    return [entry for entry in catalog if entry.sha256 not in known]


def fetch(home, source=None, progress=print, catalog=None, collection="jining"):
    """Fetch every text of a collection (or `catalog`) not yet in the store; return the
    added versions. A file that is no regulation text (a 决议 without articles) is
    reported and left out; a checksum or download failure stops everything."""
    catalog = collection_entries(collection) if catalog is None else catalog
    store = Store(home)
    todo = missing_entries(store, catalog)
    if not todo:
        progress("所有目录中的法规文本均已存在，无需获取。")
        return []
    source = source or os.environ.get(MIRROR_ENV)
    items, skipped = [], []
    for number, entry in enumerate(todo, 1):
        data, location = _read_first(locations(entry, source))
        progress(f"[{number}/{len(todo)}] {entry.title} ← {location}")
        check_sha256(entry, data, location)
        try:
            fields = _fields(entry, data)
        except SourceError as error:
            skipped.append(f"{entry.file}：{error.reason}")
            continue
        items.append((data, Path(entry.file).suffix or ".md", fields))
    added = store.add(items)
    progress(f"已获取 {len(added)} 部法规文本，校验和全部一致。")
    for reason in skipped:
        progress(f"未收入（不是可解析的法规文本）：{reason}")
    return added


def locations(entry, source) -> list:
    """Where one entry may be read, in order: its pinned URL; or, under a mirror, the same
    path in the repository's own layout, then the file name alone (a flat folder)."""
    if not source:
        return [entry.source_url]
    names = list(dict.fromkeys((repository_path(entry.source_url), entry.file)))
    if _is_url(source):
        return [source.rstrip("/") + "/" + urllib.parse.quote(name) for name in names]
    return [str(Path(source).expanduser() / name) for name in names]


def _read_first(candidates):
    """(data, location) of the first candidate that exists; the last one's error otherwise."""
    for location in candidates[:-1]:
        try:
            return read_location(location), location
        except FetchError:
            continue
    return read_location(candidates[-1]), candidates[-1]


def read_location(location):
    if _is_url(location):
        return _download(location)
    path = Path(location)
    if not path.is_file():
        raise FetchError(f"{location}: 文件不存在")
    if path.stat().st_size > MAX_DOWNLOAD:
        raise FetchError(f"{location}: 文件过大")
    return path.read_bytes()


def _download(url):
    # Mirror URLs typed by users may hold raw Chinese file names.
    url = urllib.parse.quote(url, safe=":/?&=%#@+~")
    request = urllib.request.Request(url, headers={"User-Agent": "regkb"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_DOWNLOAD + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: 下载失败，服务器返回 {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"{url}: 无法连接（{reason}）") from error
    if len(data) > MAX_DOWNLOAD:
        raise FetchError(f"{url}: 文件过大")
    return data


def check_sha256(entry, data, location):
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry.sha256:
        raise FetchError(f"{location}: 校验和不一致（应为 {entry.sha256[:12]}…，实际为 {actual[:12]}…），"
                         "文件可能被改动或下载不完整，未写入任何内容")


def _fields(entry, data):
    """Version fields; a catalogued title is kept, a collection's text is named by its own
    heading (中华人民共和国会计法, not the file name's 会计法). SourceError if it does not parse."""
    regulation = parse_text(read_source_bytes(data, Path(entry.file)), name=entry.file, fallback_title=entry.title)
    title = entry.title if entry.slug else regulation.title
    return {"sha256": entry.sha256, "title": title, "origin": "catalog",
            "source": entry.source_url, "version_date": entry.version_date}


def _is_url(text):
    return urllib.parse.urlparse(str(text)).scheme in ("http", "https", "file")
