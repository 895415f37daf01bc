"""Human-readable output: findings grouped by file, then a summary line."""

from __future__ import annotations

from itertools import groupby

from rich.table import Table
from rich.text import Text

from ..workdays import provisional_note
from . import Report
from .people import Row, people_counts, people_rows, periodic, run_notices
from .sanitize import visible
from .terminal import console as make_console

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def summary_line(report: Report) -> str:
    """Counts of problems as people count them: a rule's short weeks on one account are one (``people.py``)."""
    counts = people_counts(report)
    parts = "，".join(f"{counts[s]} 个{LABEL[s]}" for s in ("error", "warning", "info"))
    state = "" if not report.result.incomplete else "（存在输入或日历错误，检查不完整）"
    # issue 4: findings hidden by waivers or the baseline are still counted here
    hidden = "".join(f"，另有 {n} 个{what}" for n, what in ((len(report.result.waived), "已豁免"),
                                                          (len(report.result.baselined), "已记入基线")) if n)
    weekly = sum(1 for f in report.result.findings if periodic(f))
    detail = f"（逐周统计共 {len(report.result.findings)} 条，其中 {weekly} 条为未达标的周）" if weekly else ""
    return (f"检查 {report.result.files} 个文件、{report.result.accounts} 个账号：{parts}{detail}{hidden}{state}。"
            f"检查日 {report.as_of}，审查期 {report.since} 至 {report.until}，日历 {report.calendar}"
            + (f"（{provisional_note(report.result.provisional_years)}）" if report.result.provisional_years else ""))


def _table(rows: list[Row]) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 1))
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("message", overflow="fold")
    for row in rows:
        table.add_row(str(row.line), Text(LABEL[row.severity], style=STYLE[row.severity]),
                      Text(visible(row.rule), style="bold"), visible(row.message))
    return table


def render(report: Report) -> str:
    console = make_console(width=120, force_terminal=report.color, color_system="auto" if report.color else None)
    with console.capture() as capture:
        findings = report.result.findings
        for notice in run_notices(report):  # an expired pack: once, above the accounts
            console.print(Text(visible(f"{notice.title}：{notice.message}"), style=STYLE[notice.severity]))
            console.print()
        for file, group in groupby(people_rows(report), key=lambda r: r.file):
            group = list(group)
            account = next((r.account for r in group if r.account), None)
            console.print(Text(visible(file) + (f"  {visible(account)}" if account else ""), style="bold underline"))
            console.print(_table(group))
            console.print()
        if not findings:
            console.print(Text("没有发现问题。", style="green"))
        if report.scores:
            from .scores import scores_renderable

            console.print(scores_renderable(report.scores))
        console.print(visible(summary_line(report)))
    return capture.get()
