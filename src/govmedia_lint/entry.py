"""The ``govmedia-lint`` command: ``--version`` answered before the CLI (and every check kind) is imported.

Importing ``cli`` loads the schema, the check kinds and pydantic (~0.5 s); a version query needs none
of it. Anything else is the typer app.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        print(f"govmedia-lint {__version__}")
        return
    from .cli import app

    app()
