"""The ``nbtools`` command line: ``nbtools build`` for authors, ``nbtools release`` for instructors."""

import argparse
import sys
from pathlib import Path

from .notebooks import ReleaseError, learner_copy_path, release_file


def main(argv=None):
    """Parse the command line and run one subcommand; exit status 0 on success, 1 on a clear error."""
    parser = argparse.ArgumentParser(prog="nbtools", description="Tools for the learn-by-derivation workbook.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="execute every text twin in authoring/ into its notebook, "
                                              "then release the exercises' learner copies")
    build.add_argument("--root", default=".", help="the workbook's folder (default: the current one)")
    build.add_argument("--only", help="build only notebooks whose name contains this text, e.g. 01_")

    release = commands.add_parser("release", help="write learner copies of instructor exercise sources")
    release.add_argument("sources", nargs="*", type=Path,
                         help="source notebooks (default: exercises/source/*.ipynb)")
    release.add_argument("--out", type=Path, default=None,
                         help="folder for the learner copies (default: the folder above each source)")

    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from .authoring import build as build_all

            build_all(args.root, args.only)
        else:
            _release(args.sources or sorted(Path("exercises/source").glob("*.ipynb")), args.out)
    except (ReleaseError, FileNotFoundError, ImportError) as error:
        print(f"nbtools {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


def _release(sources, out):
    """Release each source into ``out`` (or next to the ``source/`` folder it lives in)."""
    if not sources:
        raise FileNotFoundError("no source notebooks given and none in exercises/source/")
    for source in sources:
        target = out / source.name if out else learner_copy_path(source.resolve())
        release_file(source, target)
        print(f"released {source} -> {target}")
