"""One whoosh document per article."""

from whoosh.fields import BOOLEAN, ID, NUMERIC, STORED, TEXT, Schema

from kb.analysis import legal_analyzer

SCHEMA_VERSION = 1


def build_schema():
    analyzer = legal_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        slug=ID(stored=True),
        regulation=ID(stored=True),
        title=TEXT(analyzer=analyzer, field_boost=0.3),
        article=NUMERIC(stored=True, sortable=True),
        suffix=NUMERIC(stored=True),
        label=STORED(),
        part=STORED(),
        chapter=TEXT(analyzer=analyzer, stored=True, field_boost=0.5),
        section=TEXT(analyzer=analyzer, stored=True, field_boost=0.5),
        text=TEXT(analyzer=analyzer, stored=True),
        sha256=ID(stored=True),
        complete=BOOLEAN(stored=True),
    )


def article_documents(slug, regulation):
    """The documents of one regulation, as dicts for `writer.add_document`."""
    for article in regulation.articles:
        yield {
            "id": f"{slug}#{article.number}-{article.suffix}",
            "slug": slug,
            "regulation": regulation.title,
            "title": regulation.title,
            "article": article.number,
            "suffix": article.suffix,
            "label": article.label,
            "part": article.part,
            "chapter": article.chapter,
            "section": article.section,
            "text": article.text,
            "sha256": regulation.sha256,
            "complete": regulation.complete,
        }
