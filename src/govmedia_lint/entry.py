"""The ``govmedia-lint`` command: ``--version`` answered before the CLI (and every check kind) is imported.

Importing ``cli`` loads the schema, the check kinds and pydantic (~0.3 s); a version query needs none
of it. Anything else is the typer app.

The import allocates ~80,000 objects that live as long as the process (modules, classes, pydantic
validators) and no garbage. Collecting meanwhile only walks them again and again, and so would every
later full collection: the collector is off while importing, and ``gc.freeze`` then moves what the
import made out of its reach. This took ~0.2 s off a one-file check (issue 13, notes/startup.md).
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        print(f"govmedia-lint {__version__}")
        return
    gc.disable()
    try:
        from .cli.app import app
    finally:
        gc.enable()
    gc.freeze()
    app()
