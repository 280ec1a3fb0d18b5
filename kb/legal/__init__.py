"""The law's own logic as data, worked out once per regulation (kb.library.RegulationEntry
.facts): every 款 and 项 with its role, departments and sanctions (kb.legal.clauses), every
penalty linked to the duties it sanctions and back (kb.legal.links), plus references to
other articles and laws (kb.legal.words)."""

import re
from dataclasses import dataclass, field

from kb.legal.clauses import Clause, clauses_of, is_officials_clause
from kb.legal.links import UNIVERSAL_RE, Found, Link, is_generic, restated_targets, self_target, violation_targets
from kb.legal.words import (
    DEPARTMENTS,
    Fine,
    default_enforcers,
    departments,
    enforcing_departments,
    external_laws,
    fines,
    internal_references,
    parse_amount,
    sanctions,
)
from kb.model import label

__all__ = ["ArticleFacts", "Clause", "Filing", "Fine", "Link", "DEPARTMENTS", "departments", "external_laws",
           "filings", "fines", "internal_references", "parse_amount", "regulation_facts", "is_penalty", "sets_duty"]

DUTY_WORDS = ("应当", "不得", "禁止", "严禁")
HOW_LABELS = {"explicit": "条文明确援引", "same-article": "本条规定", "restated": "罚则复述了所罚行为",
              "generic": "概括性规定（适用上位法）"}
NO_PENALTY = "本条例未规定罚则"
MAYBE_MISSING = "罚则可能在文本缺失的部分"
UNLINKED = "未找到对应罚则；本条例有未能对应到义务条款的罚则："


def is_penalty(article, clauses: list | None = None) -> bool:
    """A 法律责任 article, or one with a 款 that sanctions a breach (`clauses`: the article's, if
    already worked out)."""
    return "法律责任" in article.chapter or any(
        c.role == "penalty" for c in (clauses_of(article) if clauses is None else clauses))


def sets_duty(text: str) -> bool:
    return any(word in text for word in DUTY_WORDS)


@dataclass
class ArticleFacts:
    references: list
    referenced_by: list
    laws: list
    fines: list
    departments: list
    penalty: bool
    duty: bool
    clauses: list = field(default_factory=list)         # Clause per 款 and 项
    penalized_by: list = field(default_factory=list)    # Link to each penalty 款 that sanctions this article
    penalizes: list = field(default_factory=list)       # Link to each duty this article's penalties sanction
    generic: list = field(default_factory=list)         # Link to the text's 从其规定 clauses (for a duty)
    no_penalty: str = ""    # for a duty without a penalty found: 本条例未规定罚则 / 罚则可能在文本缺失的部分

    @property
    def sets_duty(self) -> bool:
        """A 款 or 项 of it is a duty or prohibition (of anyone, a government body included), or a
        penalty sanctions breaking it (……未及时修复的，责令限期修复 is both)."""
        return any(c.is_duty for c in self.clauses) or bool(self.penalized_by)

    @property
    def enforcing(self) -> list:
        """The departments that enforce this duty (those of its penalties)."""
        return list(dict.fromkeys(d for link in self.penalized_by for d in link.departments))

    def links_json(self) -> dict:
        """What `regkb show --json` and /api/articles add: penalized_by (on a duty), penalizes
        (on a penalty clause), and no_penalty."""
        return {"penalized_by": [link.as_json() for link in self.penalized_by],
                "penalizes": [link.as_json() for link in self.penalizes], "no_penalty": self.no_penalty}

    def as_json(self) -> dict:
        return {"references": self.references, "referenced_by": self.referenced_by, "laws": self.laws,
                "fines": [f.as_json() for f in self.fines], "departments": self.departments,
                "penalty": self.penalty, "duty": self.duty,
                "clauses": [c.as_json() for c in self.clauses],
                "penalized_by": [link.as_json() for link in self.penalized_by],
                "penalizes": [link.as_json() for link in self.penalizes],
                "no_penalty": self.no_penalty}


@dataclass(frozen=True)
class Filing:
    """What the index files an article under: the departments it names, and whether it is a
    penalty article. Part of its ArticleFacts, without the links a page shows."""
    departments: list
    penalty: bool


def filings(regulation, clauses: dict | None = None) -> dict:
    """Filing for every article key (`clauses`: key → the article's clauses, if worked out)."""
    clauses = clauses if clauses is not None else {a.key: clauses_of(a) for a in regulation.articles}
    return {a.key: Filing(departments(a.text), is_penalty(a, clauses[a.key])) for a in regulation.articles}


def regulation_facts(regulation) -> dict:
    """ArticleFacts for every article key of a regulation, with references and penalty links
    both ways."""
    existing = {a.number for a in regulation.articles}
    forward = {a.key: [n for n in internal_references(a.text) if n in existing and n != a.number]
               for a in regulation.articles}
    backward = {}
    for key, targets in forward.items():
        for number in targets:
            backward.setdefault(number, []).append(key[0])
    clauses = {a.key: clauses_of(a) for a in regulation.articles}
    filed = filings(regulation, clauses)
    facts = {a.key: ArticleFacts(references=forward[a.key],
                                 referenced_by=backward.get(a.number, []) if not a.suffix else [],
                                 laws=external_laws(a.text), fines=fines(a.text),
                                 departments=filed[a.key].departments, penalty=filed[a.key].penalty,
                                 duty=sets_duty(a.text), clauses=clauses[a.key])
             for a in regulation.articles}
    _link(regulation, clauses, facts)
    return facts


def _link(regulation, clauses, facts):
    every = [c for key in clauses for c in clauses[key]]
    enforcers = next((d for c in every if (d := default_enforcers(c.text))), [])
    penalties = [c for c in every if c.role == "penalty" and not c.item]
    found = {p.key: _found_within(p) for p in penalties}
    taken = {f.target[:3] for p in penalties for f in found[p.key] if f.how == "same-article"}
    duties = [c for c in every if c.is_duty and "法律责任" not in c.chapter and c.key[:3] not in taken]
    for penalty in penalties:
        if not found[penalty.key]:
            found[penalty.key] = (restated_targets(penalty, duties) or self_target(penalty)
                                  or ([Found((), "generic", penalty.text)] if is_generic(penalty.text) else []))
    for penalty in penalties:
        _attach(penalty, found[penalty.key], facts, _enforcers(penalty, enforcers))
    universal = [c for c in every if not c.item and UNIVERSAL_RE.search(c.text)]
    for generic in universal:
        facts[(generic.article, generic.suffix)].penalizes.append(_generic_link(generic))
    unlinked = [p for p in penalties if not found[p.key]]
    for article in regulation.articles:
        _conclude(facts[article.key], universal, regulation.complete, article, unlinked)


def _found_within(penalty: Clause) -> list:
    """What a penalty 款 says of itself: a cited duty, a generic pointer, a sanction inside
    the duty's own 款 — before any matching of restated conduct."""
    if is_officials_clause(penalty.text):
        return [Found((), "generic", penalty.text)]
    found = violation_targets(penalty)
    if any(f.how != "generic" for f in found):
        return found
    if _sanctions_are_generic(penalty.text):
        return found or [Found((), "generic", penalty.text)]
    return found


def _sanctions_are_generic(text):
    """Every sentence that sanctions is a generic one (……构成违反治安管理行为的，由公安机关依法处罚)."""
    sentences = [s for s in text.split("。") if sanctions(s)]
    return bool(sentences) and all(is_generic(re.split("；", s)[0]) for s in sentences)


def _enforcers(penalty, defaults):
    named = []
    for sentence in penalty.text.split("。"):
        if sanctions(sentence):
            named.extend(enforcing_departments(sentence))
    return list(dict.fromkeys(named)) or list(defaults)


def _attach(penalty, found, facts, enforcers):
    own = facts[(penalty.article, penalty.suffix)]
    penalty_fines = fines(penalty.text)
    for item in found:
        if item.how == "generic":
            own.penalizes.append(Link(0, 0, 0, 0, "generic", _evidence(item.evidence), [], enforcers,
                                      own_paragraph=penalty.paragraph))
            continue
        article, suffix, paragraph, number = item.target
        duty = facts.get((article, suffix))
        own.penalizes.append(Link(article, suffix, paragraph, number, item.how, item.evidence,
                                  penalty_fines, enforcers, item.confidence, penalty.paragraph))
        if duty is not None:
            duty.penalized_by.append(Link(penalty.article, penalty.suffix, penalty.paragraph, 0, item.how,
                                          item.evidence, penalty_fines, enforcers, item.confidence,
                                          paragraph, number))


def _evidence(text):
    return re.split(r"(?<=[。；])", text)[0].strip("。；")


def _generic_link(clause):
    return Link(clause.article, clause.suffix, clause.paragraph, 0, "generic", _evidence(clause.text),
                own_paragraph=clause.paragraph)


def _conclude(fact, universal, complete, article, unlinked):
    fact.penalized_by = list({(x.article, x.suffix, x.paragraph, x.own_paragraph, x.own_item): x
                              for x in fact.penalized_by}.values())
    if not fact.sets_duty or fact.penalized_by or "法律责任" in article.chapter:
        return
    fact.no_penalty = NO_PENALTY if complete and not unlinked else MAYBE_MISSING if not unlinked else (
        UNLINKED + "、".join(label(p.article, p.suffix, p.paragraph) for p in unlinked) + "，请核对")
    fact.generic = [_generic_link(c) for c in universal if (c.article, c.suffix) != article.key]
