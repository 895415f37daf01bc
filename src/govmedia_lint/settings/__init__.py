"""Settings: the command line over the configuration file over the defaults, resolved once per command.

``resolve`` gives a frozen ``Settings``; every command receives it and nothing changes it afterwards, so
what ``--show-config`` prints is what runs. The options themselves are declared in ``options.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from .config_file import Config, ConfigError, load_config, period_bounds
from .options import BY_KEY, OPTIONS, Option

__all__ = ["Config", "ConfigError", "Settings", "load_config", "period_bounds", "resolve"]

COMMAND_LINE = "命令行"
DEFAULT = "默认值"


class Settings:
    """The effective value of every option (``settings.fail_on`` …) and where each came from (``origins``)."""

    __slots__ = ("_values", "origins", "config_file")

    def __init__(self, values: dict[str, Any], origins: dict[str, str], config_file: Optional[Path]):
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "origins", dict(origins))
        object.__setattr__(self, "config_file", config_file)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("Settings are resolved once and never changed")

    def __repr__(self) -> str:  # part of the stored-report key: every value, in a fixed order
        return "Settings(" + ", ".join(f"{k}={self._values[k]!r}" for k in sorted(self._values)) + ")"

    def given(self, **values: Any) -> "Settings":
        """These settings with some values fixed by the command itself (``report --period``: its dates)."""
        origins = {**self.origins, **{key: "命令" for key in values}}
        return Settings({**self._values, **values}, origins, self.config_file)

    def to_toml(self, command: str = "check") -> str:
        """The effective configuration as TOML, each value commented with its origin; options of the command
        line only are shown as comments when given."""
        lines = [f"# 生效的配置（配置文件：{self.config_file or '无'}）"]
        tables: list[str] = []
        for option in OPTIONS:
            if command not in option.commands or option.key in ("config_file", "show_config"):
                continue
            value, origin = self._values.get(option.key), self.origins.get(option.key, DEFAULT)
            if option.type == "packs-table":
                for pack_id, ref in (value or {}).items():
                    tables += ["", f"[packs.{_toml(pack_id)}]  # {origin}", f"acknowledged = {_toml(ref)}"]
            elif option.type == "table":
                tables += ["", f"[{option.config}]  # {origin}"]
                tables += [f"{_toml(code)} = {_toml(level)}" for code, level in (value or {}).items()]
            elif option.config is None:
                if origin == COMMAND_LINE:
                    lines.append(f"# {option.flag} = {_toml(value)}  # 命令行（只用于命令行）")
            elif value is None:
                lines.append(f"# {option.config} 未设置" + ("（今天，北京时间）" if option.key == "as_of" else ""))
            else:
                lines.append(f"{option.config} = {_toml(value)}  # {origin}")
        return "\n".join(lines + tables) + "\n"


def _toml(item: Any) -> str:
    if isinstance(item, (list, tuple)):
        return "[" + ", ".join(_toml(i) for i in item) + "]"
    if isinstance(item, Path):
        item = item.as_posix()
    if hasattr(item, "isoformat"):
        return item.isoformat()
    return json.dumps(item, ensure_ascii=False)


def _given(value: Any) -> bool:
    return value not in (None, [], {}, False)


def resolve(config: Config, **cli: Any) -> Settings:
    """Command-line values (None, empty or False: not given) over the file's, over the defaults."""
    source = f"配置文件 {config.file}" if config.file else ""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for option in OPTIONS:
        given = cli.get(option.key)
        from_file = config.values.get(option.key) if option.config else None
        if _given(given) or (option.type == "switch" and given is not None):
            values[option.key], origins[option.key] = given, COMMAND_LINE
        elif from_file is not None:
            values[option.key], origins[option.key] = from_file, source
        else:
            values[option.key], origins[option.key] = _default(option), DEFAULT
    if values.get("no_baseline") and values.get("baseline") is not None:
        values["baseline"], origins["baseline"] = None, "命令行 --no-baseline"
    return Settings(values, origins, config.file)


def _default(option: Option) -> Any:
    default = option.default
    return type(default)(default) if isinstance(default, (list, dict)) else default


def option(key: str) -> Option:
    return BY_KEY[key]
