"""``due``: the register's open obligations with their deadlines (``commands/due.py``)."""

from __future__ import annotations

import typer

from ..commands.due import agenda
from ..render.due import BINARY, FORMATS, render
from .common import EXIT_ERROR, EXIT_FINDINGS, emit, planned, usable_output
from .options import PATHS, Invocation, command


def register(app: typer.Typer) -> None:
    @command(app, "due", formats=FORMATS, arguments=[PATHS])
    def due(args: Invocation) -> None:
        """列出每个账号尚未到期和已逾期的义务（报备、公告、答复、更新……）及其期限，逾期在前。退出码：0 无逾期，1 有逾期，2 错误。"""
        settings = args.settings(args["paths"])
        usable_output(settings.format, settings.output, BINARY)
        shown = planned(lambda: agenda(settings, args["paths"]))
        emit(render(shown, settings.format, mask=not settings.no_mask), settings.output)
        if shown.result.incomplete:
            raise typer.Exit(EXIT_ERROR)
        if any(item.overdue for item in shown.items):
            raise typer.Exit(EXIT_FINDINGS)
