"""The regulations a home holds: catalog facts + stored versions, parsed, one default each.

The default version of a regulation is the newest one (by its latest history date, then
by when it was added), so importing the complete official text of a regulation replaces a
truncated copy without deleting it. A regulation stored in one version is parsed when it
is first read: with every collection stored, a search reads a few of 3,000 texts."""

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from kb.catalog import load_catalog
from kb.errors import KbError, SourceError
from kb.jurisdiction import HOME_SCOPE, Placement, home_jurisdiction, in_scope, named_place, placement, without_place
from kb.legal import Filing, filings, regulation_facts
from kb.model import Regulation
from kb.slugs import slug_for_title, unique_slugs
from kb.sources.parser import parse_file
from kb.store import Store, Version

# Texts of other places kept parsed at once (~0.15 MB each with their legal facts; parsing
# and working out the facts again costs ~20 ms); the least recently read is let go. The
# home jurisdiction's stay.
KEEP_PARSED = 480
SUBJECT_KIND_RE = re.compile("(?:条例|规定|办法|决定|规则)$")
UNMARKED = "未标注"
AMENDED = "已被修改"


@dataclass(eq=False)
class RegulationEntry:
    slug: str                   # the key of a regulation everywhere below the URL
    title: str                  # for display
    version: Version            # the version shown by default
    versions: list = field(default_factory=list)
    aliases: list = field(default_factory=list)     # short names (养犬条例), known before parsing
    load: Callable[[], Regulation] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, slug: str, regulation: Regulation, version: Version) -> "RegulationEntry":
        """An entry over a text already parsed."""
        entry = cls(slug=slug, title=regulation.title, version=version, aliases=list(regulation.aliases))
        entry.__dict__["regulation"] = regulation
        return entry

    @cached_property
    def regulation(self) -> Regulation:
        """The default version, parsed (on first read)."""
        return self.load()

    @cached_property
    def facts(self) -> dict:
        """kb.legal.ArticleFacts per article key, worked out once per Library."""
        return regulation_facts(self.regulation)

    @cached_property
    def filings(self) -> dict:
        """kb.legal.Filing per article key: what the index needs of the facts (an index build
        need not work out the links between penalties and duties)."""
        if "facts" in self.__dict__:
            return {key: Filing(fact.departments, fact.penalty) for key, fact in self.facts.items()}
        return filings(self.regulation)

    def text_changed(self) -> None:
        """Forget what was worked out from the text, after it was edited in memory."""
        for name in ("facts", "filings", "_facts_json"):
            self.__dict__.pop(name, None)

    def facts_json(self, key: tuple) -> dict:
        """One article's facts as JSON, made once (hits and pages show it often); read-only."""
        made = self.__dict__.setdefault("_facts_json", {})
        if key not in made:
            made[key] = self.facts[key].as_json()
        return made[key]

    @cached_property
    def placement(self) -> Placement:
        """Jurisdiction and level (kb.jurisdiction), from the title and the source path."""
        return placement(self.title, self.version.source)

    @cached_property
    def subject(self) -> str:
        """What every article of the regulation is about, whether or not it says so: the
        title without its place and kind (济宁市泗河保护管理条例 → 泗河保护管理)."""
        return SUBJECT_KIND_RE.sub("", without_place(self.title))

    @property
    def jurisdiction(self) -> str:
        return self.placement.jurisdiction

    @property
    def level(self) -> str:
        return self.placement.level

    def status_of(self, version: Version) -> str:
        """The default version has the regulation's status (the catalog's, else 未标注);
        an older version, with a newer one present, 已被修改."""
        return self.regulation.status if version.sha256 == self.version.sha256 else AMENDED


def short_forms(title):
    """济宁市养犬管理条例 → 养犬管理条例, 养犬条例 (names officers actually type)."""
    forms = []
    bare = without_place(title)
    for name in (title, bare):
        if name.endswith("管理条例"):
            forms.append(name[: -len("管理条例")] + "条例")
    if bare != title:
        forms.append(bare)
    return [f for f in dict.fromkeys(forms) if f != title and len(f) > 2]


def _recency(pair):
    regulation, version = pair
    latest = max((e.date for e in regulation.history), default=version.version_date)
    return (latest, version.added)


class Library:
    """`pinned` (slug → sha256, from an index generation) makes the Library exactly the one
    that generation indexed: only those regulations, each with that text as its default.
    `keep_parsed` bounds how many other places' texts stay parsed (None: all, for a run
    that reads every text once, such as an index build)."""

    def __init__(self, home, catalog=None, pinned=None, keep_parsed: int | None = KEEP_PARSED):
        self.home = home
        self.keep_parsed = keep_parsed
        self._parsed = OrderedDict()       # other places' parsed texts, least recently read first
        self._parsing = threading.Lock()
        self.catalog = load_catalog() if catalog is None else catalog
        self.store = Store(home)
        self.entries = self._load(pinned)
        self._by_slug = {e.slug: e for e in self.entries}

    @classmethod
    def from_entries(cls, entries: list) -> "Library":
        """A Library over texts parsed elsewhere (benchmarks over a corpus that is no home)."""
        library = cls.__new__(cls)
        library.home, library.catalog, library.store = None, [], None
        library.keep_parsed, library._parsed, library._parsing = None, OrderedDict(), threading.Lock()
        library.entries = list(entries)
        library._by_slug = {e.slug: e for e in library.entries}
        return library

    def _load(self, pinned):
        by_title = {}
        for version in self.store.versions():
            by_title.setdefault(version.title, []).append(version)
        order = {c.title: i for i, c in enumerate(self.catalog)}
        titles = sorted(by_title, key=lambda t: (order.get(t, len(order)), t))
        # The slugs of all stored regulations first: a regulation keeps its key whether or
        # not an index generation pins the Library to a subset.
        slugs = unique_slugs((self._wanted_slug(t), t) for t in titles)
        return [self._entry(title, slug, by_title[title], pinned) for title, slug in zip(titles, slugs)
                if pinned is None or slug in pinned]

    def _wanted_slug(self, title):
        catalogued = next((c for c in self.catalog if c.title == title), None)
        return catalogued.slug if catalogued else slug_for_title(title)

    def _entry(self, title, slug, versions, pinned):
        catalogued = next((c for c in self.catalog if c.title == title), None)
        aliases = list(dict.fromkeys((list(catalogued.aliases) if catalogued else []) + short_forms(title)))
        if len(versions) == 1:
            # One text: nothing to order, parsed when first read.
            default, ready = versions[0], None
        else:
            # Which of several is newest is the texts' own history: parse them now.
            parsed = sorted(((self._parse(v), v) for v in versions), key=_recency)
            versions = [v for _, v in parsed]
            ready, default = parsed[-1] if pinned is None else next(
                (p for p in parsed if p[1].sha256 == pinned[slug]), parsed[-1])
        entry = RegulationEntry(slug=slug, title=title, version=default, versions=versions, aliases=aliases)

        def load():
            nonlocal ready
            with self._parsing:
                regulation, ready = ready or self._parse(default), None
                self._keep(entry)
                regulation.title = title
                regulation.sha256 = default.sha256
                regulation.source = default.source
                regulation.version_date = default.version_date
                regulation.aliases = aliases
                regulation.status = (catalogued.status if catalogued else "") or UNMARKED
                if default is not versions[-1]:
                    regulation.status = AMENDED     # pinned to an older text while a newer one is stored
                if catalogued:
                    regulation.effective = regulation.effective or catalogued.effective
                return regulation

        entry.load = load
        return entry

    def _keep(self, entry):
        """Count a text as parsed; let the least recently read other-place text go past
        the bound."""
        if self.keep_parsed is None or in_scope(entry.jurisdiction, HOME_SCOPE):
            return
        self._parsed[entry.slug] = entry
        self._parsed.move_to_end(entry.slug)
        while len(self._parsed) > self.keep_parsed:
            _, oldest = self._parsed.popitem(last=False)
            for name in ("regulation", "facts", "_facts_json"):
                oldest.__dict__.pop(name, None)

    def _parse(self, version):
        # Parsing every version is cheap (milliseconds) and lets the text's own history,
        # not a file name's date, decide which version is newest.
        path = self.store.path_of(version)
        try:
            return parse_file(path)
        except SourceError as error:
            raise KbError(f"已保存的文本无法解析（{version.title}）：{error.reason}") from error

    def work_out_facts(self) -> None:
        """The legal facts of the home jurisdiction's texts, worked out now (a server's
        start) rather than when a search first shows one (10–80 ms a regulation), and each
        article's as the hits show them (facts_json)."""
        for entry in self.entries:
            if in_scope(entry.jurisdiction, HOME_SCOPE):
                for key in entry.facts:
                    entry.facts_json(key)

    def canonical_title(self, title: str) -> str:
        """Map an imported text's title onto a catalogued one where it names the same law."""
        for entry in self.catalog:
            if title == entry.title or title in entry.aliases:
                return entry.title
        return title

    def get(self, slug: str) -> RegulationEntry | None:
        """A regulation by its key (a text kept parsed counts as read again: the least
        recently read is let go first)."""
        if slug in self._parsed:
            with self._parsing:
                if slug in self._parsed:
                    self._parsed.move_to_end(slug)
        return self._by_slug.get(slug)

    def find(self, name: str) -> RegulationEntry | None:
        """A regulation by slug, full title or alias (exact), else None. The home
        jurisdiction's texts first: 城市绿化条例 is Jining's alias before it is a national
        title, and 养犬条例 is Jining's, as officers of the home city mean them. Without a
        home match, a title, or an alias only one other text has; an alias of several other
        cities' texts (养犬条例 with Jining's not stored) is none of them."""
        candidates = self.candidates(name)
        return candidates[0] if len(candidates) == 1 else None

    def candidates(self, name: str) -> list:
        """The regulations an exact name may mean, best first; one when it is unambiguous
        (what `find` returns), several when only other cities' texts have it as an alias."""
        name = (name or "").strip().strip("《》")
        matching = self._names().get(name, [])
        # A home text's alias before another text's key: 城市绿化条例 is Jining's to a Jining
        # officer, though it is also the national regulation's title and slug.
        home = [e for e in matching if in_scope(e.jurisdiction, HOME_SCOPE)]
        keyed = [e for e in matching if name in (e.slug, e.title)]
        return home[:1] or keyed[:1] or matching

    def _names(self) -> dict:
        """Every slug, title and alias → the regulations it names, home ones first (kept
        per home setting, as `_home_first`)."""
        home = home_jurisdiction()
        cached = self.__dict__.get("_name_index")
        if cached is None or cached[0] != home:
            names = {}
            for entry in self._home_first():
                for name in dict.fromkeys((entry.slug, entry.title, *entry.aliases)):
                    names.setdefault(name, []).append(entry)
            cached = self.__dict__["_name_index"] = (home, names)
        return cached[1]

    def by_title(self, title: str) -> RegulationEntry | None:
        """The regulation a law's title names, as a reference in a text writes it
        (《中华人民共和国动物防疫法》): the exact title first; else the same title without
        中华人民共和国 or a version mark (〔2018修正〕, （2021年修订）) on either side, and of
        several such the one in force, then the newest. Never an alias or a part of a title:
        a reference names a law by its title, and a near name is another law."""
        title = (title or "").strip()
        if not title:
            return None
        exact = [e for e in self.entries if e.title == title]
        if exact:
            return exact[0]
        titles = self.__dict__.get("_titles")
        if titles is None:
            titles = {}
            for entry in self.entries:
                if title_key(entry.title):
                    titles.setdefault(title_key(entry.title), []).append(entry)
            self._titles = titles
        key = title_key(title)
        found = titles.get(key, []) if key else []
        return max(found, key=_in_force_then_newest) if found else None

    def _home_first(self) -> list:
        home = home_jurisdiction()      # a setting: the order is kept per home, not once
        cached = self.__dict__.get("_home_order")
        if cached is None or cached[0] != home:
            order = sorted(self.entries, key=lambda e: not in_scope(e.jurisdiction, HOME_SCOPE, home))
            cached = self.__dict__["_home_order"] = (home, order)
        return cached[1]

    def resolve(self, name: str) -> RegulationEntry | None:
        """Like `find`, but also accepts a unique part of a title (养犬 → 养犬管理条例), a title
        with words left out (泗河管理条例 → 泗河保护管理条例; `_part_of`) and a
        city without 市 (青岛养犬条例). A name that names a place is only that place's text:
        青岛市养犬管理条例 is never Jining's, whether or not Qingdao's is stored."""
        entry = self.find(name)
        if entry or not name:
            return entry
        place, rest = named_place(name.strip().strip("《》"))
        if place:
            entry = self.find(place + rest)
            if entry:
                return entry
        entries = [e for e in self.entries if not place or _belongs(e, place)]
        matches = [e for e in entries if rest and any(_part_of(rest, n) for n in (e.title, *e.aliases))]
        own = [e for e in matches if in_scope(e.jurisdiction, HOME_SCOPE)]
        matches = own or matches
        return matches[0] if len(matches) == 1 else None


def title_key(title: str) -> str:
    """A law's title as references and stored copies may both write it: without
    中华人民共和国 and without a trailing version mark (〔2018修正〕, （2021年修订）, (2018)); a
    part number such as （一） or （试行） stays, being another law."""
    title = re.sub(r"\s+", "", title or "")
    while True:
        stripped = VERSION_MARK_RE.sub("", title)
        if stripped == title:
            break
        title = stripped
    return title.removeprefix(NATION) or title


NATION = "中华人民共和国"
VERSION_MARK_RE = re.compile(r"[〔（(\[【][^〔〕（）()\[\]【】]*?(?:[0-9０-９]{4}|修正|修订|修改|年版)"
                             r"[^〔〕（）()\[\]【】]*?[〕）)\]】]$")
STALE = (AMENDED, "已废止", "失效", "已失效")


def _in_force_then_newest(entry):
    regulation = entry.regulation
    latest = max((e.date for e in regulation.history), default=entry.version.version_date or "")
    return (regulation.status == "现行有效", regulation.status not in STALE, latest or "", entry.version.added or "")


def _part_of(part, name):
    """A part of a name; one that starts with 市 or 省 only at the name's start (市容 of
    市容环卫条例), never cut out of a place (市养犬条例 of 上海市养犬条例 is not 济宁市养犬条例).
    A part that is itself a regulation's name (…条例, …法) is the name with words left out
    (_abridges), never a tail cut from it: 环境保护条例 names other laws than 水环境保护条例."""
    if part[0] in "市省":
        return name.startswith(part)
    if NAMED_KIND_RE.search(part):
        return _abridges(part, title_key(without_place(name)))
    return part in name


NAMED_KIND_RE = re.compile("(?:条例|规定|办法|细则|规则|决定|法)$")


def _abridges(short, name):
    """Whether `short` is `name` with characters left out but its first kept, as officers
    shorten a title (城镇容貌环境卫生条例, 泗河管理条例, 大气污染条例)."""
    if not short or not name or short[0] != name[0]:
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)


def _belongs(entry, place):
    """Whether a regulation is one of `place` (a city or the province, as a name gives it)."""
    return entry.jurisdiction == place or entry.title.startswith(place)
