import re

import pytest

from kb.accounts import add_user
from webapp import create_app


def make_app(home, **config):
    # CSRF is proved in tests/webapp/test_csrf.py; elsewhere tests post without a token.
    return create_app({"REGKB_HOME": str(home.root), "TESTING": True, "WTF_CSRF_ENABLED": False, **config})


@pytest.fixture
def app_for():
    """Make an app over any home."""
    return make_app


@pytest.fixture
def app(jining_home):
    """The app over its own copy of the Jining home (tests may import and re-index)."""
    return make_app(jining_home)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def editor(client, home):
    """`client` signed in as the editor that the module's `home` created (AuthActions.create)."""
    assert AuthActions(client, home).login().status_code == 302
    return client


@pytest.fixture(scope="session")
def shared_client(_built_jining):
    """A client over the shared, read-only Jining home, for the many read-only requests."""
    return make_app(_built_jining).test_client()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for all browser tests (they skip where it is missing)."""
    from tests.webapp.browser import chromium
    with chromium() as launched:
        yield launched


EDITOR, PASSWORD = "editor1", "correct horse 1"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class AuthActions:
    """Signing in and out through the real /login form, with its CSRF token when the app
    asks for one (the one way every web test signs in)."""

    def __init__(self, client, home):
        self.client, self.home = client, home

    def create(self, name=EDITOR, password=PASSWORD):
        add_user(self.home, name, password)
        return self

    def token(self, url="/login"):
        found = CSRF_RE.search(self.client.get(url).get_data(as_text=True))
        return found.group(1) if found else ""

    def login(self, name=EDITOR, password=PASSWORD, **extra):
        return self.client.post("/login", data={"name": name, "password": password,
                                                "csrf_token": self.token(), **extra})

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": self.token("/")})


def signed_in(client, home, name=EDITOR, password=PASSWORD):
    """`client` signed in as a new editor of `home`."""
    response = AuthActions(client, home).create(name, password).login(name, password)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client
