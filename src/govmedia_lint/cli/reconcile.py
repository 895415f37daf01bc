"""``reconcile``: the register against a roster (``commands/reconcile.py``), in the formats of ``check``."""

from __future__ import annotations

from pathlib import Path

import typer

from ..commands.reconcile import BINARY, FORMATS, exit_code, reconcile, rendered
from .common import EXIT_OK, emit, planned, usable_output
from .options import PATHS, Invocation, command

ROSTER = ("roster", Path, typer.Argument(..., help="名册文件：全国政务新媒体信息报送系统的导出、平台或主管单位的账号清单"
                                              "（xlsx、xls、csv 或网页表格）。"))


def register(app: typer.Typer) -> None:
    @command(app, "reconcile", formats=FORMATS, arguments=[ROSTER, PATHS])
    def reconcile_command(args: Invocation) -> None:
        """核对登记与名册（全国系统导出等）。 名册有而登记无、登记运行中而名册无、登记已关停而名册仍列、名称/主办单位/平台/认证主体不一致、重复。退出码同 check：0 无问题，1 有达到 --fail-on 级别的问题，2 用法/输入错误。"""
        settings = args.settings(args["paths"])
        usable_output(settings.format, settings.output, BINARY)
        done = planned(lambda: reconcile(settings, args["roster"], args["paths"]))
        emit(rendered(settings, done), settings.output)
        code = exit_code(done.result, settings.fail_on)
        if code != EXIT_OK:
            raise typer.Exit(code)
