"""The whoosh clause index. whoosh is used only inside this package and kb.search, so the
engine (whoosh-reloaded, pinned) can be replaced without touching the rest."""
