"""Every HTML page over the real Jining texts, through the Flask test client."""

import html
import re

import pytest

DOG = "济宁市养犬管理条例"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def test_home_lists_every_regulation_as_a_card(shared_client):
    body = page(shared_client, "/")
    assert body.count('class="card"') == 11
    assert DOG in body and "共 15 条" in body and "施行日期 2019-09-01" in body
    assert "文本不完整" in body and "现行有效" in body and "已修正" in body
    assert re.search(r'<input id="q"[^>]*autofocus', body)


def test_search_shows_highlighted_hits_with_citations_and_links(shared_client):
    body = page(shared_client, "/search?q=遛狗不拴绳怎么罚")
    assert "<mark>" in body
    assert f"《{DOG}》" in body
    assert re.search(r'href="/r/dog-keeping/\d+"', body)
    assert "共 " in body and "毫秒" in body


def test_search_without_query_shows_examples(shared_client):
    body = page(shared_client, "/search")
    assert "遛狗不拴绳怎么罚" in body and 'class="hit"' not in body


def test_a_citation_query_goes_straight_to_the_article(shared_client):
    response = shared_client.get("/search?q=养犬条例第十五条")
    assert response.status_code == 302
    assert response.headers["Location"] == "/r/dog-keeping/15"


def test_a_citation_of_a_paragraph_goes_to_its_anchor(shared_client):
    response = shared_client.get("/search?q=养犬条例第二条第二款")
    assert response.status_code == 302
    assert response.headers["Location"] == "/r/dog-keeping/2#p2"


def test_a_citation_of_a_missing_article_explains_why(shared_client):
    body = page(shared_client, "/search?q=养犬条例第三十条")
    assert "注意：" in body and "没有第三十条" in body and "止于第十五条" in body


def test_filters_show_counts_and_narrow_the_results(shared_client):
    body = page(shared_client, "/search?q=罚款")
    assert '<select id="f-reg" name="reg">' in body
    assert re.search(r'<option value="si-river">济宁市泗河保护管理条例（\d+）</option>', body)
    assert re.search(r'<option value="有罚则">有罚则（\d+）</option>', body)
    narrowed = page(shared_client, "/search?q=罚款&reg=si-river&penalty=有罚则")
    citations = re.findall(r"《(济宁市[^》]+)》第", narrowed)
    assert citations and set(citations) == {"济宁市泗河保护管理条例"}
    assert '<option value="si-river" selected>' in narrowed and "清除筛选" in narrowed


def test_regulation_filter_accepts_slug_title_and_alias(shared_client):
    bodies = [page(shared_client, f"/search?q=犬只&reg={name}") for name in ("dog-keeping", DOG, "养犬条例")]
    assert all('<option value="dog-keeping" selected>' in body for body in bodies)


def test_paging(shared_client):
    first = page(shared_client, "/search?q=罚款")
    second = page(shared_client, "/search?q=罚款&page=2")
    assert 'aria-current="page">1<' in first and 'aria-current="page">2<' in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    def hits(body):     # clause hits, not the notes beside them
        return re.findall(r'<h3><a href="(/r/[^"]+)"', body)
    assert hits(first) and hits(second) and not set(hits(first)) & set(hits(second))


def test_a_page_past_the_end_is_empty_not_an_error(shared_client):
    body = page(shared_client, "/search?q=罚款&page=999")
    assert "这一页没有更多结果" in body and 'class="hit"' not in body


def test_fragment_is_the_result_part_only(shared_client):
    body = page(shared_client, "/search/results?q=乱扔垃圾")
    assert "<html" not in body and 'class="hit"' in body and "<mark>" in body


def test_fragment_does_not_redirect_citations(shared_client):
    body = page(shared_client, "/search/results?q=养犬条例第十五条")
    assert "/r/dog-keeping/15" in body


def test_article_page(shared_client):
    body = page(shared_client, "/r/dog-keeping/11")
    assert "<h1><span class=\"reg\">《济宁市养犬管理条例》</span>第十一条</h1>" in body
    # 款 numbered, each with an anchor; 项 listed.
    assert 'id="p1"' in body and 'id="p4"' in body and "第四款" in body
    assert '<ul class="items">' in body and "（一）幼犬自出生满三个月之日起十五日内；" in body
    assert "第二章 犬只免疫和登记" in body                       # breadcrumb
    assert 'href="/r/dog-keeping/10"' in body and 'href="/r/dog-keeping/12"' in body
    assert "文本不完整" in body and "止于第十五条" in body and "现行有效" in body


def test_copy_buttons_carry_the_excerpt_with_its_citation(shared_client):
    body = html.unescape(page(shared_client, "/r/dog-keeping/2"))
    assert re.search(r'data-copy="[^"]+（《济宁市养犬管理条例》第二条）"', body)
    assert re.search(r'data-copy="[^"\n]+（《济宁市养犬管理条例》第二条第二款）"', body)


def test_duty_links_to_its_penalty_and_back(shared_client):
    duty = page(shared_client, "/r/urban-greening/17")
    assert "违反本条的法律责任" in duty and 'href="/r/urban-greening/42"' in duty
    penalty = page(shared_client, "/r/urban-greening/42")
    assert "所罚行为" in penalty and 'href="/r/urban-greening/17"' in penalty
    assert "罚款" in penalty and "一万元以上五万元以下" in penalty


def test_references_in_the_text_are_links(shared_client):
    body = page(shared_client, "/r/si-river/43")
    assert re.search(r'<a class="ref" href="/r/si-river/19">本条例第十九条', body)


def test_amended_badge(shared_client):
    assert "已修正" in page(shared_client, "/r/city-appearance/1")
    assert "已修正" not in page(shared_client, "/r/dog-keeping/1")


def test_regulation_page(shared_client):
    body = page(shared_client, "/r/dog-keeping")
    assert "2018-12-27" in body and "2019-05-31" in body and "施行" in body
    assert "dfcc53306d5a45b957477342a227065f953cb14f7ff876b146c88d9543c1c391" in body
    assert "https://raw.githubusercontent.com/" in body
    assert "第二章 犬只免疫和登记" in body and 'href="#a15"' in body and 'id="a15"' in body
    assert body.count('class="banner banner-incomplete"') == 2   # at the top and where it stops
    assert "文本到此中断" in body and "止于第十五条" in body


def test_regulation_with_sections_lists_them_in_its_contents(shared_client):
    body = page(shared_client, "/r/city-appearance")
    assert "第一节 城市设计与城市家具" in body and 'href="#c3s1"' in body


def test_regulation_without_chapters(shared_client):
    body = page(shared_client, "/r/fireworks")
    assert 'id="a1"' in body and 'id="a20"' in body


@pytest.mark.parametrize("url, location", [
    ("/r/养犬条例", "/r/dog-keeping"),
    ("/r/济宁市养犬管理条例/15", "/r/dog-keeping/15"),
])
def test_titles_and_aliases_redirect_to_the_permalink(shared_client, url, location):
    response = shared_client.get(url)
    assert response.status_code == 302 and response.headers["Location"] == location


@pytest.mark.parametrize("url, message", [
    ("/r/no-such-law", "找不到法规：no-such-law"),
    ("/r/dog-keeping/16", "没有第十六条"),
    ("/r/dog-keeping/15-1", "没有第十五条之一"),
    ("/r/dog-keeping/abc", "条文编号无效"),
    ("/r/dog-keeping/0", "条文编号无效"),
    ("/nowhere", "找不到该页面"),
])
def test_not_found_pages_are_in_chinese(shared_client, url, message):
    body = page(shared_client, url, 404)
    assert message in body and "返回首页" in body and 'lang="zh-CN"' in body


def test_basket_page(shared_client):
    body = page(shared_client, "/basket")
    assert "摘录篮" in body and 'id="basket-item"' in body and "data-export" in body


@pytest.mark.parametrize("name, kind", [("app.css", "text/css"), ("app.js", "javascript"),
                                        ("favicon.svg", "image/svg+xml")])
def test_assets_are_served_by_the_app(shared_client, name, kind):
    response = shared_client.get(f"/static/{name}")
    assert response.status_code == 200 and kind in response.content_type


@pytest.mark.parametrize("url", ["/", "/search?q=犬只", "/r/dog-keeping", "/r/dog-keeping/11", "/basket", "/r/x"])
def test_pages_load_nothing_from_elsewhere(shared_client, url):
    """Offline intranet: every script, style, icon and font comes from this app."""
    body = shared_client.get(url).get_data(as_text=True)
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", body):
        assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), tag
    assert "@import" not in body and "url(" not in body


def test_stylesheet_uses_system_fonts_only(shared_client):
    css = shared_client.get("/static/app.css").get_data(as_text=True)
    assert "@font-face" not in css and "url(" not in css and "@import" not in css


def test_every_control_has_a_label(shared_client):
    for url in ("/", "/search?q=罚款", "/r/dog-keeping/11"):
        body = page(shared_client, url)
        for control in re.findall(r"<(?:input|select)\b[^>]*>", body):
            if 'type="hidden"' in control:
                continue
            control_id = re.search(r'id="([^"]+)"', control).group(1)
            assert f'<label for="{control_id}"' in body, (url, control)


def test_a_restated_penalty_shows_its_fine_and_department_on_the_duty(shared_client):
    duty = html.unescape(page(shared_client, "/r/air-pollution/22"))
    assert "违反本条的法律责任" in duty and "可以处五百元以上二千元以下的罚款" in duty
    assert "执法部门：城市管理部门、生态环境部门" in duty and "罚则复述了所罚行为" in duty
    penalty = html.unescape(page(shared_client, "/r/air-pollution/31"))
    assert "所罚行为" in penalty and "禁止露天焚烧落叶" in penalty


def test_the_survey_page_has_the_inspection_fields_and_penalties(shared_client):
    body = html.unescape(page(shared_client, "/r/fireworks/survey"))
    for field in ("检查单位", "日期", "地点", "检查人"):
        assert field in body
    assert "处二百元以上五百元以下的罚款" in body


def test_the_search_page_shows_the_fine_beside_the_duty(shared_client):
    page = shared_client.get("/search?q=露天焚烧树叶罚多少").get_data(as_text=True)
    assert '违反本条第一款：<a href="/r/air-pollution/31#p2">第三十一条第二款</a> 可以处五百元以上二千元以下的罚款' in page
    assert "执法：城市管理部门、生态环境部门" in page
    assert '所罚行为：<a href="/r/air-pollution/22#p1">第二十二条第一款</a>' in page


def test_the_survey_sheet_says_which_item_a_fine_covers(shared_client):
    body = html.unescape(page(shared_client, "/r/civilized-behaviour/survey"))
    assert "处警告或者五十元罚款；执法部门：公安机关；只罚本条第一款第（八）项" in body


def test_a_fine_for_one_item_is_shown_as_that_items(shared_client):
    # 文明行为促进条例第十一条 fines only its item (八); 闯红灯 is item (一)
    page = html.unescape(shared_client.get("/search?q=行人闯红灯罚多少").get_data(as_text=True))
    assert "违反本条第一款第（八）项：" in page and "处警告或者五十元罚款" in page
    assert "违反本条：" not in page.split("第十一条", 1)[-1].split("</li>", 1)[0]


def test_a_question_the_texts_cannot_answer_says_why_on_the_page(shared_client):
    contact = page(shared_client, "/search?q=养犬举报电话")
    assert "本库收录的法规未直接规定" in contact and "不载明具体号码或网址" in contact
    owner = page(shared_client, "/search?q=古树死了木头归谁")
    assert "本库收录的法规未直接规定" in owner and "物权法定" in owner
    place = page(shared_client, "/search?q=济南新建小区绿地率要求是多少")
    assert "问题提到济南市；以下是济宁市的条文，不是济南市的规定" in place
