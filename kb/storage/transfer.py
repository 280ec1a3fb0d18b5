"""Moving notes between backends without loss: `regkb notes export` and `regkb notes import`.

A folder is the files backend's own layout (`<id>.md`, `.history/<id>/<name>.md`), so a
home's `notes/` folder can be imported as it is; a `.json` file holds the same records:
{"format": "regkb-notes", "version": 1, "notes": [{"id", "text", "history": [{"name", "text"}]}]}.
Texts are moved verbatim, history names included, so versions and times survive. A note
that exists in the target with another text is not touched (reported, exit 1); history
entries missing in the target are added either way."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import KbError
from kb.notes.model import NoteError, check_id
from kb.storage.base import HISTORY_NAME_RE, NoteRecord, NotesBackend
from kb.storage.files import FileNotes
from kb.store import atomic_write

FORMAT, VERSION = "regkb-notes", 1


@dataclass
class Moved:
    notes: int = 0
    versions: int = 0
    different: list = field(default_factory=list)     # ids left alone: the target holds another text


def is_json(path) -> bool:
    return Path(path).suffix.lower() == ".json"


def read_records(source) -> Iterator[NoteRecord]:
    """The notes of a folder (files layout) or a .json export, each checked."""
    source = Path(source)
    if is_json(source):
        records = _from_json(source)
    elif source.is_dir():
        records = FileNotes(source).records()
    else:
        raise KbError(f"找不到要导入的笔记：{source}（应为目录或 .json 文件）")
    for record in records:
        yield _checked(record)


def _from_json(path):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise KbError(f"无法读取笔记导出文件 {path}：{error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise KbError(f"{path} 不是本程序导出的笔记文件（format {FORMAT}，version {VERSION}）")
    try:
        for item in data["notes"]:
            history = tuple((entry["name"], entry["text"]) for entry in item.get("history", []))
            yield NoteRecord(item["id"], item["text"], history)
    except (KeyError, TypeError) as error:
        raise KbError(f"{path}：笔记记录不完整（{error}）") from error


def _checked(record):
    try:
        check_id(record.id)
    except NoteError as error:
        raise KbError(str(error)) from error
    bad = [name for name, text in record.history if not HISTORY_NAME_RE.fullmatch(str(name)) or not isinstance(text, str)]
    if not isinstance(record.text, str) or bad:
        raise KbError(f"{record.id}：历史版本名称或内容不合法：{'、'.join(map(str, bad))[:200]}")
    return record


def copy_records(records: Iterable[NoteRecord], target: NotesBackend) -> Moved:
    moved = Moved()
    for record in records:
        if target.import_record(record):
            moved.notes += 1
            moved.versions += len(record.history)
        else:
            moved.different.append(record.id)
    return moved


def export_notes(source: NotesBackend, target) -> Moved:
    """Every stored note of `source` (and its history) into a folder or a .json file."""
    target = Path(target)
    if not is_json(target):
        return copy_records(source.records(), FileNotes(target))
    if target.exists():
        raise KbError(f"文件已存在，未覆盖：{target}")
    records = list(source.records())
    data = {"format": FORMAT, "version": VERSION,
            "notes": [{"id": r.id, "text": r.text, "history": [{"name": n, "text": t} for n, t in r.history]}
                      for r in records]}
    atomic_write(target, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    return Moved(len(records), sum(len(r.history) for r in records))
