"""Amendments (kb.amend): real versions from the corpus, drafts with known edits, the CLI.

The rows of 立法法 2015 → 2023 asserted below were checked by reading both texts
(../shared/corpus/lawrefbook/宪法相关法/立法法(2015-03-15).md and (2023-03-13).md):
 1→1, 2→2 identical; 3 deleted (its content rewritten as the new 3 and 4, both added);
 4→5 (符合宪法的规定、原则和精神 added), 5→6 (a new first paragraph, 全过程人民民主);
 6→7 identical text; new 8 (社会主义核心价值观) and 9 (适应改革需要) added;
 8→11 (监察委员会 added, 诉讼和仲裁制度 → 诉讼制度和仲裁基本制度);
 9→12 the same text with 本法第八条 → 本法第十一条 (its target, old 8, is new 11);
 13→16 (授权 reworded and a second paragraph added); 45→48 the same words, "解释:" → "解释：";
 51→54 identical; new 55 (科学立法、民主立法、依法立法) added; 64→69 identical;
 new 70 (基层立法联系点) and 71 (立法宣传) added; 72→81 (its first paragraph split off as the
 new 80, 环境保护 → 生态文明建设, 本条第二款 → 本条第一款); new 79 (国务院 may suspend
 行政法规, worded like old 13) added; 74→84 (浦东新区 and 海南自由贸易港 paragraphs added);
 75→85 identical; 87→98 identical; 97→108 the same with 本法第七十五条 → 第八十五条 (twice);
 104→119 the same with 本法第四十五条 → 第四十八条; 105→120 identical (施行);
 new 111 (主动审查、专项审查) added. That is 29 rows, all as the comparison gives them.
"""

import json

import pytest

from kb.amend import compare
from kb.amend.load import draft_regulation, file_regulation
from kb.errors import KbError, SourceError
from kb.sources.parser import parse_text
from tests import amend_drafts as drafts
from tests.conftest import CORPUS

LAWMAKING = CORPUS / "宪法相关法"
HAND_CHECKED = [
    (1, 1, "unchanged"), (2, 2, "unchanged"), (3, None, "deleted"), (None, 3, "added"),
    (None, 4, "added"), (4, 5, "modified"), (5, 6, "modified"), (6, 7, "renumbered"),
    (None, 8, "added"), (None, 9, "added"), (8, 11, "modified"), (9, 12, "renumbered"),
    (13, 16, "modified"), (45, 48, "renumbered"), (51, 54, "renumbered"), (None, 55, "added"),
    (64, 69, "renumbered"), (None, 70, "added"), (None, 71, "added"), (72, 81, "modified"),
    (None, 79, "added"), (None, 80, "added"), (74, 84, "modified"), (75, 85, "renumbered"),
    (87, 98, "renumbered"), (97, 108, "renumbered"), (104, 119, "renumbered"),
    (105, 120, "renumbered"), (None, 111, "added"),
]


@pytest.fixture(scope="module")
def lawmaking():
    return compare(file_regulation(LAWMAKING / "立法法(2015-03-15).md"),
                   file_regulation(LAWMAKING / "立法法(2023-03-13).md"))


@pytest.fixture(scope="module")
def greening():
    real, draft = drafts.greening_texts()
    return compare(parse_text(real), parse_text(draft))


def numbers(row):
    return (row.old.number if row.old else None, row.new.number if row.new else None)


def row_of(comparison, old=None, new=None):
    found = [r for r in comparison.rows if (old is None or (r.old and r.old.number == old))
             and (new is None or (r.new and r.new.number == new))
             and (old is not None or r.old is None) and (new is not None or r.new is None)]
    assert len(found) == 1, (old, new, found)
    return found[0]


def side(row, op):
    """The text of one side as the spans show it."""
    return "".join(s.text for s in row.changes if s.op in ("equal", op))


# ------------------------------------------------------------ real versions

def test_lawmaking_law_rows_checked_by_hand(lawmaking):
    rows = {numbers(r): r.status for r in lawmaking.rows}
    assert [(old, new, rows.get((old, new))) for old, new, _ in HAND_CHECKED] == HAND_CHECKED


def test_every_article_is_in_exactly_one_row_in_the_order_of_the_new_text(lawmaking):
    old = [r.old.number for r in lawmaking.rows if r.old]
    new = [r.new.number for r in lawmaking.rows if r.new]
    assert sorted(old) == list(range(1, 106)) and new == list(range(1, 121))
    assert lawmaking.summary["moved"] == 0 and sum(lawmaking.summary[s] for s in
                                                   ("unchanged", "renumbered", "modified", "added",
                                                    "deleted", "moved")) == len(lawmaking.rows)


def test_a_reference_renumbered_with_its_target_is_not_a_change(lawmaking):
    row = row_of(lawmaking, 9, 12)
    assert not row.content_changed and "引用的条文序号相应调整" in row.note
    assert [(s.op, s.text, s.kind) for s in row.changes if s.op != "equal"] == [
        ("delete", "第八条", "reference"), ("insert", "第十一条", "reference")]


def test_a_width_change_is_shown_but_is_not_a_change(lawmaking):
    row = row_of(lawmaking, 45, 48)
    assert ("delete", ":", "width") in [(s.op, s.text, s.kind) for s in row.changes]
    assert not row.content_changed and "全角、半角" in row.note


def test_modified_rows_carry_character_spans(lawmaking):
    row = row_of(lawmaking, 4, 5)
    inserted = [s.text for s in row.changes if s.op == "insert" and not s.kind]
    assert "符合宪法的规定、原则和精神，" in inserted
    assert side(row, "delete") == row.old.text and side(row, "insert") == row.new.text


def test_split_and_look_alike_articles_are_named_for_checking(lawmaking):
    assert any("原第七十二条的部分内容相同" in w for w in row_of(lawmaking, new=80).warnings)
    assert any("原第十三条" in w for w in row_of(lawmaking, new=79).warnings)
    assert any("修改后的第三条" in w for w in row_of(lawmaking, old=3).warnings)


def test_chapters_are_aligned(lawmaking):
    assert [c.status for c in lawmaking.chapters] == ["unchanged"] * 6


def test_moves_in_a_restructured_text():
    """北京市制定地方性法规条例 2017 → 2023 put the chapter on interpretation (old 58-63) before
    the articles gathered into a new chapter 其他规定 (old 49-57): the shorter block moved."""
    folder = CORPUS / "DLC" / "北京地方法规" / "地方性法规" / "北京"
    comparison = compare(file_regulation(folder / "北京市制定地方性法规条例(2017-01-20).md"),
                         file_regulation(folder / "北京市制定地方性法规条例(2023-07-28).md"))
    moved = {numbers(r) for r in comparison.rows if r.status == "moved"}
    assert {(58, 54), (60, 56), (61, 57), (62, 58)} <= moved
    assert row_of(comparison, 49, 60).status == "renumbered"
    assert "调至第七章 其他规定" in row_of(comparison, 49, 60).note


# ------------------------------------------------------------- known drafts

def test_greening_draft_alignment_is_exactly_the_known_one(greening):
    assert {r.old.number: (r.new.number if r.new else None) for r in greening.rows if r.old} == drafts.GREENING_MAP
    assert [r.new.number for r in greening.rows if r.old is None] == drafts.GREENING_ADDED
    statuses = {numbers(r): r.status for r in greening.rows}
    assert statuses[(None, 11)] == "added" and statuses[(39, None)] == "deleted"
    assert statuses[(41, 48)] == "moved" and statuses[(43, 42)] == "modified"
    assert statuses[(40, 40)] == "unchanged" and statuses[(12, 13)] == "renumbered"
    assert [n for n, s in statuses.items() if s == "modified"] == [(43, 42)]
    assert [n for n, s in statuses.items() if s == "moved"] == [(41, 48)]
    assert [n for n, s in statuses.items() if s in ("added", "deleted")] == [(None, 11), (39, None)]


def test_greening_draft_rows_are_in_table_order(greening):
    order = [numbers(r) for r in greening.rows]
    assert order.index((39, None)) == order.index((38, 39)) + 1      # deleted where it stood
    assert order.index((41, 48)) == order.index((48, 47)) + 1        # moved at its new place


def test_the_changed_fine(greening):
    row = row_of(greening, 43, 42)
    assert drafts.OLD_FINE in side(row, "delete") and drafts.NEW_FINE in side(row, "insert")
    changed = [(s.op, s.text) for s in row.changes if s.op != "equal" and not s.kind]
    assert changed and all(set(text) <= set("一二五十万") for _, text in changed)
    assert row.note.startswith("修改；条文序号由第四十三条调整为第四十二条")


def test_references_renumbered_with_their_targets(greening):
    for old, new in drafts.GREENING_REFERENCES.items():
        row = row_of(greening, old, new)
        assert row.status == "renumbered" and not row.content_changed and not row.warnings, row.as_json()
        assert any(s.kind == "reference" for s in row.changes)
    row = row_of(greening, 42, 41)
    assert ("insert", "第十八条", "reference") in [(s.op, s.text, s.kind) for s in row.changes]


def test_a_reference_left_dangling_is_a_drafting_error(greening):
    row = row_of(greening, 45, 44)
    assert row.status == "renumbered" and not row.content_changed
    assert row.warnings == [("引用的第三十一条未随条文序号调整：原第三十一条现为第三十二条，"
                             "现在的第三十一条是原第三十条；请核对引用是否有误")]
    assert sum(len(r.warnings) for r in greening.rows) == 1 and greening.summary["warnings"] == 1


def test_an_inserted_article_with_a_suffix_renumbers_nothing():
    real, draft = drafts.fireworks_texts()
    comparison = compare(parse_text(real), parse_text(draft))
    added = [r for r in comparison.rows if r.status == "added"]
    assert [(r.new.number, r.new.suffix, r.new_label) for r in added] == [(10, 1, "第十条之一")]
    assert all(r.status == "unchanged" for r in comparison.rows if r is not added[0])
    data = comparison.as_json()["rows"]
    assert {"new": 10, "new_suffix": 1, "new_label": "第十条之一", "old": None}.items() <= data[10].items()


def test_a_renamed_chapter():
    real, draft = drafts.greening_texts()
    draft = draft.replace("## 第四章  监督和检查", "## 第四章  监督检查")
    comparison = compare(parse_text(real), parse_text(draft))
    renamed = [(c.old.heading, c.new.heading) for c in comparison.chapters if c.status == "renamed"]
    assert renamed == [("第四章 监督和检查", "第四章 监督检查")]
    assert "调至" not in row_of(comparison, 40, 40).note


def test_identical_texts():
    real, _ = drafts.greening_texts()
    comparison = compare(parse_text(real), parse_text(real))
    assert comparison.summary["unchanged"] == 52 and not any(r.changed for r in comparison.rows)


def test_json_shape(greening):
    data = json.loads(json.dumps(greening.as_json(), ensure_ascii=False))
    assert set(data) >= {"old", "new", "rows", "summary", "chapters", "warnings"}
    assert data["old"]["title"] == "济宁市城市绿化条例" and data["new"]["articles"] == 52
    row = next(r for r in data["rows"] if r["status"] == "modified")
    assert {"old", "new", "old_label", "new_label", "status", "changes", "warnings"} <= set(row)
    assert (row["old"], row["new"], row["old_label"], row["new_label"]) == (43, 42, "第四十三条", "第四十二条")
    assert {c["op"] for c in row["changes"]} == {"equal", "delete", "insert"}
    assert data["summary"] == {"unchanged": 15, "renumbered": 34, "modified": 1, "added": 1,
                               "deleted": 1, "moved": 1, "warnings": 1}
    only = greening.as_json(only_changes=True)["rows"]
    assert len(only) == 52 + 1 - 15 and all(r["status"] != "unchanged" for r in only)


# -------------------------------------------------------------- bad input

@pytest.mark.parametrize("data, reason", [
    (b"", "文件为空"),
    (bytes(range(256)) * 40, "二进制文件"),
    ("济宁市某某条例\n\n这里没有任何条文，只有一段说明。\n".encode(), "没有找到任何条文"),
    (b"PK\x03\x04 broken zip", "docx 文件已损坏"),
])
def test_garbage_is_refused_with_the_reason(data, reason):
    with pytest.raises(SourceError) as caught:
        draft_regulation(data, "草案.docx" if data.startswith(b"PK") else "草案.txt")
    assert reason in str(caught.value)


def test_a_draft_upload_is_named_by_its_file_name_only():
    real, _ = drafts.greening_texts()
    regulation = draft_regulation(real.encode("utf-8"), "../../etc/绿化条例草案.md")
    assert regulation.source == "绿化条例草案.md" and len(regulation.articles) == 52


# -------------------------------------------------------------------- CLI

@pytest.fixture
def draft_files(tmp_path):
    real, draft = drafts.greening_texts()
    (tmp_path / "现行.md").write_text(real, encoding="utf-8")
    (tmp_path / "草案.md").write_text(draft, encoding="utf-8")
    return tmp_path / "现行.md", tmp_path / "草案.md"


def test_cli_prints_one_line_per_change_and_a_summary(cli, draft_files):
    code, out, err = cli("diff", *draft_files)
    lines = out.strip().split("\n")
    assert code == 0 and not err
    assert "新增\t— → 第十一条\t新增" in lines and "删除\t第三十九条 → —\t删除" in lines
    assert "移动\t第四十一条 → 第四十八条\t由原第四十一条移至第四十八条" in lines
    assert any(line.startswith("\t请核对：引用的第三十一条") for line in lines)
    assert lines[-1].endswith("未修改 15，序号调整 34，修改 1，新增 1，删除 1，移动 1；请核对 1 处")
    assert not any(line.startswith("未修改") for line in lines)


def test_cli_json(cli, draft_files):
    code, out, _ = cli("diff", *draft_files, "--json", "--only-changes")
    data = json.loads(out)
    assert code == 0 and data["summary"]["moved"] == 1 and len(data["rows"]) == 38


def test_cli_docx(cli, draft_files, tmp_path):
    import docx
    target = tmp_path / "对照表.docx"
    code, out, err = cli("diff", *draft_files, "--docx", target, "--only-changes")
    assert code == 0 and f"已保存：{target}" in err and "移动 1" in out
    table = docx.Document(str(target)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["现行条文", "修改后条文", "说明"]
    assert any(c.text == "第一条至第八条未修改（8 条），从略" for r in table.rows for c in r.cells)


def test_cli_stored_regulation_by_name_and_version(cli, jining_home, draft_files):
    _, draft = draft_files
    code, out, err = cli("--home", jining_home.root, "diff", "绿化条例", draft)
    assert code == 0, err
    assert "序号调整 34" in out
    code, out, err = cli("--home", jining_home.root, "diff", "绿化条例@2018-01-23", "城市绿化条例")
    assert code == 0 and "未修改 52" in out


def test_cli_errors_are_one_chinese_line(cli, jining_home, draft_files, tmp_path):
    real, draft = draft_files
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    garbage = tmp_path / "乱码.docx"
    garbage.write_bytes(bytes(range(256)) * 10)
    cases = [
        (("diff", real, tmp_path / "没有.md"), "文件不存在"),
        (("diff", real, empty), "文件为空"),
        (("diff", real, garbage), "docx"),
        (("--home", jining_home.root, "diff", "没有这部条例", draft), "找不到法规：没有这部条例"),
        (("--home", jining_home.root, "diff", "绿化条例@2001-01-01", draft), "没有版本 2001-01-01"),
        (("--home", jining_home.root, "diff", "绿化条例@昨天", draft), "版本写法无效"),
        (("diff", real, draft, "--docx", tmp_path / "没有的目录" / "表.docx"), "输出目录不存在"),
    ]
    for args, reason in cases:
        code, out, err = cli(*args)
        assert code == 1 and not out and reason in err and err.startswith("错误：") \
            and err.count("\n") == 1, (args, err)


def test_stored_versions_of_the_same_date_are_named_by_sha256(cli, jining_home, draft_files):
    from kb.importer import import_paths
    from kb.library import Library
    _, draft = draft_files
    library = Library(jining_home)
    import_paths(jining_home, [draft], library.canonical_title, progress=lambda _: None)
    code, _, err = cli("--home", jining_home.root, "diff", "绿化条例@2018-01-23", draft)
    assert code == 1 and "有 2 个版本的日期都是 2018-01-23" in err
    entry = Library(jining_home).find("urban-greening")
    old, new = (v.sha256[:12] for v in entry.versions)
    code, out, err = cli("--home", jining_home.root, "diff", f"绿化条例@{old}", f"绿化条例@{new}")
    assert code == 0 and "移动 1" in out, err


def test_kb_error_is_the_base_of_every_refusal():
    assert issubclass(SourceError, KbError)
