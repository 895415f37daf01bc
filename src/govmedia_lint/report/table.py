"""Human-readable output: findings grouped by file, then a summary line."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from rich.table import Table
from rich.text import Text

from ..engine.findings import Finding
from ..workdays import provisional_note
from . import Report
from .sanitize import visible
from .terminal import console as make_console

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def summary_line(report: Report) -> str:
    counts = report.counts()
    parts = "，".join(f"{counts[s]} 个{LABEL[s]}" for s in ("error", "warning", "info"))
    state = "" if not report.result.incomplete else "（存在输入或日历错误，检查不完整）"
    # issue 4: findings hidden by waivers or the baseline are still counted here
    hidden = "".join(f"，另有 {n} 个{what}" for n, what in ((len(report.result.waived), "已豁免"),
                                                          (len(report.result.baselined), "已记入基线")) if n)
    return (f"检查 {report.result.files} 个文件、{report.result.accounts} 个账号：{parts}{hidden}{state}。"
            f"检查日 {report.as_of}，审查期 {report.since} 至 {report.until}，日历 {report.calendar}"
            + (f"（{provisional_note(report.result.provisional_years)}）" if report.result.provisional_years else ""))


#: a rule with more short weeks than this in one file is shown as one row listing the weeks
FOLD_WEEKS = 3


def _rows(findings: list[Finding]) -> list[tuple[int, Finding, str]]:
    """(line, finding, message) per row: a weekly rule's many short weeks fold into one row.

    Machine formats keep one finding per week; a reader wants one line that says which weeks.
    """
    weekly: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if "week" in finding.evidence and "count" in finding.evidence:
            weekly[finding.rule].append(finding)
    folded = {rule for rule, group in weekly.items() if len(group) > FOLD_WEEKS}
    rows = [(f.line, f, f.full_message) for f in findings if f.rule not in folded]
    for rule in folded:
        group = sorted(weekly[rule], key=lambda f: f.evidence["week"])
        required = group[0].evidence.get("required")
        weeks = "、".join(f"{f.evidence['week']}（{f.evidence['count']}）" for f in group)
        message = f"{len(group)} 个周期未达到要求（不少于 {required} 次）：{weeks}"
        rows.append((min(f.line for f in group), group[0], message))
    return sorted(rows, key=lambda row: (row[0], row[1].rule))


def render(report: Report) -> str:
    console = make_console(width=120, force_terminal=report.color, color_system="auto" if report.color else None)
    with console.capture() as capture:
        findings = report.result.findings
        for file, group in groupby(findings, key=lambda f: f.file):
            group = list(group)
            account = next((f.account for f in group if f.account), None)
            console.print(Text(visible(file) + (f"  {visible(account)}" if account else ""), style="bold underline"))
            table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 1))
            table.add_column("line", justify="right", style="dim", no_wrap=True)
            table.add_column("severity", no_wrap=True)
            table.add_column("rule", no_wrap=True)
            table.add_column("message", overflow="fold")
            for line, finding, message in _rows(group):
                table.add_row(str(line), Text(LABEL[finding.severity], style=STYLE[finding.severity]),
                              Text(visible(finding.rule), style="bold"), visible(message))
            console.print(table)
            console.print()
        if not findings:
            console.print(Text("没有发现问题。", style="green"))
        if report.scores:
            from .scores import scores_renderable

            console.print(scores_renderable(report.scores))
        console.print(visible(summary_line(report)))
    return capture.get()
