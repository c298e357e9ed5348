"""Composition root: ``smkdesk`` starts the desktop app, ``smkdesk COMMAND`` the CLI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def wants_debug(argv: Sequence[str]) -> bool:
    """``--debug`` among the options, read before the full parse so that the
    log is verbose from the first line (the parser accepts it too)."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    early.add_argument("--debug", action="store_true")
    known, _rest = early.parse_known_args(list(argv))
    return bool(known.debug)


def main(argv: Sequence[str] | None = None) -> int:
    from smkdesk.cli import run
    from smkdesk.diagnostics import setup_logging

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        setup_logging(debug=wants_debug(args))
    except OSError as exc:  # a log folder that cannot be written never stops the app
        print(f"smkdesk: no log file ({exc.strerror or exc})", file=sys.stderr)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
