"""Typer commands whose options come from the option table (``settings/options.py``).

``command(app, name, formats=...)`` registers a function ``body(args: Invocation)`` as a typer command with
one parameter per option the table gives that command (flag, help, type), plus the command's own
positional ``arguments``. The body receives the raw values, and ``Invocation.settings()`` resolves them with
the configuration file into the frozen ``Settings`` once.
"""

from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from ..settings import ConfigError, Settings, load_config, resolve
from ..settings.options import BY_KEY, Option, options_of
from .common import fail

#: option type -> (annotation, default) of its typer parameter; None: "not given"
_TYPER = {
    "list": (Optional[List[str]], None),
    "str": (Optional[str], None),
    "choice": (Optional[str], None),
    "date": (Optional[str], None),
    "path": (Optional[Path], None),
    "paths": (Optional[List[Path]], None),
    "bool": (bool, False),
    "switch": (Optional[bool], None),
    "int": (Optional[int], None),
}


@dataclass
class Invocation:
    """One command line: its positional arguments and raw option values, as typer parsed them."""

    command: str
    values: dict[str, Any]
    formats: tuple[str, ...] = ()

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def settings(self, paths: Optional[list[Path]] = None) -> Settings:
        """The configuration file (``--config``, else found from the checked paths) under the command line.
        ``--show-config`` prints them and ends the command here: what it prints is what would run."""
        cli = {key: _parsed(key, value, self) for key, value in self.values.items()}
        try:
            config = load_config(cli.get("config_file"), paths or [Path(".")])
            settings = resolve(config, **cli)
        except ConfigError as exc:
            raise fail(str(exc)) from None
        if settings.show_config:
            sys.stdout.write(settings.to_toml(self.command))
            raise typer.Exit(0)
        return settings


def _parsed(key: str, value: Any, invocation: Invocation) -> Any:
    """A command-line value in the type the settings hold (lists split on commas, dates parsed)."""
    option = BY_KEY.get(key)
    if option is None or value is None:
        return value
    if option.type == "list":
        return [part.strip() for item in value for part in item.split(",") if part.strip()]
    if option.type == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise fail(f"{option.flag} 应为 YYYY-MM-DD 日期，实际为 {value!r}") from None
    if option.type == "choice" and value not in option.choices:
        raise fail(f"{option.flag} 应为 {'|'.join(option.choices)}，实际为 {value!r}")
    if key == "format" and invocation.formats and value not in invocation.formats:
        raise fail(f"--format 应为 {'|'.join(invocation.formats)}，实际为 {value!r}")
    if option.type == "int" and value < 1:
        raise fail(f"{option.flag} 应为不小于 1 的整数，实际为 {value}")
    return value


def _parameter(option: Option, formats: tuple[str, ...]) -> inspect.Parameter:
    annotation, default = _TYPER[option.type]
    help_text = option.help
    if option.key == "format" and formats:
        help_text = f"输出格式：{'|'.join(formats)}。"
    if option.key == "format":
        default = formats[0] if formats else option.default
    flags = [option.flag] + ([option.short] if option.short else [])
    if option.type == "switch":  # "--score/--no-score" is one declaration
        flags = [option.flag]
    return inspect.Parameter(option.key, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                             default=typer.Option(default, *flags, help=help_text))


def command(app: typer.Typer, name: str, *, formats: tuple[str, ...] = (), table: str | None = None,
            arguments: Optional[list[tuple[str, Any, Any]]] = None) -> Callable:
    """Register ``body(Invocation)`` as command ``name``. ``table``: whose options it takes (default: the
    command's own name in the option table); ``arguments``: (name, annotation, typer.Argument) of its
    positional arguments, before the options."""

    def register(body: Callable[[Invocation], None]) -> Callable:
        params = [inspect.Parameter(arg, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation, default=default)
                  for arg, annotation, default in arguments or []]
        params += [_parameter(option, formats) for option in options_of(table or name) if option.flag]

        def typer_command(**values: Any) -> None:
            body(Invocation(name, values, formats))

        typer_command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        typer_command.__annotations__ = {p.name: p.annotation for p in params}
        typer_command.__doc__ = body.__doc__
        typer_command.__name__ = body.__name__
        app.command(name)(typer_command)
        return body

    return register


#: the positional account files or folders of every command that checks a register
PATHS = ("paths", List[Path], typer.Argument(None, help="账号文件或目录（递归查找 *.yaml/*.yml），默认当前目录。"))
