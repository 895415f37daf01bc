"""Human-readable output: findings grouped by file, then a summary line."""

from __future__ import annotations

from itertools import groupby

from rich.cells import cell_len

from ..engine.findings import SEVERITY_LABEL
from ..labels import account_label
from ..workdays import provisional_note
from . import Report
from .people import KNOWN, Row, people_counts, people_known, people_rows, periodic, run_notices
from .sanitize import visible
from .terminal import console as make_console
from .wrap import wrap

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABEL = SEVERITY_LABEL


def summary_line(report: Report) -> str:
    """Counts of problems as people count them: a rule's short weeks on one account are one (``people.py``)."""
    counts = people_counts(report)
    parts = "，".join(f"{counts[s]} 个{LABEL[s]}" for s in ("error", "warning", "info"))
    state = "" if not report.result.incomplete else "（存在输入或日历错误，检查不完整）"
    # waived findings are out of the list but still counted here; known ones (baseline) are in it
    known = people_known(report) if report.result.baselined else 0
    hidden = (f"，其中 {known} 个已知未整改（基线记录，不计入退出码）" if known else "") + (
        f"，另有 {len(report.result.waived)} 个已豁免" if report.result.waived else "")
    weekly = sum(1 for f in report.result.findings if periodic(f))
    total = len(report.result.findings)
    detail = (f"（逐条统计共 {total} 条" + (f"，其中 {weekly} 条为未达标的周" if weekly else "") + "）"
              if total != sum(counts.values()) else "")
    return (f"检查 {report.result.files} 个文件、{report.result.accounts} 个账号：{parts}{detail}{hidden}{state}。"
            f"检查日 {report.as_of}，审查期 {report.since} 至 {report.until}，日历 {report.calendar}"
            + (f"（{provisional_note(report.result.provisional_years)}）" if report.result.provisional_years else ""))


#: below this many cells for the message, it goes on its own lines under the code
MIN_MESSAGE_WIDTH = 24


def _painter(color: bool):
    """text, style -> text with that style's ANSI codes (or the text alone without colour)."""
    if not color:
        return lambda text, style: text
    from rich.color import ColorSystem
    from rich.style import Style

    cache: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        if not text or not style:
            return text
        parsed = cache.get(style) or cache.setdefault(style, Style.parse(style))
        return parsed.render(text, color_system=ColorSystem.STANDARD)

    return paint


def _file_block(file: str, rows: list[Row], width: int, paint, platform: str = "") -> list[str]:
    """One file's heading (the account with its platform) and rows (``people.py``: one per rule, worst first):
    line, severity, code, then the message wrapped in its own column."""
    account = account_label(next((r.account for r in rows if r.account), None), platform) or None
    out = [paint(line, "bold underline") for line in wrap(visible(file) + (f"  {visible(account)}" if account else ""),
                                                        width)]
    line_width = max(len(str(row.line)) for row in rows)
    code_width = max(cell_len(visible(row.rule)) for row in rows)
    indent = line_width + 2 + 4 + 2 + code_width + 2
    message_width = width - indent
    for row in rows:
        line, message, code = row.line, row.message, visible(row.rule)
        if row.status == KNOWN:  # recorded in the baseline: still a problem, only not a new one
            message = f"（{KNOWN}）{message}"
        head = (paint(str(line).rjust(line_width), "dim") + "  " + paint(LABEL[row.severity], STYLE[row.severity])
                + "  " + paint(code, "bold"))
        if message_width >= MIN_MESSAGE_WIDTH:
            lines = wrap(visible(message), message_width)
            out.append(head + " " * (code_width - cell_len(code) + 2) + lines[0])
            out.extend(" " * indent + rest for rest in lines[1:])
        else:  # a narrow terminal: the message under the code, indented
            out.append(head)
            out.extend("    " + rest for rest in wrap(visible(message), width - 4))
    return out


def render(report: Report) -> str:
    """The findings grouped by file, at ``report.width`` columns (no token is ever broken), then the summary."""
    width = report.width or 120
    paint = _painter(report.color)
    out: list[str] = []
    findings = report.result.findings
    for notice in run_notices(report):  # an expired pack: once, above the accounts
        out.extend(paint(line, STYLE[notice.severity]) for line in wrap(visible(f"{notice.title}：{notice.message}"),
                                                                       width))
        out.append("")
    for file, group in groupby(people_rows(report), key=lambda r: r.file):
        facts = report.facts.get(file)
        out.extend(_file_block(file, list(group), width, paint, facts.platform if facts else ""))
        out.append("")
    if not findings and not report.quiet:
        out.append(paint("没有发现问题。", "green"))
    if report.scores:
        from .scores import scores_renderable

        console = make_console(width=width, force_terminal=report.color,
                               color_system="standard" if report.color else None)
        with console.capture() as capture:
            console.print(scores_renderable(report.scores))
        out.append(capture.get().rstrip("\n"))
    if not report.quiet:
        out.extend(wrap(visible(summary_line(report)), width))
    return "\n".join(out) + "\n"
