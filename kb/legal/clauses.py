"""Every 款 and 项 of a regulation as a Clause: what kind of rule it is, the departments it
names (and in what capacity) and the sanctions it sets."""

import re
from dataclasses import dataclass, field

from kb.legal.words import named_departments, sanctions

DUTY_RE = re.compile(r"应当|应(?=[按在及保规])|不得|禁止|严禁|必须|须经")
GOVERNMENT_RE = re.compile(r"(?:^|[，。；：])[^，。；：]{0,30}?(?:人民政府|部门|机关|办事处|管委会|管理机构|委员会|机构)"
                           r"[^，。；]{0,12}?(?:应当|负责|可以|按照|根据|会同|组织)")
ACTOR_RE = re.compile(r"(?:^|[，。；：])(?P<subject>[^，。；：]*?)(?:应当|应(?=[按在及保规])|不得|禁止|严禁|必须|负责)")
OFFICIALS_RE = re.compile(r"玩忽职守|滥用职权|徇私舞弊|下列情形之一")
# A sanction the government body is told to take (应当……责令停止开采) is its duty, not a penalty.
GOVERNMENT_SANCTION_RE = re.compile(r"应当[^。；]*?(?:责令|追究|处罚|处分)")
CONDITION_RE = re.compile(r"的，|违反")
ROLE_PATTERNS = (
    ("entry-into-force", re.compile(r"^本(?:条例|办法)自[^。]*施行")),
    ("definition", re.compile(r"本(?:条例|办法)所称|是指")),
    ("scope", re.compile(r"适用本(?:条例|办法)|本(?:条例|办法)适用于")),
    ("authority", re.compile(r"本(?:条例|办法)规定的行政处罚|由[^。]*?负责解释")),
)


@dataclass
class Clause:
    """One 款 (item 0) or one 项 of a 款."""
    article: int
    suffix: int
    paragraph: int
    item: int
    text: str                   # as written
    lead: str = ""              # for an item: its 款's lead-in (禁止下列行为：)
    chapter: str = ""
    # duty | government-duty | responsibility | penalty | definition | scope | authority | entry-into-force | other
    role: str = "other"
    departments: list = field(default_factory=list)    # NamedDepartment
    sanctions: list = field(default_factory=list)      # Sanction

    @property
    def key(self) -> tuple:
        return (self.article, self.suffix, self.paragraph, self.item)

    @property
    def scope_text(self) -> str:
        """What a restated penalty is matched against: the item, then its lead-in."""
        return f"{self.text}；{self.lead}" if self.lead else self.text

    @property
    def is_duty(self) -> bool:
        return self.role in ("duty", "government-duty")

    def as_json(self) -> dict:
        return {"paragraph": self.paragraph, "item": self.item, "role": self.role,
                "departments": [d.as_json() for d in self.departments],
                "sanctions": [{"kind": s.kind, "text": s.text} for s in self.sanctions]}


def clauses_of(article) -> list:
    """The 款 of an article, each followed by its 项."""
    found = []
    for paragraph in article.paragraphs:
        full = paragraph.full_text
        found.append(_clause(article, paragraph.number, 0, full, ""))
        found.extend(_clause(article, paragraph.number, item.number, item.text, paragraph.text)
                     for item in paragraph.items)
    return found


def _clause(article, paragraph, item, text, lead) -> Clause:
    clause = Clause(article=article.number, suffix=article.suffix, paragraph=paragraph, item=item,
                    text=text, lead=lead, chapter=article.chapter)
    clause.sanctions = [] if item else penalty_sanctions(text)
    clause.role = role_of(clause)
    clause.departments = named_departments(text)
    return clause


def penalty_sanctions(text: str) -> list:
    """The sanctions a 款 imposes on a breach; none when it only tells a government body to
    sanction someone (……时，应当责令停止开采) or says who imposes penalties in general."""
    if ROLE_PATTERNS[3][1].search(text):
        return []
    found = []
    for sentence in re.split(r"(?<=[。；])", text):
        if GOVERNMENT_SANCTION_RE.search(sentence) or not CONDITION_RE.search(sentence):
            continue
        found.extend(sanctions(sentence))
    return found


def role_of(clause: Clause) -> str:
    if clause.sanctions:
        return "penalty"
    text = clause.scope_text
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(clause.text):
            return role
    if DUTY_RE.search(text):
        return "government-duty" if _government_subject(clause.lead or clause.text) else "duty"
    if GOVERNMENT_RE.search(clause.text):
        return "responsibility"     # who is competent (……负责), without a duty word
    return "other"


def _government_subject(text):
    """The one who must act, read before the first 应当/不得/负责, is a government body."""
    match = ACTOR_RE.search(text)
    subject = match.group("subject") if match else ""
    return bool(re.search(r"人民政府|部门|机关|办事处|管委会|管理机构|(?<!业主)委员会", subject)) or (
        not match and bool(GOVERNMENT_RE.search(text)))


def is_officials_clause(text: str) -> bool:
    """A clause on officials' or governments' own failings (玩忽职守 …, 有下列情形之一的 …
    给予处分): it points to the law on public servants, never to a duty of this text."""
    officials = bool(OFFICIALS_RE.search(text)) and "处分" in text
    return (officials or bool(re.search(r"追究相关(?:人员的)?责任", text))) and "罚款" not in text
