"""``check``: the typer side (options from the table, usage errors, output); the run is ``commands/check.py``."""

from __future__ import annotations

import sys

import typer

from ..render import BINARY_FORMATS, FORMATS
from .common import EXIT_OK, emit, fail, planned, stderr_line, usable_output
from .options import PATHS, Invocation, command


class _Progress:
    """The progress bar of a run of ``total`` files, advanced once per finished file (``check_files``)."""

    def __init__(self, total: int, fmt: str):
        from ..render.progress import track

        self._ticker = track(range(total), fmt)

    def __call__(self, done: int) -> None:  # the bar (and its thread) starts once the workers are started
        for _ in range(2 if done == 1 else 1):
            next(self._ticker, None)

    def close(self) -> None:
        self._ticker.close()


def register(app: typer.Typer) -> None:
    @command(app, "check", formats=tuple(FORMATS), arguments=[PATHS])
    def check(args: Invocation) -> None:
        """检查账号文件，输出问题清单。退出码：0 无问题，1 有达到 --fail-on 级别的问题（基线中已知的问题除外），2 用法/配置/输入错误。"""
        from ..calendar_command import provisional_notice
        from ..commands.check import check as run_check

        settings = args.settings(args["paths"])
        if settings.statistics and settings.format not in ("table", "json"):
            raise fail("--statistics 只用于 table 或 json 格式")
        usable_output(settings.format, settings.output, BINARY_FORMATS, settings.write_baseline)
        label = "quiet" if settings.quiet else settings.format
        outcome = planned(lambda: run_check(settings, args["paths"], lambda total: _Progress(total, label)))
        if not settings.quiet:
            for line in outcome.warnings:
                stderr_line(line)
        if outcome.message_only:
            sys.stdout.write(outcome.text)
        else:
            text = outcome.text
            if isinstance(text, bytes) and settings.output is None and settings.format not in BINARY_FORMATS:
                text = text.decode("utf-8")  # JSON and SARIF are rendered as UTF-8: stdout takes text in its encoding
            emit(text, settings.output)
            if not settings.quiet:
                provisional_notice(outcome.provisional_years)
        if outcome.exit_code != EXIT_OK:
            raise typer.Exit(outcome.exit_code)
