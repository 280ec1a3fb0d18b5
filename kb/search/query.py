"""From what the user typed to a whoosh query.

Each word may match the article text, its chapter/section titles or the regulation
title (weighted by the schema's field boosts); words are OR-ed with a coordination bonus
so articles matching more of the words rank first. A single character (犬) is widened to
the indexed words that contain it (犬只, 养犬人…), since jieba rarely indexes it alone."""

from dataclasses import dataclass, field

from whoosh.query import Or, Term

from kb import analysis
from kb.analysis import CJK_RE

SEARCH_FIELDS = ("text", "chapter", "section", "title")
COORDINATION = 0.9
EXPANSION_BOOST = 0.7


@dataclass
class ParsedQuery:
    words: list
    highlight_terms: list = field(default_factory=list)
    whoosh_query: object = None


def parse_query(text, vocabulary):
    """`vocabulary(char)` lists indexed words containing a character."""
    words = list(dict.fromkeys(analysis.query_words(text or "")))
    parsed = ParsedQuery(words=words, highlight_terms=list(words))
    if not words:
        return parsed
    clauses = []
    for word in words:
        alternatives = [Term(name, word) for name in SEARCH_FIELDS]
        if len(word) == 1 and CJK_RE.match(word):
            widened = vocabulary(word)
            alternatives += [Term("text", w, boost=EXPANSION_BOOST) for w in widened]
            parsed.highlight_terms += widened
        clauses.append(Or(alternatives))
    parsed.whoosh_query = Or(clauses, scale=COORDINATION) if len(clauses) > 1 else clauses[0]
    return parsed
