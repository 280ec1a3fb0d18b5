"""Write kb/data/collections/<name>.tsv (path, bytes, sha256) from a local mirror of
LawRefBook/Laws at the pinned commit:

    python tools/collection_manifest.py ../shared/corpus/lawrefbook shandong national
"""

import sys
from pathlib import Path

from kb.collections import COLLECTIONS_DIR, MANIFEST_FIELDS, manifest_rows


def write_manifest(mirror: Path, name: str) -> int:
    rows = manifest_rows(mirror, name)
    lines = ["\t".join(MANIFEST_FIELDS)] + ["\t".join(map(str, row)) for row in rows]
    COLLECTIONS_DIR.mkdir(parents=True, exist_ok=True)
    (COLLECTIONS_DIR / f"{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list) -> int:
    mirror, names = Path(argv[0]), argv[1:] or ["shandong", "national"]
    for name in names:
        print(f"{name}: {write_manifest(mirror, name)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
