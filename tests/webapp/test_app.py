"""The app factory: configuration, reloading after `regkb import` + `regkb index`, `regkb serve`."""

import pytest

from webapp import create_app

NEW_LAW = "# 济宁市测试管理条例\n\n第一条 为了测试网页服务的量子纠缠，制定本条例。\n\n第二条 本条例自2030年1月1日起施行。\n"


def test_imported_and_indexed_texts_show_up_without_a_restart(app, client, jining_home, cli, tmp_path):
    assert len(client.get("/api/regulations").get_json()["regulations"]) == 11
    assert client.get("/api/search?q=量子纠缠").get_json()["total"] == 0
    source = tmp_path / "济宁市测试管理条例.md"
    source.write_text(NEW_LAW, encoding="utf-8")
    assert cli("--home", jining_home.root, "import", source)[0] == 0
    # Imported but not yet indexed: the app keeps serving the indexed state.
    assert len(client.get("/api/regulations").get_json()["regulations"]) == 11
    assert cli("--home", jining_home.root, "index")[0] == 0
    assert len(client.get("/api/regulations").get_json()["regulations"]) == 12
    data = client.get("/api/search?q=量子纠缠").get_json()
    assert data["total"] == 1 and "量子纠缠" in data["hits"][0]["text"]


def test_search_results_are_cached_per_generation(app, client):
    first = client.get("/api/search?q=犬只").get_json()
    second = client.get("/api/search?q=犬只").get_json()
    assert first["hits"] == second["hits"]
    snapshot = app.extensions["regkb"].served()
    assert snapshot._cached_search.cache_info().hits >= 1


def test_without_an_index_pages_say_what_to_do(tmp_path):
    app = create_app({"REGKB_HOME": str(tmp_path / "empty"), "TESTING": True})
    client = app.test_client()
    home = client.get("/").get_data(as_text=True)
    assert "还没有任何法规文本" in home
    response = client.get("/api/search?q=犬")
    assert response.status_code == 503 and "regkb index" in response.get_json()["error"]
    page = client.get("/search?q=犬")
    assert page.status_code == 503 and "regkb index" in page.get_data(as_text=True)


def test_configuration_from_the_environment(monkeypatch, jining_home):
    monkeypatch.setenv("REGKB_HOME", str(jining_home.root))
    monkeypatch.setenv("REGKB_MAX_QUERY", "5")
    app = create_app({"TESTING": True})
    assert app.extensions["regkb"].home == jining_home
    assert app.config["REGKB_MAX_QUERY"] == 5
    assert app.test_client().get("/search?q=一二三四五六").status_code == 400


def test_configuration_from_the_instance_folder(monkeypatch, tmp_path, jining_home):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(f"REGKB_HOME = {str(jining_home.root)!r}\nREGKB_PAGE_SIZE = 3\n",
                                        encoding="utf-8")
    monkeypatch.delenv("REGKB_HOME", raising=False)
    monkeypatch.setattr("webapp.Flask", _flask_with_instance(instance))
    app = create_app({"TESTING": True})
    assert app.config["REGKB_PAGE_SIZE"] == 3
    assert len(app.test_client().get("/api/search?q=罚款").get_json()["hits"]) == 3


def _flask_with_instance(instance):
    from flask import Flask

    def make(*args, **kwargs):
        return Flask(*args, instance_path=str(instance), **kwargs)
    return make


def test_errors_in_production_mode_are_a_chinese_500(jining_home, monkeypatch):
    app = create_app({"REGKB_HOME": str(jining_home.root)})
    monkeypatch.setattr("webapp.present.badges", _explode)
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 500 and "服务器内部错误" in page.get_data(as_text=True)
    assert "RuntimeError" not in page.get_data(as_text=True)


def _explode(*_):
    raise RuntimeError("boom")


@pytest.mark.parametrize("argv", [["serve", "--port", "x"], ["serve", "--threads", "many"],
                                  ["serve", "--port", "80000"], ["serve", "--port", "0"],
                                  ["serve", "--port", "８０"], ["serve", "--connection-limit", "-1"]])
def test_serve_rejects_bad_arguments(cli, argv):
    with pytest.raises(SystemExit):
        cli(*argv)


@pytest.mark.parametrize("value", ["lots", "²", "①", "１０"])
def test_a_malformed_number_in_the_environment_is_named(monkeypatch, jining_home, cli, value):
    monkeypatch.setenv("REGKB_SEARCH_CACHE", value)
    code, _, err = cli("--home", jining_home.root, "serve")
    assert code == 1 and "REGKB_SEARCH_CACHE" in err
