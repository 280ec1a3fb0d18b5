"""Enforcement notes (执法检查, 执法调研, 专题视察 …) kept beside the law: one Markdown file
per note with front matter, linked to the articles it concerns."""
