"""The Flask front end: search, article permalinks, regulations, excerpts and a JSON API.

Configuration, lowest to highest precedence: DEFAULTS below, `instance/config.py`,
environment variables of the same names (REGKB_HOME …), then the mapping given to
`create_app`."""

import os

from flask import Flask

from kb.errors import KbError
from kb.home import Home
from kb.jurisdiction import scope_names
from webapp.params import ascii_int
from webapp.state import KnowledgeBase

DEFAULTS = {
    "REGKB_HOME": "",               # "" → $REGKB_HOME, else the project folder (kb.home)
    "REGKB_INDEX": "",              # "" → <home>/instance/index; else an index folder (an artifact)
    "REGKB_SEARCH_CACHE": 2048,     # search results kept per index generation
    "REGKB_MAX_QUERY": 200,         # characters; officers type a few words, citations are short
    "REGKB_PAGE_SIZE": 10,
    "REGKB_MAX_EXCERPTS": 200,      # items per export
    "MAX_CONTENT_LENGTH": 64 * 1024,  # export lists and sign-in; note forms get more (webapp.notes)
    "REGKB_LOGIN_REQUIRED": False,  # True: every page and the API only for signed-in users
    "REGKB_SESSION_COOKIE_SECURE": False,  # True behind HTTPS: the session cookie only over HTTPS
}
MAX_SETTING = 10 ** 9


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(_from_environment(app.config))
    if test_config:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["scope_names"] = scope_names()

    home = Home.resolve(app.config["REGKB_HOME"] or None, index=app.config["REGKB_INDEX"] or None)
    app.extensions["regkb"] = KnowledgeBase(home, cache_size=int(app.config["REGKB_SEARCH_CACHE"]))

    from webapp import amend, api, auth, errors, export, notes, pages, render, security, survey
    notes.allow_note_forms(app)     # before the CSRF check reads a note form
    amend.init(app)                 # likewise for a draft upload; and its blueprint
    auth.init(app, home)
    app.register_blueprint(pages.bp)
    app.register_blueprint(notes.bp)
    app.register_blueprint(survey.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(export.bp)
    errors.register(app)
    render.register(app)
    security.register(app)
    return app


def _from_environment(config):
    """REGKB_* environment variables named in DEFAULTS, typed like their defaults."""
    found = {}
    for key, default in DEFAULTS.items():
        value = os.environ.get(key)
        if value is None or not key.startswith("REGKB_"):
            continue
        if isinstance(default, bool):
            value = value.strip().lower() in ("1", "true", "yes", "on")
        elif isinstance(default, int):
            number = ascii_int(value, 0, MAX_SETTING)
            if number is None:
                raise KbError(f"环境变量 {key} 应为不大于 {MAX_SETTING} 的非负整数（阿拉伯数字），现为：{value}")
            value = number
        found[key] = value
    return found
