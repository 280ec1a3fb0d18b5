"""The regulations a home holds: catalog facts + stored versions, parsed, one default each.

The default version of a regulation is the newest one (by its latest history date, then
by when it was added), so importing the complete official text of a regulation replaces a
truncated copy without deleting it."""

import re
from dataclasses import dataclass, field

from kb.catalog import load_catalog
from kb.errors import KbError, SourceError
from kb.slugs import slug_for_title, unique_slugs
from kb.sources.parser import parse_file
from kb.store import Store

CITY_PREFIX_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}?(?:省|市|自治区))+")


@dataclass
class RegulationEntry:
    slug: str
    title: str
    regulation: object          # kb.model.Regulation of the default version
    version: object             # kb.store.Version shown by default
    versions: list = field(default_factory=list)


def short_forms(title):
    """济宁市养犬管理条例 → 养犬管理条例, 养犬条例 (names officers actually type)."""
    forms = []
    bare = CITY_PREFIX_RE.sub("", title)
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
    def __init__(self, home, catalog=None):
        self.home = home
        self.catalog = load_catalog() if catalog is None else catalog
        self.store = Store(home)
        self.entries = self._load()

    def _load(self):
        by_title = {}
        for version in self.store.versions():
            by_title.setdefault(version.title, []).append(version)
        entries = [self._entry(title, versions) for title, versions in by_title.items()]
        order = {e.title: i for i, e in enumerate(self.catalog)}
        entries.sort(key=lambda e: (order.get(e.title, len(order)), e.title))
        for entry, slug in zip(entries, unique_slugs((e.slug, e.title) for e in entries)):
            entry.slug = slug
        return entries

    def _entry(self, title, versions):
        parsed = sorted(((self._parse(v), v) for v in versions), key=_recency)
        regulation, default = parsed[-1]
        versions = [v for _, v in parsed]
        catalogued = next((c for c in self.catalog if c.title == title), None)
        regulation.title = title
        regulation.sha256 = default.sha256
        regulation.source = default.source
        regulation.version_date = default.version_date
        regulation.aliases = list(dict.fromkeys(
            (list(catalogued.aliases) if catalogued else []) + short_forms(title)))
        if catalogued:
            regulation.status = catalogued.status
            regulation.effective = regulation.effective or catalogued.effective
        slug = catalogued.slug if catalogued else slug_for_title(title)
        return RegulationEntry(slug=slug, title=title, regulation=regulation,
                               version=default, versions=versions)

    def _parse(self, version):
        # Parsing every version is cheap (milliseconds) and lets the text's own history,
        # not a file name's date, decide which version is newest.
        path = self.store.path_of(version)
        try:
            return parse_file(path)
        except SourceError as error:
            raise KbError(f"已保存的文本无法解析（{version.title}）：{error.reason}") from error

    def canonical_title(self, title):
        """Map an imported text's title onto a catalogued one where it names the same law."""
        for entry in self.catalog:
            if title == entry.title or title in entry.aliases:
                return entry.title
        return title

    def find(self, name):
        """A regulation by slug, full title or alias (exact), else None."""
        name = (name or "").strip().strip("《》")
        for entry in self.entries:
            if name in (entry.slug, entry.title) or name in entry.regulation.aliases:
                return entry
        return None

    def resolve(self, name):
        """Like `find`, but also accepts a unique part of a title (养犬 → 养犬管理条例)."""
        entry = self.find(name)
        if entry or not name:
            return entry
        bare = CITY_PREFIX_RE.sub("", name.strip().strip("《》"))
        matches = [e for e in self.entries
                   if bare and (bare in e.title or any(bare in a for a in e.regulation.aliases))]
        return matches[0] if len(matches) == 1 else None
