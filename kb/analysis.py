"""Chinese analysis: jieba (precise mode, no HMM) with the legal user dictionary.

For the index, a text becomes its words plus the dictionary words inside each longer word
(城市管理部门 also yields 城市, 管理, 部门), so a query for a part of a compound still
matches. Segmentation happens before whoosh sees the text (`index_text`); whoosh only
splits the result on spaces, so no whoosh analyzer ever runs jieba. For queries
(`query_words`) only the words the user typed are used, so a query is never diluted by its
own parts."""

import hashlib
import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba
from whoosh.analysis import SpaceSeparatedTokenizer

LEGAL_WORDS = Path(__file__).resolve().parent / "data" / "legal_words.txt"
WORD_RE = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
CJK_RE = re.compile(r"^[\u4e00-\u9fff]+$")
# Function words that carry no meaning on their own in statute text.
STOP_WORDS = frozenset("的 了 和 与 及 或 或者 以及 在 对 由 等 是 为 将 把 被 之 其 并 以 于 而 且 也 即"
                       " 按 向 从 因 但 则 所 该 本 个 着 这 那 此 有关 相关 依照 按照 根据".split())
MAX_SUBWORD = 6
_lock = threading.Lock()

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def segmenter():
    """One jieba tokenizer with the legal dictionary, loaded once per process."""
    with _lock:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        if LEGAL_WORDS.exists():
            tokenizer.load_userdict(str(LEGAL_WORDS))
        return tokenizer


def signature():
    """Changes whenever segmentation could change, so the index knows to rebuild."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    if LEGAL_WORDS.exists():
        digest.update(LEGAL_WORDS.read_bytes())
    return digest.hexdigest()[:16]


def words(text):
    """(word, start, end) of the meaningful words of `text`, in order."""
    for word, start, end in segmenter().tokenize(text, HMM=False):
        if word in STOP_WORDS or not WORD_RE.search(word):
            continue
        yield word.lower(), start, end


def query_words(text):
    return [word for word, _, _ in words(text)]


def subwords(word, start):
    """Dictionary words of 2+ characters inside a longer CJK word, with their offsets."""
    if len(word) < 3 or not CJK_RE.match(word):
        return
    frequencies = segmenter().FREQ
    for size in range(2, min(len(word), MAX_SUBWORD + 1)):
        for offset in range(len(word) - size + 1):
            piece = word[offset:offset + size]
            if frequencies.get(piece) and piece not in STOP_WORDS:
                yield piece, start + offset, start + offset + size


def index_text(text):
    """The index form of a text: its words and their inner dictionary words, space-joined."""
    tokens = []
    for word, start, _ in words(text):
        tokens.append(word)
        tokens.extend(piece for piece, _, _ in subwords(word, start))
    return " ".join(tokens)


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
