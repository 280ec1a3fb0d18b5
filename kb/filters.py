"""What an officer types into a chapter or department filter, resolved against the texts.

One resolver for the CLI (`regkb search --chapter`) and the web (`/search?chapter=`): a
chapter may be given as 第五章, as 法律责任 or as the full heading 第五章 法律责任 (spaces
optional), within one regulation or across all; a department by its name or a unique part
of it. Anything else is a FilterError that lists the valid values."""

import re

from kb.errors import KbError
from kb.index.schema import NO_CHAPTER
from kb.numerals import parse_number

SPACE_RE = re.compile(r"\s+")
CHAPTER_RE = re.compile(r"^第([0-9０-９]+|[零〇一二三四五六七八九十百]+)章")
MAX_LISTED = 40


class FilterError(KbError):
    def __init__(self, message, valid):
        super().__init__(message)
        self.valid = list(valid)


def _plain(text):
    return SPACE_RE.sub("", text or "")


def _chapter_number(text):
    match = CHAPTER_RE.match(text)
    if not match:
        return None
    return parse_number(match[1])


def chapter_headings(library, slug=None) -> list:
    """Every chapter heading (第五章 法律责任) of one regulation, or of all, in order, once."""
    entries = [library.get(slug)] if slug else library.entries
    headings = []
    for entry in filter(None, entries):
        headings += [c.heading for c in entry.regulation.chapters if c.heading]
    return list(dict.fromkeys(headings))


def resolve_chapter(library, text, slug=None) -> list:
    """The chapter headings `text` names (several when 法律责任 is a chapter of several
    regulations); FilterError listing the valid headings when it names none."""
    wanted = _plain(text)
    if not wanted:
        return []
    if wanted == NO_CHAPTER:
        return [NO_CHAPTER]
    headings = chapter_headings(library, slug)
    exact = [h for h in headings if _plain(h) == wanted]
    if exact:
        return exact
    number = _chapter_number(wanted)
    rest = CHAPTER_RE.sub("", wanted) if number is not None else wanted
    found = []
    for heading in headings:
        title = CHAPTER_RE.sub("", _plain(heading))
        if number is not None and _chapter_number(_plain(heading)) != number:
            continue
        if rest and rest != title:
            continue
        found.append(heading)
    if found:
        return found
    scope = f"《{library.get(slug).title}》" if slug and library.get(slug) else "本库法规"
    listed = headings[:MAX_LISTED]
    raise FilterError(f"{scope}没有这一章：{text}（可选：{'、'.join(listed) or '无分章'}）", headings)


def departments(library) -> list:
    """Every department the texts make responsible, most named first."""
    counts = {}
    for entry in library.entries:
        for fact in entry.facts.values():
            for name in fact.departments:
                counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda name: (-counts[name], name))


def resolve_department(library, text) -> str:
    """The department `text` names (exactly, or as the one name containing it); FilterError
    listing the valid ones otherwise."""
    wanted = _plain(text)
    if not wanted:
        return ""
    names = departments(library)
    if wanted in names:
        return wanted
    containing = [name for name in names if wanted in name]
    if len(containing) == 1:
        return containing[0]
    shown = containing or names
    raise FilterError(f"没有这个部门：{text}（可选：{'、'.join(shown[:MAX_LISTED])}）", shown)
