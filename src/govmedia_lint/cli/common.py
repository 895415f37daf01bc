"""What every command prints and how it ends: messages to stderr, usage errors (exit 2), written outputs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, TypeVar

import typer

from ..policy.pipeline import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from ..render.sanitize import visible
from ..render.terminal import console as make_console
from ..run.plan import PlanError
from ..safeio import check_output_path, write_output

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "emit", "fail", "planned", "stderr_line", "stdout",
           "usable_output"]

T = TypeVar("T")


def stdout() -> Console:
    return make_console()


def stderr_line(message: str) -> None:
    make_console(stderr=True).print(visible(f"govmedia-lint: {message}"), soft_wrap=True)  # paths unbroken


def fail(message: str) -> typer.Exit:
    """Say what is wrong on stderr; raise the result to end the command with exit 2."""
    stderr_line(f"错误：{message}")
    return typer.Exit(EXIT_ERROR)


def planned(step: Callable[[], T]) -> T:
    """Run a step that may refuse the run (``PlanError``) and turn a refusal into a usage error."""
    try:
        return step()
    except PlanError as exc:
        raise fail(str(exc)) from None


def usable_output(fmt: str, output: Optional[Path], binary: set[str] | frozenset[str] = frozenset(),
                  *more: Optional[Path]) -> None:
    """Before the run: a binary format needs a file, and a bad output path must not cost a whole check."""
    if fmt in binary and output is None and sys.stdout.isatty():
        raise fail(f"{fmt} 是二进制格式，请用 --output 指定输出文件")
    for target in (output, *more):
        problem = check_output_path(target) if target is not None else None
        if problem:
            raise fail(problem)


def emit(text: str | bytes, output: Optional[Path]) -> None:
    """Write to ``output`` atomically, or to stdout; a full disk or a vanished folder leaves no truncated
    report behind and is exit 2, not 1."""
    try:
        write_output(output, text)
    except OSError as exc:
        raise fail(f"无法写入输出文件 {output}：{exc.strerror or exc}") from None
