/* Live search, copy with citation, and the excerpt basket.
   Loaded as a file (the Content-Security-Policy allows no inline script); every page works
   without it except the basket, which lives in this browser's localStorage. */
(function () {
  "use strict";

  var BASKET_KEY = "regkb.basket.v1";
  var DEBOUNCE_MS = 250;
  var REF_FIELDS = ["slug", "article", "suffix", "paragraph"];

  /* ---------- messages ---------- */

  var toastTimer = null;
  function toast(message) {
    var box = document.querySelector("[data-toast]");
    if (!box) { return; }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, 2500);
  }

  /* ---------- copy ---------- */

  // navigator.clipboard exists only in secure contexts; an intranet server is often plain
  // http, so fall back to selecting a hidden textarea.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      document.body.removeChild(area);
      (done ? resolve : reject)();
    });
  }

  /* ---------- basket store ---------- */

  function isItem(item) {
    return item && typeof item.slug === "string" && Number.isInteger(item.article) &&
      Number.isInteger(item.suffix) && Number.isInteger(item.paragraph) &&
      typeof item.citation === "string" && typeof item.url === "string" && item.url.indexOf("/r/") === 0;
  }

  function loadBasket() {
    try {
      var items = JSON.parse(localStorage.getItem(BASKET_KEY) || "[]");
      return Array.isArray(items) ? items.filter(isItem) : [];
    } catch (error) {
      return [];
    }
  }

  function saveBasket(items) {
    try {
      localStorage.setItem(BASKET_KEY, JSON.stringify(items));
    } catch (error) {
      toast("无法保存摘录篮：浏览器禁用了本地存储");
    }
    showCount(items);
  }

  function sameRef(a, b) {
    return REF_FIELDS.every(function (field) { return a[field] === b[field]; });
  }

  function refOnly(item) {
    var ref = {};
    REF_FIELDS.forEach(function (field) { ref[field] = item[field]; });
    return ref;
  }

  function showCount(items) {
    document.querySelectorAll("[data-basket-count]").forEach(function (node) {
      node.textContent = items.length ? String(items.length) : "";
    });
  }

  function addToBasket(item) {
    var items = loadBasket();
    if (items.some(function (other) { return sameRef(other, item); })) {
      toast("摘录篮中已有：" + item.citation);
      return;
    }
    items.push(item);
    saveBasket(items);
    toast("已加入摘录篮：" + item.citation + "（共 " + items.length + " 条）");
  }

  /* ---------- buttons anywhere ---------- */

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      copyText(copy.getAttribute("data-copy")).then(
        function () { toast("已复制：" + copy.getAttribute("data-citation")); },
        function () { toast("复制失败：请长按文字手动复制"); });
      return;
    }
    var add = event.target.closest("[data-basket-add]");
    if (add) {
      var item = null;
      try { item = JSON.parse(add.getAttribute("data-basket-add")); } catch (error) { item = null; }
      if (isItem(item)) { addToBasket(item); }
    }
  });

  /* ---------- live search ---------- */

  function initLiveSearch() {
    var form = document.querySelector("form[data-live-search]");
    if (!form || !window.fetch) { return; }
    var endpoint = form.getAttribute("data-live-search");
    var results = document.getElementById("results");
    var input = form.querySelector("input[name=q]");
    var timer = null;
    var controller = null;
    var shown = new URLSearchParams(window.location.search);
    shown.delete("page");
    var lastQuery = queryString(shown);

    function queryString(params) {
      var kept = new URLSearchParams();
      params.forEach(function (value, key) { if (value.trim()) { kept.append(key, value.trim()); } });
      return kept.toString();
    }

    function replaceResults(html) {
      var focused = document.activeElement;
      var focusId = focused && results.contains(focused) ? focused.id : "";
      results.innerHTML = html;  // our own server-rendered, escaped fragment
      if (focusId && document.getElementById(focusId)) { document.getElementById(focusId).focus(); }
    }

    function showError(message) {
      var notice = document.createElement("p");
      notice.className = "notice";
      notice.textContent = message;
      results.textContent = "";
      results.appendChild(notice);
    }

    function run() {
      var query = queryString(new FormData(form));
      if (query === lastQuery) { return; }
      lastQuery = query;
      if (controller) { controller.abort(); }
      controller = new AbortController();
      results.setAttribute("aria-busy", "true");
      fetch(endpoint + "?" + query, { signal: controller.signal, headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (response.ok) {
            return response.text().then(function (html) {
              replaceResults(html);
              history.replaceState(null, "", form.getAttribute("action") + (query ? "?" + query : ""));
            });
          }
          // The error page names the problem (e.g. a query that is too long) in its heading.
          return response.text().then(function (html) {
            var page = new DOMParser().parseFromString(html, "text/html");
            var heading = page.querySelector(".error h1");
            showError(heading ? heading.textContent : "检索失败");
          });
        })
        .catch(function (error) {
          if (error.name !== "AbortError") { showError("检索失败：无法连接服务器"); }
        })
        .finally(function () { results.setAttribute("aria-busy", "false"); });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }

    // Wait while an input method is still composing pinyin into characters.
    input.addEventListener("input", function (event) { if (!event.isComposing) { later(); } });
    input.addEventListener("compositionend", later);
    form.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") { clearTimeout(timer); run(); }
    });
  }

  /* ---------- basket page ---------- */

  function initBasketPage() {
    var list = document.querySelector("[data-basket-list]");
    if (!list) { return; }
    var template = document.getElementById("basket-item");
    var empty = document.querySelector("[data-basket-empty]");
    var form = document.querySelector("form[data-export]");
    var itemsField = form.querySelector("[data-export-items]");

    function render(focusIndex, focusAction) {
      var items = loadBasket();
      list.textContent = "";
      items.forEach(function (item, index) {
        var node = template.content.firstElementChild.cloneNode(true);
        var link = node.querySelector("[data-field=citation]");
        link.textContent = item.citation;
        link.href = item.url;
        node.querySelector("[data-field=preview]").textContent = item.preview || "";
        node.querySelectorAll("button").forEach(function (button) {
          button.setAttribute("data-index", String(index));
          button.setAttribute("aria-label", button.textContent + "：" + item.citation);
        });
        node.querySelector("[data-move='-1']").disabled = index === 0;
        node.querySelector("[data-move='1']").disabled = index === items.length - 1;
        list.appendChild(node);
      });
      empty.hidden = items.length > 0;
      form.hidden = items.length === 0;
      restoreFocus(focusIndex, focusAction);
    }

    function restoreFocus(index, action) {
      if (index === undefined) { return; }
      var rows = list.children;
      if (!rows.length) { return; }
      var row = rows[Math.min(index, rows.length - 1)];
      // Keep focus on the moved row: the same button if it still applies, else its neighbour.
      var target = row.querySelector(action + ":not(:disabled)") ||
        row.querySelector("[data-move]:not(:disabled)") || row.querySelector("[data-remove]");
      target.focus();
    }

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-index]");
      if (!button) { return; }
      var items = loadBasket();
      var index = Number(button.getAttribute("data-index"));
      if (button.hasAttribute("data-remove")) {
        items.splice(index, 1);
        saveBasket(items);
        render(index, "[data-remove]");
        return;
      }
      var target = index + Number(button.getAttribute("data-move"));
      if (target < 0 || target >= items.length) { return; }
      var moved = items.splice(index, 1)[0];
      items.splice(target, 0, moved);
      saveBasket(items);
      render(target, "[data-move='" + button.getAttribute("data-move") + "']");
    });

    form.addEventListener("submit", function () {
      itemsField.value = JSON.stringify(loadBasket().map(refOnly));
    });

    form.querySelector("[data-basket-clear]").addEventListener("click", function () {
      if (window.confirm("清空摘录篮中的全部摘录？")) {
        saveBasket([]);
        render();
      }
    });

    window.addEventListener("storage", function (event) {
      if (event.key === BASKET_KEY) { render(); }
    });
    render();
  }

  /* ---------- article picker (note editor) ---------- */

  // Inserts a citation such as 《济宁市养犬管理条例》第十五条 at the cursor; the server turns
  // it into a link. Without JavaScript the picker stays hidden and authors type citations.
  function initArticlePicker() {
    var box = document.querySelector("[data-article-picker]");
    var area = document.getElementById("note-text");
    if (!box || !area || !window.fetch) { return; }
    var endpoint = box.getAttribute("data-article-picker");
    var input = box.querySelector("input");
    var list = box.querySelector(".picker-results");
    var timer = null;
    box.hidden = false;

    function insert(text) {
      var start = area.selectionStart, end = area.selectionEnd;
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
      area.focus();
      area.selectionStart = area.selectionEnd = start + text.length;
      toast("已插入：" + text);
    }

    function show(hits) {
      list.textContent = "";
      hits.forEach(function (hit) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "small secondary";
        button.textContent = hit.citation + "　" + (hit.text || "").slice(0, 30);
        button.addEventListener("click", function () { insert(hit.citation); });
        item.appendChild(button);
        list.appendChild(item);
      });
    }

    function run() {
      var query = input.value.trim();
      if (!query) { list.textContent = ""; return; }
      fetch(endpoint + "?limit=8&q=" + encodeURIComponent(query), { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { hits: [] }; })
        .then(function (data) { show(data.hits || []); })
        .catch(function () { toast("检索失败：无法连接服务器"); });
    }

    input.addEventListener("input", function (event) {
      if (event.isComposing) { return; }
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("compositionend", run);
    // Enter in the picker searches; it must not submit the note form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); run(); }
    });
  }

  window.addEventListener("storage", function (event) {
    if (event.key === BASKET_KEY) { showCount(loadBasket()); }
  });
  showCount(loadBasket());
  initLiveSearch();
  initBasketPage();
  initArticlePicker();
}());
