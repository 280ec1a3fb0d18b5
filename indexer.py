"""Build or update the clause index: `python indexer.py [--home DIR] [--full]`, the same
code path as `regkb index`."""

import sys

from regkb.cli import main

if __name__ == "__main__":
    sys.exit(main(["index"] + sys.argv[1:]))
