"""The JSON shapes shared by the CLI and the web API."""

from kb.citation import format_citation


def article_json(entry, article):
    regulation = entry.regulation
    return {"regulation": regulation.title, "slug": entry.slug, "article": article.number,
            "suffix": article.suffix, "label": article.label, "part": article.part,
            "chapter": article.chapter, "section": article.section, "text": article.text,
            "paragraphs": [{"number": p.number, "text": p.text,
                            "items": [{"number": i.number, "label": i.label, "text": i.text}
                                      for i in p.items]} for p in article.paragraphs],
            "citation": format_citation(regulation.title, article.label),
            "complete": regulation.complete, "sha256": regulation.sha256,
            "jurisdiction": entry.jurisdiction, "level": entry.level}


def regulation_json(entry):
    regulation = entry.regulation
    return {"title": regulation.title, "slug": entry.slug, "aliases": regulation.aliases,
            "articles": len(regulation.articles), "complete": regulation.complete,
            "problems": regulation.problems, "status": regulation.status,
            "effective": regulation.effective, "jurisdiction": entry.jurisdiction, "level": entry.level,
            "versions": [{"sha256": v.sha256, "origin": v.origin, "source": v.source,
                          "status": entry.status_of(v),
                          "version_date": v.version_date, "added": v.added,
                          "default": v.sha256 == entry.version.sha256} for v in entry.versions]}
