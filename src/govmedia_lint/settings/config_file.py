"""Project configuration: ``govmedia-lint.toml`` or ``[tool.govmedia-lint]`` in ``pyproject.toml``.

The file is found by walking up from the first checked path (a
``govmedia-lint.toml`` wins over a ``pyproject.toml`` in the same directory;
a ``pyproject.toml`` without the table is skipped), or given with
``--config FILE``. Relative paths in it are relative to its directory.
Command-line options override the file; a list given on the command line
replaces the file's list. ``check --show-config`` prints the result.

Its keys are the options of ``options.py`` that have a ``config`` name (the README's configuration
reference is generated from that table); ``[packs.<id>]`` tables hold per-pack settings and
``[severity]`` re-levels rules.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Optional

from ..engine.evaluate import default_period
from ..safeio import SMALL_LIMIT, read_bytes_limited
from ..yaml_errors import os_reason
from .options import BY_CONFIG, BY_KEY, PERIODS, SEVERITY_LEVELS, Option

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAME = "govmedia-lint.toml"
PYPROJECT = "pyproject.toml"
TABLE = "govmedia-lint"
_DAYS = re.compile(r"^([1-9][0-9]{0,4})d$")
#: the longest review period "<N>d" may name: ten years (a longer one starts before any account existed and
#: makes every weekly check walk centuries)
MAX_PERIOD_DAYS = 3660

#: keys of a ``[packs.<id>]`` table
PACK_KEYS = ("acknowledged",)


class ConfigError(Exception):
    """A configuration file that cannot be used: exit 2."""


@dataclass
class Config:
    """What a configuration file says: option key -> value, for the keys it sets (``options.OPTIONS``)."""

    file: Optional[Path] = None
    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, key: str) -> Any:
        if key in BY_KEY and BY_KEY[key].config:
            return self.__dict__["values"].get(key, {} if BY_KEY[key].type in ("table", "packs-table") else None)
        raise AttributeError(key)


def _pyproject_table(path: Path) -> Optional[dict[str, Any]]:
    data = _read_toml(path)
    table = data.get("tool", {}).get(TABLE)
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{TABLE}] 应为表")
    return table


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = read_bytes_limited(path, SMALL_LIMIT)
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{os_reason(exc)}") from None
    try:  # TOML is UTF-8; Notepad adds a BOM, which tomllib would call a syntax error
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: 配置文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 语法错误：{exc}") from None


def _regular_or_absent(path: Path) -> None:
    """A configuration file that is there but not a regular file (a link to a device, a FIFO, a folder) is an
    error: skipping it would let the search go on upwards and pick another file's settings."""
    if (path.is_symlink() or path.exists()) and not path.is_file():
        raise ConfigError(f"{path} 不是普通文件（可能是指向设备、管道或目录的链接），不予读取")


def find_config(start: Path) -> Optional[tuple[Path, dict[str, Any]]]:
    """The nearest configuration at or above ``start``: (file, its govmedia-lint table)."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        own = directory / CONFIG_NAME
        _regular_or_absent(own)
        if own.is_file():
            return own, _read_toml(own)
        pyproject = directory / PYPROJECT
        _regular_or_absent(pyproject)
        if pyproject.is_file():
            table = _pyproject_table(pyproject)
            if table is not None:
                return pyproject, table
    return None


def _strings(value: Any, key: str, file: Path) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{file}: {key} 应为字符串列表，实际为 {value!r}")
    return [part.strip() for v in value for part in v.split(",") if part.strip()]


def parse(table: dict[str, Any], file: Path) -> Config:
    """A configuration table, validated against the option table (``options.OPTIONS``)."""
    config = Config(file=file)
    base = file.parent
    for raw_key, value in table.items():
        name = raw_key.replace("_", "-")
        option = BY_CONFIG.get(name)
        if option is None:
            keys = sorted(BY_CONFIG)
            close = difflib.get_close_matches(name, keys, n=1)
            hint = f"，是否应为 '{close[0]}'？" if close else f"；允许的键：{', '.join(keys)}"
            raise ConfigError(f"{file}: 未知的配置项 '{raw_key}'{hint}")
        if option.key == "packs" and isinstance(value, dict):
            _pack_tables(config, value, file)
        else:
            config.values[option.key] = _value(option, value, raw_key, file, base)
    return config


def _value(option: Option, value: Any, raw_key: str, file: Path, base: Path) -> Any:
    kind = option.type
    if kind == "date":
        return _date(value, raw_key, file)
    if kind == "list":
        return _strings(value, raw_key, file)
    if kind == "paths":
        return [base / p for p in _strings(value, raw_key, file)]
    if kind in ("bool", "switch"):
        if not isinstance(value, bool):
            raise ConfigError(f"{file}: {raw_key} 应为 true 或 false，实际为 {value!r}")
        return value
    if kind == "table":
        if not isinstance(value, dict):
            raise ConfigError(f"{file}: [{raw_key}] 应为表：规则代码 = \"error|warning|info\"")
        levels = {}
        for code, level in value.items():
            if level not in SEVERITY_LEVELS:
                raise ConfigError(f"{file}: [severity] {code} 应为 {'|'.join(SEVERITY_LEVELS)}，实际为 {level!r}")
            levels[code.upper()] = level
        return levels
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{file}: {raw_key} 应为非空字符串，实际为 {value!r}")
    if kind == "path":
        return base / value
    value = value.strip()
    if kind == "choice" and value not in option.choices:
        raise ConfigError(f"{file}: {raw_key} 应为 {'|'.join(option.choices)}，实际为 {value!r}")
    if option.key == "period" and value not in PERIODS:
        match = _DAYS.match(value)
        if not match:
            raise ConfigError(f"{file}: period 应为 {'|'.join(PERIODS)} 或天数如 \"90d\"，实际为 {value!r}")
        if int(match[1]) > MAX_PERIOD_DAYS:
            raise ConfigError(f"{file}: period 最长 {MAX_PERIOD_DAYS} 天（十年），实际为 {value!r}")
    return value


def _date(value: Any, key: str, file: Path) -> date:
    """A TOML date (``as-of = 2026-11-26``) or the same as a string."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        raise ConfigError(f"{file}: {key} 应为日期 YYYY-MM-DD，实际为 {value!r}") from None


def _pack_tables(config: Config, table: dict[str, Any], file: Path) -> None:
    """``[packs]``: ``use = [...]`` (the list form's pack ids) and one ``[packs.<id>]`` table per pack."""
    for pack_id, value in table.items():
        if pack_id == "use":
            config.values["packs"] = _strings(value, "packs.use", file)
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{file}: packs.{pack_id} 应为表，如 [packs.{pack_id}] acknowledged = \"文号\"；"
                              "指定规则包请用 packs = [...] 或 [packs] use = [...]")
        for key, item in value.items():
            if key not in PACK_KEYS:
                raise ConfigError(f"{file}: [packs.{pack_id}] 中未知的配置项 '{key}'；允许的键：{', '.join(PACK_KEYS)}")
            if not isinstance(item, str) or not item.strip():
                raise ConfigError(f"{file}: [packs.{pack_id}] {key} 应为确认文件的文号（非空字符串），实际为 {item!r}")
            config.values.setdefault("acknowledged", {})[pack_id] = item.strip()


def load_config(explicit: Optional[Path], paths: Iterable[Path]) -> Config:
    """The configuration given with --config, else the nearest one above the first checked path."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"配置文件不存在：{explicit}")
        if explicit.name == PYPROJECT:
            table = _pyproject_table(explicit)
            if table is None:
                raise ConfigError(f"{explicit} 中没有 [tool.{TABLE}] 表")
            return parse(table, explicit)
        return parse(_read_toml(explicit), explicit)
    first = next(iter(paths), Path("."))
    found = find_config(first)
    return parse(found[1], found[0]) if found else Config()


def period_bounds(as_of: date, period: Optional[str]) -> tuple[date, date]:
    """The default review period ending on the as-of date."""
    if period in (None, "rolling-year"):
        return default_period(as_of)
    if period == "calendar-year":
        return date(as_of.year, 1, 1), as_of
    if period == "calendar-quarter":
        return date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1), as_of
    if period == "calendar-month":
        return date(as_of.year, as_of.month, 1), as_of
    match = _DAYS.match(period or "")
    if not match or int(match[1]) > MAX_PERIOD_DAYS:
        raise ConfigError(f"period 无效：{period!r}")
    return as_of - timedelta(days=int(match[1]) - 1), as_of


