"""The end of a ``govmedia-lint`` process: a check's results live to the end, and the process then exits
without tearing the interpreter down.

Freeing a run's objects one by one when the command returns, then the interpreter's teardown, cost ~0.1 s of
an edited run of 1,000 many-findings accounts (millions of objects): memory the operating system takes back
at once when the process ends. mypy ends the same way (``mypy.util.hard_exit``). Only the installed command
ends so (``entry.main`` calls ``begin``), and only after a command kept something (``check``): every other
command, and a command run in a test or from a library, exits as usual and keeps nothing.
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import Any

#: what lives to the end of the process (None: the process ends as usual, nothing is kept)
_kept: list[Any] | None = None


def begin() -> None:
    """This process ends by ``exit_now``: from now on ``keep`` keeps."""
    global _kept
    _kept = []


def keep(*objects: Any) -> None:
    """Keep ``objects`` alive to the end of the process (nothing, unless ``begin`` was called)."""
    if _kept is not None:
        _kept.extend(objects)


def exit_now(code: int) -> None:
    """End the process with ``code`` without the interpreter's teardown, once the exit handlers ran (what
    ``atexit`` was given: coverage's data, for one) and stdout and stderr are flushed; returns (and the usual
    exit follows) if nothing was kept or a stream cannot be flushed (a closed pipe: the usual exit says so)."""
    if not _kept:
        return
    atexit._run_exitfuncs()  # what the usual exit runs first (CPython's own function for it)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
