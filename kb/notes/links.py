"""Citations in notes: found and resolved by the article locator (kb.locate), checked, and
turned into backlinks article → notes. Articles are keyed by (slug, number, suffix)."""

import re
from collections import defaultdict
from dataclasses import dataclass

from kb.citation import parse_citation
from kb.library import Library
from kb.locate import Located, citations_in, locate_citation

BRACKETED_RE = re.compile(r"《([^《》]{2,60})》\s*第")


@dataclass(frozen=True)
class NoteCitation:
    start: int
    end: int
    located: Located


def article_key(located: Located) -> tuple:
    return (located.entry.slug, located.article.number, located.article.suffix)


class NoteLinker:
    def __init__(self, library: Library):
        self.library = library

    def context(self, note) -> str | None:
        """The slug 本条例 means in a note: its first resolvable front-matter regulation."""
        for name in note.regulations:
            entry = self.library.resolve(name)
            if entry:
                return entry.slug
        return None

    def citations(self, note):
        """(resolved citations in the body, problems to report to the author)."""
        found, problems = [], []
        for match, located in citations_in(self.library, note.body, self.context(note)):
            target = located or located.whole_article      # the article, when only its 款/项 is missing
            if target:
                found.append(NoteCitation(match.start, match.end, target))
            if not located:
                problems.append(located.reason)
        for name in BRACKETED_RE.findall(note.body):
            if not self.library.resolve(name):
                problems.append(f"找不到法规《{name}》")
        return found, problems

    def front_matter_articles(self, note):
        """Articles named in the front matter (Located), and problems."""
        articles, problems = [], []
        context = self.context(note)
        for name in note.regulations:
            if not self.library.resolve(name):
                problems.append(f"找不到法规：{name}")
        for written in note.articles:
            citation = parse_citation(written)
            if citation is None or not (citation.regulation or context):
                problems.append(f"无法识别的条文：{written}")
                continue
            located = locate_citation(self.library, citation, None if citation.regulation else context)
            if located:
                articles.append(located.whole_article)
            else:
                problems.append(located.reason)
        return articles, problems

    def check(self, note) -> list:
        """Every problem of a note that a reader would trip over."""
        _, cited = self.citations(note)
        _, named = self.front_matter_articles(note)
        return list(dict.fromkeys(named + cited))

    def concerned_articles(self, note) -> list:
        """Front-matter articles plus cited ones (article level), in order, without repeats."""
        named, _ = self.front_matter_articles(note)
        cited, _ = self.citations(note)
        chosen = {}
        for located in named + [c.located.whole_article for c in cited]:
            chosen.setdefault(article_key(located), located)
        return list(chosen.values())


def backlinks(notes, linker) -> dict:
    """(slug, article, suffix) → the notes concerning it, newest first."""
    index = defaultdict(list)
    for note in sorted(notes, key=lambda n: n.date, reverse=True):
        for located in linker.concerned_articles(note):
            index[article_key(located)].append(note)
    return dict(index)
