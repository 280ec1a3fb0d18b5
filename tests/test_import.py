import os

import docx
import pytest

from kb.library import Library
from kb.store import Store
from tests.conftest import jining_file

DOG = jining_file("养犬")


def _snapshot(home):
    """Everything an import could change."""
    files = sorted(p.relative_to(home.root) for p in home.root.rglob("*") if p.is_file()) \
        if home.root.exists() else []
    manifest = home.manifest_path.read_bytes() if home.manifest_path.exists() else b""
    return files, manifest


def _complete_dog_text():
    """The truncated copy plus articles up to a closing article, as an official text would be."""
    text = DOG.read_text(encoding="utf-8").rstrip("\n")
    extra = "\n\n".join(f"第{n}条 补充条文{n}。" for n in ("十六", "十七"))
    return f"{text}\n\n{extra}\n\n第十八条 本条例自2019年9月1日起施行。\n"


def test_import_plain_text_gbk_and_docx(home, tmp_path, cli):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.txt").write_bytes("济宁市甲条例\r\n第一条　甲。\r\n第二条　本条例自2020年1月1日起施行。\r\n".encode("gbk"))
    document = docx.Document()
    for line in ("济宁市乙条例", "第一章 总则", "第一条 乙。", "第二条 本条例自公布之日起施行。"):
        document.add_paragraph(line)
    document.save(folder / "b.docx")
    code, out, err = cli("--home", home.root, "import", folder)
    assert code == 0, err
    titles = {e.title: e for e in Library(home).entries}
    assert set(titles) == {"济宁市甲条例", "济宁市乙条例"}
    assert titles["济宁市乙条例"].regulation.article(1).chapter == "第一章 总则"
    assert "2 条，完整" in out


def test_reimport_same_text_changes_nothing(home, cli):
    assert cli("--home", home.root, "import", DOG)[0] == 0
    before = _snapshot(home)
    code, out, _ = cli("--home", home.root, "import", DOG)
    assert code == 0 and "相同文本已存在" in out
    assert _snapshot(home) == before


def test_changed_text_becomes_a_new_version_and_the_default(home, tmp_path, cli):
    assert cli("--home", home.root, "fetch", "--from", DOG.parent)[0] == 0
    complete = tmp_path / "养犬管理条例（官方全文）.md"
    complete.write_text(_complete_dog_text(), encoding="utf-8")
    code, out, err = cli("--home", home.root, "import", complete)
    assert code == 0, err
    entry = Library(home).find("养犬条例")
    assert len(entry.versions) == 2
    assert entry.regulation.complete and len(entry.regulation.articles) == 18
    assert entry.version.origin == "import"
    code, out, _ = cli("--home", home.root, "list", "--json")
    import json
    row = next(r for r in json.loads(out) if r["title"] == "济宁市养犬管理条例")
    assert row["articles"] == 18 and row["complete"] and len(row["versions"]) == 2
    assert [v["default"] for v in row["versions"]].count(True) == 1


def _bad_inputs(folder):
    folder.mkdir()
    bad = {
        "empty.md": b"",
        "junk.md": os.urandom(4096),
        "no-articles.txt": "济宁市某条例\n\n只有一段说明，没有条文。\n".encode(),
        "repeated.md": "# 条例\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第一条 乙。\n".encode(),
        "undecodable.txt": b"\xff\xfe\xfd" * 3 + "第一条".encode("utf-16-be") + b"\x81",
        "corrupt.docx": b"PK\x03\x04 this is not really a zip",
        "nolaw.html": "<html><head><title>首页</title></head><body><nav>导航</nav><p>欢迎访问</p></body></html>".encode(),
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    huge = folder / "huge.md"
    with open(huge, "wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    return sorted(bad) + ["huge.md"]


def test_each_bad_input_is_a_one_line_error_and_nothing_changes(home, tmp_path, cli):
    assert cli("--home", home.root, "fetch", "--from", DOG.parent)[0] == 0
    before = _snapshot(home)
    names = _bad_inputs(tmp_path / "bad")
    for name in names + ["missing.md"]:
        code, _, err = cli("--home", home.root, "import", tmp_path / "bad" / name)
        assert code == 1, name
        first = err.splitlines()[0]
        assert first.startswith("错误：") and name in first, (name, err)
        assert _snapshot(home) == before, name


def _batch(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.md").write_bytes(DOG.read_bytes())
    (folder / "bad.md").write_bytes(b"")
    return folder


def test_strict_one_bad_file_stops_the_whole_batch(home, tmp_path, cli):
    code, _, err = cli("--home", home.root, "import", "--strict", _batch(tmp_path))
    assert code == 1 and "bad.md" in err and "没有导入任何文件" in err
    assert Store(home).versions() == []


def test_a_folder_imports_every_valid_file_and_reports_each_rejected_one(home, tmp_path, cli):
    code, out, err = cli("--home", home.root, "import", _batch(tmp_path))
    assert code == 3 and "未导入" in err and "bad.md" in err and "good.md" not in err
    assert [v.source for v in Store(home).versions()] == ["good.md"]


def test_a_real_folder_with_a_resolution_in_it(home, cli):
    from tests.conftest import CORPUS
    folder = CORPUS / "DLC" / "山东地方法规" / "地方性法规" / "山东"
    files = sorted(folder.glob("山东省人民代表大会常务委员会关于*决议*.md"))[:1] + sorted(folder.glob("青岛市*.md"))[:3]
    code, _, err = cli("--home", home.root, "import", *files)
    assert code == 3 and "决议" in err and len(Store(home).versions()) == 3


def test_import_of_an_empty_folder_is_an_error(home, tmp_path, cli):
    (tmp_path / "empty").mkdir()
    code, _, err = cli("--home", home.root, "import", tmp_path / "empty")
    assert code == 1 and "没有可导入的文件" in err


@pytest.mark.parametrize("title", ["济宁市养犬管理条例", "养犬条例"])
def test_imported_title_maps_onto_the_catalogued_regulation(home, tmp_path, cli, title):
    text = DOG.read_text(encoding="utf-8").replace("# 济宁市养犬管理条例", f"# {title}", 1)
    text = text.replace("第一条 为了", "第一条 为了更好地", 1)
    path = tmp_path / "dog.md"
    path.write_text(text, encoding="utf-8")
    assert cli("--home", home.root, "import", path)[0] == 0
    assert [e.title for e in Library(home).entries] == ["济宁市养犬管理条例"]


SLASHED = """# {title}

第一条 为了测试标题中的斜杠（{kind}），制定本条例。

第二条 本条例自2024年1月1日起施行。
"""


def test_a_title_with_a_slash_gets_a_safe_unique_slug_and_working_pages(jining_home, tmp_path, cli):
    from urllib.parse import quote

    from kb.library import Library
    from kb.slugs import is_safe
    from webapp import create_app
    titles = ["济宁市甲/乙示范条例", "济宁市甲?乙示范条例", "济宁市甲-乙示范条例"]
    for number, title in enumerate(titles):
        (tmp_path / f"{number}.md").write_text(SLASHED.format(title=title, kind=("斜线", "问号", "连字符")[number]), encoding="utf-8")
        assert cli("--home", jining_home.root, "import", tmp_path / f"{number}.md")[0] == 0
    assert cli("--home", jining_home.root, "index")[0] == 0
    entries = Library(jining_home).entries
    slugs = [e.slug for e in entries]
    assert len(set(slugs)) == len(slugs) and all(is_safe(s) for s in slugs)
    client = create_app({"REGKB_HOME": str(jining_home.root), "TESTING": True}).test_client()
    for title in titles:
        slug = next(e.slug for e in entries if e.title == title)
        assert "/" not in slug and "?" not in slug
        page = client.get(f"/r/{quote(slug)}")
        assert page.status_code == 200 and title in page.get_data(as_text=True)
        article = client.get(f"/r/{quote(slug)}/1")
        assert article.status_code == 200 and "为了测试标题中的斜杠" in article.get_data(as_text=True)
        api = client.get(f"/api/regulations/{quote(slug)}").get_json()
        assert api["title"] == title
    hits = client.get("/api/search?q=斜杠").get_json()["hits"]
    assert {h["slug"] for h in hits} == {e.slug for e in entries if e.title in titles}
    for hit in hits:
        assert client.get(f"/r/{quote(hit['slug'])}/{hit['article']}").status_code == 200


def test_slugs_are_unique_even_when_made_alike():
    from kb.slugs import slug_for_title, unique_slugs
    assert slug_for_title("济宁市养犬管理条例") == "济宁市养犬管理条例"
    assert slug_for_title("甲/乙") != slug_for_title("甲?乙")
    assert "/" not in slug_for_title("///") and slug_for_title("///")
    made = unique_slugs([("dog-keeping", "济宁市养犬管理条例"), ("dog-keeping", "dog-keeping"), ("x", "y"), ("x", "y")])
    assert len(set(made)) == 4 and made[0] == "dog-keeping"
