"""kb.analysis segments with rjieba; these tests hold it to jieba 0.42.1 with the same legal
dictionary: the same tokens at the same offsets, and the same dictionary words inside a
compound, on every Jining article and on a sample of the national and Shandong corpus."""

import warnings

import pytest

from kb import analysis
from tests.conftest import CORPUS, JINING

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import jieba

jieba.setLogLevel(60)

ODD_TEXTS = ["", " ", "\u3000\u3000", "第一条", "🐕遛狗不拴绳🐕", "a\x00b\x07c", "犬" * 5000, "ＡＢＣ１２３",
             "罚款200元至2000元", "\ufeff（一）", "狗" + "\u0301" * 20, "𠀀𠀁𠀂𪚥", "\r\n\t"]


@pytest.fixture(scope="module")
def reference():
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(analysis.LEGAL_WORDS))
    return tokenizer


def _lines(folder, pattern, step):
    paths = sorted(folder.glob(pattern))[::step]
    assert paths, f"no texts under {folder}"
    return [line for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def texts():
    return _lines(JINING, "*.md", 1) + _lines(CORPUS, "**/*.md", 60) + ODD_TEXTS


def test_tokens_are_jiebas(reference, texts):
    segmenter = analysis.segmenter()
    differing = [text for text in texts
                 if [tuple(t) for t in segmenter.tokenize(text, "default", False)]
                 != list(reference.tokenize(text, HMM=False))]
    assert len(texts) > 5000 and not differing, differing[:3]


def test_inner_words_are_jiebas_dictionary_words(reference, texts):
    words = {word for text in texts for word, _, _ in analysis.words(text) if len(word) >= 3}
    pieces = {word[o:o + n] for word in words for n in range(2, min(len(word), analysis.MAX_SUBWORD + 1))
              for o in range(len(word) - n + 1)}
    segmenter = analysis.segmenter()
    assert len(pieces) > 5000
    assert [p for p in pieces if bool(reference.FREQ.get(p)) != segmenter.has_word(p)] == []


def test_legal_words_are_loaded():
    for word, _, _ in analysis.read_user_words(analysis.LEGAL_WORDS):
        assert analysis.segmenter().has_word(word)
    assert [w for w, _, _ in analysis.words("饲养犬只应当办理养犬登记")][:2] == ["饲养", "犬只"]


@pytest.mark.parametrize("line", ["犬只", "犬只 abc n", "犬只 1000", "犬只 一千 n", "\ufeff犬只 1000 n x"])
def test_a_broken_user_dictionary_line_is_refused_with_its_number(tmp_path, line):
    path = tmp_path / "words.txt"
    path.write_text(f"养犬人 1000 n\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="第3行"):
        analysis.read_user_words(path)


def test_a_missing_user_dictionary_is_no_words(tmp_path):
    assert analysis.read_user_words(tmp_path / "absent.txt") == []


# --- bracketed alternatives -----------------------------------------------------------------

@pytest.mark.parametrize("text, spelled", [
    ("实施村级河（湖）长制", ["实施村级河长制", "实施村级湖长制"]),
    ("沿河村（居）民委员会协助", ["沿河村民委员会协助", "沿河居民委员会协助"]),
    ("遛犬不拴绳（链）等违法行为", ["遛犬不拴绳等违法行为", "遛犬不拴链等违法行为"]),
    ("永久性建（构）筑物", ["永久性建筑物", "永久性构筑物"]),
    ("民间（义务）河（湖）长", ["河长", "湖长"]),     # neighbouring brackets each spelled out
])
def test_bracketed_alternatives_are_spelled_out(text, spelled):
    phrases = analysis.readings(text).split()
    assert all(phrase in phrases for phrase in spelled)


@pytest.mark.parametrize("text", ["违反前款第（二）项规定的", "滩地（包括可耕地）、行洪区", "（一）", "", "（）", "河（",
                                  "河（湖"])
def test_item_numbers_asides_and_broken_brackets_are_no_alternatives(text):
    assert analysis.readings(text) == ""


def test_the_index_holds_the_words_only_an_alternative_spells():
    tokens = analysis.index_text("沿河村（居）民委员会协助做好工作").split()
    assert "居民委员会" in tokens and "村民委员会" in tokens
    assert tokens.count("协助") == 1        # words the text already has are not counted twice
