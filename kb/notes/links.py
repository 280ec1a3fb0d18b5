"""Citations in notes: found with the one citation parser (kb.citation), resolved against
the library, checked, and turned into backlinks article → notes."""

import re
from collections import defaultdict
from dataclasses import dataclass

from kb.citation import find_citations, missing_article_reason, parse_citation

BRACKETED_RE = re.compile(r"《([^《》]{2,60})》\s*第")


@dataclass(frozen=True)
class NoteCitation:
    start: int
    end: int
    title: str
    slug: str
    article: int
    suffix: int
    paragraph: int
    label: str        # e.g. 第十五条第二款


class NoteLinker:
    def __init__(self, library):
        self.library = library

    def _title_of(self, name):
        entry = self.library.resolve(name)
        return entry.title if entry else None

    def context_title(self, note):
        for name in note.regulations:
            title = self._title_of(name)
            if title:
                return title
        return None

    def citations(self, note):
        """(resolved citations in the body, problems to report to the author)."""
        found, problems = [], []
        for match in find_citations(note.body, self._title_of, self.context_title(note)):
            entry = self.library.find(match.title)
            citation = match.citation
            if entry.regulation.article(citation.article, citation.suffix) is None:
                problems.append(missing_article_reason(entry.regulation, citation))
                continue
            found.append(NoteCitation(match.start, match.end, entry.title, entry.slug, citation.article,
                                      citation.suffix, citation.paragraph, citation.label))
        for name in BRACKETED_RE.findall(note.body):
            if not self._title_of(name):
                problems.append(f"找不到法规《{name}》")
        return found, problems

    def front_matter_articles(self, note):
        """Articles named in the front matter: (title, number, suffix), and problems."""
        articles, problems = [], []
        context = self.context_title(note)
        for name in note.regulations:
            if not self._title_of(name):
                problems.append(f"找不到法规：{name}")
        for written in note.articles:
            citation = parse_citation(written)
            title = self._title_of(citation.regulation) if citation and citation.regulation else context
            if citation is None or title is None:
                problems.append(f"无法识别的条文：{written}")
                continue
            regulation = self.library.find(title).regulation
            if regulation.article(citation.article, citation.suffix) is None:
                problems.append(missing_article_reason(regulation, citation))
                continue
            articles.append((title, citation.article, citation.suffix))
        return articles, problems

    def check(self, note):
        """Every problem of a note that a reader would trip over."""
        _, cited = self.citations(note)
        _, named = self.front_matter_articles(note)
        return list(dict.fromkeys(named + cited))

    def concerned_articles(self, note):
        """Front-matter articles plus cited ones, in order, without repeats."""
        named, _ = self.front_matter_articles(note)
        cited, _ = self.citations(note)
        keys = named + [(c.title, c.article, c.suffix) for c in cited]
        return list(dict.fromkeys(keys))


def backlinks(notes, linker):
    """(title, article, suffix) → the notes concerning it, newest first."""
    index = defaultdict(list)
    for note in sorted(notes, key=lambda n: n.date, reverse=True):
        for key in linker.concerned_articles(note):
            index[key].append(note)
    return dict(index)
