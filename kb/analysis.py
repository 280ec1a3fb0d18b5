"""Chinese analysis: jieba's segmentation (precise mode, no HMM) with the legal user dictionary.

The segmenter is rjieba, the Python binding of jieba-rs: jieba's algorithm and dictionary in
Rust, the same tokens as jieba 0.42.1 (`tests/test_analysis.py` compares them on every
Jining article and a sample of the corpus) at about 12x the speed and with a dictionary
that loads in 0.05 s instead of 1.5 s.

For the index, a text becomes its words plus the dictionary words inside each longer word
(城市管理部门 also yields 城市, 管理, 部门), so a query for a part of a compound still
matches. Segmentation happens before whoosh sees the text (`index_text`); whoosh only
splits the result on spaces, so no whoosh analyzer ever runs jieba. For queries
(`query_words`) only the words the user typed are used, so a query is never diluted by its
own parts."""

import hashlib
import re
import threading
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import rjieba
from whoosh.analysis import SpaceSeparatedTokenizer

LEGAL_WORDS = Path(__file__).resolve().parent / "data" / "legal_words.txt"
WORD_RE = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
CJK_RE = re.compile(r"^[\u4e00-\u9fff]+$")
# Function words that carry no meaning on their own in statute text.
STOP_WORDS = frozenset("的 了 和 与 及 或 或者 以及 在 对 由 等 是 为 将 把 被 之 其 并 以 于 而 且 也 即"
                       " 按 向 从 因 但 则 所 该 本 个 着 这 那 此 有关 相关 依照 按照 根据".split())
MAX_SUBWORD = 6
_lock = threading.Lock()



@lru_cache(maxsize=1)
def segmenter() -> rjieba.Jieba:
    """One segmenter with jieba's dictionary and the legal words, loaded once per process."""
    with _lock:
        tokenizer = rjieba.Jieba()
        for word, frequency, tag in read_user_words(LEGAL_WORDS):
            tokenizer.add_word(word, frequency, tag)
        return tokenizer


def read_user_words(path: Path) -> list:
    """(word, frequency, tag) of a user dictionary in jieba's format: `word freq tag` a line."""
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 3 or not fields[1].isdigit():
            raise ValueError(f"{path.name} 第{number}行不是“词 词频 词性”：{line!r}")
        entries.append((fields[0], int(fields[1]), fields[2]))
    return entries


def signature():
    """Changes whenever segmentation could change, so the index knows to rebuild."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(metadata.version("rjieba").encode())   # its dictionary ships with it
    if LEGAL_WORDS.exists():
        digest.update(LEGAL_WORDS.read_bytes())
    return digest.hexdigest()[:16]


def words(text):
    """(word, start, end) of the meaningful words of `text`, in order."""
    for token, start, end in segmenter().tokenize(text, "default", False):
        word = _meaningful(token)
        if word:
            yield word, start, end


# Words recur across the texts far more than they vary (9.6 M tokens, some 150 k distinct):
# what is worked out per word is kept.
@lru_cache(maxsize=100_000)
def _meaningful(token: str) -> str:
    """The token as indexed (lower case), or "" for a stop word or punctuation."""
    return "" if token in STOP_WORDS or not WORD_RE.search(token) else token.lower()


def query_words(text):
    return [word for word, _, _ in words(text)]


def subwords(word, start):
    """Dictionary words of 2+ characters inside a longer CJK word, with their offsets."""
    for piece, offset in _inner_words(word):
        yield piece, start + offset, start + offset + len(piece)


@lru_cache(maxsize=100_000)
def _inner_words(word: str) -> tuple:
    """(piece, offset in the word) of the dictionary words inside a CJK word of 3+ characters."""
    if len(word) < 3 or not CJK_RE.match(word):
        return ()
    known = segmenter().has_word
    return tuple((word[offset:offset + size], offset) for size in range(2, min(len(word), MAX_SUBWORD + 1))
                 for offset in range(len(word) - size + 1)
                 if word[offset:offset + size] not in STOP_WORDS and known(word[offset:offset + size]))


def index_text(text):
    """The index form of a text: its words and their inner dictionary words, then the words
    only its spelled-out alternatives hold (河（湖）长 → 河长, 湖长), space-joined."""
    tokens = _tokens(text)
    alternatives = readings(text)
    if alternatives:
        own = set(tokens)
        tokens += [token for token in dict.fromkeys(_tokens(alternatives)) if token not in own]
    return " ".join(tokens)


def _tokens(text):
    tokens = []
    for word, _, _ in words(text):
        tokens.append(word)
        tokens.extend(piece for piece, _ in _inner_words(word))
    return tokens


# The law writes alternatives in brackets: 河（湖）长 is 河长 and 湖长, 村（居）民委员会 is
# 村民委员会 and 居民委员会, 拴绳（链） is 拴绳 and 拴链. Each alternative of one or two
# characters stands for as many characters before the bracket. Item numbers (（二）) are no
# alternative.
ALTERNATION_RE = re.compile(r"([\u4e00-\u9fff]{1,6})（([\u4e00-\u9fff]{1,2}(?:、[\u4e00-\u9fff]{1,2})*)）"
                            r"(?=([\u4e00-\u9fff]{0,6}))")
ITEM_NUMERALS = frozenset("〇一二三四五六七八九十")


@lru_cache(maxsize=4096)
def readings(text: str) -> str:
    """The text's bracketed alternatives spelled out, one phrase each, space-joined ("" for
    none): what a reader of 河（湖）长制 understands, and a search for 河长 should find."""
    phrases = []
    for match in ALTERNATION_RE.finditer(text or ""):
        before, choices, after = match.group(1), match.group(2).split("、"), match.group(3)
        if all(set(choice) <= ITEM_NUMERALS for choice in choices):
            continue
        phrases.append(before + after)
        phrases += [before[:len(before) - len(choice)] + choice + after
                    for choice in choices if len(choice) <= len(before)]
    return " ".join(phrases)


CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")


def char_bigrams(text):
    """The character bigrams of every run of Chinese characters, in order (a lone character
    is its own gram): the index's second path, which needs no segmentation to agree."""
    grams = []
    for run in CJK_RUN_RE.findall(text or ""):
        if len(run) == 1:
            grams.append(run)
        grams.extend(run[i:i + 2] for i in range(len(run) - 1))
    return grams


# Function characters: a bigram holding one says little and would only swell the index.
GRAM_STOP = frozenset("的了和与及或在对由等是为将把被之其并以于而且也即按向从因但则所该本个着这那此有")


def gram_text(text, words_text):
    """The `grams` field of an article: its distinct bigrams without function characters,
    less those already indexed as words of the same article (`words_text`, as index_text
    gives it) — a search for a bigram looks in both fields, so nothing is lost and the
    index stays small."""
    own = set(words_text.split())
    return " ".join(dict.fromkeys(g for g in char_bigrams(text) if len(g) == 2 and g not in own
                                  and not (set(g) & GRAM_STOP)))


def pretokenized_analyzer():
    """whoosh only splits `index_text` output on spaces (a token never holds one)."""
    return SpaceSeparatedTokenizer()
