"""Regulation text (Markdown as in LawRefBook, or plain text) → kb.model.Regulation.

The parser keeps article text exactly as written (only whitespace is normalised) and
records every structural doubt in `Regulation.problems` instead of guessing."""

import re
from pathlib import Path

from kb.errors import SourceError
from kb.model import Article, Chapter, HistoryEvent, Item, Paragraph, Regulation, Section
from kb.numerals import CN_NUMERAL_CHARS, parse_number, to_chinese

NUM = rf"[{CN_NUMERAL_CHARS}0-9０-９]+"
ARTICLE_RE = re.compile(rf"^第({NUM})条(?:之([一二三四五六七八九十]+))?(\s+|$)?(.*)$")
DIVISION_RE = re.compile(rf"^第({NUM})(分编|编|章|节)(?:\s+|$)(.*)$")
ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
HEADING_RE = re.compile(r"^(#{1,6})\s*(.*)$")
EFFECTIVE_RE = re.compile(r"(?:自|从|于)(.{0,40}?)(?:起|开始)?(?:施行|实施|生效|执行)|颁布施行")
EVENTS = ("通过", "批准", "修正", "修订", "公布", "施行", "废止")
WHITESPACE_RE = re.compile(r"[\s\u3000\u00a0\ufeff]+")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
INFO_END = "<!-- INFO END -->"
DIVISION_RANK = {"编": 0, "分编": 1, "章": 2, "节": 3}
MAX_HEADING_LEN = 40
# Headings that only court cases have; a case quotes articles but is not a regulation.
CASE_HEADINGS = ("裁判要点", "基本案情", "简要案情", "裁判结果", "裁判理由", "典型意义")


def normalise_space(text):
    return WHITESPACE_RE.sub(" ", text).strip()


def parse_file(path, text=None):
    """Parse a file on disk (or its already-decoded text)."""
    path = Path(path)
    if text is None:
        from kb.sources.readers import read_source
        text = read_source(path)
    return parse_text(text, name=str(path), fallback_title=_title_from_filename(path))


def _title_from_filename(path):
    return re.sub(r"[（(]\d{4}-\d{2}-\d{2}[)）]$", "", path.stem).strip()


def parse_text(text, name="<text>", fallback_title=""):
    builder = _Builder(name)
    front, body = _split_front_matter(text)
    for line in front:
        builder.front_line(line)
    for line in body:
        builder.body_line(line)
    return builder.finish(fallback_title)


def _split_front_matter(text):
    """Markdown files end their front matter with INFO END; plain text has none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if INFO_END in text:
        front, body = text.split(INFO_END, 1)
    else:
        front, body = "", text
    def clean(part):
        return [normalise_space(line) for line in COMMENT_RE.sub("", part).split("\n")]
    return clean(front), clean(body)


class _Builder:
    def __init__(self, name):
        self.name = name
        self.titles = []
        self.history = []
        self.preamble = []
        self.articles = []
        self.chapters = []
        self.problems = []
        self.divisions = {"编": "", "分编": "", "章": "", "节": ""}
        self.division_numbers = {}
        self.seen_structure = False
        self.is_case = False

    # -- front matter -------------------------------------------------------
    def front_line(self, line):
        if not line:
            return
        heading = HEADING_RE.match(line)
        if heading and len(heading.group(1)) == 1:
            self.titles.append(heading.group(2).strip())
        elif DATE_RE.search(line):
            self.history.extend(parse_history(line))

    # -- body ---------------------------------------------------------------
    def body_line(self, line):
        if not line:
            return
        heading = HEADING_RE.match(line)
        content = heading.group(2).strip() if heading else line
        if not content:
            return
        if self._article_start(content):
            return
        division = DIVISION_RE.match(content)
        if division and (heading or _looks_like_heading(division.group(3))):
            self._division(division.group(2), parse_number(division.group(1)), division.group(3))
            return
        if heading and len(heading.group(1)) == 1 and not self.titles and not self.articles:
            self.titles.append(content)  # a "# 标题" in a file without INFO END
            return
        if heading:
            if content in CASE_HEADINGS:
                self.is_case = True
            self._unnumbered_heading(len(heading.group(1)), content)
            return
        if not self.seen_structure:
            self._before_structure(content)
            return
        self._paragraph_line(content)

    def _article_start(self, content):
        match = ARTICLE_RE.match(content)
        if not match:
            return False
        number = parse_number(match.group(1))
        suffix = parse_number(match.group(2)) if match.group(2) else 0
        spaced = match.group(3) is not None
        # "第二十条规定的…" at a line start is a reference, not a new article: without a
        # space after the label, accept it only where the next article is expected.
        if number is None or (not spaced and number != self._expected_next()):
            return False
        self.seen_structure = True
        article = Article(number=number, suffix=suffix, paragraphs=[],
                          part=self._part_label(), chapter=self.divisions["章"],
                          section=self.divisions["节"])
        self.articles.append(article)
        self._register_in_division(article)
        if match.group(4).strip():
            self._paragraph_line(match.group(4).strip())
        return True

    def _expected_next(self):
        return self.articles[-1].number + 1 if self.articles else 1

    def _part_label(self):
        return " ".join(p for p in (self.divisions["编"], self.divisions["分编"]) if p)

    def _division(self, kind, number, title):
        self.seen_structure = True
        label = f"第{to_chinese(number)}{kind}" if number is not None else ""
        heading = f"{label} {normalise_space(title)}".strip()
        self._check_division_order(kind, number, heading)
        self.divisions[kind] = heading
        for lower, rank in DIVISION_RANK.items():
            if rank > DIVISION_RANK[kind]:
                self.divisions[lower] = ""
                self.division_numbers.pop(lower, None)
        if kind == "章":
            self.chapters.append(Chapter(label=label, title=normalise_space(title), number=number))
        elif kind == "节":
            section = Section(label=label, title=normalise_space(title), number=number)
            self._current_chapter(create=True).sections.append(section)

    def _check_division_order(self, kind, number, heading):
        previous = self.division_numbers.get(kind)
        expected = (previous or 0) + 1
        if number is not None and number != expected:
            after = f"第{to_chinese(previous)}{kind}" if previous else "开头"
            self.problems.append(f"{kind}的编号不连续：{after}之后是{heading}")
        self.division_numbers[kind] = number

    def _unnumbered_heading(self, level, content):
        if content in ("序言", "前言"):
            return
        if self.articles or level >= 2:
            # 附则 and similar headings act as chapters without a number.
            self.seen_structure = True
            self.divisions["章"], self.divisions["节"] = content, ""
            self.chapters.append(Chapter(label="", title=content))

    def _current_chapter(self, create=False):
        if not self.chapters and create:
            self.chapters.append(Chapter(label="", title=""))
        return self.chapters[-1] if self.chapters else None

    def _register_in_division(self, article):
        chapter = self._current_chapter()
        if chapter is None:
            return
        if self.divisions["节"] and chapter.sections:
            chapter.sections[-1].articles.append(article.key)
        chapter.articles.append(article.key)

    def _before_structure(self, content):
        if not self.titles and not self.history:
            self.titles.append(content.strip("《》"))
        elif DATE_RE.match(content.lstrip("（(")):
            self.history.extend(parse_history(content))
        else:
            self.preamble.append(content)

    def _paragraph_line(self, content):
        if not self.articles:
            self.preamble.append(content)
            return
        article = self.articles[-1]
        item = ITEM_RE.match(content)
        if item and article.paragraphs:
            paragraph = article.paragraphs[-1]
            paragraph.items.append(Item(number=parse_number(item.group(1)) or 0,
                                        label=f"（{item.group(1)}）", text=content))
            return
        article.paragraphs.append(Paragraph(number=len(article.paragraphs) + 1, text=content))

    # -- result -------------------------------------------------------------
    def finish(self, fallback_title):
        title = self.titles[0] if self.titles else fallback_title
        if self.is_case:
            raise SourceError(self.name, "这是案例（有“裁判要点”等栏目），不是法规文本")
        if not self.articles:
            raise SourceError(self.name, "没有找到任何条文（第…条），不是法规文本")
        if not title:
            raise SourceError(self.name, "缺少标题")
        _reject_duplicates(self.name, self.articles)
        regulation = Regulation(
            title=title, subtitle=" ".join(self.titles[1:]), articles=self.articles,
            chapters=[c for c in self.chapters if c.label or c.title or c.articles],
            preamble=self.preamble, history=self.history,
            problems=self.problems + numbering_problems(self.articles))
        _drop_empty_articles(regulation)
        regulation.effective = effective_date(regulation)
        if not closing_article_found(regulation):
            regulation.problems.append(
                f"缺少施行日期条款（如“本条例自…起施行”），文本可能不完整，"
                f"止于{regulation.last_article.label}")
        return regulation


def _looks_like_heading(title):
    title = title.strip()
    return len(title) <= MAX_HEADING_LEN and not any(ch in title for ch in "。；，：")


def _reject_duplicates(name, articles):
    seen = set()
    for article in articles:
        if article.key in seen:
            raise SourceError(name, f"{article.label}重复出现，条文编号有误，无法确定引用对象")
        seen.add(article.key)


def _drop_empty_articles(regulation):
    for article in regulation.articles:
        if not article.paragraphs:
            regulation.problems.append(f"{article.label}没有正文")


def numbering_problems(articles):
    problems, previous = [], 0
    for article in articles:
        if article.suffix:
            if article.number != previous:
                problems.append(f"{article.label}不在{article.label[:-2]}之后")
            continue
        if article.number <= previous:
            problems.append(f"{article.label}出现在第{to_chinese(previous)}条之后，顺序有误")
        elif article.number != previous + 1:
            first = previous + 1
            missing = f"第{to_chinese(first)}条" if first == article.number - 1 else \
                f"第{to_chinese(first)}条至第{to_chinese(article.number - 1)}条"
            problems.append(f"缺少{missing}")
        previous = max(previous, article.number)
    return problems


def parse_history(line):
    """'2018年12月27日 济宁市…会议通过' (one or several events on a line) → events."""
    line = line.strip("（()）")
    events = []
    # A date starts an event only at the line start or after a separator; "并经2021年…"
    # inside a sentence belongs to the event before it.
    matches = [m for m in DATE_RE.finditer(line) if m.start() == 0 or line[m.start() - 1] in " ，,；;。）)"]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        body = normalise_space(line[match.end():end]).strip("，,；; ")
        event = next((e for e in reversed(EVENTS) if body.endswith(e)), None) or \
            next((e for e in EVENTS if e in body), "其他")
        year, month, day = (int(g) for g in match.groups())
        events.append(HistoryEvent(date=f"{year:04d}-{month:02d}-{day:02d}", body=body, event=event))
    return events


def closing_article_found(regulation):
    last = regulation.last_article
    return bool(last and EFFECTIVE_RE.search(last.text))


def effective_date(regulation):
    last = regulation.last_article
    match = EFFECTIVE_RE.search(last.text) if last else None
    if match and match.group(1):
        date = DATE_RE.search(match.group(1))
        if date:
            year, month, day = (int(g) for g in date.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
    stated = [e.date for e in regulation.history if e.event == "施行"]
    if stated:
        return stated[-1]
    if match and "公布" in (match.group(1) or match.group(0)):
        published = [e.date for e in regulation.history if e.event in ("公布", "批准", "通过")]
        return published[-1] if published else ""
    return ""
