"""Everyday words → legal terms, from kb/data/synonyms.txt (a plain file anyone can edit:
`遛狗 溜狗 = 携犬出户`, `#` starts a comment). A rule written with `~` instead of `=`
(`被狗咬 ~ 狂犬病`) links a word only to what the law says about the matter, not to the same
thing: it finds those articles, but a match on it alone never makes them the answer."""

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from kb import analysis
from kb.analysis import CJK_RE
from kb.search.recall import common_word, pinyin_key

SYNONYMS = Path(__file__).resolve().parents[1] / "data" / "synonyms.txt"


RULE_RE = re.compile(r"[=~]")


class Expansion(NamedTuple):
    word: str               # as the question writes it
    terms: list             # the law's terms for it
    associated: bool        # only linked to them (a `~` rule), not the same thing


def parse_lexicon(lines, kinds=None):
    """word → legal terms. `kinds`: a dict that receives word → the set of its rules' kinds
    (`=`, `~`)."""
    rules = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        found = RULE_RE.search(line)
        if not found:
            continue
        left, right = line[:found.start()], line[found.end():]
        targets = right.split()
        for word in left.split():
            rules.setdefault(word, [])
            rules[word] += [t for t in targets if t not in rules[word] and t != word]
            if kinds is not None:
                kinds.setdefault(word, set()).add(found.group())
    return rules


@lru_cache(maxsize=1)
def _read():
    if not SYNONYMS.exists():
        return {}, frozenset()
    kinds = {}
    rules = parse_lexicon(SYNONYMS.read_text(encoding="utf-8").splitlines(), kinds)
    # A word also in a `=` rule is the same thing as some of its terms.
    return rules, frozenset(word for word, kind in kinds.items() if kind == {"~"})


def lexicon():
    return _read()[0]


def associated() -> frozenset:
    """The lexicon words that only link to the law's terms (`~` rules)."""
    return _read()[1]


LOOSE_MAX = 4
LOOSE_SPAN = 12             # extra characters allowed between a scattered word's characters
QUANTITY_WORDS = ("多少", "几")   # asking how many: 多少头, 几棵
# A word naming another kind of the thing (电子鞭炮, 冷焰火, 玩具枪): the rule for the thing
# itself is not its rule.
OTHER_KIND = ("电子", "仿真", "玩具", "冷")
CLAUSE_RE = re.compile(r"[，。、；：！？,.;:!?\n]")


@lru_cache(maxsize=1)
def _longest_first():
    return sorted(lexicon(), key=len, reverse=True)


def expansions(text, known=lambda word: False, asking=lambda word: False):
    """Expansion (everyday word as typed, legal terms, whether only associated) for each
    lexicon word found in the query text,
    longest first so 遛狗 wins over 狗 where both are listed; also when one character of it
    was typed wrong but sounds right (栓绳), unless what was typed is a word the index
    knows (`known`) or an everyday word (生活 is no typo of 生火, 管用 none of 管涌). A short word whose characters
    all occur close together, in one clause, in what no whole word took also counts: officers
    write 树想砍掉 for 砍树 (not 烟 … 地头 across a long sentence for 烟头, nor a word pieced
    from two of the question's words: 老师…白板 is no 老板). A found word's legal
    terms include those of the lexicon words inside it (养狗的 = 养犬人, and 养狗 = 养犬)."""
    found, covered = {}, set()        # lexicon word → as the question writes it
    for word in _candidates(text, _by_first()):
        start = text.find(word)
        if start == -1 or set(range(start, start + len(word))) <= covered:
            continue
        covered |= set(range(start, start + len(word)))
        if not _says_again(word, found) and not text[:start].endswith(OTHER_KIND):
            found[word] = word
    words = list(analysis.words(text))
    # A typo is typed inside one word, not across one the index knows (算名 of 算名木还是古树).
    spans = [(start, end) for word, start, end in words if end - start >= 2 and known(word)]
    # Nor does it start inside an everyday word (班走 of 下班走); the segmenter, misled by
    # the typo, may have run its end into the next word (栓 绳子).
    starts = {i for word, start, end in words if end - start >= 2 and common_word(word) for i in range(start + 1, end)}
    for typed, word, used in _misspelt(text, covered, known, spans, starts):
        covered |= used
        if not _says_again(word, found):
            found[word] = typed
    # A known compound of three or more characters (雨水管网) is a unit: its characters are
    # not loose for a scattered word (排 … 污 … 管), as those of a short word are (绳子也不牵).
    # A question word of several characters (谁来管) lends none to a word outside it (no 城管
    # from 城区养鸡谁来管), only to one it holds whole (谁管).
    units = {i for word, start, end in words if end - start >= 3 and known(word) for i in range(start, end)}
    # The measure word after 多少 or 几 (多少头, 几棵) counts; it names nothing a scattered word
    # could be made of (门槛…多少头 is no 门头).
    units |= {start for (before, _, _), (word, start, end) in zip(words, words[1:])
              if before in QUANTITY_WORDS and end - start == 1}
    # A word naming another kind of a thing (电子烟) lends its characters only loosely: 抽 … 烟
    # of 电子烟 finds the rules on 吸烟 but is not answered by them.
    kinds = [set(range(start, end)) for word, start, end in words if end - start >= 3 and word.startswith(OTHER_KIND)]
    loose = set()
    asked = [set(range(start, end)) for word, start, end in words if end - start >= 2 and asking(word)]
    rest = [(i, ch) for i, ch in enumerate(text) if i not in covered and i not in units]
    _specific(found, [(i, ch) for i, ch in enumerate(text) if i not in units], text)
    left = {ch for _, ch in rest}
    for word in _candidates(left, _scattered_by_first()):
        if not all(ch in left for ch in word):
            continue
        used = _scattered(word, rest, text)
        if used and any(used & span and not used <= span for span in asked):
            continue
        if used and _broken(used, words) > 1:
            continue
        # A character may serve two scattered words (老树 and 挪树 in 老枣树能挪不).
        if used and word not in found and not _says_again(word, found):
            found[word] = word
            if any(used & kind for kind in kinds):
                loose.add(word)
    # A misspelt word's terms start with the lexicon word itself (栓绳 → 拴绳 …).
    return [Expansion(typed, ([word] if typed != word else []) + [t for t in _with_inner(word) if t != typed],
                      word in associated() or word in loose)
            for word, typed in found.items()]


def _specific(found, pool, text):
    """A whole word found (拉屎) gives way to a listed word holding it whose other characters
    stand in the same clause, in its order (狗在路上拉屎 → 狗拉屎: 犬粪, not a person's 便溺). `pool`: the
    (position, character) pairs such a word may draw on."""
    present = set(text)
    wholes = [word for word, typed in found.items() if word == typed]
    spans = {word: set(range(text.find(word), text.find(word) + len(word))) for word in wholes}
    for whole in wholes:
        # A word overlapping another one found is that word's modifier (马路 in 马路边的树).
        if any(spans[whole] & spans[other] for other in wholes if other != whole):
            continue
        for longer in _containing().get(whole, ()):
            # Not to a word only linked to terms (小孩放炮 ~ 监护人): 小孩 says more itself.
            if (longer not in found and longer not in associated() and set(longer) <= present
                    and _in_order(longer, _scattered(longer, pool, text), text)):
                del found[whole]
                found[longer] = longer
                break


def other_kinds(text: str, known=lambda word: False) -> list:
    """The compounds of `text` naming another kind of a thing (电子烟, 仿真枪; 电子 鞭炮 and
    冷 焰火 as the segmenter cuts them): a word of three or more characters led by an
    OTHER_KIND prefix, or the prefix standing alone right before a lexicon word or a word
    the index knows (`known`)."""
    words = list(analysis.words(text))
    kinds = [word for word, start, end in words if end - start >= 3 and word.startswith(OTHER_KIND)]
    for (prefix, _, end), (word, start, stop) in zip(words, words[1:]):
        if prefix in OTHER_KIND and end == start and stop - start >= 2 and (word in lexicon() or known(word)):
            kinds.append(prefix + word)
    return list(dict.fromkeys(kinds))


def _in_order(word, used, text):
    """Whether the positions found spell `word` in its own order (狗…拉屎 is 狗拉屎; 的…大街…扫
    is no 扫大街的)."""
    return bool(used) and "".join(text[i] for i in sorted(used)) == word


@lru_cache(maxsize=1)
def _containing():
    """Lexicon word → the listed words of up to LOOSE_MAX characters holding it, longest first."""
    table = {}
    for word in _scattered_candidates():
        for size in range(len(word) - 1, 1, -1):
            for start in range(len(word) - size + 1):
                if word[start:start + size] in lexicon():
                    table.setdefault(word[start:start + size], []).append(word)
    return table


def _misspelt(text, covered, known, spans=(), starts=frozenset()):
    """(as typed, lexicon word, positions) for each stretch of 2-4 characters no whole word
    took that sounds like a lexicon word with one character typed wrong (栓绳 for 拴绳, 玉米杆
    for 玉米秆): the typo a phone keyboard makes. Longest first."""
    # The sounds are worked out only for a stretch that could be a typo: a question the
    # lexicon's whole words cover needs no pinyin (whose tables take a while to load).
    free = [i not in covered and CJK_RE.match(ch) is not None for i, ch in enumerate(text)]
    for size in range(LOOSE_MAX, 1, -1):
        for start in range(len(text) - size + 1):
            if not all(free[start:start + size]) or start in starts:
                continue
            typed = text[start:start + size]
            if known(typed) or common_word(typed) or any(a < start + size and b > start and not start <= a < b <= start + size
                                   for a, b in spans):
                continue
            syllables = [_syllable(ch) for ch in typed]
            if None in syllables:
                continue
            for word in _by_sound().get(" ".join(syllables), ()):
                if sum(a != b for a, b in zip(word, typed)) == 1:
                    free[start:start + size] = [False] * size
                    yield typed, word, set(range(start, start + size))
                    break


@lru_cache(maxsize=8192)
def _syllable(char):
    return pinyin_key(char)


@lru_cache(maxsize=1)
def _by_sound():
    """Toneless pinyin → the lexicon words of 2-4 characters that sound so."""
    table = {}
    for word in _longest_first():
        if 2 <= len(word) <= LOOSE_MAX and CJK_RE.match(word):
            table.setdefault(pinyin_key(word), []).append(word)
    return table


def prepare() -> None:
    """Build the tables a search may need (ClauseIndex.warm_up): the sounds of the lexicon's
    words and the words holding each one are otherwise built by the first question that
    asks, and then that question waits."""
    for table in (_rank, _by_first, _scattered_by_first, _containing, _by_sound):
        table()


def _says_again(word, found):
    """大街上: 街上 says again what 大街 said (道路)."""
    return any(set(lexicon()[word]) <= set(lexicon()[other]) for other in found)


def listed_positions(text: str) -> set:
    """Positions of `text` inside a lexicon word written out whole (not scattered)."""
    positions = set()
    for word in _candidates(text, _by_first()):
        start = text.find(word)
        while start != -1:
            positions.update(range(start, start + len(word)))
            start = text.find(word, start + 1)
    return positions


@lru_cache(maxsize=1)
def _scattered_candidates():
    return [word for word in _longest_first() if 2 <= len(word) <= LOOSE_MAX]


def _first_characters(words):
    table = {}
    for word in words:
        table.setdefault(word[0], set()).add(word)
    return table


@lru_cache(maxsize=1)
def _by_first():
    return _first_characters(_longest_first())


@lru_cache(maxsize=1)
def _scattered_by_first():
    return _first_characters(_scattered_candidates())


@lru_cache(maxsize=1)
def _rank():
    return {word: position for position, word in enumerate(_longest_first())}


def _candidates(text, by_first):
    """The lexicon words starting with a character of `text`, longest first (as
    _longest_first orders them): of a thousand rules a question can hold a few dozen."""
    chosen = set().union(*(by_first.get(ch, ()) for ch in set(text)))
    return sorted(chosen, key=_rank().__getitem__)


def _scattered(word, rest, text):
    """Positions of `word`'s characters among the (position, char) left over, when they
    all lie in one clause within a window of len(word) + LOOSE_SPAN characters; else None."""
    positions = {}
    for i, ch in rest:
        if CLAUSE_RE.match(ch):
            continue
        positions.setdefault(ch, []).append(i)
    if not all(ch in positions for ch in word):
        return None
    window = len(word) + LOOSE_SPAN
    for anchor in positions[word[0]]:
        used = set()
        for ch in word:
            near = [i for i in positions[ch] if abs(i - anchor) < window and i not in used]
            if not near:
                break
            used.add(near[0])
        else:
            if max(used) - min(used) < window and not CLAUSE_RE.search(text[min(used):max(used)]):
                return used
    return None


def _broken(used, words):
    """How many of the question's words of two or more characters a scattered word takes
    only part of. One is the officer's word order (绳子也不牵 → 牵绳); two are two other
    words (老师…白板 is no 老板, 楼上…窗户 no 上户)."""
    spans = [set(range(start, end)) for _, start, end in words if end - start >= 2]
    return sum(1 for span in spans if used & span and not span <= used)


def _with_inner(word):
    """The legal terms of `word`, then those of the lexicon words strictly inside it that say
    what it is (_inherits). An inner word only linked to the law's terms (闹事 ~ 殴打) lends
    them to no word that is the same thing as its own (医院闹事 = 聚众闹事): they would be
    taken as what it names."""
    terms = list(lexicon()[word])
    linked = associated()
    for size in range(len(word) - 1, 1, -1):
        for start in range(len(word) - size + 1):
            inner = word[start:start + size]
            if not _inherits(word, start, start + size) or inner in linked and word not in linked:
                continue
            for term in lexicon().get(inner, ()):
                if term not in terms and term != word:
                    terms.append(term)
    return terms


def _inherits(word, start, end):
    """Whether the inner word word[start:end] says what `word` is: 养狗 of 养狗的 (the one who
    keeps dogs) does, 树 of 路边的树 does; 大街 in the middle of 扫大街的 (a street sweeper)
    and 路边 before the 的 of 路边的树 only say what it works on or where it stands."""
    if start > 0 and end < len(word):
        return False
    mark = word.find("的")
    if mark == -1 or mark == len(word) - 1:
        return True
    return start > mark
