"""Where data lives (source checkout vs an installed copy) and what ships as package data."""

import sysconfig
from pathlib import Path

import pytest

from kb import home as home_module
from kb.home import CATALOG_PATH, EXAMPLE_NOTES, PROJECT_ROOT, Home
from kb.library import Library
from kb.notes.model import parse_note
from kb.notes.store import NoteStore
from webapp import create_app

EXAMPLE = "example-2020-ancient-trees-inspection"


def test_a_source_checkout_keeps_its_data_in_the_project_folder(monkeypatch):
    monkeypatch.delenv("REGKB_HOME", raising=False)
    home = Home.resolve()
    assert home.root == PROJECT_ROOT and home.origin == "源码目录"


def test_an_installed_copy_uses_the_per_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("REGKB_HOME", raising=False)
    monkeypatch.setattr(home_module, "source_checkout", lambda: None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    home = Home.resolve()
    assert home.root == (tmp_path / "xdg" / "regkb").resolve() and home.origin == "用户数据目录"
    assert not home.root.is_relative_to(Path(sysconfig.get_paths()["purelib"]))


def test_explicit_and_environment_homes_win(monkeypatch, tmp_path):
    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "env"))
    assert Home.resolve().root == (tmp_path / "env").resolve()
    assert Home.resolve(tmp_path / "given").root == (tmp_path / "given").resolve()


def test_shipped_data_is_inside_the_package():
    kb_dir = Path(home_module.__file__).parent
    assert CATALOG_PATH.is_relative_to(kb_dir) and EXAMPLE_NOTES.is_relative_to(kb_dir)
    assert len(list(EXAMPLE_NOTES.glob("example-*.md"))) == 4
    assert not (PROJECT_ROOT / "regulations" / "catalog.tsv").exists()


def test_example_notes_appear_in_any_home_without_being_copied(jining_home, monkeypatch):
    monkeypatch.delenv("REGKB_EXAMPLE_NOTES", raising=False)
    store = NoteStore(jining_home)
    assert EXAMPLE in store.ids() and store.load(EXAMPLE).type == "示例"
    assert not (jining_home.root / "notes").exists()
    client = create_app({"REGKB_HOME": str(jining_home.root), "TESTING": True}).test_client()
    assert client.get(f"/notes/{EXAMPLE}").status_code == 200
    assert client.get("/notes").get_data(as_text=True).count('class="note-item is-example"') == 4


@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_example_notes_can_be_hidden(jining_home, monkeypatch, value):
    monkeypatch.setenv("REGKB_EXAMPLE_NOTES", value)
    assert NoteStore(jining_home).ids() == []
    client = create_app({"REGKB_HOME": str(jining_home.root), "TESTING": True}).test_client()
    assert client.get(f"/notes/{EXAMPLE}").status_code == 404
    assert "is-example" not in client.get("/notes").get_data(as_text=True)


def test_editing_an_example_writes_the_home_and_keeps_the_shipped_text(jining_home, monkeypatch):
    from kb.notes.store import version_of
    monkeypatch.delenv("REGKB_EXAMPLE_NOTES", raising=False)
    store = NoteStore(jining_home)
    shipped = store.text(EXAMPLE)
    edited = parse_note(EXAMPLE, shipped.replace("type: 示例", "type: 执法检查"))
    store.save(edited, base_version=version_of(shipped))
    assert (jining_home.root / "notes" / f"{EXAMPLE}.md").is_file()
    assert store.load(EXAMPLE).type == "执法检查"
    assert store.old_text(EXAMPLE, store.history(EXAMPLE)[0].name) == shipped
    assert (EXAMPLE_NOTES / f"{EXAMPLE}.md").read_text(encoding="utf-8") == shipped   # the package is untouched


def test_regkb_where_and_help_name_the_home(jining_home, cli, capsys):
    code, out, _ = cli("--home", jining_home.root, "where")
    assert code == 0 and f"数据目录：{jining_home.root}（--home）" in out
    assert "REGKB_EXAMPLE_NOTES=0" in out
    with pytest.raises(SystemExit):
        cli("--help")
    assert "regkb where" in capsys.readouterr().out


def test_the_library_reads_the_packaged_catalog(jining_home):
    assert [e.slug for e in Library(jining_home).entries][:2] == ["dog-keeping", "lawmaking"]
