"""Amendments: compare two texts of a regulation (versions, or a version and a draft) article
by article, for the 修改对照表. Data only; the views render it (webapp.amend, webapp.amend_docx)."""

from kb.amend.compare import STATUS_NAMES, STATUSES, Comparison, Row, compare

__all__ = ["STATUSES", "STATUS_NAMES", "Comparison", "Row", "compare"]
