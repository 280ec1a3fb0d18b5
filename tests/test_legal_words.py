"""Tests for the legal user dictionary kb/data/legal_words.txt.

The dictionary is loaded into a fresh ``jieba.Tokenizer`` (never the global
one), and checked against real sentences of the Jining regulations, read in
place from ``../shared/regulations/jining`` (skipped when that folder is absent).
"""

import re
import warnings
from pathlib import Path

import pytest

# jieba 0.42.1 warns at import time (pkg_resources deprecation, invalid escape
# sequences when its sources are not byte-compiled); that is not our problem.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import jieba

jieba.setLogLevel(60)

ROOT = Path(__file__).resolve().parents[1]
DICT_PATH = ROOT / "kb" / "data" / "legal_words.txt"
JINING_DIR = ROOT.parent / "shared" / "regulations" / "jining"
DLC_DIR = ROOT.parent / "shared" / "corpus" / "lawrefbook" / "DLC"

# Terms that must come out as single tokens in the Jining regulations.
KEY_TERMS = [
    "犬只",
    "养犬人",
    "重点管理区",
    "一般管理区",
    "城市管理部门",
    "户外广告设施",
    "携犬出户",
    "烟花爆竹",
    "禁养犬只",
    "禁养名录",
    "无证养犬",
    "城镇容貌",
    "环境卫生",
    "城市家具",
    "建筑垃圾",
    "生活垃圾",
    "餐厨废弃物",
    "露天烧烤",
    "扬尘污染",
    "高污染燃料",
    "古树名木",
    "乱扔",
    "公序良俗",
    "文明行为",
    "共享单车",
    "行政审批服务部门",
    "街道办事处",
    "居民委员会",
    "限期改正",
    "责令改正",
    "行政处罚",
    "违法所得",
    "地方性法规",
    "智慧城市",
    "泗河流域",
    "河长制",
]

# Terms that do not occur in the 11 Jining texts; checked on real sentences of
# other cities' regulations in the national corpus (DLC/) instead.
CORPUS_TERMS = ["门前三包", "束犬链", "占道经营", "随意丢弃"]

# Line format: word, integer frequency, optional part-of-speech tag.
LINE_RE = re.compile(r"^(\S+) ([1-9][0-9]*)(?: ([a-z]+))?$")
SENTENCE_SPLIT = re.compile(r"[。；！？\n]")


def _tokenizer():
    tok = jieba.Tokenizer()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tok.load_userdict(str(DICT_PATH))
    return tok


@pytest.fixture(scope="module")
def tok():
    return _tokenizer()


@pytest.fixture(scope="module")
def entries():
    raw = DICT_PATH.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "the file must not start with a BOM"
    text = raw.decode("utf-8")
    assert text.endswith("\n")
    return text.splitlines()


def _regulation_sentences(folder):
    sentences = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("<!-- INFO END -->", 1)[-1]
        sentences += [s.strip() for s in SENTENCE_SPLIT.split(body) if s.strip()]
    return sentences


@pytest.fixture(scope="module")
def jining_sentences():
    if not JINING_DIR.is_dir():
        pytest.skip(f"reference regulations not found at {JINING_DIR} (shared/ is not checked out beside the project)")
    sentences = _regulation_sentences(JINING_DIR)
    assert sentences, f"no sentences read from {JINING_DIR}"
    return sentences


def _spans(tokens):
    pos = 0
    for t in tokens:
        yield pos, pos + len(t), t
        pos += len(t)


def _occurrences(sentence, term):
    i = sentence.find(term)
    while i >= 0:
        yield i
        i = sentence.find(term, i + 1)


# --- the file itself -----------------------------------------------------------------


def test_lines_are_well_formed(entries):
    assert entries, "the dictionary is empty"
    for n, line in enumerate(entries, 1):
        assert not line.startswith("#"), f"line {n}: jieba's loader does not allow comments"
        assert LINE_RE.match(line), f"line {n} is not 'word freq [tag]': {line!r}"


def test_no_duplicates_and_sorted(entries):
    words = [line.split(" ")[0] for line in entries]
    dups = sorted({w for w in words if words.count(w) > 1})
    assert not dups, f"duplicate words: {dups}"
    assert words == sorted(words), "entries must be sorted by word"


def test_words_are_cjk_and_not_single_characters(entries):
    for line in entries:
        word = line.split(" ")[0]
        assert len(word) >= 2, f"single-character entry {word!r} would split every text around it"
        assert re.fullmatch(r"[\u4e00-\u9fff]+", word), f"unexpected characters in {word!r}"


def test_size_is_reasonable(entries):
    assert 400 <= len(entries) <= 1000


def test_loader_accepts_every_entry(tok, entries):
    for line in entries:
        word, freq = line.split(" ")[:2]
        assert tok.FREQ.get(word) == int(freq), f"{word!r} was not loaded with its frequency"


def test_every_entry_is_one_token_on_its_own(tok, entries):
    # A query that is just the term must segment to the term (both jieba modes).
    for line in entries:
        word = line.split(" ")[0]
        assert tok.lcut(word, HMM=False) == [word]
        assert tok.lcut(word) == [word]


# --- behaviour in real regulation text ------------------------------------------------


def test_default_jieba_splits_the_key_terms():
    # Guards the premise: without the dictionary these terms are broken up
    # (most of them) -- otherwise the test below would prove nothing.
    plain = jieba.Tokenizer()
    split = [t for t in ["犬只", "养犬人", "重点管理区", "城市管理部门", "户外广告设施", "携犬出户", "束犬链"]
             if plain.lcut(t, HMM=False) != [t]]
    assert len(split) == 7
    # and in context, default jieba cuts 燃放烟花/爆竹:
    assert "烟花爆竹" not in plain.lcut("禁止燃放烟花爆竹")


@pytest.mark.parametrize("hmm", [False, True], ids=["HMM=False", "HMM=True"])
@pytest.mark.parametrize("term", KEY_TERMS)
def test_key_term_is_a_single_token_in_jining_text(tok, jining_sentences, term, hmm):
    # kb/analysis.py segments with HMM=False; jieba's default is HMM=True. Both must hold.
    found = [s for s in jining_sentences if term in s]
    assert found, f"{term!r} does not occur in the Jining regulations"
    exact = 0
    for sentence in found:
        tokens = tok.lcut(sentence, HMM=hmm)
        spans = list(_spans(tokens))
        for i in _occurrences(sentence, term):
            j = i + len(term)
            # Never cut across tokens; being part of a longer dictionary word
            # (犬只 inside 犬只免疫) is fine, the index also emits the parts.
            covering = [t for a, b, t in spans if a <= i and j <= b]
            assert covering, (
                f"{term!r} is cut across tokens: {'/'.join(t for a, b, t in spans if b > i - 4 and a < j + 4)}"
                f"  in: {sentence[:80]}"
            )
        if term in tokens:
            exact += 1
    assert exact, f"{term!r} only ever appears inside longer tokens"


@pytest.mark.parametrize("term", CORPUS_TERMS)
def test_term_is_a_single_token_in_other_regulations(tok, term):
    if not DLC_DIR.is_dir():
        pytest.skip(f"national corpus not found at {DLC_DIR}")
    sentences = []
    for path in sorted(DLC_DIR.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if term in text:
            sentences += [s for s in SENTENCE_SPLIT.split(text) if term in s]
        if len(sentences) >= 5:
            break
    assert sentences, f"{term!r} does not occur in {DLC_DIR}"
    for sentence in sentences[:5]:
        for hmm in (False, True):
            tokens = tok.lcut(sentence, HMM=hmm)
            assert term in tokens, "/".join(tokens)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # real sentences from the Jining regulations, checked token by token
        ("查处携犬出户不即时清理犬粪等影响环境卫生的行为",
         ["查处", "携犬出户", "不", "即时", "清理", "犬粪", "等", "影响", "环境卫生", "的", "行为"]),
        ("在重点管理区内养犬的，每户限养一只",
         ["在", "重点管理区", "内", "养犬", "的", "，", "每户", "限养", "一只"]),
        ("禁止燃放烟花爆竹", ["禁止", "燃放", "烟花爆竹"]),
    ],
)
def test_exact_segmentations(tok, sentence, expected):
    assert tok.lcut(sentence, HMM=False) == expected
    assert tok.lcut(sentence) == expected


def test_dictionary_does_not_break_common_words(tok, jining_sentences):
    # Words already in jieba's own dictionary must survive next to our entries.
    for word in ["公安机关", "人民政府", "违法行为", "法律责任", "公共场所"]:
        found = [s for s in jining_sentences if word in s]
        assert found
        for sentence in found:
            tokens = tok.lcut(sentence, HMM=False)
            assert tokens.count(word) == sentence.count(word), "/".join(tokens)
