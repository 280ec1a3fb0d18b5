"""The enforcement survey sheet (执法检查表): for a regulation or one chapter, every article
that sets a duty or a prohibition, who is responsible, which article punishes a breach and
with what fine, and an empty column for the inspection team's findings. Its .docx is
written by webapp/survey_docx.py (kb never imports webapp)."""

from dataclasses import dataclass, field

from kb.model import label
from kb.provenance import source_line


@dataclass
class SurveyRow:
    article: int
    suffix: int
    label: str
    chapter: str
    text: str
    departments: list                               # named in the duty (responsible, approving …)
    penalties: list = field(default_factory=list)   # kb.legal.Link to each penalty 款 of this duty
    enforcing: list = field(default_factory=list)   # departments that enforce it (from its penalties)
    no_penalty: str = ""                            # 本条例未规定罚则 / 罚则可能在文本缺失的部分
    generic: list = field(default_factory=list)     # kb.legal.Link to the text's 从其规定 clauses

    @property
    def penalty_text(self) -> str:
        """The penalty column: each penalty clause with its fines and enforcing department."""
        if not self.penalties:
            return self.no_penalty + "".join(f"（另见{label(g.article, g.suffix)}：{g.evidence}）" for g in self.generic)
        return "；".join(penalty_line(link) for link in self.penalties)

    def as_json(self) -> dict:
        return {"article": self.article, "suffix": self.suffix, "label": self.label, "chapter": self.chapter,
                "text": self.text, "departments": self.departments, "enforcing": self.enforcing,
                "penalties": [link.as_json() for link in self.penalties], "no_penalty": self.no_penalty,
                "generic": [link.as_json() for link in self.generic], "penalty_text": self.penalty_text}


def penalty_line(link) -> str:
    """第三十一条第二款（可以处五百元以上二千元以下的罚款；执法部门：城市管理部门、生态环境部门）."""
    where = link.where
    fines = "，".join(f.text for f in link.fines) or "未规定罚款数额，见该条"
    department = "、".join(link.departments) or "条文未明确"
    doubt = "；关联不确定，请核对" if link.confidence != "high" else ""
    # A fine for one item (第（八）项) is not the whole article's: say which part it covers.
    scope = f"；只罚{link.own}" if link.own_item else ""
    return f"{where}（{fines}；执法部门：{department}{scope}{doubt}）"


@dataclass
class SurveySheet:
    title: str
    scope: str          # 全文 or the chapter heading
    rows: list
    complete: bool
    problems: list
    provenance: str = ""    # who enacted it and when, and the file it was read from

    def as_json(self) -> dict:
        return {"title": self.title, "scope": self.scope, "complete": self.complete, "problems": self.problems,
                "rows": [row.as_json() for row in self.rows]}


def chapters_of(regulation) -> list:
    return [c.heading for c in regulation.chapters if c.heading]


def survey_sheet(entry, chapter=None) -> "SurveySheet":
    """The sheet of a kb.library.RegulationEntry (its legal facts are worked out once, there)."""
    regulation, facts = entry.regulation, entry.facts
    rows = [_row(article, facts[article.key]) for article in regulation.articles
            if (not chapter or article.chapter == chapter) and facts[article.key].sets_duty
            and "法律责任" not in article.chapter]
    return SurveySheet(title=regulation.title, scope=chapter or "全文", rows=rows,
                       complete=regulation.complete, problems=list(regulation.problems),
                       provenance=source_line(regulation))


def _row(article, fact) -> SurveyRow:
    return SurveyRow(article=article.number, suffix=article.suffix, label=article.label, chapter=article.chapter,
                     text=article.text, departments=list(dict.fromkeys(fact.departments + fact.enforcing)),
                     penalties=fact.penalized_by, enforcing=fact.enforcing, no_penalty=fact.no_penalty,
                     generic=fact.generic)
