"""Searching the clause index: query building, searching, snippets."""
