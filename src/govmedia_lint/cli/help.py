"""The whole command line in Chinese: help pages, usage lines and usage errors.

typer and the click it vendors print their own words in English ("Usage:",
"Options:", "Show this message and exit.", "No such option: …"). The app's
group and command classes translate them: help text through ``get_help`` and
``get_usage``, usage errors by running the command in non-standalone mode and
printing the error ourselves (exit 2, as before). Every command registered on
the app, including those other modules add, gets the Chinese command class
(``ChineseGroup.get_command``). Metavars typer derives from Python types
(``<list[Path]>``) are shown as words (``<路径>``).
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any

import typer
import typer.core
from rich.cells import cell_len
from typer.core import TyperCommand, TyperGroup

_click: Any = getattr(typer.core, "_click", None)
if _click is None:  # pragma: no cover - typer before it vendored click
    import click as _click  # type: ignore[no-redef]

from ..render.sanitize import visible  # noqa: E402


@cache
def _help_patterns() -> list[tuple[re.Pattern, str]]:
    """typer's English words -> Chinese (compiled on first help or usage line, not at every start-up)."""
    return [
        (re.compile(r"^Usage: ", re.M), "用法："),
        (re.compile(r"^Options:$", re.M), "选项："),
        (re.compile(r"^Arguments:$", re.M), "参数："),
        (re.compile(r"^Commands:$", re.M), "命令："),
        (re.compile(r"\[OPTIONS\]"), "[选项]"),
        (re.compile(r"COMMAND \[ARGS\]\.\.\."), "命令 [参数]..."),
        (re.compile(r"Show\s+this\s+message\s+and\s+exit\."), "显示本帮助并退出。"),
        (re.compile(r"Install\s+completion\s+for\s+the\s+current\s+shell\."), "为当前 shell 安装命令补全。"),
        (re.compile(r"Show\s+completion\s+for\s+the\s+current\s+shell,\s+to\s+copy\s+it\s+or\s+customize\s+the"
                    r"\s+installation\."), "显示当前 shell 的命令补全脚本，可复制或自行安装。"),
        (re.compile(r"\[default: ([^\]]*)\]"), r"[默认：\1]"),
        (re.compile(r"\[required\]"), "[必填]"),
        (re.compile(r"\[env var: ([^\]]*)\]"), r"[环境变量：\1]"),
    ]


#: type names typer shows as metavars -> words; the columns after them keep their alignment
_METAVARS = {"<list[Path]>": "<路径>", "<Path>": "<路径>", "<path>": "<路径>", "<list[str]>": "<文本>",
             "<str>": "<文本>", "<text>": "<文本>", "<int>": "<整数>", "<integer>": "<整数>", "<float>": "<数>"}


@cache
def _metavar_pattern() -> re.Pattern:
    return re.compile("(" + "|".join(re.escape(k) for k in _METAVARS) + ")( *)")


def _metavar(match: re.Match) -> str:
    old, spaces = match.group(1), match.group(2)
    new = _METAVARS[old]
    if not spaces:
        return new
    pad = len(spaces) + len(old) - cell_len(new)
    return new + " " * max(2 if len(spaces) >= 2 else 1, pad)


@cache
def _error_patterns() -> list[tuple[re.Pattern, Any]]:
    """click's usage errors -> Chinese (compiled on the first usage error)."""
    return [
        (re.compile(r"^No such option: (\S+)\s*(?:\(Possible options: (.*)\)|Did you mean (.*)\?)?$"),
         lambda m: f"没有选项 {m[1]}" + (f"；是否是 {m[2] or m[3]}？" if m[2] or m[3] else "")),
        (re.compile(r"^No such command '(.*?)'\.?(?: Did you mean (.*)\?)?$"),
         lambda m: f"没有命令 {m[1]!r}" + (f"；是否是 {m[2]}？" if m[2] else "")),
        (re.compile(r"^Missing argument '(.*)'\.?$"), lambda m: f"缺少参数 {m[1]}"),
        (re.compile(r"^Missing option '(.*)'\.?$"), lambda m: f"缺少选项 {m[1]}"),
        (re.compile(r"^Option '(.*)' requires an argument\.?$"), lambda m: f"选项 {m[1]} 需要一个值"),
        (re.compile(r"^Option '(.*)' does not take a value\.?$"), lambda m: f"选项 {m[1]} 不接受值"),
        (re.compile(r"^Got unexpected extra arguments? \((.*)\)$"), lambda m: f"多余的参数：{m[1]}"),
        (re.compile(r"^Invalid value for (.*?): '(.*)' is not a valid integer\.?$"),
         lambda m: f"{m[1]} 应为整数，实际为 {m[2]!r}"),
        (re.compile(r"^Invalid value for (.*?): (.*?) is not in the range (.*)\.?$"),
         lambda m: f"{m[1]} 的值 {m[2]} 不在范围 {m[3]} 内"),
        (re.compile(r"^Invalid value for (.*?): .*valid integer.*$"), lambda m: f"{m[1]} 应为整数"),
        (re.compile(r"^Invalid value for (.*?): (.*)$"), lambda m: f"{m[1]} 的值无效：{m[2]}"),
    ]


def translate_help(text: str) -> str:
    text = _metavar_pattern().sub(_metavar, text)
    for pattern, replacement in _help_patterns():
        text = pattern.sub(replacement, text)
    return text


def translate_error(message: str) -> str:
    for pattern, replacement in _error_patterns():
        match = pattern.match(message.strip())
        if match:
            return replacement(match)
    return message


class ChineseCommand(TyperCommand):
    def get_help(self, ctx: Any) -> str:
        return translate_help(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return translate_help(super().get_usage(ctx))


class ChineseGroup(TyperGroup):
    def get_help(self, ctx: Any) -> str:
        return translate_help(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return translate_help(super().get_usage(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if type(command) is TyperCommand:  # every command of the app, however it was registered
            command.__class__ = ChineseCommand
        return command

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            code = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                                **extra)
        except _click.exceptions.UsageError as error:
            hint = ""
            if error.ctx is not None:
                hint = f"{error.ctx.get_usage()}\n用 {error.ctx.command_path} -h 查看帮助。\n"
            sys.stderr.write(visible(hint, keep_newlines=True)
                             + visible(f"govmedia-lint: 错误：{translate_error(error.format_message())}") + "\n")
            code = error.exit_code
        except _click.exceptions.ClickException as error:
            sys.stderr.write(visible(f"govmedia-lint: 错误：{translate_error(error.format_message())}") + "\n")
            code = error.exit_code
        except typer.Abort:
            sys.stderr.write("govmedia-lint: 已中止\n")
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)
