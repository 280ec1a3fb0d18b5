"""A note file: front matter between `---` lines, then a Markdown body.

    ---
    title: 关于养犬管理条例执行情况的执法调研
    date: 2020-07-06
    type: 执法调研
    regulations: 济宁市养犬管理条例
    articles: 养犬条例第六条, 养犬条例第十五条
    tags: 养犬, 登记
    authors: 张三
    ---
    正文……

Lists are separated by commas (， , 、 ；). The parser is strict: a broken note is
refused with the reason, never half read."""

import re
from dataclasses import dataclass, field
from datetime import date

from kb.errors import KbError

NOTE_TYPES = ("执法检查", "执法调研", "专题视察", "代表建议", "立法调研", "示例")
REQUIRED = ("title", "date", "type")
LIST_KEYS = ("regulations", "articles", "tags", "authors")
KNOWN_KEYS = REQUIRED + LIST_KEYS
ID_RE = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff_-]{0,79}$")
LIST_SPLIT_RE = re.compile(r"\s*[,，、;；]\s*")
MAX_NOTE_BYTES = 1024 * 1024


class NoteError(KbError):
    pass


@dataclass
class Note:
    id: str
    title: str
    date: str
    type: str
    body: str
    regulations: list = field(default_factory=list)
    articles: list = field(default_factory=list)   # citations as written
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)

    @property
    def year(self):
        return self.date[:4]

    @property
    def is_example(self):
        return self.type == "示例"


def check_id(note_id):
    if not isinstance(note_id, str) or not ID_RE.match(note_id):
        raise NoteError(f"笔记编号不合法：{str(note_id)[:40]!r}（只能用字母、数字、汉字、- 和 _，不超过 80 个字符）")
    return note_id


def parse_note(note_id, text):
    check_id(note_id)
    if len(text.encode("utf-8")) > MAX_NOTE_BYTES:
        raise NoteError(f"{note_id}：笔记过大（超过 1 MB）")
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    match = re.match(r"^---\n(.*?)\n---\n?(.*)$", text, re.S)
    if not match:
        raise NoteError(f"{note_id}：缺少开头的 --- 元数据段")
    fields = _front_matter(note_id, match.group(1))
    body = match.group(2).strip()
    if not body:
        raise NoteError(f"{note_id}：正文为空")
    return Note(id=note_id, body=body, **fields)


def _front_matter(note_id, block):
    fields = {}
    for number, line in enumerate(block.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            key, sep, value = line.partition("：")
        key = key.strip()
        if not sep or key not in KNOWN_KEYS:
            raise NoteError(f"{note_id}：元数据第 {number} 行无法识别：{line.strip()[:40]}")
        if key in fields:
            raise NoteError(f"{note_id}：元数据“{key}”重复")
        value = value.strip()
        fields[key] = [v for v in LIST_SPLIT_RE.split(value.strip("[]")) if v] if key in LIST_KEYS else value
    for key in REQUIRED:
        if not fields.get(key):
            raise NoteError(f"{note_id}：缺少元数据“{key}”")
    if fields["type"] not in NOTE_TYPES:
        raise NoteError(f"{note_id}：未知的笔记类型“{fields['type'][:20]}”（可用：{'、'.join(NOTE_TYPES)}）")
    try:
        date.fromisoformat(fields["date"])
    except ValueError:
        raise NoteError(f"{note_id}：日期格式应为 2020-07-06：{fields['date'][:20]}") from None
    return fields


def dump_note(note):
    """The file text of a note (inverse of parse_note)."""
    def one_line(value):        # front matter is line-based
        return " ".join(str(value).split())
    lines = ["---", f"title: {one_line(note.title)}", f"date: {one_line(note.date)}", f"type: {one_line(note.type)}"]
    for key in LIST_KEYS:
        values = [one_line(v).replace(",", "，") for v in getattr(note, key) if one_line(v)]
        if values:
            lines.append(f"{key}: {', '.join(values)}")
    return "\n".join(lines + ["---", "", note.body.strip(), ""])
