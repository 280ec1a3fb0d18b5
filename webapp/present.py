"""What the pages show of a regulation or an article, worked out once, outside templates."""

from dataclasses import dataclass, field
from urllib.parse import unquote

from markupsafe import Markup, escape

from kb.citation import format_citation
from kb.legal import HOW_LABELS
from kb.legal.words import LAW_RE
from kb.locate import law_references, text_links
from kb.model import label, paragraph_label
from webapp.urls import article_ref, article_url, located_url, regulation_url

AMENDING_EVENTS = ("修正", "修订")
PREVIEW_CHARS = 60


@dataclass(frozen=True)
class Badge:
    kind: str       # css modifier: current, amended, incomplete, other
    text: str
    detail: str = ""


def badges(regulation):
    found = [Badge("current" if regulation.status == "现行有效" else "other", regulation.status)]
    if amended(regulation):
        found.append(Badge("amended", "已修正"))
    if not regulation.complete:
        found.append(Badge("incomplete", "文本不完整", incompleteness(regulation)))
    return found


def amended(regulation):
    return any(event.event in AMENDING_EVENTS for event in regulation.history)


def incompleteness(regulation):
    """Why the text is incomplete and where it stops, in one sentence; "" when complete."""
    if regulation.complete:
        return ""
    reason = "；".join(regulation.problems)
    last = regulation.last_article
    if last and f"止于{last.label}" not in reason:
        reason += f"；现有文本止于{last.label}"
    return f"{reason}。"


def display_source(source):
    """A source URL as people read it (percent-escapes decoded); file names unchanged."""
    return unquote(source) if source.startswith(("http://", "https://")) else source


def citation_of(title, article, paragraph=0):
    """《济宁市养犬管理条例》第十五条, or …第二条第二款 for one 款."""
    return format_citation(title, label(article.number, article.suffix, paragraph))


def pasted(text, citation):
    """The text as the publicity team pastes it: 正文……（《济宁市养犬管理条例》第十五条）."""
    return f"{text}（{citation}）"


@dataclass(frozen=True)
class Excerptable:
    """What the copy and basket buttons of an article or a 款 carry."""
    copy: str
    basket: dict        # kept in the browser; the server re-reads the text on export


def excerptable(slug, number, suffix, paragraph, citation, text):
    preview = text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")
    return Excerptable(copy=pasted(text, citation), basket={
        "slug": slug, "article": number, "suffix": suffix, "paragraph": paragraph,
        "citation": citation, "preview": preview, "url": article_url(slug, number, suffix, paragraph)})


def hit_excerptable(hit):
    return excerptable(hit.slug, hit.article, hit.suffix, 0, hit.citation, hit.text)


def linked_text(text, library, slug):
    """Escaped text with its links (kb.locate.text_links): every citation of an existing
    article (本条例第二十条 …; a missing 款 or 项 links its article) and every reference to a
    stored law (《中华人民共和国动物防疫法》 to the law, …》第九十九条 to that article; a named
    article the stored text lacks links the law, with the reason as its title)."""
    pieces, cursor = [], 0
    for link in text_links(library, text, context=slug):
        pieces.append(escape(text[cursor:link.start]))
        pieces.append(Markup('<a class="ref" href="{}"{}>{}</a>').format(
            link_url(link), Markup(' title="{}"').format(link.problem) if link.problem else "",
            text[link.start:link.end]))
        cursor = link.end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)


def link_url(link) -> str:
    """The page a kb.locate.TextLink or LawReference goes to: its article, else its regulation."""
    return located_url(link.located) if link.located else regulation_url(link.entry.slug)


def law_references_json(library, text) -> list:
    """The stored laws a text refers to, as the article API gives them (with "url")."""
    return [dict(reference.as_json(), url=link_url(reference)) for reference in law_references(library, text)]


@dataclass(frozen=True)
class LawView:
    """A law an article refers to, as its page lists it: linked when the library holds it."""
    text: str           # 《中华人民共和国大气污染防治法》第九十九条, as written
    url: str            # "" for a law not stored
    problem: str = ""


def law_views(library, text) -> list:
    """Each 《law》 of a text once, in order: the stored ones linked (their article when it
    is named and stored), the others as text."""
    references = {r.start: r for r in law_references(library, text)}
    views = []
    for match in LAW_RE.finditer(text):
        reference = references.get(match.start())
        written = text[match.start():reference.end] if reference else match.group(0)
        views.append(LawView(written, link_url(reference) if reference else "",
                             reference.problem if reference else ""))
    return list({view.text: view for view in views}.values())


@dataclass
class ParagraphView:
    number: int
    label: str          # 第二款
    html: Markup
    items: list
    excerpt: Excerptable


@dataclass
class Reference:
    label: str
    url: str


@dataclass
class ArticleView:
    entry: object
    article: object
    url: str
    anchor: str                 # id of the article on its regulation's page: a15, a17-1
    citation: str
    excerpt: Excerptable
    paragraphs: list
    references: list = field(default_factory=list)       # articles this one cites (for a penalty: its duty)
    penalties: list = field(default_factory=list)        # articles that punish breaking this one
    cited_by: list = field(default_factory=list)         # other articles referring to this one
    fines: list = field(default_factory=list)
    departments: list = field(default_factory=list)
    laws: list = field(default_factory=list)            # LawView per 《law》 the article names
    penalty: bool = False
    liabilities: list = field(default_factory=list)      # LinkView: 违反本条的法律责任 (for a duty)
    sanctioned: list = field(default_factory=list)       # LinkView: 所罚行为 (for a penalty clause)
    no_penalty: str = ""                                 # 本条例未规定罚则 / 罚则可能在文本缺失的部分
    generic: list = field(default_factory=list)          # LinkView of the text's 从其规定 clauses


@dataclass
class LinkView:
    """One penalty ↔ duty link as the article page shows it."""
    label: str          # 第三十一条第二款
    url: str
    text: str           # the other clause's text (the penalty, or the duty it sanctions)
    own: str            # the 款 of this article the link belongs to, "" for the whole article
    how: str            # in words
    evidence: str
    fines: list
    departments: list
    certain: bool


def article_view(library, entry, article, with_facts=True):
    title, slug, number, suffix = entry.title, entry.slug, article.number, article.suffix
    citation = citation_of(title, article)
    view = ArticleView(
        entry=entry, article=article, url=article_url(slug, number, suffix),
        anchor=f"a{article_ref(number, suffix)}", citation=citation,
        excerpt=excerptable(slug, number, suffix, 0, citation, article.text),
        paragraphs=[ParagraphView(
            number=p.number, label=paragraph_label(p.number),
            html=linked_text(p.text, library, slug),
            items=[linked_text(i.text, library, slug) for i in p.items],
            excerpt=excerptable(slug, number, suffix, p.number, citation_of(title, article, p.number),
                                p.full_text)) for p in article.paragraphs])
    if with_facts:
        _add_facts(view, entry.facts)
        view.laws = law_views(library, article.text)
    return view


def _add_facts(view, facts):
    fact = facts[view.article.key]
    regulation, slug = view.entry.regulation, view.entry.slug
    view.references = [_reference(regulation, slug, n) for n in fact.references]
    for number in fact.referenced_by:
        punishes = getattr(facts.get((number, 0)), "penalty", False)
        (view.penalties if punishes else view.cited_by).append(_reference(regulation, slug, number))
    view.fines = fact.fines
    view.departments = fact.departments
    view.penalty = fact.penalty
    view.liabilities = [_link_view(regulation, slug, link) for link in fact.penalized_by]
    view.sanctioned = [_link_view(regulation, slug, link) for link in fact.penalizes]
    view.generic = [_link_view(regulation, slug, link) for link in fact.generic]
    view.no_penalty = fact.no_penalty


def _link_view(regulation, slug, link):
    article = regulation.article(link.article, link.suffix) if link.article else None
    own = link.own if link.own_paragraph else ""
    if article is None:
        return LinkView(label="上位法律、法规", url="", text="", own=own, how=HOW_LABELS[link.how],
                        evidence=link.evidence, fines=[], departments=link.departments, certain=True)
    return LinkView(label=label(link.article, link.suffix, link.paragraph, link.item),
                    url=article_url(slug, link.article, link.suffix,
                                    link.paragraph if len(article.paragraphs) > 1 else 0),
                    text=_clause_text(article, link.paragraph, link.item), own=own, how=HOW_LABELS[link.how],
                    evidence=link.evidence, fines=[f.text for f in link.fines], departments=link.departments,
                    certain=link.confidence == "high")


def _clause_text(article, paragraph, item):
    found = next((p for p in article.paragraphs if p.number == paragraph), None)
    if found is None:
        return article.text
    if item:
        return next((i.text for i in found.items if i.number == item), found.full_text)
    return found.full_text


def _reference(regulation, slug, number):
    article = regulation.article(number)
    return Reference(label=article.label, url=article_url(slug, number))


def neighbours(regulation, article):
    """(previous, next) articles of the regulation, None at either end."""
    articles = regulation.articles
    position = articles.index(article)
    before = articles[position - 1] if position > 0 else None
    after = articles[position + 1] if position + 1 < len(articles) else None
    return before, after


@dataclass
class TocGroup:
    heading: str
    anchor: str
    articles: list                                   # Article objects outside any 节
    sections: list = field(default_factory=list)     # TocGroup per 节


def table_of_contents(regulation):
    """Chapters → sections → articles; a regulation without chapters is one unnamed group."""
    by_key = {a.key: a for a in regulation.articles}
    if not regulation.chapters:
        return [TocGroup(heading="", anchor="", articles=regulation.articles)]
    groups = []
    for number, chapter in enumerate(regulation.chapters, 1):
        in_sections = {key for section in chapter.sections for key in section.articles}
        groups.append(TocGroup(
            heading=chapter.heading, anchor=f"c{number}",
            articles=[by_key[k] for k in chapter.articles if k not in in_sections and k in by_key],
            sections=[TocGroup(heading=s.heading, anchor=f"c{number}s{i}",
                               articles=[by_key[k] for k in s.articles if k in by_key])
                      for i, s in enumerate(chapter.sections, 1)]))
    return groups
