"""bench/lexicon_variants.py finds the texts' other spellings of a rule's terms, and only
those an article holds without any of the rule's terms."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _variants():
    spec = importlib.util.spec_from_file_location("lexicon_variants", ROOT / "bench" / "lexicon_variants.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_another_spelling_an_article_holds_without_the_rules_terms_is_listed():
    variants = _variants()
    articles = ["不得在中小学校园周边200米内开设互联网服务营业场所。",
                "互联网上网服务营业场所经营者不得允许未成年人进入。"]
    rows = variants.unreached({"网吧": ["互联网上网服务营业场所"]}, articles)
    assert rows == [("网吧", "互联网服务营业场所", 1)]
    # An article that also holds one of the rule's terms is found already.
    assert variants.unreached({"网吧": ["互联网上网服务营业场所"]}, articles[1:]) == []


def test_a_stretch_across_punctuation_or_holding_the_term_is_no_spelling():
    variants = _variants()
    assert variants.spellings("卫生健康主管部门", "由卫生主管部门负责") == {"卫生主管部门"}
    assert variants.spellings("卫生健康主管部门", "卫生、健康主管部门") == set()
    assert variants.spellings("卫生健康主管部门", "卫生健康主管部门") == set()
    assert variants.edits("公安部门", "公安等部门") == 1
