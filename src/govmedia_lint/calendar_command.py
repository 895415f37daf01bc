"""``govmedia-lint calendar``: which source covers which year, a year's days, and the provisional-data notice."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from itertools import groupby
from pathlib import Path
from typing import Optional

import typer

from . import statutory
from .model import SHANGHAI
from .render.terminal import console as make_console
from .workdays import (
    PACKAGE,
    PROVISIONAL,
    SHIPPED,
    SOURCE_LABELS,
    USER,
    CalendarFileError,
    WorkCalendar,
    load_calendar,
    provisional_note,
    shipped_calendar_dir,
)

STRICT_HELP = "没有官方放假安排的年份不按法定节假日暂算，而报告 GML-CALENDAR（退出码 2）。"


def provisional_notice(years: list[int]) -> None:
    """Say once per run, on stderr, that some working days were provisional."""
    if years:
        print(f"govmedia-lint: 注意：{provisional_note(years)}（{statutory.LAW_NAME}，不含调休），"
              "据此计算的问题已注明；国务院通知发布后请升级 govmedia-lint 或用 --calendar 提供该年安排，"
              "--strict-calendar 则不暂算。", file=sys.stderr)


def _detail(calendar: WorkCalendar, source: Optional[str]) -> str:
    if source == USER:
        return str(calendar.user_file or "")
    if source == SHIPPED:
        return str(shipped_calendar_dir())
    if source == PACKAGE:
        import chinese_calendar

        return f"pip 包 chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()
    if source == PROVISIONAL:
        return f"{statutory.LAW_NAME}的法定节假日与补休，不含调休"
    return "无数据：需要 --calendar" + ("（--strict-calendar）" if calendar.strict else "")


def coverage(calendar: WorkCalendar, first: int, last: int) -> list[dict]:
    """Runs of consecutive years with the same source."""
    rows = []
    for source, group in groupby(range(first, last + 1), key=calendar.source):
        years = list(group)
        rows.append({"from": years[0], "to": years[-1], "source": source,
                     "label": SOURCE_LABELS.get(source, "无"), "detail": _detail(calendar, source)})
    return rows


def year_days(calendar: WorkCalendar, year: int) -> dict:
    """A year as a calendar file would hold it: weekdays off and working weekend days."""
    off, work = [], []
    day = date(year, 1, 1)
    while day.year == year:
        working = calendar.is_workday(day)
        if day.weekday() < 5 and not working:
            off.append(day)
        elif day.weekday() >= 5 and working:
            work.append(day)
        day += timedelta(days=1)
    data = {"year": year, "source": calendar.source(year), "holidays": [d.isoformat() for d in off],
            "workdays": [d.isoformat() for d in work]}
    if calendar.source(year) == PROVISIONAL:
        data["statutory"] = {name: [d.isoformat() for d in days] for name, days in statutory.statutory_days(year)}
    return data


def calendar_command(
    year: Optional[int] = typer.Argument(None, help="列出该年放假的工作日与调休上班的周末（--calendar 文件格式）。"),
    calendar: Optional[Path] = typer.Option(None, "--calendar", help="补充工作日历 YAML（优先于随包日历）。"),
    strict_calendar: bool = typer.Option(False, "--strict-calendar", help=STRICT_HELP),
    fmt: str = typer.Option("table", "--format", "-f", help="table|json"),
) -> None:
    """工作日历的来源：用户日历 > 随包日历 > chinese-calendar > 按法定节假日暂算，各覆盖哪些年份。"""
    try:
        if fmt not in ("table", "json"):
            raise CalendarFileError(f"--format 应为 table|json，实际为 {fmt!r}")
        work_calendar = load_calendar(calendar, strict=strict_calendar)
        if year is not None:
            if work_calendar.source(year) is None:
                raise CalendarFileError(f"{year} 年没有可用的工作日历数据")
            data = year_days(work_calendar, year)
    except (CalendarFileError, OSError) as exc:
        make_console(stderr=True).print(f"govmedia-lint: 错误：{exc}")
        raise typer.Exit(2) from None
    if year is not None:
        if fmt == "json":
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return
        print(f"# {year} 年：{SOURCE_LABELS[data['source']]}（{_detail(work_calendar, data['source'])}）")
        for name, days in data.get("statutory", {}).items():
            print(f"# 法定 {name}：{'、'.join(days)}")
        print(f"{year}:\n  holidays: [{', '.join(data['holidays'])}]\n  workdays: [{', '.join(data['workdays'])}]")
        return
    today = datetime.now(SHANGHAI).date()
    listed = work_calendar.listed_years()
    first, last = min([work_calendar.package_years[0], *listed]), max([today.year + 1, *listed])
    rows = coverage(work_calendar, first, last)
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        years = str(row["from"]) if row["from"] == row["to"] else f"{row['from']}–{row['to']}"
        print(f"{years:<10} {row['label']:<12} {row['detail']}")
    if not work_calendar.strict:
        print(f"其后至 {statutory.PROVISIONAL_UNTIL} 年：按法定节假日暂算（问题附注“放假调休安排尚未收录”）。")
