"""Power-user syntax: "exact phrase", -exclude, OR. Anything malformed is read as plain
words; this module never raises."""

import re
from dataclasses import dataclass, field

QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "「": '"', "」": '"', "－": "-"})
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
MAX_QUERY_CHARS = 200


@dataclass
class QuerySyntax:
    text: str                                    # the words to rank by, phrases included
    phrases: list = field(default_factory=list)  # must appear literally in the article
    excluded: list = field(default_factory=list)


def parse_syntax(raw):
    text = CONTROL_RE.sub(" ", (raw or "").translate(QUOTES))[:MAX_QUERY_CHARS]
    phrases, excluded = [], []
    if text.count('"') >= 2:
        phrases = [p.strip() for p in re.findall(r'"([^"]+)"', text) if p.strip()]
    text = text.replace('"', " ")
    words = []
    for token in text.split():
        if token.startswith("-") and len(token) > 1:
            excluded.append(token[1:])
        elif token.upper() != "OR" and token != "-":
            words.append(token)
    return QuerySyntax(text=" ".join(words), phrases=phrases, excluded=excluded)
