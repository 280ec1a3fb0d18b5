"""Rendering core data as HTML: the web's side of what kb returns as plain data."""

from markupsafe import Markup, escape


def marked(snippet) -> Markup:
    """A kb.search.highlight.Snippet as escaped HTML with its spans in <mark>."""
    if snippet is None:
        return Markup("")
    return Markup("").join(Markup("<mark>{}</mark>").format(text) if is_marked else escape(text)
                           for text, is_marked in snippet.pieces())


def register(app) -> None:
    app.add_template_filter(marked)
