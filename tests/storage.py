"""What a home's storage holds, whichever backend it is (files or PostgreSQL)."""

from kb.notes.store import NoteStore


def stored(home) -> list:
    """`<id>.md` for every stored note and `<id>/<name>` for every kept version, sorted."""
    backend = NoteStore(home).backend
    ids = backend.ids()
    return sorted([f"{i}.md" for i in ids] + [f"{i}/{name}" for i in ids for name in backend.history_names(i)])
