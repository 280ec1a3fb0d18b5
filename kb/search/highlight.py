"""Snippets: the part of an article where the query's words are densest, as data.

Matching is done on the stored text with plain substring search, which for Chinese is
exact and needs no second segmentation pass. The result is plain text with the spans to
mark; the web wraps them in <mark>, the terminal in 【】 (whoosh's highlight module keeps
choosing fragments apart from formatting them in the same way)."""

from dataclasses import dataclass

SNIPPET_CHARS = 90
ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    text: str           # what is shown, "…" included where the article was cut
    spans: tuple = ()   # (start, end) in `text` of the words to mark, in order

    def pieces(self):
        """(text, marked) runs in order, for a renderer."""
        cursor = 0
        for start, end in self.spans:
            if start > cursor:
                yield self.text[cursor:start], False
            yield self.text[start:end], True
            cursor = end
        if cursor < len(self.text):
            yield self.text[cursor:], False

    def as_json(self) -> dict:
        return {"text": self.text, "marks": [list(span) for span in self.spans]}


def match_spans(text: str, terms) -> list:
    """Non-overlapping (start, end) of every occurrence of any term, longest first."""
    taken = [False] * len(text)
    spans = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        start = text.find(term)
        while start != -1:
            end = start + len(term)
            if not any(taken[start:end]):
                spans.append((start, end))
                taken[start:end] = [True] * len(term)
            start = text.find(term, end)
    return sorted(spans)


def best_window(text, spans, width):
    if len(text) <= width or not spans:
        return 0, min(len(text), width)
    best_start, best_count = 0, -1
    for start, _ in spans:
        window_start = max(0, min(start - width // 4, len(text) - width))
        count = sum(1 for s, e in spans if s >= window_start and e <= window_start + width)
        if count > best_count:
            best_start, best_count = window_start, count
    return best_start, best_start + width


def snippet(text: str, terms, width: int = SNIPPET_CHARS) -> Snippet:
    flat = text.replace("\n", " ")
    spans = match_spans(flat, terms)
    start, end = best_window(flat, spans, width)
    lead = ELLIPSIS if start > 0 else ""
    shift = len(lead) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(lead + flat[start:end] + (ELLIPSIS if end < len(flat) else ""), inside)


def whole(text: str) -> Snippet:
    """A cited 款 or 项, marked from end to end."""
    return Snippet(text, ((0, len(text)),) if text else ())
