"""What the browser tests share: the real app served by waitress on loopback, Debian's
headless Chromium, and a phone-sized page on which any console error, failed asset or
dialog fails the test."""

import importlib.util
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]
PHONE = {"width": 360, "height": 740}


def _missing():
    if importlib.util.find_spec("playwright") is None:
        return "browser tests need Playwright (pip install -e \".[test]\")"
    if not CHROMIUM.exists():
        return "browser tests need Debian's headless Chromium at /usr/bin/chromium (apt-get install chromium)"
    return ""


# Every browser test module: pytestmark = needs_browser
needs_browser = pytest.mark.skipif(bool(_missing()), reason=_missing() or "browser present")


@contextmanager
def served(home_root):
    """The app over `home_root`, warmed up as `regkb serve` does; yields its base URL."""
    from waitress import create_server

    from webapp import create_app
    app = create_app({"REGKB_HOME": str(home_root)})
    app.extensions["regkb"].warm_up()
    # poll, as `regkb serve` uses: closing the server while its loop waits is then no error
    # (select would raise EBADF in the server's thread).
    server = create_server(app, host="127.0.0.1", port=0, threads=4, asyncore_use_poll=True)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def watched_page(browser, base_url, permissions=()):
    context = browser.new_context(viewport=PHONE, base_url=base_url, accept_downloads=True)
    if permissions:
        context.grant_permissions(list(permissions), origin=base_url)
    page = context.new_page()
    page.set_default_timeout(10000)
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    # A missing asset is a problem; a 404 page asked for on purpose is not.
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document" else None)
    yield page
    context.close()
    assert not problems, problems
