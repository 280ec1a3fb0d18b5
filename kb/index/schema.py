"""One whoosh document per article.

`words` and `context` hold text already segmented by kb.analysis (space-separated), so
the costly part of indexing can run in several processes; `text` keeps the article as in
the source for display and snippets."""

from whoosh.fields import BOOLEAN, ID, KEYWORD, STORED, TEXT, Schema

from kb.analysis import index_text, pretokenized_analyzer
from kb.legal import regulation_facts

SCHEMA_VERSION = 5


def build_schema():
    analyzer = pretokenized_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # Only what is searched or filtered on is indexed; every indexed value costs
        # postings on a 147k-article build.
        slug=STORED(),
        regulation=ID(stored=True),
        article=STORED(),
        suffix=STORED(),
        label=STORED(),
        part=STORED(),
        chapter=STORED(),
        section=STORED(),
        text=STORED(),
        # Phrase positions are not kept: exact phrases are checked on the stored text.
        words=TEXT(analyzer=analyzer, phrase=False),
        # Regulation, chapter and section titles in one field: one term lookup per word.
        context=TEXT(analyzer=analyzer, phrase=False, field_boost=0.4),
        sha256=STORED(),
        complete=STORED(),
        chapter_facet=ID(),
        department=KEYWORD(stored=True, commas=True, scorable=False),
        penalty=BOOLEAN(stored=True),
        duty=STORED(),
        facts=STORED(),
    )


def article_documents(slug, regulation):
    """The documents of one regulation, as dicts for `writer.add_document`."""
    facts = regulation_facts(regulation)
    headings = {}
    for article in regulation.articles:
        fact = facts[article.key]
        heading = (article.chapter, article.section)
        if heading not in headings:
            headings[heading] = index_text(" ".join(filter(None, (regulation.title,) + heading)))
        yield {
            "id": f"{slug}#{article.number}-{article.suffix}",
            "slug": slug,
            "regulation": regulation.title,
            "article": article.number,
            "suffix": article.suffix,
            "label": article.label,
            "part": article.part,
            "chapter": article.chapter,
            "section": article.section,
            "text": article.text,
            "words": index_text(article.text),
            "context": headings[heading],
            "sha256": regulation.sha256,
            "complete": regulation.complete,
            "chapter_facet": article.chapter or "（无章）",
            "department": ",".join(fact.departments),
            "penalty": fact.penalty,
            "duty": fact.duty,
            "facts": {"references": fact.references, "referenced_by": fact.referenced_by,
                      "laws": fact.laws, "fines": [f.as_json() for f in fact.fines]},
        }
