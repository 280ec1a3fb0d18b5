"""Note bodies as safe HTML: Markdown without raw HTML, then the output put through nh3
(the Ammonia sanitizer) with an allow-list of tags, attributes and URL schemes, and every
resolved citation turned into a link to its article page.

The sanitizer sees the HTML as a browser will: `&#106;avascript:` or `java&#x09;script:` in
a link is decoded before its scheme is checked, so no spelling of a script URL survives."""

import markdown
import nh3
from markdown.extensions import Extension

from webapp.urls import located_url

# What the Markdown renderer produces, and nothing else.
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "em", "strong", "ul", "ol", "li", "a", "img",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
# Relative links (the citation links to /r/…) are kept as they are.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


class SafeMarkdown(Extension):
    def extendMarkdown(self, md):
        # Raw HTML in a note is shown as text, never interpreted.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def sanitize(html: str) -> str:
    """Only allow-listed tags, attributes and URL schemes; links get rel=noopener noreferrer."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(ALLOWED_SCHEMES), strip_comments=True)


def link_citations(body, citations):
    """Markdown with each citation span wrapped as a link (citations from NoteLinker)."""
    pieces, cursor = [], 0
    for citation in sorted(citations, key=lambda c: c.start):
        if citation.start < cursor:
            continue
        text = body[citation.start:citation.end].replace("[", "［").replace("]", "］")
        pieces.append(body[cursor:citation.start])
        pieces.append(f"[{text}]({located_url(citation.located)} \"{citation.located.citation}\")")
        cursor = citation.end
    pieces.append(body[cursor:])
    return "".join(pieces)


def render_body(body: str, citations=()) -> str:
    """A note body (Markdown) as safe HTML; `citations` from kb.notes.links.NoteLinker. Needs a
    request or app context (links are made by webapp.urls)."""
    html = markdown.markdown(link_citations(body, citations), extensions=[SafeMarkdown()],
                             output_format="html")
    return sanitize(html)

