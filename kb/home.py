"""Where runtime data lives: `--home DIR`, else $REGKB_HOME, else the project folder.

    <home>/regulations/texts/<sha256>.<ext>   fetched and imported texts (never committed)
    <home>/regulations/manifest.json          which regulation each text is a version of
    <home>/instance/index/                    the search index generations
"""

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CATALOG_PATH = PROJECT_ROOT / "regulations" / "catalog.tsv"


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def resolve(cls, explicit=None):
        chosen = explicit or os.environ.get("REGKB_HOME") or PROJECT_ROOT
        return cls(Path(chosen).expanduser().resolve())

    @property
    def texts_dir(self):
        return self.root / "regulations" / "texts"

    @property
    def manifest_path(self):
        return self.root / "regulations" / "manifest.json"

    @property
    def index_dir(self):
        return self.root / "instance" / "index"
