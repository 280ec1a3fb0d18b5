"""The article locator: from a citation (or a URL's slug and number) to the regulation,
article, 款 and 项 it names, or a not-found with the reason the user reads.

Every caller that turns a reference into law text asks here: the CLI's `show`, search's
citation pinning, the web's article pages, excerpt export and note links."""

import re
from dataclasses import dataclass

from kb.citation import Citation, CitationMatch, article_at, find_citations, format_citation
from kb.legal.words import LAW_RE
from kb.library import Library, RegulationEntry
from kb.model import Article, label
from kb.numerals import to_chinese

QUOTED_RE = re.compile(r"《[^《》]{0,80}》")


@dataclass(frozen=True)
class Located:
    entry: RegulationEntry
    article: Article
    paragraph: int = 0      # 0: the whole article
    item: int = 0

    @property
    def label(self) -> str:
        return label(self.article.number, self.article.suffix, self.paragraph, self.item)

    @property
    def citation(self) -> str:
        """《济宁市养犬管理条例》第十五条, …第二条第二款, …第十条第一款第（四）项."""
        return format_citation(self.entry.title, self.label)

    @property
    def whole_article(self) -> "Located":
        return Located(self.entry, self.article)

    @property
    def text(self) -> str:
        """The cited text exactly as stored: the article, one 款 (with its 项), or one 项."""
        if not self.paragraph and not self.item:
            return self.article.text
        paragraph = self.article.paragraphs[(self.paragraph or 1) - 1]
        if self.item:
            return paragraph.items[self.item - 1].text
        return paragraph.full_text


@dataclass(frozen=True)
class NotFound:
    reason: str
    entry: RegulationEntry | None = None
    article: Article | None = None      # set when only the cited 款 or 项 is missing

    def __bool__(self) -> bool:
        return False

    @property
    def whole_article(self) -> Located | None:
        """The article when only its cited 款 or 项 is missing: what to show or link instead."""
        return Located(self.entry, self.article) if self.article is not None else None


def locate(library: Library, name: str, number: int, suffix: int = 0, paragraph: int = 0,
           item: int = 0) -> Located | NotFound:
    """`name` is a slug, title or alias (what kb.library.Library.resolve accepts)."""
    entry = library.resolve(name)
    if entry is None:
        return NotFound(_not_found(library, name))
    regulation = entry.regulation
    article = regulation.article(number, suffix)
    if article is None:
        return NotFound(_missing_article(entry, number, suffix), entry)
    problem = _missing_part(entry, article, paragraph, item)
    if problem:
        return NotFound(problem, entry, article)
    return Located(entry, article, paragraph, item)


def locate_citation(library: Library, citation: Citation, key: str | None = None) -> Located | NotFound:
    """A parsed citation; `key` is the regulation already resolved (as citations_in gives it)."""
    name = key or citation.regulation
    if not name:
        return NotFound(f"请写明法规名称：{citation.label}")
    return locate(library, name, citation.article, citation.suffix, citation.paragraph, citation.item)


def citations_in(library: Library, text: str, context: str | None = None) -> list:
    """[(CitationMatch, Located | NotFound)] for every citation in running text; 本条例
    means the regulation `context` (a slug)."""
    matches: list[CitationMatch] = find_citations(text, lambda name: _key_of(library, name), context)
    return [(match, locate_citation(library, match.citation, match.key)) for match in matches]


@dataclass(frozen=True)
class LawReference:
    """A reference in a text to a law the library holds: 《中华人民共和国动物防疫法》, or with
    an article, 《中华人民共和国大气污染防治法》第九十九条."""
    start: int
    end: int                    # after 》, or after the article when it was found
    title: str                  # as written between 《》
    entry: RegulationEntry
    located: Located | None     # the article named, when the stored text has it (its 款 too)
    problem: str = ""           # why a named article is not linked: 《…》没有第九百条：共 129 条

    def as_json(self) -> dict:
        """{"title", "regulation", "slug", "article" (None: the regulation), "suffix",
        "paragraph", "citation", "problem"}; the web adds its "url"."""
        located = self.located
        return {"title": self.title, "regulation": self.entry.title, "slug": self.entry.slug,
                "article": located.article.number if located else None,
                "suffix": located.article.suffix if located else 0,
                "paragraph": located.paragraph if located else 0,
                "citation": located.citation if located else f"《{self.entry.title}》",
                "problem": self.problem}


def law_references(library: Library, text: str) -> list:
    """LawReference for every 《title》 in `text` that names a stored law (Library.by_title);
    a named article that the stored text lacks links the law, never another article. A
    title the library does not hold is no reference here: it stays text."""
    found = []
    for match in LAW_RE.finditer(text or ""):
        entry = library.by_title(match.group(1))
        if entry is None:
            continue
        located, problem, end = None, "", match.end()
        named = article_at(text, match.end())
        if named:
            citation, after = named
            target = locate(library, entry.slug, citation.article, citation.suffix, citation.paragraph,
                            citation.item)
            if target:
                located, end = target, after
            else:
                problem = target.reason
                located = target.whole_article     # only its 款 or 项 is missing: the article
                end = after if located else end
        found.append(LawReference(match.start(), end, match.group(1), entry, located, problem))
    return found


@dataclass(frozen=True)
class TextLink:
    """One link in a text: an article (`located`), or a whole regulation (`located` None)."""
    start: int
    end: int
    entry: RegulationEntry
    located: Located | None
    problem: str = ""


def text_links(library: Library, text: str, context: str | None = None) -> list:
    """Every link of a law text, in order, none overlapping: references to other stored laws
    (law_references) and citations of articles (citations_in; 本条例 is `context`). A name in
    《》 is a law's title and is found by title only (《城市绿化条例》 is never the home city's
    城市绿化条例 by its alias); a citation whose 款 or 项 is missing links its article."""
    text = text or ""
    links = [TextLink(r.start, r.end, r.entry, r.located, r.problem) for r in law_references(library, text)]
    quoted = [(m.start(), m.end()) for m in QUOTED_RE.finditer(text)]
    for match, located in citations_in(library, text, context):
        target = located or located.whole_article
        if target is None or any(start < match.end and match.start < end for start, end in quoted):
            continue
        links.append(TextLink(match.start, match.end, target.entry, target, "" if located else located.reason))
    links.sort(key=lambda link: link.start)
    chosen, cursor = [], 0
    for link in links:
        if link.start >= cursor:
            chosen.append(link)
            cursor = link.end
    return chosen


def _key_of(library, name):
    entry = library.resolve(name)
    return entry.slug if entry else None


def _not_found(library, name):
    """找不到法规, or which regulations an ambiguous name may mean (养犬条例 with only other
    cities' texts stored): the user names the city rather than get one of them at random."""
    several = library.candidates(name)
    if len(several) > 1:
        titles = "、".join(f"《{e.title}》" for e in several[:5]) + ("等" if len(several) > 5 else "")
        return f"“{name}”可指多部法规：{titles}，请写明城市或全称"
    return f"找不到法规：{name}"


def _missing_article(entry, number, suffix):
    regulation = entry.regulation
    reason = f"《{entry.title}》没有{label(number, suffix)}：共 {len(regulation.articles)} 条"
    if not regulation.complete:
        reason += f"；文本不完整，止于{regulation.last_article.label}"
    return reason


def _missing_part(entry, article, paragraph, item):
    """Why a cited 款 or 项 is not there, or "" when it is."""
    where = f"《{entry.title}》{article.label}"
    if paragraph > len(article.paragraphs):
        return f"{where}共 {len(article.paragraphs)} 款，没有第{to_chinese(paragraph)}款"
    if item:
        items = article.paragraphs[(paragraph or 1) - 1].items
        if item > len(items):
            return f"{where}该款共 {len(items)} 项，没有第{to_chinese(item)}项"
    return ""
