import re

import pytest

from kb.errors import SourceError
from kb.model import Article, Paragraph
from kb.sources.parser import parse_file, parse_text
from tests.conftest import JINING, jining_file

EXPECTED_COUNTS = {
    "养犬管理条例": 15, "制定地方性法规条例": 62, "古树名木保护条例": 33, "城市绿化条例": 52,
    "城镇容貌和环境卫生管理条例": 68, "大气污染防治条例": 37, "文明行为促进条例": 52,
    "智慧城市促进条例": 74, "水环境保护条例": 76, "泗河保护管理条例": 58, "烟花爆竹燃放管理条例": 20,
}


@pytest.mark.parametrize("short, count", EXPECTED_COUNTS.items())
def test_jining_article_counts(short, count):
    regulation = parse_file(jining_file(short))
    assert len(regulation.articles) == count
    assert [a.number for a in regulation.articles] == list(range(1, count + 1))
    assert regulation.title == f"济宁市{short}"


def test_truncated_dog_regulation_is_incomplete_with_reason():
    regulation = parse_file(jining_file("养犬"))
    assert not regulation.complete
    assert any("止于第十五条" in p and "施行" in p for p in regulation.problems)
    assert regulation.last_article.label == "第十五条"


def test_complete_regulations_and_effective_dates():
    regulation = parse_file(jining_file("文明行为促进"))
    assert regulation.complete, regulation.problems
    assert regulation.effective == "2019-09-20"
    assert [(e.date, e.event) for e in regulation.history] == [
        ("2019-06-28", "通过"), ("2019-07-26", "批准")]


def test_smart_city_missing_chapter_headings_are_reported():
    regulation = parse_file(jining_file("智慧城市"))
    assert len(regulation.articles) == 74
    assert any("第四章之后是第六章" in p for p in regulation.problems)


def test_article_text_is_exactly_the_source_text():
    path = jining_file("城镇容貌")
    source = path.read_text(encoding="utf-8")
    for article in parse_file(path).articles:
        first, *rest = article.text.split("\n")
        assert f"{article.label} {first}" in source
        for line in rest:
            assert f"\n{line}\n" in source


def test_paragraphs_and_items():
    regulation = parse_file(jining_file("养犬"))
    article = regulation.article(2)
    assert len(article.paragraphs) == 3
    assert article.paragraphs[1].text.startswith("军用、警用、导盲")
    with_items = [a for a in regulation.articles if any(p.items for p in a.paragraphs)]
    assert with_items, "the dog regulation lists conditions as items"
    items = next(p.items for p in with_items[0].paragraphs if p.items)
    assert [i.label for i in items][:2] == ["（一）", "（二）"]


def test_chapters_and_sections():
    regulation = parse_file(jining_file("城镇容貌"))
    assert regulation.chapters[0].heading == "第一章 总则"
    sections = [s for c in regulation.chapters for s in c.sections]
    assert sections and sections[0].label == "第一节"
    article = regulation.article(sections[0].articles[0][0])
    assert article.section == sections[0].heading
    assert article.chapter == "第三章 城镇容貌管理"


PLAIN = """济宁市测试管理条例\r\n\r\n（2020年1月2日济宁市第十七届人民代表大会常务委员会第一次会议通过　2020年3月4日山东省第十三届人民代表大会常务委员会第二次会议批准）\r\n第一章\u3000\u3000总\u3000则\r\n第1条\u3000\u3000为了测试，制定本条例。\r\n第二条  本条例适用于本市。\r\n第二条规定的事项，由市人民政府负责。\r\n第二章 附则\r\n第三条\u3000本条例自2020年5月1日起施行。\r\n"""


def test_plain_text_without_markdown():
    regulation = parse_text(PLAIN, name="plain.txt")
    assert regulation.title == "济宁市测试管理条例"
    assert [a.number for a in regulation.articles] == [1, 2, 3]
    assert regulation.articles[0].chapter == "第一章 总 则"
    assert regulation.article(2).text == "本条例适用于本市。\n第二条规定的事项，由市人民政府负责。"
    assert [(e.date, e.event) for e in regulation.history] == [("2020-01-02", "通过"), ("2020-03-04", "批准")]
    assert regulation.effective == "2020-05-01"
    assert regulation.complete, regulation.problems


def _text(*articles, closing=True):
    lines = ["# 测试条例", "", "<!-- INFO END -->", ""]
    lines += [f"第{n}条 内容{n}。" for n in articles]
    if closing:
        lines.append(f"第{max(articles) + 1}条 本条例自2020年1月1日起施行。")
    return "\n\n".join(lines)


def test_gap_is_reported():
    regulation = parse_text(_text(1, 2, 4))
    assert "缺少第三条" in regulation.problems


def test_not_starting_at_one_is_reported():
    regulation = parse_text(_text(3, 4))
    assert "缺少第一条至第二条" in regulation.problems


def test_repeated_article_is_rejected():
    with pytest.raises(SourceError, match="第二条重复出现"):
        parse_text(_text(1, 2, 2), name="dup.md")


def test_inserted_articles_keep_their_suffix():
    text = "# 刑法\n\n<!-- INFO END -->\n\n第十七条 甲。\n\n第十七条之一 乙。\n\n第十八条 本法自1997年10月1日起施行。"
    regulation = parse_text(text)
    assert [a.label for a in regulation.articles] == ["第十七条", "第十七条之一", "第十八条"]
    assert regulation.article(17, 1).text == "乙。"



def test_article_lookup_finds_every_article_and_follows_a_growing_list():
    regulation = parse_text(_text(1, 2, 3), name="four.md")      # 第四条 is the closing one
    assert [regulation.article(n).number for n in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert regulation.article(5) is None and regulation.article(2, 1) is None
    added = Article(number=5, paragraphs=[Paragraph(number=1, text="新增。")])
    regulation.articles.append(added)
    assert regulation.article(5) is added


@pytest.mark.parametrize("text", ["", "   \n\n", "# 只有标题\n\n没有条文。", "随便写的一段话"])
def test_text_without_articles_is_rejected(text):
    with pytest.raises(SourceError, match="没有找到任何条文"):
        parse_text(text, name="x.md")


def test_whitespace_runs_in_headings_and_after_labels():
    text = "# 测试条例\n\n<!-- INFO END -->\n\n## 第一章    总    则\n\n第一条\u3000\u3000 为了测试。\n\n第二条 本条例自公布之日起施行。"
    regulation = parse_text(text)
    assert regulation.chapters[0].heading == "第一章 总 则"
    assert regulation.article(1).text == "为了测试。"


def test_every_jining_file_parses_without_loss_of_article_labels():
    for path in sorted(JINING.glob("*.md")):
        source = path.read_text(encoding="utf-8")
        labels = re.findall(r"^第[零一二三四五六七八九十百]+条", source, re.M)
        assert [a.label for a in parse_file(path).articles] == labels


def test_markdown_title_without_info_end():
    regulation = parse_text("# 济宁市测试条例\n\n第一条 甲。\n\n第二条 本条例自2020年1月1日起施行。", name="test.md",
                            fallback_title="test")
    assert regulation.title == "济宁市测试条例"
