"""Note bodies as safe HTML: Markdown without raw HTML, links limited to safe schemes, and
every resolved citation turned into a link to its article page."""

from urllib.parse import urlparse

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = ("", "http", "https", "mailto")


class _SafeLinks(Treeprocessor):
    """Drop href/src with schemes such as javascript: or data:."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and urlparse(value.strip()).scheme.lower() not in SAFE_SCHEMES:
                    element.set(attribute, "#")


class SafeMarkdown(Extension):
    def extendMarkdown(self, md):
        # Raw HTML in a note is shown as text, never interpreted.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


def article_url(citation):
    located = citation.located
    suffix = f"-{located.article.suffix}" if located.article.suffix else ""
    anchor = f"#p{located.paragraph}" if located.paragraph else ""
    return f"/r/{located.entry.slug}/{located.article.number}{suffix}{anchor}"


def link_citations(body, citations):
    """Markdown with each citation span wrapped as a link (citations from NoteLinker)."""
    pieces, cursor = [], 0
    for citation in sorted(citations, key=lambda c: c.start):
        if citation.start < cursor:
            continue
        text = body[citation.start:citation.end].replace("[", "［").replace("]", "］")
        pieces.append(body[cursor:citation.start])
        pieces.append(f"[{text}]({article_url(citation)} \"{citation.located.citation}\")")
        cursor = citation.end
    pieces.append(body[cursor:])
    return "".join(pieces)


def render_body(body, citations=()):
    html = markdown.markdown(link_citations(body, citations), extensions=[SafeMarkdown()],
                             output_format="html")
    return html

