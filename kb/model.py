"""The parsed legal structure: Regulation → Chapter (章) → Section (节) → Article (条)
→ Paragraph (款) → Item (项). Plain data, no behaviour beyond naming and lookup."""

from dataclasses import dataclass, field

from kb.numerals import to_chinese


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
    def full_text(self):
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
    def label(self):
        base = f"第{to_chinese(self.number)}条"
        return f"{base}之{to_chinese(self.suffix)}" if self.suffix else base

    @property
    def key(self):
        return (self.number, self.suffix)

    @property
    def text(self):
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
    def heading(self):
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
    status: str = "现行有效"
    source: str = ""
    sha256: str = ""
    version_date: str = ""

    @property
    def complete(self):
        return not self.problems

    @property
    def full_title(self):
        return f"{self.title}（{self.subtitle}）" if self.subtitle else self.title

    def article(self, number, suffix=0):
        for article in self.articles:
            if article.key == (number, suffix):
                return article
        return None

    @property
    def last_article(self):
        return self.articles[-1] if self.articles else None
