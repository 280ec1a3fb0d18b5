"""Drafts made in the tests from a real Jining text, with edits whose alignment is known.

The greening draft (济宁市城市绿化条例, 52 articles → 52):
- a new 第十一条 inserted after 第十条, so 第十一条…第三十八条 become 第十二条…第三十九条;
- 第三十九条 (information made public) deleted, so 第四十条 keeps its number;
- 第四十一条 (compensation) moved to the end of chapter 5, after the old 第四十八条, so the
  old 第四十二条…第四十八条 become 第四十一条…第四十七条 and it becomes 第四十八条;
- the fine of the old 第四十三条 raised (一万元以上五万元以下 → 二万元以上十万元以下);
- every 本条例第N条 renumbered with its target, except in the old 第四十五条, which still
  cites 第三十一条第一款 although that article is now 第三十二条 (a drafting error).
"""

import re

from kb.numerals import parse_number, to_chinese
from tests.conftest import jining_file

LABEL_RE = re.compile(r"^第([一二三四五六七八九十百]+)条 ")
REF_RE = re.compile(r"(?<=本条例)第([一二三四五六七八九十百]+)条")
INFO_END = "<!-- INFO END -->"
NEW_ARTICLE = "新建、改建城市道路，应当同步建设道路绿地，道路绿地率应当符合国家有关标准。"
OLD_FINE, NEW_FINE = "处以一万元以上五万元以下的罚款", "处以二万元以上十万元以下的罚款"
SUFFIX_ARTICLE = "燃放烟花爆竹应当遵守安全燃放规定，不得危害他人人身和财产安全。"
# Made up for the tests: a history line gives the draft a version date of its own.
DRAFT_EVENT = "2024年6月28日 济宁市第十八届人民代表大会常务委员会第二十次会议修正（测试用草案）"
DRAFT_DATE = "2024-06-28"

# old number → new number for the greening draft; None: deleted; "added": new numbers.
GREENING_MAP = {**{n: n for n in range(1, 11)}, **{n: n + 1 for n in range(11, 39)}, 39: None, 40: 40,
                **{n: n - 1 for n in range(42, 49)}, 41: 48, **{n: n for n in range(49, 53)}}
GREENING_ADDED = [11]
GREENING_MOVED = {41: 48}
GREENING_MODIFIED = {43: 42}
GREENING_DANGLING = {45: 44}        # old → new of the row citing 第三十一条 unchanged
# Penalty articles whose citations were renumbered with their targets (old → new).
GREENING_REFERENCES = {42: 41, 44: 43, 46: 45, 47: 46, 48: 47}


def split(text):
    """(front matter, items): items are ["heading", None, [line]] or
    ["article", number, [paragraph, …]] in the order of the text."""
    front, body = text.split(INFO_END)
    items = []
    for line in body.split("\n"):
        label = LABEL_RE.match(line)
        if label:
            items.append(["article", parse_number(label.group(1)), [line[label.end():]]])
        elif line.startswith("#"):
            items.append(["heading", None, [line]])
        elif line.strip() and items:
            items[-1][2].append(line)
    return front + INFO_END + "\n", items


def render(front, items, keep=()):
    """Number the articles in their new order; each 本条例第N条 follows its target, except
    (old article, cited number) pairs in `keep`."""
    numbers, count = {}, 0
    for kind, old, _ in items:
        if kind == "article":
            count += 1
            if old:
                numbers[old] = count
    lines, count = [front], 0
    for kind, old, paragraphs in items:
        if kind == "heading":
            lines.append(paragraphs[0])
            continue
        count += 1

        def follow(match, old=old):
            cited = parse_number(match.group(1))
            if (old, cited) in keep or cited not in numbers:
                return match.group(0)
            return f"第{to_chinese(numbers[cited])}条"
        lines.append(f"第{to_chinese(count)}条 " + REF_RE.sub(follow, "\n\n".join(paragraphs)))
    return "\n\n".join(lines) + "\n"


def position(items, number):
    return next(k for k, item in enumerate(items) if item[0] == "article" and item[1] == number)


def greening_texts():
    """(the real text, the draft) of 济宁市城市绿化条例."""
    real = jining_file("城市绿化").read_text(encoding="utf-8")
    front, items = split(real)
    moved = items.pop(position(items, 41))
    items.insert(position(items, 48) + 1, moved)
    del items[position(items, 39)]
    items.insert(position(items, 10) + 1, ["article", None, [NEW_ARTICLE]])
    penalty = items[position(items, 43)][2]
    assert OLD_FINE in penalty[0]
    penalty[0] = penalty[0].replace(OLD_FINE, NEW_FINE)
    return real, render(front, items, keep={(45, 31)})


def dated(text):
    """The text with DRAFT_EVENT added to its history."""
    return text.replace(INFO_END, f"{DRAFT_EVENT}\n\n{INFO_END}", 1)


def fireworks_texts():
    """(the real text, a draft) of 济宁市烟花爆竹燃放管理条例 with 第十条之一 inserted and no
    article renumbered, as an amendment decision inserts an article."""
    real = jining_file("烟花爆竹").read_text(encoding="utf-8")
    draft = re.sub(r"(?m)^(第十一条 )", f"第十条之一 {SUFFIX_ARTICLE}\n\n\\1", real, count=1)
    assert draft != real
    return real, draft
