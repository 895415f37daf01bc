"""The command line: one typer application; each command lives in its own module and registers itself.

Options come from one table (``settings/options.py``); the commands that check a register share one run
plan (``run/plan.py``) and one judgement (``policy/pipeline.py``).

A run builds the application with the command it runs only (``app_for``): ``check`` neither imports the
other commands' modules nor has typer build their options (~10 ms of every start). ``app``, every command,
is built on first use: help, an unknown command, shell completion, the tests and the generated docs.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from functools import cache

import typer

from .. import __version__
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, stderr_line, stdout
from .help import ChineseGroup

#: and ``app`` (built on first use)
__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "app_for", "fail", "full_app", "stderr_line", "stdout"]


def _version(value: bool) -> None:
    if value:
        print(f"govmedia-lint {__version__}")
        raise typer.Exit()


def main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="显示版本并退出。"),
) -> None:
    """政务新媒体合规检查。"""


def _module(name: str) -> Callable[[typer.Typer], None]:
    """A command module of this package (``cli/check.py`` …) that registers its commands."""

    def register(app: typer.Typer) -> None:
        importlib.import_module(f"{__package__}.{name}").register(app)

    return register


def _import(app: typer.Typer) -> None:
    from ..importing.command import import_command

    app.command("import")(import_command)


def _calendar(app: typer.Typer) -> None:
    from ..calendar_command import calendar_app

    app.add_typer(calendar_app)


def _init(app: typer.Typer) -> None:
    from ..newaccount import init_command

    app.command("init")(init_command)


_REFERENCE = _module("reference")
#: each command and what registers it, in the order of the help page (``reference`` registers four)
COMMANDS: dict[str, Callable[[typer.Typer], None]] = {
    **{name: _module(name) for name in ("check", "score", "due", "report", "text", "reconcile")},
    **dict.fromkeys(("explain", "rules", "packs", "schema"), _REFERENCE),
    "import": _import, "calendar": _calendar, "init": _init,
}


def _new_app(registers: list[Callable[[typer.Typer], None]]) -> typer.Typer:
    app = typer.Typer(
        name="govmedia-lint",
        help="政务新媒体合规检查：按各地规则包检查账号登记文件。",
        no_args_is_help=True,
        add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
        rich_markup_mode=None,
        cls=ChineseGroup,  # help and usage errors in Chinese (cli/help.py)
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(main)
    for register in registers:
        register(app)
    return app


@cache
def full_app() -> typer.Typer:
    """The application with every command."""
    return _new_app(list(dict.fromkeys(COMMANDS.values())))


def app_for(args: list[str]) -> typer.Typer:
    """The application for the command line ``args``: with the command they name only, or with every command
    (no command, an option first, an unknown command: help and suggestions list them all; shell completion)."""
    register = COMMANDS.get(args[0]) if args else None
    if register is None or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return full_app()
    return _new_app([register])


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
