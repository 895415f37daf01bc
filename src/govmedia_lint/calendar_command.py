"""``govmedia-lint calendar``: which source covers which year, a year's days, the provisional-data notice, and
``calendar import``: the State Council's notice turned into a calendar file (``calendar_notice.py`` reads it).

``calendar`` is a command group whose default is ``show``: ``calendar``, ``calendar 2027`` and
``calendar --calendar FILE -f json`` work as they did before the group.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any, List, Optional

import typer

from . import statutory
from .cli.help import ChineseGroup
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
              "据此计算的问题已注明；国务院通知发布当天即可把通知网页另存下来，"
              "用 govmedia-lint calendar import 通知.html -o 日历.yaml 生成日历文件，以 --calendar 使用"
              "（或升级 govmedia-lint）；--strict-calendar 则不暂算。", file=sys.stderr)


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


# ── the command group ──────────────────────────────────────────────────────────────────────────────────

class CalendarGroup(ChineseGroup):
    """``calendar`` without a subcommand (a year, options, nothing) is ``calendar show``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["show", *args]
        return super().parse_args(ctx, args)


calendar_app = typer.Typer(
    name="calendar",
    cls=CalendarGroup,
    help="工作日历：各年份的来源与日期（show，默认），由国务院放假通知生成日历文件（import）。",
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
calendar_app.command("show")(calendar_command)


@calendar_app.command("import")
def import_command(
    notices: List[str] = typer.Argument(..., metavar="NOTICE",
                                        help="另存的通知网页（.html）或文本（.txt），- 为标准输入；"
                                             "同年的调整通知（如《关于调整2019年劳动节假期安排的通知》）跟在其后。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="写入日历文件（默认打印）；文件中其他年份原样保留。"),
    check: bool = typer.Option(False, "--check", help="不生成文件：与现用日历逐日比较并列出不同（有不同时退出码 1）。"),
    calendar: Optional[Path] = typer.Option(None, "--calendar", help="现用的补充工作日历 YAML（默认取配置文件的 calendar）。"),
    strict_calendar: bool = typer.Option(False, "--strict-calendar", help=STRICT_HELP),
) -> None:
    """由《国务院办公厅关于YYYY年部分节假日安排的通知》生成 --calendar 日历文件；读不准的句子引用原文拒绝（退出码 2）。"""
    from .calendar_notice import (
        NoticeError,
        calendar_years,
        combine,
        decode_notice,
        parse_notice,
        render_calendar,
        splice,
    )
    from .loading import decode_text
    from .safeio import SMALL_LIMIT, check_output_path, read_bytes_limited, write_output
    from .workdays import read_calendar_years
    from .yaml_errors import os_reason

    def fail(message: str) -> typer.Exit:
        print(f"govmedia-lint: 错误：{message}", file=sys.stderr)
        return typer.Exit(2)

    if check and output is not None:
        raise fail("--check 只比较，不写文件；请去掉 -o/--output")
    if notices.count("-") > 1:
        raise fail("标准输入（-）只能读一次")
    if output is not None and (problem := check_output_path(output)):
        raise fail(problem)
    try:
        base = load_calendar(_configured_calendar(calendar), strict=strict_calendar)
        read = []
        for name in notices:
            try:
                raw = sys.stdin.buffer.read(SMALL_LIMIT + 1) if name == "-" else read_bytes_limited(Path(name), SMALL_LIMIT)
            except OSError as exc:
                raise fail(f"无法读取 {name}：{os_reason(exc)}") from None
            if len(raw) > SMALL_LIMIT:
                raise fail("标准输入超过 5 MB，不像是一份通知")
            shown = "标准输入" if name == "-" else name
            try:
                read.append(parse_notice(decode_notice(raw)))
            except NoticeError as exc:
                raise fail(f"{shown}：{exc}") from None
        try:
            notice = combine(read)
            if check:  # the notice's own days, whatever a file would need besides
                raise typer.Exit(_compare(notice, notice.days(), base))
            years, notes = calendar_years(notice, base)
        except NoticeError as exc:
            raise fail(str(exc)) from None
    except (CalendarFileError, OSError) as exc:
        raise fail(str(exc)) from None
    rendered = render_calendar(read, notice, years, notes)
    if output is None:
        sys.stdout.write(rendered)
        return
    try:
        if output.exists():
            read_calendar_years(output)  # never splice into a file that is not a calendar file
            rendered = splice(decode_text(read_bytes_limited(output, SMALL_LIMIT)), rendered)
        write_output(output, rendered)
        read_calendar_years(output)
    except (CalendarFileError, OSError, UnicodeDecodeError) as exc:
        raise fail(str(exc)) from None
    off, work = years[notice.year]
    print(f"govmedia-lint: 已写入 {output}：{notice.year} 年放假 {len(off)} 天、调休上班 {len(work)} 天"
              + ("；" + "；".join(notes) if notes else "") + f"。检查时用 --calendar {output}（或在配置文件中写 "
              f"calendar = \"{output}\"），并把该文件提交到仓库。", file=sys.stderr)


def _configured_calendar(calendar: Optional[Path]) -> Optional[Path]:
    """--calendar, else the configuration file's ``calendar`` (the calendar ``check`` would use here)."""
    if calendar is not None:
        return calendar
    from .settings.config_file import ConfigError, load_config

    try:
        return load_config(None, [Path(".")]).calendar
    except ConfigError as exc:
        raise CalendarFileError(str(exc)) from None


def _compare(notice: Any, years: dict, base: WorkCalendar) -> int:
    """Print the days on which the notice and the calendar otherwise used differ; the exit code."""
    from .calendar_notice import _works

    rows = []
    for year, (off, work) in years.items():
        days = [date(year, 1, 1) + timedelta(days=n) for n in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)]
        if year != notice.year:
            days = sorted(off | work)
        source = base.source(year)
        if source is None:
            rows.append(f"{year} 年：现用日历没有数据（{_detail(base, source)}），通知安排了放假 {len(off)} 天、"
                        f"调休上班 {len(work)} 天")
            continue
        for day in days:
            theirs, ours = _works(day, off, work), base.is_workday(day)
            if theirs != ours:
                rows.append(f"{day} 周{'一二三四五六日'[day.weekday()]}  通知：{'上班' if theirs else '放假'}  "
                            f"现用日历（{SOURCE_LABELS[source]}）：{'上班' if ours else '放假'}")
    covered = "、".join(f"{y} 年（{SOURCE_LABELS.get(base.source(y), '无')}）" for y in years)
    if not rows:
        print(f"通知与现用日历一致：{covered}。")
        return 0
    print(f"通知与现用日历不同（{covered}）：")
    for row in rows:
        print(row)
    print(f"共 {len(rows)} 处不同；用 govmedia-lint calendar import 通知 -o 日历文件 写出通知的安排。")
    return 1
