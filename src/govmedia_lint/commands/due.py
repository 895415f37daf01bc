"""``govmedia-lint due``: every open obligation of every account, with its deadline, as of a date.

The obligations are not computed here: each check kind that has a deadline yields an ``Obligation``
(engine/kinds.py) next to its violations, on the same working-day calendar, and the engine collects
them (``RunResult.obligations``) while it checks. An obligation due on day D is therefore exactly what
``check --as-of`` reports the day after D if the file stays as it is (tests/test_due.py proves it for
every kind). Overdue obligations (still open, deadline passed: already findings) come first.
"""

from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, List, Optional

import typer

from .. import __version__
from ..engine.evaluate import RunOptions, RunResult, evaluate_register
from ..engine.findings import Due, Finding
from ..engine.packs import PackSet
from ..loading import discover, load_account_file
from ..render.csv_report import csv_text, safe_cell
from ..render.rules import clause
from ..render.sanitize import visible
from ..render.wrap import terminal_width, wrap
from ..run.masking import mask_finding
from ..safeio import check_output_path, write_output
from ..workdays import WorkCalendar, provisional_note

FORMATS = ("table", "json", "csv", "xlsx", "ics")
BINARY = {"xlsx", "ics"}
HEADER = ["状态", "截止日", "剩余", "账号", "主办单位", "规则代码", "规则名称", "事项", "依据条款", "文件", "行号", "备注"]
_WITHIN = re.compile(r"^\s*(\d{1,4})\s*(d|wd)\s*$", re.IGNORECASE)


@dataclass
class Agenda:
    """The obligations to show, and what they were computed from."""

    items: list[Due]
    as_of: date
    horizon: Optional[date]
    within: Optional[str]
    result: RunResult
    calendar: str


def horizon(as_of: date, within: str, calendar: WorkCalendar) -> date:
    """The last deadline shown: N calendar days (``7d``) or N working days (``5wd``) after the as-of date."""
    match = _WITHIN.match(within)
    if not match:
        raise ValueError(f"--within 应为天数加 d（如 7d）或工作日数加 wd（如 5wd），实际为 {within!r}")
    count = int(match[1])
    if match[2].lower() == "wd":
        return calendar.nth_workday_after(as_of, count)
    return as_of + timedelta(days=count)


def _matches(value: Optional[str], wanted: list[str]) -> bool:
    return not wanted or any(w in (value or "") for w in wanted)


def select(items: list[Due], last: Optional[date], accounts: list[str], units: list[str]) -> list[Due]:
    """Overdue items and those due up to ``last``, of the accounts and host units named (substrings)."""
    return sorted((item for item in items
                   if (item.overdue or last is None or date.fromisoformat(item.deadline) <= last)
                   and _matches(item.account, accounts) and _matches(item.host_unit, units)), key=Due.sort_key)


def collect(files: list[Path], packset: PackSet, options: RunOptions, encoding: str = "utf-8") -> RunResult:
    """Check the files (all rules, not cached: obligations are not cache entries) and keep the obligations
    that no approved waiver of the account covers (as ``check`` would not report them)."""
    from ..policy.waivers import apply_waivers
    from ..run.facts import collect as collect_facts

    loaded = [load_account_file(path, encoding=encoding) for path in files]
    result = evaluate_register(loaded, packset, options)
    facts = {r.path: collect_facts(r.path, r.document) for r in loaded if r.document is not None}
    as_findings = [Finding(o.rule, o.name, o.pack, o.severity, o.file, o.line, o.account, o.message)
                   for o in result.obligations]
    probe = RunResult(list(as_findings), result.files, result.accounts, result.evaluated, False)
    apply_waivers(probe, facts, packset, options)
    waived = {id(w.finding) for w in probe.waived}
    result.obligations = [o for o, f in zip(result.obligations, as_findings) if id(f) not in waived]
    return result


def status(item: Due) -> str:
    return "逾期" if item.overdue else "保留" if item.keep else "待办"


def remaining(item: Due, as_of: date) -> str:
    days = (date.fromisoformat(item.deadline) - as_of).days
    if days < 0:
        return f"逾期 {-days} 天"
    if days == 0:
        return "今天截止" if not item.keep else "今天起可撤"
    return f"还有 {days} 天"


def rows(agenda: Agenda) -> list[list[object]]:
    return [[visible(v) if isinstance(v, str) else v for v in (
        status(i), i.deadline, remaining(i, agenda.as_of), i.account or "", i.host_unit or "", i.rule, i.name,
        i.message, clause(i.source), i.file, i.line, i.note or "")] for i in agenda.items]


def as_dict(agenda: Agenda) -> dict:
    return {
        "tool": {"name": "govmedia-lint", "version": __version__},
        "as_of": agenda.as_of.isoformat(),
        "within": agenda.within,
        "until": agenda.horizon.isoformat() if agenda.horizon else None,
        "calendar": agenda.calendar,
        "complete": not agenda.result.incomplete,
        "obligations": [i.to_dict() for i in agenda.items],
        "summary": {"total": len(agenda.items), "overdue": sum(i.overdue for i in agenda.items),
                    "provisional_calendar_years": agenda.result.provisional_years},
    }


def render_table(agenda: Agenda, width: int | None = None) -> str:
    """One block per obligation at the terminal's width: status, deadline, time left, account and rule, then
    the message wrapped beneath (no code or date is ever broken: report/wrap.py)."""
    width = width or terminal_width()
    out: list[str] = []
    for item in agenda.items:
        head = "  ".join((status(item), item.deadline, remaining(item, agenda.as_of), item.account or item.file,
                          item.rule))
        out.extend(wrap(visible(head), width))
        message = item.message + (f"（注：{item.note}）" if item.note else "")
        out.extend("    " + line for line in wrap(visible(message), width - 4))
    scope = f"截止到 {agenda.horizon}" if agenda.horizon else "全部"
    overdue = sum(i.overdue for i in agenda.items)
    summary = (f"{len(agenda.items)} 项待办（其中逾期 {overdue} 项），{scope}；检查日 {agenda.as_of}，日历 {agenda.calendar}"
               + (f"（{provisional_note(agenda.result.provisional_years)}）" if agenda.result.provisional_years else "")
               + ("；存在输入或日历错误，待办不完整，请先运行 check" if agenda.result.incomplete else ""))
    out.extend(wrap(visible(summary), width))
    return "\n".join(out) + "\n"


def render_csv(agenda: Agenda) -> str:
    return csv_text(HEADER, rows(agenda))


def render_xlsx(agenda: Agenda) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    from ..render.xlsx import _sheet

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "待办期限"
    _sheet(sheet, HEADER, [[safe_cell(v) for v in row] for row in rows(agenda)],
           [6, 11, 10, 20, 22, 24, 24, 60, 50, 30, 6, 20])
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "逾期":
            row[0].fill = PatternFill("solid", fgColor="F8D7DA")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(agenda: Agenda, fmt: str, mask: bool = True) -> str | bytes:
    if mask:
        agenda = replace(agenda, items=[mask_finding(i) for i in agenda.items])
    if fmt == "json":
        return json.dumps(as_dict(agenda), ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        return render_csv(agenda)
    if fmt == "xlsx":
        return render_xlsx(agenda)
    if fmt == "ics":
        from ..render.ics import render as render_ics

        return render_ics(agenda.items, agenda.as_of)
    return render_table(agenda)


def emit(text: str | bytes, output: Optional[Path], fail: Callable[[str], Exception]) -> None:
    """Write to ``output`` atomically, or to stdout; a file that cannot be written is a usage error."""
    try:
        write_output(output, text)
    except OSError as exc:
        raise fail(f"无法写入输出文件 {output}：{exc.strerror or exc}") from None


def _split(values: Optional[List[str]]) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def due_command(settings_of: Callable, prepare: Callable, fail: Callable[[str], Exception],
                find_files: Callable = lambda roots, exclude: list(discover(roots, exclude))) -> Callable:
    """The ``due`` command, given the CLI's configuration, run-preparation, error and file-finding helpers
    (passed in: no import cycle)."""

    def due(
        paths: List[Path] = typer.Argument(None, help="账号文件或目录（递归查找 *.yaml/*.yml），默认当前目录。"),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="从哪天看起 YYYY-MM-DD，默认今天（北京时间）。"),
        since: Optional[str] = typer.Option(None, "--since", help="审查期起始日，默认检查日前一年（与 check 相同）。"),
        within: Optional[str] = typer.Option(None, "--within", help="只列出此期限内到期的事项：7d（天）或 5wd（工作日）；逾期事项总是列出。"),
        account: Optional[List[str]] = typer.Option(None, "--account", help="只列出名称包含此文字的账号（逗号分隔，可重复）。"),
        unit: Optional[List[str]] = typer.Option(None, "--unit", help="只列出主办单位包含此文字的账号（逗号分隔，可重复）。"),
        fmt: str = typer.Option("table", "--format", "-f", help=f"输出格式：{'|'.join(FORMATS)}（ics：日历文件）。"),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件而非标准输出。"),
        pack: Optional[List[str]] = typer.Option(None, "--pack", help="使用指定规则包（覆盖账号的 jurisdiction，可重复）。"),
        calendar: Optional[Path] = typer.Option(None, "--calendar", help="补充工作日历 YAML（chinese-calendar 未覆盖的年份）。"),
        strict_calendar: bool = typer.Option(False, "--strict-calendar", help="没有官方放假安排的年份不暂算（退出码 2）。"),
        pack_dir: Optional[List[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
        config_file: Optional[Path] = typer.Option(None, "--config", help="配置文件（默认从路径向上查找）。"),
        encoding: str = typer.Option("utf-8", "--encoding", help="账号文件的编码，默认 utf-8。"),
        no_mask: bool = typer.Option(False, "--no-mask", help="不遮蔽输出中的电话号码。"),
    ) -> None:
        """列出每个账号尚未到期和已逾期的义务（报备、公告、答复、更新……）及其期限，逾期在前。退出码：0 无逾期，1 有逾期，2 错误。"""
        if fmt not in FORMATS:
            raise fail(f"--format 应为 {'|'.join(FORMATS)}，实际为 {fmt!r}")
        if fmt in BINARY and output is None and sys.stdout.isatty():
            raise fail(f"{fmt} 是二进制格式，请用 --output 指定输出文件")
        problem = check_output_path(output) if output is not None else None
        if problem:
            raise fail(problem)
        settings = settings_of(config_file, paths, packs=_split(pack), calendar=calendar,
                               strict_calendar=strict_calendar or None, pack_dirs=pack_dir)
        settings.select, settings.ignore = [], []  # an obligation of any rule is due
        packset, options, roots = prepare(settings, paths, as_of, since, None)
        try:
            last = horizon(options.as_of, within, options.calendar) if within else None
            "".encode(encoding)
        except (ValueError, LookupError) as exc:
            raise fail(str(exc) if isinstance(exc, ValueError) else f"未知的编码 {encoding!r}") from None
        result = collect(find_files(roots, settings.exclude), packset, options, encoding)
        items = select(result.obligations, last, _split(account), _split(unit))
        agenda = Agenda(items, options.as_of, last, within, result, options.calendar.description)
        emit(render(agenda, fmt, mask=not no_mask), output, fail)
        if result.incomplete:
            raise typer.Exit(2)
        if any(i.overdue for i in items):
            raise typer.Exit(1)

    return due
