"""The ``govmedia-lint`` command: ``--version`` answered before the CLI is imported.

Importing ``cli`` loads typer, pydantic and the account schema (~0.15 s; the check kinds a run's rules
name come later, ``engine/kinds.py``); a version query needs none of it. Anything else is the typer app.

The import allocates ~80,000 objects that live as long as the process (modules, classes, pydantic
validators) and no garbage. Collecting meanwhile only walks them again and again, and so would every
later full collection: the collector is off while importing, and ``gc.freeze`` then moves what the
import made out of its reach. This took ~0.2 s off a one-file check .

pydantic looks for plugins when it builds its first model: the entry points of every installed
distribution (``importlib.metadata``), ~5 ms of every start. The tool uses none, and a plugin observing
validation has no business in a compliance check's run: ``PYDANTIC_DISABLE_PLUGINS`` (pydantic's switch)
is set unless the user set it. With the switch at "none at all", pydantic's lookup module still imports
``importlib.metadata`` (and with it email, zipfile, csv and socket: ~6 ms) only to return no plugins; it is
replaced by a module whose ``get_plugins`` returns none, which is what pydantic's own returns then.

A check ends without the interpreter's teardown (``ending.py``).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import types

#: what an interrupted run says, once, on stderr (Ctrl-C, or SIGTERM from CI's timeout)
INTERRUPTED = "govmedia-lint: 已中断"


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM: one line, no traceback, exit 128+N. Raised as ``SystemExit`` in the main process, so
    ``finally`` blocks run: the worker pool is terminated (its workers die quietly, ``runner._init_worker``),
    temporary files and folders are removed, a report being written is never left half-written."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)  # a second Ctrl-C while cleaning up: still one line
    try:
        print(INTERRUPTED, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
    raise SystemExit(128 + signum)


#: the values of ``PYDANTIC_DISABLE_PLUGINS`` with which pydantic looks up no plugin at all
NO_PLUGINS = ("__all__", "1", "true")
#: pydantic's plugin lookup: ``get_plugins`` is the one name pydantic takes from it
PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugin_lookup() -> None:
    """With plugins switched off, pydantic's lookup module without its ``importlib.metadata`` import."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in NO_PLUGINS and PLUGIN_LOADER not in sys.modules:
        loader = types.ModuleType(PLUGIN_LOADER, "pydantic's plugin lookup, plugins switched off (govmedia_lint.entry)")
        loader.get_plugins = lambda: ()
        sys.modules[PLUGIN_LOADER] = loader


def main() -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _interrupted)
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        print(f"govmedia-lint {__version__}")
        return
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_lookup()
    gc.disable()
    try:
        from .cli.app import app_for

        app = app_for(sys.argv[1:])  # the command being run, not every command (cli/app.py)
    finally:
        gc.enable()
    gc.freeze()
    from . import ending

    ending.begin()
    try:
        app()
    except SystemExit as done:
        if done.code is None or type(done.code) is int:
            ending.exit_now(done.code or 0)
        raise
