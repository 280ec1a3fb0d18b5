"""The two texts to compare: a stored version of a regulation (NAME or NAME@VERSION), a file
in any importable format, or the bytes of an uploaded draft."""

import hashlib
import re
from pathlib import Path

from kb.errors import KbError, SourceError
from kb.model import Regulation
from kb.sources.parser import parse_file
from kb.sources.readers import read_source, read_source_bytes
from kb.store import ALLOWED_SUFFIXES

VERSION_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9a-f]{8,64}")


class NoSuchVersion(KbError):
    """A well-formed version name that no stored version has."""


def version_id(entry, version) -> str:
    """How a version is named in NAME@… and ?from=…: its date where no other version of the
    regulation shares it, else the start of its sha256."""
    same_date = [v for v in entry.versions if v.version_date == version.version_date]
    return version.version_date if version.version_date and len(same_date) == 1 else version.sha256[:12]


def find_version(entry, ref: str):
    """The stored version of `entry` named by a version date or a sha256 prefix."""
    ref = (ref or "").strip().lower()
    if not VERSION_RE.fullmatch(ref):
        raise KbError(f"版本写法无效：{ref[:40]}（应为版本日期，如 2019-06-05，或 sha256 的前 8 位以上）")
    found = [v for v in entry.versions if ref in (v.version_date, v.sha256) or v.sha256.startswith(ref)]
    if not found:
        known = "、".join(version_id(entry, v) for v in entry.versions)
        raise NoSuchVersion(f"《{entry.title}》没有版本 {ref}（已保存的版本：{known}）")
    if len(found) > 1:
        raise KbError(f"《{entry.title}》有 {len(found)} 个版本的日期都是 {ref}，请改用 sha256 的前几位")
    return found[0]


def previous_version(entry, version):
    """The version before `version` in the regulation's history, or None."""
    index = [v.sha256 for v in entry.versions].index(version.sha256)
    return entry.versions[index - 1] if index > 0 else None


def stored_regulation(library, entry, version) -> Regulation:
    """The parsed text of one stored version, named and dated like the library's default."""
    if version.sha256 == entry.version.sha256:
        return entry.regulation
    try:
        regulation = parse_file(library.store.path_of(version))
    except SourceError as error:
        raise KbError(f"已保存的文本无法解析（{entry.title}，{version_id(entry, version)}）：{error.reason}") from error
    regulation.title = entry.title
    regulation.sha256, regulation.source = version.sha256, version.source
    regulation.version_date = version.version_date
    return regulation


def named_regulation(library, spec: str) -> Regulation:
    """NAME or NAME@VERSION of a stored regulation."""
    name, _, ref = spec.partition("@")
    entry = library.resolve(name)
    if entry is None:
        raise KbError(f"找不到法规：{name}（regkb list 可查看全部法规；也可以给出文件路径）")
    version = find_version(entry, ref) if ref else entry.version
    return stored_regulation(library, entry, version)


def regulation_for(spec: str, library) -> Regulation:
    """A file path (an existing file, or anything with a file suffix or a folder in it), else
    NAME[@VERSION] of a stored regulation; `library` is called only when it is needed."""
    path = Path(spec).expanduser()
    if path.exists() or path.suffix.lower() in ALLOWED_SUFFIXES or "/" in spec:
        return file_regulation(path)
    return named_regulation(library(), spec)


def file_regulation(path) -> Regulation:
    """A text on disk, read and checked as `regkb import` does, but not stored."""
    text = read_source(path)
    return _described(parse_file(path, text), Path(path).read_bytes(), path)


def draft_regulation(data: bytes, name: str) -> Regulation:
    """An uploaded file, read from memory; `name` (the user's file name) is never opened."""
    name = Path(name).name or "草案"
    return _described(parse_file(Path(name), read_source_bytes(data, name)), data, name)


def _described(regulation, data, name):
    dates = [e.date for e in regulation.history]
    regulation.version_date = max(dates) if dates else ""
    regulation.sha256 = hashlib.sha256(data).hexdigest()
    regulation.source = Path(name).name
    return regulation
