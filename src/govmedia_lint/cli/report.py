"""``report``: the 通报 of a period (``commands/report.py``)."""

from __future__ import annotations

import typer

from ..commands.report import BINARY, FORMATS, period_report
from .common import EXIT_ERROR, emit, planned, usable_output
from .options import PATHS, Invocation, command


def register(app: typer.Typer) -> None:
    @command(app, "report", formats=FORMATS, arguments=[PATHS])
    def report(args: Invocation) -> None:
        """期间通报：各单位排名、问题按规则和按单位统计、评分（南通附件2），可与上期对比。退出码：0 完成，2 错误。"""
        settings = args.settings(args["paths"])
        usable_output(settings.format, settings.output, BINARY)
        text, complete = planned(lambda: period_report(settings, args["paths"]))
        emit(text, settings.output)
        if not complete:
            raise typer.Exit(EXIT_ERROR)
