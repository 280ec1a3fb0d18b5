"""Index generations: the one owner of which generation is current and what it holds.

Each build writes a folder `gen-<ns>-<pid>` and then switches the CURRENT pointer with one
atomic rename. A generation never changes after the switch, so whoever read the pointer
once (a request, a CLI run) keeps a consistent index for as long as it holds it. The state
file of a generation records the sha256 of every regulation it indexed, by slug: the
Library of the same generation is rebuilt from exactly those texts."""

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from kb.home import CATALOG_PATH
from kb.index.schema import SCHEMA_VERSION
from kb.store import atomic_write

POINTER = "CURRENT"
STATE = "regkb-state.json"
PREFIX = "gen-"
KB_DIR = Path(__file__).resolve().parents[1]
# Everything that shapes a stored field: when any of it changes, every regulation is redone.
DOCUMENT_CODE = ("model.py", "numerals.py", "sources/readers.py", "sources/parser.py", "legal/__init__.py",
                 "legal/words.py", "legal/clauses.py", "legal/links.py", "slugs.py", "analysis.py", "index/schema.py",
                 "jurisdiction.py")
HOME_PART = ""          # the generation folder itself: the home jurisdiction's texts
WIDE_PART = "wide"      # a subfolder: every text, when some are not the home's
DOCUMENT_DATA = "data/*.txt"


@dataclass(frozen=True)
class Generation:
    path: Path
    signature: str = ""
    regulations: dict = field(default_factory=dict)     # slug → sha256 of the indexed text
    parts: dict = field(default_factory=dict)           # part → {slug: sha256} it indexed
    home: str = ""                                      # the home jurisdiction of HOME_PART

    @property
    def name(self) -> str:
        return self.path.name

    def part_path(self, part: str) -> Path | None:
        """The index folder of one part (HOME_PART, WIDE_PART); None when it was not built."""
        if part not in self.parts:
            return None
        return self.path / part if part else self.path


def engine_signature() -> str:
    digest = hashlib.sha256(str(SCHEMA_VERSION).encode())
    # The catalog gives titles, which the `context` field indexes.
    paths = [KB_DIR / name for name in DOCUMENT_CODE] + sorted(KB_DIR.glob(DOCUMENT_DATA)) + [CATALOG_PATH]
    for path in paths:
        if not path.exists():       # a benchmark's copy of kb/ has no catalog beside it
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def current(index_dir: Path) -> Generation | None:
    """The generation CURRENT points at, with its state; None before the first build."""
    index_dir = Path(index_dir)
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = index_dir / name
    if not name.startswith(PREFIX) or "/" in name or not path.is_dir():
        return None
    state = _read_state(path)
    regulations = dict(state.get("regulations", {}))
    parts = state.get("parts") or {HOME_PART: regulations}
    return Generation(path=path, signature=state.get("signature", ""), regulations=regulations,
                      parts=dict(parts), home=state.get("home", ""))


def current_name(index_dir: Path) -> str | None:
    """Only the pointer: the cheap check a server makes once per request."""
    try:
        name = (Path(index_dir) / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return name if name.startswith(PREFIX) else None


def _read_state(path: Path) -> dict:
    try:
        data = json.loads((path / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def new_folder(index_dir: Path) -> Path:
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    return index_dir / f"{PREFIX}{time.time_ns()}-{os.getpid()}"


def write_state(path: Path, signature: str, regulations: dict, parts: dict | None = None, home: str = "") -> None:
    state = {"signature": signature, "regulations": regulations,
             "parts": parts or {HOME_PART: regulations}, "home": home}
    atomic_write(path / STATE, json.dumps(state, ensure_ascii=False).encode("utf-8"))


def switch(index_dir: Path, path: Path) -> None:
    atomic_write(Path(index_dir) / POINTER, path.name.encode("utf-8"))


def remove_others(index_dir: Path, keep: set) -> None:
    for path in Path(index_dir).glob(f"{PREFIX}*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
