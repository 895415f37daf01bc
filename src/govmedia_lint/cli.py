"""The command line: thin wrappers over loading, engine and report."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from . import __version__
from . import checks  # noqa: F401  (registers the check kinds)
from .engine.evaluate import RunOptions, default_period, evaluate_register, rule_enabled
from .engine.findings import severity_rank
from .engine.packs import PackError, PackSet
from .loading import discover, load_account_file
from .model import SHANGHAI
from .report import FORMATS, Report, render
from .rulesdoc import explain_renderable, pack_dict, packs_table, rule_dict, rules_table
from .workdays import CalendarFileError, WorkCalendar, load_calendar_file

app = typer.Typer(
    name="govmedia-lint",
    help="政务新媒体合规检查：按各地规则包检查账号登记文件。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

def stdout() -> Console:
    return Console(highlight=False)


def fail(message: str) -> "typer.Exit":
    Console(stderr=True, highlight=False).print(f"govmedia-lint: 错误：{message}", markup=False)
    return typer.Exit(EXIT_ERROR)


def _parse_date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} 应为 YYYY-MM-DD 日期，实际为 {value!r}") from None


def _split(values: Optional[List[str]]) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _load_packs(pack_dirs: Optional[List[Path]] = None) -> PackSet:
    try:
        return PackSet.load(pack_dirs or [])
    except PackError as exc:
        raise fail(str(exc)) from None


def _version(value: bool) -> None:
    if value:
        print(f"govmedia-lint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本并退出。"),
) -> None:
    """政务新媒体合规检查。"""


@app.command()
def check(
    paths: List[Path] = typer.Argument(None, help="账号文件或目录（递归查找 *.yaml/*.yml），默认当前目录。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="检查日 YYYY-MM-DD，默认今天（北京时间）。"),
    since: Optional[str] = typer.Option(None, "--since", help="审查期起始日，默认检查日前一年。"),
    until: Optional[str] = typer.Option(None, "--until", help="审查期结束日，默认检查日。"),
    pack: Optional[List[str]] = typer.Option(None, "--pack", help="使用指定规则包（覆盖账号的 jurisdiction，可重复）。"),
    fmt: str = typer.Option("table", "--format", "-f", help=f"输出格式：{'|'.join(FORMATS)}。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件而非标准输出。"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只检查这些规则代码或前缀（逗号分隔，可重复）。"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="忽略这些规则代码或前缀（逗号分隔，可重复）。"),
    fail_on: str = typer.Option("error", "--fail-on", help="达到该级别的问题使退出码为 1：error|warning|info|never。"),
    calendar: Optional[Path] = typer.Option(None, "--calendar", help="补充工作日历 YAML（chinese-calendar 未覆盖的年份）。"),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
) -> None:
    """检查账号文件，输出问题清单。退出码：0 无问题，1 有达到 --fail-on 级别的问题，2 用法/配置/输入错误。"""
    if fmt not in FORMATS:
        raise fail(f"--format 应为 {'|'.join(FORMATS)}，实际为 {fmt!r}")
    if fail_on not in ("error", "warning", "info", "never"):
        raise fail(f"--fail-on 应为 error|warning|info|never，实际为 {fail_on!r}")
    as_of_day = _parse_date(as_of, "--as-of") or datetime.now(SHANGHAI).date()
    default_since, default_until = default_period(as_of_day)
    since_day = _parse_date(since, "--since") or default_since
    until_day = min(_parse_date(until, "--until") or default_until, as_of_day)
    if since_day > until_day:
        raise fail(f"审查期起始日 {since_day} 晚于结束日 {until_day}")
    try:
        work_calendar = load_calendar_file(calendar) if calendar else WorkCalendar()
    except (CalendarFileError, OSError) as exc:
        raise fail(str(exc)) from None
    packset = _load_packs(pack_dir)
    chosen = _split(pack)
    for pack_id in chosen:
        if packset.get(pack_id) is None:
            raise fail(f"未知的规则包 {pack_id!r}；可用：{', '.join(packset.packs)}")
    roots = paths or [Path(".")]
    for root in roots:
        if not root.exists():
            raise fail(f"路径不存在：{root}")

    loaded = [load_account_file(path) for path in discover(roots)]
    options = RunOptions(as_of_day, since_day, until_day, work_calendar,
                         packs=[packset.get(p).id for p in chosen], select=_split(select), ignore=_split(ignore))
    result = evaluate_register(loaded, packset, options)
    report = Report(result, as_of_day, since_day, until_day, work_calendar.description,
                    color=output is None and fmt == "table" and sys.stdout.isatty())
    text = render(report, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if result.incomplete:
        raise typer.Exit(EXIT_ERROR)
    if fail_on != "never" and any(severity_rank(f.severity) >= severity_rank(fail_on) for f in result.findings):
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def explain(
    code: str = typer.Argument(..., help="规则代码，例如 JX-UPDATE-WEEKLY。"),
    fmt: str = typer.Option("text", "--format", "-f", help="text|json"),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
) -> None:
    """说明一条规则：要求、参数、级别、文件条款原文，以及不合格与合格示例。"""
    packset = _load_packs(pack_dir)
    rule = packset.find_rule(code)
    if rule is None:
        close = packset.suggest(code)
        hint = f"；是否是：{', '.join(close)}？" if close else "；用 govmedia-lint rules 查看全部规则"
        raise fail(f"没有规则 {code!r}{hint}")
    if fmt == "json":
        print(json.dumps(rule_dict(rule), ensure_ascii=False, indent=2))
    else:
        stdout().print(explain_renderable(rule, packset))


@app.command("rules")
def list_rules(
    pack: Optional[str] = typer.Option(None, "--pack", help="只列出该规则包生效的规则（含继承）。"),
    fmt: str = typer.Option("table", "--format", "-f", help="table|json"),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
) -> None:
    """列出规则：代码、名称、规则包、级别、来源。"""
    packset = _load_packs(pack_dir)
    if pack:
        chosen = packset.get(pack)
        if chosen is None:
            raise fail(f"未知的规则包 {pack!r}；可用：{', '.join(packset.packs)}")
        rows = [(chosen.rules[c], "own") for c in chosen.own] + [(chosen.rules[c], "inherited") for c in chosen.inherited]
    else:
        rows = [(rule, "own") for rule in packset.all_rules()]
    if fmt == "json":
        print(json.dumps([{**rule_dict(r), "inherited": how == "inherited"} for r, how in rows],
                         ensure_ascii=False, indent=2))
    else:
        stdout().print(rules_table(rows))


@app.command()
def packs(
    fmt: str = typer.Option("table", "--format", "-f", help="table|json"),
    pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
) -> None:
    """列出规则包：id、名称、文件、印发与施行日期、有效期、规则数。"""
    packset = _load_packs(pack_dir)
    if fmt == "json":
        print(json.dumps([pack_dict(p) for p in packset.packs.values()], ensure_ascii=False, indent=2))
    else:
        stdout().print(packs_table(list(packset.packs.values())))
