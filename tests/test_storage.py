"""The schema (regkb db upgrade), moving notes between the backends, and the index artifact."""

import psycopg
import pytest

from kb.home import Home
from kb.notes.model import parse_note
from kb.notes.store import NoteStore, version_of
from kb.snapshot import Snapshot
from kb.storage import DATABASE_SETTING, close_databases, storage_for
from kb.storage.files import FileNotes
from kb.storage.postgres import LATEST
from tests.test_notes import GOOD


@pytest.fixture
def database(pg_cluster, monkeypatch):
    """A fresh schema; REGKB_DATABASE_URL is set only when a test says so."""
    from tests import pg
    monkeypatch.delenv(DATABASE_SETTING, raising=False)
    yield pg.fresh_schema(pg_cluster)
    close_databases()


def test_db_upgrade_creates_then_reports_the_schema(database, cli, monkeypatch):
    code, _, err = cli("db", "upgrade")
    assert code == 1 and "没有设置 REGKB_DATABASE_URL" in err
    monkeypatch.setenv(DATABASE_SETTING, database)
    code, out, _ = cli("db", "upgrade")
    assert code == 0 and f"从版本 0 升级到 {LATEST}" in out
    code, out, _ = cli("db", "upgrade")
    assert code == 0 and f"已是最新（版本 {LATEST}）" in out
    with psycopg.connect(database) as conn:
        assert conn.execute("SELECT version FROM regkb_schema").fetchall() == [(LATEST,)]


def test_a_newer_schema_is_refused(database, home, monkeypatch):
    monkeypatch.setenv(DATABASE_SETTING, database)
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CREATE TABLE regkb_schema (version integer NOT NULL)")
        conn.execute("INSERT INTO regkb_schema VALUES (%s)", (LATEST + 1,))
    with pytest.raises(Exception, match="比本程序"):
        NoteStore(home).ids()


def _edited(store, times):
    base = store.save(parse_note("n1", GOOD))
    for number in range(times):
        base = store.save(parse_note("n1", GOOD.replace("调研发现", f"第{number}次修改")), base_version=base)
    store.save(parse_note("n2", GOOD.replace("调研发现", "另一条")))


def test_notes_move_between_the_backends_without_loss(database, home, tmp_path, cli, monkeypatch):
    monkeypatch.setenv("REGKB_EXAMPLE_NOTES", "0")
    _edited(NoteStore(home), 3)
    on_files = list(storage_for(home).notes.records())
    assert len(on_files) == 2 and len(on_files[0].history) == 3
    assert cli("--home", home.root, "notes", "export", tmp_path / "notes.json")[0] == 0

    monkeypatch.setenv(DATABASE_SETTING, database)
    code, out, _ = cli("--home", home.root, "notes", "import", tmp_path / "notes.json")
    assert code == 0 and "2 条笔记，3 个历史版本" in out
    assert list(storage_for(home).notes.records()) == on_files        # texts, history names and all
    assert cli("--home", home.root, "notes", "import", tmp_path / "notes.json")[0] == 0   # again: no change
    assert list(storage_for(home).notes.records()) == on_files

    assert cli("--home", home.root, "notes", "export", tmp_path / "folder")[0] == 0
    assert list(FileNotes(tmp_path / "folder").records()) == on_files

    store = NoteStore(home)
    store.save(parse_note("n2", GOOD.replace("调研发现", "数据库中的修改")), base_version=version_of(store.text("n2")))
    code, _, err = cli("--home", home.root, "notes", "import", tmp_path / "folder")
    assert code == 1 and "未导入：n2" in err
    assert "数据库中的修改" in store.text("n2")              # the target's own text is never overwritten


def test_import_refuses_forged_names(home, tmp_path, cli):
    (tmp_path / "bad.json").write_text('{"format": "regkb-notes", "version": 1, "notes": [{"id": "n1", "text": "x",'
                                       ' "history": [{"name": "../../evil.md", "text": "x"}]}]}', encoding="utf-8")
    code, _, err = cli("--home", home.root, "notes", "import", tmp_path / "bad.json")
    assert code == 1 and "历史版本名称" in err
    assert not (home.root / "evil.md").exists() and not (home.root / "notes").exists()


def test_the_index_as_an_artifact(jining_home, tmp_path, cli):
    artifact = tmp_path / "artifact"
    code, out, _ = cli("--home", jining_home.root, "index", "--out", artifact)
    assert code == 0 and "全部重建" in out
    bare = tmp_path / "bare"
    (bare / "regulations").mkdir(parents=True)
    for name in ("texts", "manifest.json"):
        source = jining_home.root / "regulations" / name
        target = bare / "regulations" / name
        target.symlink_to(source, target_is_directory=source.is_dir())
    snapshot = Snapshot.open(Home.resolve(bare, index=artifact))
    assert snapshot.problem == "" and snapshot.index.search("遛狗不拴绳").hits[0].slug == "dog-keeping"
    assert Snapshot.open(Home.resolve(bare)).problem                   # its own index folder is empty
    code, _, err = cli("--home", bare, "serve", "--index", tmp_path / "empty")
    assert code == 1 and "目录中没有索引" in err
