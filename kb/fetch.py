"""Fetch the catalogued texts from their pinned sources (or a mirror), checking sha256.

All texts are downloaded and verified before anything is written: a failure leaves the
store exactly as it was."""

import hashlib
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kb.catalog import load_catalog
from kb.errors import KbError
from kb.store import Store

TIMEOUT_SECONDS = 15
MIRROR_ENV = "REGKB_MIRROR"
MAX_DOWNLOAD = 50 * 1024 * 1024


class FetchError(KbError):
    pass


def missing_entries(store, catalog):
    known = {v.sha256 for v in store.versions()}
    return [entry for entry in catalog if entry.sha256 not in known]


def fetch(home, source=None, progress=print, catalog=None):
    """Fetch every catalogued text not yet in the store; return the added versions."""
    catalog = load_catalog() if catalog is None else catalog
    store = Store(home)
    todo = missing_entries(store, catalog)
    if not todo:
        progress("所有目录中的法规文本均已存在，无需获取。")
        return []
    source = source or os.environ.get(MIRROR_ENV)
    items = []
    for number, entry in enumerate(todo, 1):
        location = locate(entry, source)
        progress(f"[{number}/{len(todo)}] {entry.title} ← {location}")
        data = read_location(location)
        check_sha256(entry, data, location)
        items.append((data, Path(entry.file).suffix or ".md", _fields(entry)))
    added = store.add(items)
    progress(f"已获取 {len(added)} 部法规文本，校验和全部一致。")
    return added


def locate(entry, source):
    """The URL or path of one entry: its pinned URL, or the same file name under a mirror."""
    if not source:
        return entry.source_url
    if _is_url(source):
        return source.rstrip("/") + "/" + urllib.parse.quote(entry.file)
    return str(Path(source).expanduser() / entry.file)


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


def _fields(entry):
    return {"sha256": entry.sha256, "title": entry.title, "origin": "catalog",
            "source": entry.source_url, "version_date": entry.version_date}


def _is_url(text):
    return urllib.parse.urlparse(str(text)).scheme in ("http", "https", "file")
