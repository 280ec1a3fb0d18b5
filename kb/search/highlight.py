"""Snippets: the part of an article where the query's words are densest, words marked.

Matching is done on the stored text with plain substring search, which for Chinese is
exact and needs no second segmentation pass. Output is HTML-escaped text with <mark>."""

from html import escape

SNIPPET_CHARS = 90


def match_spans(text, terms):
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


def mark(text, spans, start=0, end=None):
    """HTML for text[start:end] with the spans inside it wrapped in <mark>."""
    end = len(text) if end is None else end
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    return "".join(pieces)


def snippet(text, terms, width=SNIPPET_CHARS):
    flat = text.replace("\n", " ")
    spans = match_spans(flat, terms)
    start, end = best_window(flat, spans, width)
    body = mark(flat, spans, start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(flat) else "")
