"""One whoosh document per article.

`words` and `context` hold text already segmented by kb.analysis (space-separated), so
the costly part of indexing can run in several processes. The index finds and ranks
articles; what is shown of them (labels, headings, legal facts) comes from the Library of
the same generation, so only what is searched, filtered or ranked on is kept here."""

import re
from collections import Counter

from whoosh.fields import BOOLEAN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Existence
from whoosh.system import pack_uint

from kb.analysis import gram_text, index_text, pretokenized_analyzer

SCHEMA_VERSION = 9
NO_CHAPTER = "（无章）"


def document_id(slug: str, number: int, suffix: int = 0) -> str:
    """The one way an article's document is named in the index."""
    return f"{slug}#{number}-{suffix}"


SPACED_RE = re.compile(r"[^ \t\r\n]+")    # whoosh's SpaceSeparatedTokenizer
FREQUENCIES = [pack_uint(n) for n in range(256)]


class SpacedWords(TEXT):
    """A TEXT field whose value is already words joined by spaces (kb.analysis output).
    Indexing counts the words directly, with what whoosh's tokenizer and format would give
    (`tests/test_segment.py` compares them), instead of making a Token object per word."""

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs:
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        counts = Counter(SPACED_RE.findall(value))
        if isinstance(self.format, Existence):
            for word in counts:
                yield word.encode("utf-8"), 1, boost, b""
            return
        for word, count in counts.items():
            encoded = FREQUENCIES[count] if count < len(FREQUENCIES) else pack_uint(count)
            yield word.encode("utf-8"), count, count * boost, encoded


def build_schema() -> Schema:
    analyzer = pretokenized_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # The regulation's key; titles belong to the Library.
        slug=ID(stored=True),
        article=STORED(),
        suffix=STORED(),
        # The text as in the source: re-ranking and snippets read it without a second lookup.
        text=STORED(),
        # Phrase positions are not kept: exact phrases are checked on the stored text.
        words=SpacedWords(analyzer=analyzer, phrase=False),
        # Character bigrams of the text: the path for a question whose words the index does
        # not know (kb.search.searcher falls back to it when the words find nothing confident).
        # Only whether an article holds a bigram is kept (not how often): half the size.
        grams=_existence(SpacedWords(analyzer=analyzer, phrase=False)),
        # Regulation, chapter and section titles in one field: one term lookup per word.
        context=SpacedWords(analyzer=analyzer, phrase=False, field_boost=0.4),
        chapter=ID(),
        department=KEYWORD(commas=True, scorable=False),
        penalty=BOOLEAN(stored=True),
        # 济宁市, 青岛市, 山东省, 全国 (kb.jurisdiction): the filter of a widened search scope.
        jurisdiction=ID(),
    )


def _existence(field):
    field.format = Existence(field_boost=field.format.field_boost)
    return field


def article_documents(entry):
    """The documents of one regulation (a kb.library.RegulationEntry), for `writer.add_document`."""
    slug, regulation, filed = entry.slug, entry.regulation, entry.filings
    headings = {}
    for article in regulation.articles:
        filing = filed[article.key]
        words = index_text(article.text)
        heading = (article.chapter, article.section)
        if heading not in headings:
            headings[heading] = index_text(" ".join(filter(None, (regulation.title,) + heading)))
        yield {
            "id": document_id(slug, article.number, article.suffix),
            "slug": slug,
            "article": article.number,
            "suffix": article.suffix,
            "text": article.text,
            "words": words,
            "grams": gram_text(article.text, words),
            "context": headings[heading],
            "chapter": article.chapter or NO_CHAPTER,
            "department": ",".join(filing.departments),
            "penalty": filing.penalty,
            "jurisdiction": entry.jurisdiction,
        }
