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
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from .. import __version__
from ..engine.evaluate import RunResult
from ..engine.findings import Due
from ..policy.pipeline import judge
from ..render.csv_report import csv_text, safe_cell
from ..render.rules import clause
from ..render.sanitize import visible
from ..render.wrap import terminal_width, wrap
from ..run.masking import mask_finding
from ..run.plan import PlanError, plan_run
from ..settings import Settings
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


def agenda(settings: Settings, paths: Optional[list[Path]]) -> Agenda:
    """The open obligations of the register, after the shared judgement (severity overrides, waivers): the
    ones ``check`` would report the day after their deadline. Every rule counts, whatever --select says."""
    plan = plan_run(settings, paths, all_rules=True, baseline=False)
    try:
        last = horizon(plan.options.as_of, settings.within, plan.options.calendar) if settings.within else None
    except ValueError as exc:
        raise PlanError(str(exc)) from None
    from ..run.runner import check_files

    run = check_files(plan.files, plan.packset, plan.options, load_kwargs={"encoding": settings.encoding},
                      obligations=True)
    result = judge(run, plan, scores=False).result
    items = select(result.obligations, last, settings.accounts, settings.units)
    return Agenda(items, plan.options.as_of, last, settings.within, result, plan.options.calendar.description)


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
