"""Character-level changes between two article texts, as equal / delete / insert runs.

difflib's SequenceMatcher runs on tokens (kb.amend.refs): characters, plus one token per
cross-reference that compares by the article it points at. Two kinds of change are shown
but are not changes of content: a reference renumbered together with its target
(kind "reference") and a character written in the other width, "：" for ":" (kind "width")."""

import difflib
from dataclasses import dataclass

from kb.amend.refs import Tokens

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
REFERENCE, WIDTH = "reference", "width"
# An equality this short, between changes at least as long on both sides, is folded into
# them (as in diff-match-patch's semantic cleanup): 立法法 2015 → 2023 replaced "以及" by
# "，可以向…提出相关法律案。"; one replaced run reads better than a kept "以" in the middle.
SHORT_EQUALITY = 2


@dataclass(frozen=True)
class Span:
    op: str             # equal, delete or insert
    text: str
    kind: str = ""      # "" (content), REFERENCE or WIDTH: shown, but the same content

    def as_json(self) -> dict:
        data = {"op": self.op, "text": self.text}
        if self.kind:
            data["kind"] = self.kind
        return data


@dataclass(frozen=True)
class TextDiff:
    spans: list
    content_changed: bool   # something other than consistently renumbered references


def diff_texts(old: Tokens, new: Tokens) -> TextDiff:
    matcher = difflib.SequenceMatcher(None, old.keys, new.keys, autojunk=False)
    runs, changed = [], False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = old.texts[i1:i2], new.texts[j1:j2]
        if op == "equal":
            runs.extend([Span(EQUAL, "".join(before))] if before == after else
                        _equal_runs(before, after, old.refs[i1:i2]))
        elif before == after and all(old.refs[i1:i2]) and all(new.refs[j1:j2]):
            # The same words pointing at a different article: a reference left dangling,
            # reported by the caller; the text itself did not change.
            runs.append(Span(EQUAL, "".join(before)))
        else:
            changed = True
            runs.append(Span(DELETE, "".join(before)))
            runs.append(Span(INSERT, "".join(after)))
    return TextDiff(spans=_merge(_cleanup(_merge(runs))), content_changed=changed)


def _equal_runs(before, after, refs):
    for shown, kept, ref in zip(before, after, refs):
        if shown == kept:
            yield Span(EQUAL, shown)
        else:
            kind = REFERENCE if ref else WIDTH
            yield Span(DELETE, shown, kind)
            yield Span(INSERT, kept, kind)


def _merge(runs):
    """Drop empty runs and join neighbours: each change becomes one deletion then one
    insertion; changes of different kinds stay apart."""
    merged, pending = [], _Pending()
    for span in runs:
        if not span.text:
            continue
        if span.op == EQUAL:
            merged.extend(pending.flush())
            if merged and merged[-1].op == EQUAL:
                merged[-1] = Span(EQUAL, merged[-1].text + span.text)
            else:
                merged.append(span)
            continue
        if pending.kind != span.kind:
            merged.extend(pending.flush())
        pending.add(span)
    merged.extend(pending.flush())
    return merged


class _Pending:
    def __init__(self):
        self.text = {DELETE: "", INSERT: ""}
        self.kind = ""

    def add(self, span):
        self.text[span.op] += span.text
        self.kind = span.kind

    def flush(self):
        spans = [Span(op, self.text[op], self.kind) for op in (DELETE, INSERT) if self.text[op]]
        self.text = {DELETE: "", INSERT: ""}
        return spans


def _cleanup(runs):
    """Fold short equalities lying between content changes into those changes."""
    changed = True
    while changed:
        changed = False
        for index, span in enumerate(runs):
            if span.op != EQUAL or len(span.text) > SHORT_EQUALITY or "\n" in span.text:
                continue
            before, after = _change_around(runs, index, -1), _change_around(runs, index, 1)
            if before and after and len(span.text) <= min(before, after):
                runs = runs[:index] + [Span(DELETE, span.text), Span(INSERT, span.text)] + runs[index + 1:]
                runs = _merge(runs)
                changed = True
                break
    return runs


def _change_around(runs, index, step):
    """Length of the larger side of the content change next to runs[index] (0 if none)."""
    lengths = {DELETE: 0, INSERT: 0}
    position = index + step
    while 0 <= position < len(runs) and runs[position].op != EQUAL and not runs[position].kind:
        lengths[runs[position].op] += len(runs[position].text)
        position += step
    return max(lengths.values())
