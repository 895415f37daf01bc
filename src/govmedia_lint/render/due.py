"""The formats of ``due``: one row per open obligation (table, JSON, CSV, XLSX, an .ics calendar).

A duty the document sets no deadline for (``Due.undated``) is listed as 未定期限 after the dated ones; the .ics
calendar has no day to put it on and leaves it out, which the table's summary says."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Optional

from .. import __version__
from ..engine.evaluate import RunResult
from ..engine.findings import Due
from ..labels import account_label
from ..run.masking import mask_finding
from ..workdays import provisional_note
from .csv_report import csv_text, safe_cell
from .rules import clause
from .sanitize import visible
from .wrap import terminal_width, wrap

FORMATS = ("table", "json", "csv", "xlsx", "ics")
BINARY = {"xlsx", "ics"}
#: what every format shows for a duty without a deadline, in the deadline column
UNDATED = "未定期限"
HEADER = ["状态", "截止日", "剩余", "账号", "主办单位", "规则代码", "规则名称", "事项", "依据条款", "文件", "行号", "备注"]


@dataclass
class Agenda:
    """The obligations to show, and what they were computed from."""

    items: list[Due]
    as_of: date
    horizon: Optional[date]
    within: Optional[str]
    result: RunResult
    calendar: str


def status(item: Due) -> str:
    return "逾期" if item.overdue else "保留" if item.keep else "待办"


def deadline(item: Due) -> str:
    return UNDATED if item.undated else item.deadline


def remaining(item: Due, as_of: date) -> str:
    if item.undated:
        return UNDATED
    days = (date.fromisoformat(item.deadline) - as_of).days
    if days < 0:
        return f"逾期 {-days} 天"
    if days == 0:
        return "今天截止" if not item.keep else "今天起可撤"
    return f"还有 {days} 天"


def rows(agenda: Agenda) -> list[list[object]]:
    return [[visible(v) if isinstance(v, str) else v for v in (
        status(i), deadline(i), remaining(i, agenda.as_of), account_label(i.account, i.platform), i.host_unit or "",
        i.rule, i.name,
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
                    "undated": sum(i.undated for i in agenda.items),
                    "provisional_calendar_years": agenda.result.provisional_years},
    }


def render_table(agenda: Agenda, width: int | None = None) -> str:
    """One block per obligation at the terminal's width: status, deadline, time left, account and rule, then
    the message wrapped beneath (no code or date is ever broken: report/wrap.py)."""
    width = width or terminal_width()
    out: list[str] = []
    for item in agenda.items:
        head = "  ".join((status(item), *((UNDATED,) if item.undated else (item.deadline, remaining(item, agenda.as_of))),
                          account_label(item.account, item.platform) or item.file,
                          item.rule))
        out.extend(wrap(visible(head), width))
        message = item.message + (f"（注：{item.note}）" if item.note else "")
        out.extend("    " + line for line in wrap(visible(message), width - 4))
    scope = f"截止到 {agenda.horizon}" if agenda.horizon else "全部"
    overdue = sum(i.overdue for i in agenda.items)
    undated = sum(i.undated for i in agenda.items)
    undated_text = f"，未定期限 {undated} 项" if undated else ""
    summary = (f"{len(agenda.items)} 项待办（其中逾期 {overdue} 项{undated_text}），{scope}；检查日 {agenda.as_of}，日历 {agenda.calendar}"
               + (f"（{provisional_note(agenda.result.provisional_years)}）" if agenda.result.provisional_years else "")
               + ("；未定期限的待办没有日期，不列入 .ics 日历" if undated else "")
               + ("；存在输入或日历错误，待办不完整，请先运行 check" if agenda.result.incomplete else ""))
    out.extend(wrap(visible(summary), width))
    return "\n".join(out) + "\n"


def render_csv(agenda: Agenda) -> str:
    return csv_text(HEADER, rows(agenda))


def render_xlsx(agenda: Agenda) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    from ..render.xlsx import write_sheet

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "待办期限"
    write_sheet(sheet, HEADER, [[safe_cell(v) for v in row] for row in rows(agenda)],
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
