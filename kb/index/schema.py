"""One whoosh document per article."""

from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kb.analysis import legal_analyzer
from kb.legal import regulation_facts

SCHEMA_VERSION = 3


def build_schema():
    analyzer = legal_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        slug=ID(stored=True),
        regulation=ID(stored=True),
        # Regulation, chapter and section titles in one field: one term lookup per word.
        context=TEXT(analyzer=analyzer, field_boost=0.4),
        article=NUMERIC(stored=True, sortable=True),
        suffix=NUMERIC(stored=True),
        label=STORED(),
        part=STORED(),
        chapter=STORED(),
        section=STORED(),
        text=TEXT(analyzer=analyzer, stored=True),
        sha256=ID(stored=True),
        complete=BOOLEAN(stored=True),
        chapter_facet=ID(),
        department=KEYWORD(stored=True, commas=True, scorable=False),
        penalty=BOOLEAN(stored=True),
        duty=BOOLEAN(stored=True),
        facts=STORED(),
    )


def article_documents(slug, regulation):
    """The documents of one regulation, as dicts for `writer.add_document`."""
    facts = regulation_facts(regulation)
    for article in regulation.articles:
        fact = facts[article.key]
        yield {
            "id": f"{slug}#{article.number}-{article.suffix}",
            "slug": slug,
            "regulation": regulation.title,
            "context": " ".join(filter(None, (regulation.title, article.chapter, article.section))),
            "article": article.number,
            "suffix": article.suffix,
            "label": article.label,
            "part": article.part,
            "chapter": article.chapter,
            "section": article.section,
            "text": article.text,
            "sha256": regulation.sha256,
            "complete": regulation.complete,
            "chapter_facet": article.chapter or "（无章）",
            "department": ",".join(fact.departments),
            "penalty": fact.penalty,
            "duty": fact.duty,
            "facts": {"references": fact.references, "referenced_by": fact.referenced_by,
                      "laws": fact.laws, "fines": [f.as_json() for f in fact.fines]},
        }
