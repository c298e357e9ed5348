"""Composition root: ``smkdesk`` starts the desktop app, ``smkdesk COMMAND`` the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from smkdesk.cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
