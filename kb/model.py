"""The parsed legal structure: Regulation → Chapter (章) → Section (节) → Article (条)
→ Paragraph (款) → Item (项). Plain data, no behaviour beyond naming and lookup."""

from dataclasses import dataclass, field
from functools import cached_property

from kb.numerals import to_chinese


def label(number: int, suffix: int = 0, paragraph: int = 0, item: int = 0) -> str:
    """The one label builder: 第十五条, 第十七条之一, 第二条第二款, 第十条第一款第（四）项."""
    text = f"第{to_chinese(number)}条"
    if suffix:
        text += f"之{to_chinese(suffix)}"
    if paragraph:
        text += paragraph_label(paragraph)
    if item:
        text += f"第（{to_chinese(item)}）项"
    return text


def paragraph_label(number: int) -> str:
    """第二款: a 款 on its own, as the article page heads it."""
    return f"第{to_chinese(number)}款"


def own_label(paragraph: int = 0, item: int = 0) -> str:
    """本条第二款第（一）项: a part of the article being read; 本条 for the whole of it."""
    if not paragraph:
        return "本条"
    return "本条" + paragraph_label(paragraph) + (f"第（{to_chinese(item)}）项" if item else "")


@dataclass
class Item:
    """项: （一）… inside a paragraph."""
    number: int
    label: str
    text: str


@dataclass
class Paragraph:
    """款: one paragraph of an article; its items follow its lead-in text."""
    number: int
    text: str
    items: list = field(default_factory=list)

    @property
    def full_text(self) -> str:
        return "\n".join([self.text] + [item.text for item in self.items])


@dataclass
class Article:
    """条. `suffix` is 1 for 第十七条之一 (inserted by amendment), 0 otherwise."""
    number: int
    paragraphs: list
    suffix: int = 0
    part: str = ""
    chapter: str = ""
    section: str = ""

    @property
    def label(self) -> str:
        return label(self.number, self.suffix)

    @property
    def key(self) -> tuple:
        return (self.number, self.suffix)

    @property
    def text(self) -> str:
        """The article text as in the source, without its label; paragraphs on lines."""
        return "\n".join(p.full_text for p in self.paragraphs)


@dataclass
class Section:
    """节, or 章/编 when used as a container; `label` is 第一节, `title` 一般规定."""
    label: str
    title: str
    number: int | None = None
    articles: list = field(default_factory=list)  # article keys in order

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}".strip()


@dataclass
class Chapter(Section):
    """章. Its sections hold the articles that belong to a 节."""
    sections: list = field(default_factory=list)


@dataclass
class HistoryEvent:
    """One line of a regulation's history: when, by which body, what happened."""
    date: str   # ISO yyyy-mm-dd
    body: str
    event: str  # 通过 / 批准 / 修正 / 修订 / 公布 / 施行 / 其他


@dataclass
class Regulation:
    title: str
    articles: list
    chapters: list = field(default_factory=list)
    subtitle: str = ""
    preamble: list = field(default_factory=list)
    history: list = field(default_factory=list)
    effective: str = ""
    problems: list = field(default_factory=list)  # why the text is incomplete
    aliases: list = field(default_factory=list)
    status: str = "未标注"      # only from evidence: the catalog, or a newer version (kb.library)
    source: str = ""
    sha256: str = ""
    version_date: str = ""

    @property
    def complete(self) -> bool:
        return not self.problems

    @property
    def full_title(self) -> str:
        return f"{self.title}（{self.subtitle}）" if self.subtitle else self.title

    def article(self, number: int, suffix: int = 0) -> "Article | None":
        """The first article numbered so (search asks for every hit it shows: no scan)."""
        count, by_key = self._by_key
        if count != len(self.articles):       # articles added since: index them again
            del self.__dict__["_by_key"]
            count, by_key = self._by_key
        return by_key.get((number, suffix))

    @cached_property
    def _by_key(self) -> tuple:
        by_key = {}
        for article in self.articles:
            by_key.setdefault(article.key, article)
        return len(self.articles), by_key

    @property
    def last_article(self) -> "Article | None":
        return self.articles[-1] if self.articles else None
