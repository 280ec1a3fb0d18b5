"""Where runtime data lives: `--home DIR`, else $REGKB_HOME, else — running from a source
checkout — the project folder, else (an installed copy) the per-user data folder that
platformdirs names (~/.local/share/regkb on Linux). Never inside site-packages.

    <home>/regulations/texts/<sha256>.<ext>   fetched and imported texts (never committed)
    <home>/regulations/manifest.json          which regulation each text is a version of
    <home>/instance/index/                    the search index generations (or another
                                              folder: `regkb index --out DIR`, `serve --index DIR`)
    <home>/notes/                             enforcement notes written by the team

What the product ships is package data, read in place: kb/data/catalog.tsv, the dictionaries
and the example notes (kb/data/notes/)."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
CATALOG_PATH = PACKAGE_DATA / "catalog.tsv"
EXAMPLE_NOTES = PACKAGE_DATA / "notes"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "regkb"


def source_checkout() -> Path | None:
    """The project folder when kb runs from a source checkout (editable install, tests)."""
    markers = ("setup.cfg", "pyproject.toml", "indexer.py")
    return PROJECT_ROOT if all((PROJECT_ROOT / name).is_file() for name in markers) else None


def default_home() -> tuple[Path, str]:
    """(folder, why) for a home not given on the command line."""
    if os.environ.get("REGKB_HOME"):
        return Path(os.environ["REGKB_HOME"]), "环境变量 REGKB_HOME"
    checkout = source_checkout()
    if checkout:
        return checkout, "源码目录"
    return Path(user_data_dir(APP_NAME, appauthor=False)), "用户数据目录"


@dataclass(frozen=True)
class Home:
    root: Path
    origin: str = field(default="", compare=False)     # how it was chosen, for `regkb where`
    index: Path | None = None       # an index folder other than the home's own (an artifact)

    @classmethod
    def resolve(cls, explicit=None, index=None) -> "Home":
        chosen, origin = (Path(explicit), "--home") if explicit else default_home()
        return cls(chosen.expanduser().resolve(), origin, Path(index).expanduser().resolve() if index else None)

    @property
    def texts_dir(self):
        return self.root / "regulations" / "texts"

    @property
    def manifest_path(self):
        return self.root / "regulations" / "manifest.json"

    @property
    def index_dir(self):
        """The one answer to which index folder is built, read and served."""
        return self.index or self.root / "instance" / "index"
