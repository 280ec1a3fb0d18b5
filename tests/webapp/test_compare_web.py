"""/r/<slug>/<n>/compare and /api/articles/<slug>/<n>/compare over the Jining texts plus
the named subset of the other collections (tests/conftest.py subset_home)."""

import pytest

from tests.webapp.conftest import make_app


@pytest.fixture(scope="module")
def client(subset_home):
    return make_app(subset_home).test_client()


def test_compare_page_side_by_side_with_the_fines_table(client):
    response = client.get("/r/dog-keeping/11/compare")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="compare-grid"' in body and "其他城市" in body and "上位法" in body
    assert "《青岛市养犬管理条例》" in body and "《中华人民共和国动物防疫法》" in body
    assert "各市罚款对比" in body and "处二百元以上一千元以下罚款" in body
    assert 'href="/r/dog-keeping/11"' in body
    assert "/r/%E9%9D%92%E5%B2%9B%E5%B8%82%E5%85%BB%E7%8A%AC%E7%AE%A1%E7%90%86%E6%9D%A1%E4%BE%8B/8" in body


def test_the_api_gives_the_same_data_with_urls(client):
    data = client.get("/api/articles/air-pollution/33/compare").get_json()
    assert data["regulation"] == "济宁市大气污染防治条例" and data["article"] == 33
    titles = {g["regulation"] for g in data["superior"]}
    assert {"山东省大气污染防治条例", "中华人民共和国大气污染防治法"} <= titles
    assert all(len(g["urls"]) == len(g["articles"]) for g in data["peers"] + data["superior"])
    own = data["fines"][0]
    assert own["url"] == "/r/air-pollution/33" and own["fines"][0]["text"] == "对单位处二千元以上二万元以下的罚款"


def test_article_page_links_to_the_comparison(client):
    body = client.get("/r/dog-keeping/11").get_data(as_text=True)
    assert 'href="/r/dog-keeping/11/compare">其他城市与上位法</a>' in body


@pytest.mark.parametrize("url", ["/r/dog-keeping/99/compare", "/r/no-such-law/1/compare", "/r/dog-keeping/x/compare",
                                 "/api/articles/dog-keeping/99/compare", "/api/articles/dog-keeping/x/compare"])
def test_unknown_articles_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    if url.startswith("/api/"):
        assert response.get_json()["error"]


def test_without_other_collections(shared_client):
    assert "其他城市与上位法" not in shared_client.get("/r/dog-keeping/11").get_data(as_text=True)
    response = shared_client.get("/api/articles/dog-keeping/11/compare")
    assert response.status_code == 404
    assert response.get_json()["error"].startswith("还没有其他城市或上位法的文本：请先运行 regkb fetch --collection shandong")
    assert "还没有其他城市或上位法的文本" in shared_client.get("/r/dog-keeping/11/compare").get_data(as_text=True)


def test_home_page_cards_the_home_city_and_counts_the_others(client, subset_home):
    from kb.library import Library
    entries = Library(subset_home).entries
    body = client.get("/").get_data(as_text=True)
    jining = [e for e in entries if e.jurisdiction == "济宁市"]
    others = [e for e in entries if e.jurisdiction != "济宁市"]
    assert f"济宁市法规（{len(jining)} 部）" in body
    assert body.count('class="card"') == len(jining)
    assert f"其他地区与上位法（{len(others)} 部）" in body
    qingdao = sum(e.jurisdiction == "青岛市" for e in entries)
    assert f"<li>青岛市 {qingdao} 部</li>" in body
    assert "《青岛市养犬管理条例》" not in body and "青岛市养犬管理条例" not in body
