"""The command line: one typer application; each command lives in its own module and registers itself.

Options come from one table (``settings/options.py``); the commands that check a register share one run
plan (``run/plan.py``) and one judgement (``policy/pipeline.py``).
"""

from __future__ import annotations

import typer

from .. import (
    __version__,
    checks,  # noqa: F401  (registers the check kinds)
)
from ..calendar_command import calendar_app
from ..importing.command import import_command
from ..newaccount import init_command
from . import check, due, reconcile, reference, report, score, text
from .common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, stderr_line, stdout
from .help import ChineseGroup

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "app", "fail", "stderr_line", "stdout"]

app = typer.Typer(
    name="govmedia-lint",
    help="政务新媒体合规检查：按各地规则包检查账号登记文件。",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    rich_markup_mode=None,
    cls=ChineseGroup,  # help and usage errors in Chinese (cli/help.py)
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"govmedia-lint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="显示版本并退出。"),
) -> None:
    """政务新媒体合规检查。"""


for module in (check, score, due, report, text, reconcile, reference):
    module.register(app)
app.command("import")(import_command)
app.add_typer(calendar_app)
app.command("init")(init_command)
