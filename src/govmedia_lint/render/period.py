"""The periodic 通报 (``govmedia-lint report``) as HTML for leaders, XLSX for the office and a terminal table.

Input is ``report_period.Figures`` and, with ``--compare``, ``report_period.compare``'s dict. Every piece of
data passes through ``visible`` (and HTML escaping); the HTML is one self-contained page, styled like the
``check --format html`` report (its CSS), with no script.
"""

from __future__ import annotations

import io
from typing import Any, Optional

from rich.table import Table
from rich.text import Text

from .. import __version__
from .csv_report import safe_cell
from .html import CSS, escape
from .sanitize import visible
from .terminal import console as make_console
from .wrap import terminal_width

TREND_TEXT = {"improved": "↓ 好转", "worse": "↑ 变差", "new": "✚ 新增", "fixed": "✔ 已整改", "same": "＝ 持平",
              "new-unit": "新纳入"}
TREND_CSS = {"improved": "ok", "fixed": "ok", "worse": "error", "new": "error", "same": "muted", "new-unit": "muted"}
PERIOD_CSS = "td.up{color:#b8262b}td.down{color:#1a7f37}.trend{white-space:nowrap}"


def _score(value: Optional[float]) -> float | int | str:
    """A number (right-aligned in HTML, a number in XLSX), or — when there is no score."""
    if value is None:
        return "—"
    return int(value) if float(value).is_integer() else value


def _unit_key(unit: dict) -> str:
    return f"{unit['jurisdiction']}/{unit['unit']}"


def unit_rows(figures, compared: Optional[dict]) -> list[list[Any]]:
    rows = []
    for unit in figures.units:
        row = [unit["jurisdiction"], unit["rank"], unit["unit"], unit["accounts"], unit["with_problems"], unit["error"],
               unit["warning"], unit["problems"], _score(unit["score"]), unit["vetoed"],
               unit.get("rectification_overdue", 0), unit.get("rectification_late", 0)]
        if compared is not None:
            then = compared["units"].get(_unit_key(unit), {})
            before = then.get("problems_before")
            row += ["—" if before is None else before, _score(then.get("score_before")),
                    TREND_TEXT.get(then.get("trend"), "")]
        rows.append(row)
    return rows


def unit_header(compared: Optional[dict]) -> list[str]:
    head = ["辖区", "排名", "单位", "账号数", "有问题账号", "错误", "警告", "问题合计", "平均得分", "单项否决", "整改逾期",
            "超期整改"]
    return head + (["上期问题", "上期得分", "变化"] if compared is not None else [])


def rule_rows(figures, compared: Optional[dict]) -> list[list[Any]]:
    rows = []
    for rule in figures.rules:
        units = "、".join(f"{name}（{count}）" for name, count in list(rule["units"].items())[:5])
        row = [rule["rule"], rule["title"], rule["count"], rule["accounts"], units, rule["clause"]]
        if compared is not None:
            then = compared["rules"].get(rule["rule"], {})
            row += [then.get("count_before", 0), TREND_TEXT.get(then.get("trend"), "")]
        rows.append(row)
    if compared is not None:
        for gone in compared["fixed_rules"]:
            rows.append([gone["rule"], gone["title"], 0, 0, "", "", gone["count_before"], TREND_TEXT["fixed"]])
    return rows


def rule_header(compared: Optional[dict]) -> list[str]:
    head = ["规则代码", "问题", "次数", "涉及账号", "主要单位（次数）", "依据条款"]
    return head + (["上期次数", "变化"] if compared is not None else [])


def account_rows(figures) -> list[list[Any]]:
    scored = sorted((a for a in figures.accounts if a["scored"]),
                    key=lambda a: (not a["passed"], not a.get("pending"), a["vetoed"], -(a["score"] or 0), a["account"]))
    return [[a["jurisdiction"], a["account"], a["unit"], "单项否决" if a["vetoed"] else _score(a["score"]), a["error"],
             a.get("verdict") or ("合格" if a["passed"] else "不合格"), a["reasons"]] for a in scored]


#: 错误 beside 得分: a score counts only its sheet's items, so many errors of other rules never hide behind it
ACCOUNT_HEADER = ["辖区", "账号", "单位", "得分", "错误", "结论", "主要扣分或否决原因"]


def _summary_line(figures, compared: Optional[dict]) -> str:
    t = figures.totals
    line = (f"{figures.label}（{figures.since} 至 {figures.until}，检查日 {figures.as_of}）：检查账号 {t['accounts']} 个，"
            f"{t['with_problems']} 个有问题；错误 {t['error']} 个、警告 {t['warning']} 个")
    if t.get("missing_data"):
        line += f"；另有 {t['missing_data']} 处缺少规则所需数据（不计入问题，见 check）"
    if t.get("scored"):
        line += f"；评分账号 {t['scored']} 个，不合格 {t['failed']} 个（单项否决 {t['vetoed']} 个）"
        if t.get("pending"):
            line += f"，待核实 {t['pending']} 个（单项否决项缺少数据）"
    if compared is not None:
        before = compared["totals_before"]
        line += (f"。上期（{compared['label']}，{compared['source']}）问题 {before.get('problems', 0)} 个，"
                 f"本期 {t['problems']} 个")
    if not figures.complete:
        line += "。存在输入或日历错误，统计不完整"
    return line + "。"


# --- HTML ---------------------------------------------------------------------------------------------------------

def _html_table(header: list[str], rows: list[list[Any]], trend_column: Optional[int] = None) -> str:
    parts = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in header), "</tr></thead><tbody>"]
    for row in rows:
        parts.append("<tr>")
        for index, value in enumerate(row):
            css = "n" if isinstance(value, (int, float)) else ""
            if index == trend_column:
                key = next((k for k, v in TREND_TEXT.items() if v == value), "")
                css = f"trend {TREND_CSS.get(key, '')}"
            parts.append(f'<td class="{css}">{escape(value)}</td>' if css else f"<td>{escape(value)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def render_html(figures, compared: Optional[dict], title: str) -> str:
    t = figures.totals
    cards = [("检查账号", t["accounts"], ""), ("有问题账号", t["with_problems"], "warning"),
             ("错误", t["error"], "error"), ("警告", t["warning"], "warning")]
    if t.get("scored"):
        cards.append(("评分不合格", t["failed"], "error"))
    if compared is not None:
        before = compared["totals_before"].get("problems", 0)
        cards.append((f"上期问题（{compared['label']}）", before, ""))
    card_html = "".join(f'<div class="card"><b class="{css}">{escape(value)}</b>{escape(name)}</div>'
                        for name, value, css in cards)
    unit_trend = len(unit_header(None)) + 2 if compared is not None else None
    rule_trend = len(rule_header(None)) + 1 if compared is not None else None
    sections = [
        (f"<h2>一、各单位情况排名</h2>{_html_table(unit_header(compared), unit_rows(figures, compared), unit_trend)}"
         '<p class="muted">排名在各辖区内：有评分指标的按平均得分（单项否决计 0 分），否则按错误数、问题数从少到多。</p>'),
        f"<h2>二、问题按规则统计</h2>{_html_table(rule_header(compared), rule_rows(figures, compared), rule_trend)}",
    ]
    accounts = account_rows(figures)
    if accounts:
        sections.append(f"<h2>三、账号评分</h2>{_html_table(ACCOUNT_HEADER, accounts)}")
    compare_note = ""
    if compared is not None:
        compare_note = (f"<p class=\"meta\">对比：上期 {escape(compared['label'])}（{escape(compared['since'])} 至 "
                        f"{escape(compared['until'])}），数据来自 {escape(compared['source'])}。"
                        "↓ 好转：问题减少；↑ 变差：问题增加；✚ 新增：上期没有；✔ 已整改：本期没有。</p>")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)}</title><style>{CSS}{PERIOD_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class=\"meta\">{escape(_summary_line(figures, compared))}</p>{compare_note}"
        f"<div class=\"cards\">{card_html}</div>{''.join(sections)}"
        f"<p class=\"muted\">由 govmedia-lint {escape(__version__)} 生成：govmedia-lint report --period；"
        f"数据来自 {escape(figures.source)}。</p></body></html>\n")


# --- XLSX ---------------------------------------------------------------------------------------------------------

def render_xlsx(figures, compared: Optional[dict], title: str) -> bytes:
    from openpyxl import Workbook

    from .xlsx import write_sheet

    workbook = Workbook()
    units = workbook.active
    units.title = "单位排名"
    write_sheet(units, unit_header(compared), [[safe_cell(v) for v in r] for r in unit_rows(figures, compared)],
           [12, 6, 28, 8, 10, 7, 7, 9, 9, 9, 9, 9, 10])
    rules = workbook.create_sheet("问题按规则")
    write_sheet(rules, rule_header(compared), [[safe_cell(v) for v in r] for r in rule_rows(figures, compared)],
           [30, 40, 7, 9, 40, 60, 9, 10])
    matrix = workbook.create_sheet("问题按单位")
    codes = [r["rule"] for r in figures.rules]
    data = []
    for unit in figures.units:
        counts = [next((r["units"].get(unit["unit"], 0) for r in figures.rules if r["rule"] == c), 0) for c in codes]
        data.append([unit["jurisdiction"], unit["unit"], *counts, sum(counts)])
    write_sheet(matrix, ["辖区", "单位", *codes, "合计"], [[safe_cell(v) for v in r] for r in data],
           [12, 28, *([12] * len(codes)), 8])
    accounts = account_rows(figures)
    if accounts:
        write_sheet(workbook.create_sheet("账号评分"), ACCOUNT_HEADER, [[safe_cell(v) for v in r] for r in accounts],
               [12, 22, 28, 10, 8, 70])
    about = workbook.create_sheet("说明")
    for key, value in (("标题", title), ("期间", f"{figures.label}（{figures.since} 至 {figures.until}）"),
                       ("检查日", figures.as_of), ("数据来源", figures.source), ("概况", _summary_line(figures, compared))):
        about.append([key, safe_cell(visible(value))])
    about.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- terminal -----------------------------------------------------------------------------------------------------

def render_table(figures, compared: Optional[dict], title: str) -> str:
    console = make_console(width=terminal_width(), force_terminal=False, color_system=None)
    with console.capture() as capture:
        console.print(Text(visible(title)))
        for name, header, rows in (("各单位排名", unit_header(compared), unit_rows(figures, compared)),
                                   ("问题按规则", rule_header(compared)[:5] + rule_header(compared)[6:],
                                    [r[:5] + r[6:] for r in rule_rows(figures, compared)])):
            table = Table(title=name, box=None, pad_edge=False, title_justify="left")
            for column in header:
                table.add_column(column, overflow="fold")
            for row in rows:
                table.add_row(*(Text(visible(v)) for v in row))
            console.print(table)
        console.print(Text(visible(_summary_line(figures, compared))))
    return capture.get()
