"""Project configuration: ``govmedia-lint.toml`` or ``[tool.govmedia-lint]`` in ``pyproject.toml``.

The file is found by walking up from the first checked path (a
``govmedia-lint.toml`` wins over a ``pyproject.toml`` in the same directory;
a ``pyproject.toml`` without the table is skipped), or given with
``--config FILE``. Relative paths in it are relative to its directory.
Command-line options override the file; a list given on the command line
replaces the file's list. ``check --show-config`` prints the result.

```toml
packs = ["jiaxian"]              # like --pack: override each account's jurisdiction
select = ["JX"]                  # like --select
ignore = ["JX-NAME-CONSISTENT"]  # like --ignore
fail-on = "warning"              # like --fail-on: error|warning|info|never
period = "calendar-year"         # default review period: rolling-year|calendar-year|calendar-quarter|
                                 # calendar-month|"<N>d" (the N days up to the as-of date)
calendar = "calendar-2027.yaml"  # like --calendar
strict-calendar = true           # like --strict-calendar: no provisional working days (GML-CALENDAR instead)
pack-dirs = ["local-rules"]      # like --pack-dir
exclude = ["drafts", "*.bak.yaml"]  # like --exclude: names or relative paths skipped when walking directories
baseline = "govmedia-lint-baseline.json"  # like --baseline
score = true                     # like --score: the table output ends with the accounts' scores
as-of = 2026-11-26               # like --as-of: pin the check date (a demo or scheduled job that must not rot)

[packs.jiaxian]                  # per pack (then the --pack list is `use = [...]` in [packs])
acknowledged = "佳政办函〔2026〕12号"  # GML-PACK-EXPIRED is known: reported as acknowledged, not as a finding

[severity]                       # per-rule severity overrides (code or alias)
JX-UPDATE-WEEKLY = "warning"
```
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Optional

from ..engine.evaluate import default_period
from ..engine.findings import Finding, at_most
from ..safeio import SMALL_LIMIT, read_bytes_limited

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAME = "govmedia-lint.toml"
PYPROJECT = "pyproject.toml"
TABLE = "govmedia-lint"
FAIL_LEVELS = ("error", "warning", "info", "never")
SEVERITY_LEVELS = ("error", "warning", "info")
PERIODS = ("rolling-year", "calendar-year", "calendar-quarter", "calendar-month")
_DAYS = re.compile(r"^([1-9][0-9]{0,4})d$")

#: key -> expected type name (keys are written with '-' or '_')
KEYS = {"packs": "list", "select": "list", "ignore": "list", "fail_on": "str", "period": "str",
        "calendar": "path", "strict_calendar": "bool", "pack_dirs": "paths", "baseline": "path", "exclude": "list",
        "score": "bool", "severity": "table", "as_of": "date"}

#: keys of a ``[packs.<id>]`` table
PACK_KEYS = ("acknowledged",)


class ConfigError(Exception):
    """A configuration file that cannot be used: exit 2."""


@dataclass
class Config:
    """What a configuration file says (None / empty: not set)."""

    file: Optional[Path] = None
    packs: Optional[list[str]] = None
    select: Optional[list[str]] = None
    ignore: Optional[list[str]] = None
    fail_on: Optional[str] = None
    period: Optional[str] = None
    calendar: Optional[Path] = None
    strict_calendar: Optional[bool] = None
    pack_dirs: Optional[list[Path]] = None
    baseline: Optional[Path] = None
    exclude: Optional[list[str]] = None
    score: Optional[bool] = None
    severity: dict[str, str] = field(default_factory=dict)
    as_of: Optional[date] = None
    #: pack id -> reference of the document acknowledging that the pack has expired (``[packs.<id>]``)
    acknowledged: dict[str, str] = field(default_factory=dict)


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
        raise ConfigError(f"无法读取配置文件 {path}：{exc.strerror or exc}") from None
    try:  # TOML is UTF-8; Notepad adds a BOM, which tomllib would call a syntax error
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: 配置文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 语法错误：{exc}") from None


def find_config(start: Path) -> Optional[tuple[Path, dict[str, Any]]]:
    """The nearest configuration at or above ``start``: (file, its govmedia-lint table)."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        own = directory / CONFIG_NAME
        if own.is_file():
            return own, _read_toml(own)
        pyproject = directory / PYPROJECT
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
    config = Config(file=file)
    base = file.parent
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), [k.replace("_", "-") for k in KEYS], n=1)
            hint = f"，是否应为 '{close[0]}'？" if close else f"；允许的键：{', '.join(k.replace('_', '-') for k in KEYS)}"
            raise ConfigError(f"{file}: 未知的配置项 '{raw_key}'{hint}")
        kind = KEYS[key]
        if key == "packs" and isinstance(value, dict):
            _pack_tables(config, value, file)
        elif kind == "date":
            config.as_of = _date(value, raw_key, file)
        elif kind == "list":
            setattr(config, key, _strings(value, raw_key, file))
        elif kind == "paths":
            config.pack_dirs = [base / p for p in _strings(value, raw_key, file)]
        elif kind in ("str", "path"):
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{file}: {raw_key} 应为非空字符串，实际为 {value!r}")
            setattr(config, key, base / value if kind == "path" else value.strip())
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{file}: {raw_key} 应为 true 或 false，实际为 {value!r}")
            setattr(config, key, value)
        elif kind == "table":
            if not isinstance(value, dict):
                raise ConfigError(f"{file}: [{raw_key}] 应为表：规则代码 = \"error|warning|info\"")
            for code, level in value.items():
                if level not in SEVERITY_LEVELS:
                    raise ConfigError(f"{file}: [severity] {code} 应为 {'|'.join(SEVERITY_LEVELS)}，实际为 {level!r}")
                config.severity[code.upper()] = level
    if config.fail_on is not None and config.fail_on not in FAIL_LEVELS:
        raise ConfigError(f"{file}: fail-on 应为 {'|'.join(FAIL_LEVELS)}，实际为 {config.fail_on!r}")
    if config.period is not None and config.period not in PERIODS and not _DAYS.match(config.period):
        raise ConfigError(f"{file}: period 应为 {'|'.join(PERIODS)} 或天数如 \"90d\"，实际为 {config.period!r}")
    return config


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
            config.packs = _strings(value, "packs.use", file)
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{file}: packs.{pack_id} 应为表，如 [packs.{pack_id}] acknowledged = \"文号\"；"
                              "指定规则包请用 packs = [...] 或 [packs] use = [...]")
        for key, item in value.items():
            if key not in PACK_KEYS:
                raise ConfigError(f"{file}: [packs.{pack_id}] 中未知的配置项 '{key}'；允许的键：{', '.join(PACK_KEYS)}")
            if not isinstance(item, str) or not item.strip():
                raise ConfigError(f"{file}: [packs.{pack_id}] {key} 应为确认文件的文号（非空字符串），实际为 {item!r}")
            config.acknowledged[pack_id] = item.strip()


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
    if not match:
        raise ConfigError(f"period 无效：{period!r}")
    return as_of - timedelta(days=int(match[1]) - 1), as_of


@dataclass
class Settings:
    """The effective settings of one ``check`` run, and where each came from."""

    packs: list[str]
    select: list[str]
    ignore: list[str]
    fail_on: str
    period: str
    calendar: Optional[Path]
    strict_calendar: bool
    pack_dirs: list[Path]
    baseline: Optional[Path]
    exclude: list[str]
    score: bool
    severity: dict[str, str]
    config_file: Optional[Path]
    origins: dict[str, str]
    as_of: Optional[date] = None
    acknowledged: dict[str, str] = field(default_factory=dict)

    def to_toml(self) -> str:
        """The effective configuration as TOML, each value commented with its origin."""
        def value(item: Any) -> str:
            if isinstance(item, (list, tuple)):
                return "[" + ", ".join(value(i) for i in item) + "]"
            if isinstance(item, Path):
                item = item.as_posix()
            return json.dumps(item, ensure_ascii=False)

        lines = [f"# 生效的配置（配置文件：{self.config_file or '无'}）"]
        for key in ("packs", "select", "ignore", "fail_on", "period", "calendar", "strict_calendar", "pack_dirs",
                    "baseline", "exclude", "score"):
            item = getattr(self, key)
            shown = key.replace("_", "-")
            if item is None:
                lines.append(f"# {shown} 未设置")
            else:
                lines.append(f"{shown} = {value(item)}  # {self.origins[key]}")
        lines.append(f"as-of = {self.as_of.isoformat()}  # {self.origins['as_of']}" if self.as_of
                     else "# as-of 未设置（今天，北京时间）")
        for pack_id, ref in self.acknowledged.items():
            lines += ["", f"[packs.{json.dumps(pack_id, ensure_ascii=False)}]  # {self.origins['acknowledged']}",
                      f"acknowledged = {value(ref)}"]
        lines.append("")
        lines.append(f"[severity]  # {self.origins['severity']}")
        lines.extend(f"{json.dumps(code, ensure_ascii=False)} = {value(level)}" for code, level in self.severity.items())
        return "\n".join(lines) + "\n"


DEFAULTS = {"packs": [], "select": [], "ignore": [], "fail_on": "error", "period": "rolling-year", "calendar": None,
            "strict_calendar": False,
            "pack_dirs": [], "baseline": None, "exclude": [], "score": False}


def resolve(config: Config, **cli: Any) -> Settings:
    """Command-line values (None or empty: not given) over the file's, over the defaults."""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    source = f"配置文件 {config.file}" if config.file else ""
    for key, default in DEFAULTS.items():
        given = cli.get(key)
        from_file = getattr(config, key)
        if given not in (None, []):
            values[key], origins[key] = given, "命令行"
        elif from_file is not None:
            values[key], origins[key] = from_file, source
        else:
            values[key], origins[key] = default, "默认值"
    origins["severity"] = source if config.severity else "默认值（各规则自身的级别）"
    origins["as_of"] = "命令行" if cli.get("as_of") else source
    origins["acknowledged"] = source
    return Settings(**values, severity=dict(config.severity), config_file=config.file, origins=origins,
                    as_of=cli.get("as_of") or config.as_of, acknowledged=dict(config.acknowledged))


def apply_severity(findings: list[Finding], overrides: dict[str, str], aliases: dict[str, set[str]]) -> None:
    """Set the severity of findings of overridden rules (by code or alias); missing-data findings stay ≤ warning."""
    if not overrides:
        return
    for finding in findings:
        names = {finding.rule.upper(), *aliases.get(finding.rule, set())}
        level = next((overrides[n] for n in names if n in overrides), None)
        if level is None:
            continue
        finding.severity = at_most(level, "warning") if "missing" in finding.evidence else level


def check_severity_codes(settings: Settings, known: Iterable[str]) -> None:
    """A severity override for a code no pack or tool has is a configuration error."""
    names = {code.upper() for code in known}
    for code in settings.severity:
        if code not in names:
            close = difflib.get_close_matches(code, sorted(names), n=1)
            hint = f"，是否应为 {close[0]}？" if close else ""
            raise ConfigError(f"{settings.config_file}: [severity] 中的规则代码 {code} 不存在{hint}")
