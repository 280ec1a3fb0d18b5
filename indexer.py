"""Build or update the clause index: `python indexer.py [--home DIR] [--full]`."""

import argparse
import sys

from kb.cli import main


def run(argv):
    parser = argparse.ArgumentParser(prog="indexer.py", description="建立或更新检索索引")
    parser.add_argument("--home")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args(argv)
    forwarded = (["--home", args.home] if args.home else []) + ["index"]
    return main(forwarded + (["--full"] if args.full else []))


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
