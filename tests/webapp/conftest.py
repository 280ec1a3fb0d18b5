import pytest

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
