"""`regkb import`: the user's own files (any supported format) become stored versions.

Every file is read and parsed before anything is written. Every valid file is imported and
each rejected one is reported with its reason (a 决议 without articles in a folder of
regulations); with `strict`, one bad file stops the whole import, so a batch is added
entirely or not at all."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import KbError, SourceError
from kb.sources.parser import parse_file
from kb.sources.readers import read_source
from kb.store import ALLOWED_SUFFIXES, Store


class ImportFailed(KbError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class ImportReport:
    added: list = field(default_factory=list)       # Versions newly stored
    imported: int = 0                               # valid files (new or already stored)
    rejected: list = field(default_factory=list)    # SourceError per file left out

    @property
    def exit_code(self) -> int:
        """0 when every file was imported, 3 when some were left out (kb never exits itself)."""
        return 3 if self.rejected else 0


def collect_files(paths):
    files = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in ALLOWED_SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            files.append(path)
    return files


def prepare(path, canonical_title):
    """Read and parse one file; return what the store needs, or raise SourceError."""
    text = read_source(path)
    regulation = parse_file(path, text)
    data = path.read_bytes()
    title = canonical_title(regulation.title)
    suffix = path.suffix.lower() if path.suffix.lower() in ALLOWED_SUFFIXES else ".txt"
    dates = [e.date for e in regulation.history]
    fields = {"sha256": hashlib.sha256(data).hexdigest(), "title": title, "origin": "import",
              "source": path.name, "version_date": max(dates) if dates else ""}
    return (data, suffix, fields), regulation


def import_paths(home, paths, canonical_title, progress=print, strict=False) -> ImportReport:
    """Import every valid file; ImportFailed when none is valid (or, `strict`, when any is not)."""
    files = collect_files(paths)
    if not files:
        raise ImportFailed([SourceError(" ".join(map(str, paths)), "没有可导入的文件")])
    prepared, errors = [], []
    for path in files:
        try:
            prepared.append(prepare(path, canonical_title))
        except SourceError as error:
            errors.append(error)
    if not prepared or (strict and errors):
        raise ImportFailed(errors)
    store = Store(home)
    known = {v.sha256 for v in store.versions()}
    added = store.add([item for item, _ in prepared])
    for (item, regulation) in prepared:
        _report(item[2], regulation, known, progress)
    return ImportReport(added=added, imported=len(prepared), rejected=errors)


def _report(fields, regulation, known, progress):
    state = "相同文本已存在，未改动" if fields["sha256"] in known else "已导入（新版本，旧版本保留）"
    completeness = "完整" if regulation.complete else "不完整：" + "；".join(regulation.problems)
    progress(f"{fields['title']}：{len(regulation.articles)} 条，{completeness}。{state}")
