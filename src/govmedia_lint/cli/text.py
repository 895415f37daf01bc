"""``text``: check drafts before they are published (``commands/text.py``)."""

from __future__ import annotations

import sys
from typing import List

import typer

from ..commands.text import check_drafts, exit_code
from ..render.text import FORMATS, render
from .common import EXIT_OK, planned
from .options import Invocation, command

FILES = ("files", List[str], typer.Argument(..., help="草稿文件（txt、md、docx、html）；- 为标准输入。"))


def register(app: typer.Typer) -> None:
    @command(app, "text", formats=FORMATS, arguments=[FILES])
    def text(args: Invocation) -> None:
        """检查待发布稿件的文字：规范表述与错敏词、疑似错别字、个人信息、商业广告与外链，注明条款。退出码：0 无问题，1 有达到 --fail-on 级别的问题，2 错误。"""
        settings = args.settings()
        findings, files = planned(lambda: check_drafts(settings, args["files"]))
        sys.stdout.write(render(findings, files, settings.format))
        code = exit_code(findings, settings.fail_on)
        if code != EXIT_OK:
            raise typer.Exit(code)
