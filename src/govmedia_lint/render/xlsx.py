"""Excel workbook (openpyxl): a sheet of findings and a per-account summary sheet.

Read by people: one row per rule per account (``people.py``: a weekly minimum's short weeks in one row, a
rule's findings on many posts in one row naming their days), every finding on its own in the 问题明细 sheet,
worst first, with 辖区, 主办单位 and 平台 so an office can filter one unit and send it its 整改通知, the
rule's Chinese title beside its code, evidence as text, and a status (待整改, 待补充, 待确认, 已豁免 …).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..workdays import provisional_note
from . import Report
from .csv_report import LABEL
from .people import TO_CONFIRM, Row, evidence_text, people_counts, people_rows, rows_for, run_notices
from .rules import clause
from .sanitize import visible
from .summary import PLATFORMS, account_rows, jurisdiction_name, score_text
from .xlsx_rows import Sheets, Style

HEADER = ["辖区", "主办单位", "账号", "平台", "级别", "规则代码", "规则", "问题说明", "依据条款", "证据", "状态",
          "豁免批准文件", "豁免到期日", "文件", "行号", "备注"]
WIDTHS = [10, 22, 18, 9, 6, 28, 30, 60, 50, 36, 8, 24, 12, 32, 6, 30]

SUMMARY_HEADER = ["辖区", "账号", "主办单位", "平台", "状态", "文件", "发布条数", "错误", "警告", "提示", "已豁免", "评分"]
FILL = {"错误": "F8D7DA", "警告": "FFF3CD", "提示": "D1ECF1"}


def _counts_text(report: Report) -> str:
    counts = people_counts(report)
    text = "，".join(f"{LABEL[s]} {counts[s]} 项" for s in ("error", "warning", "info"))
    total = len(report.result.findings)
    return text + (f"（逐条统计共 {total} 条，见“问题明细”）" if total != sum(counts.values()) else "")


def _set(cell, value) -> None:
    if isinstance(value, str):
        value = visible(value)  # a vertical tab pasted from Word would make the workbook unreadable
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula


BOLD = Style(font=Font(bold=True))
WRAP = Style(alignment=Alignment(wrap_text=True, vertical="top"))
FILLS = {label: Style(fill=PatternFill("solid", fgColor=color)) for label, color in FILL.items()}


def _wrapped(value: object) -> Style:
    return WRAP


def write_sheet(ws, header: list[str], data: list[list[object]], widths: list[int]) -> None:
    """A small sheet cell by cell (``due``, ``report``): a bold header row, ``data``, frozen, filtered, widths."""
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row, values in enumerate(data, start=ws.max_row + 1):  # ws.max_row per row would be quadratic
        for column, value in enumerate(values, start=1):
            _set(ws.cell(row=row, column=column), value)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 1)}"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def write_rows(sheets: Sheets, ws, header: list[str], data: list[list[object]], widths: list[int],
               styles: dict | None = None) -> None:
    """A sheet of a bold header row and ``data`` (text through ``visible``; a text starting with "=" stays text,
    never a formula), frozen below the header, filtered, with column widths; ``styles``: column -> style."""
    rows = sheets.write(ws, header, data, BOLD, styles, text=visible)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(rows, 1)}"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _where(report: Report, row: Row) -> list[str]:
    """辖区, 主办单位, 账号, 平台 of a row (an expired pack's row: the pack's 辖区 only)."""
    facts = report.facts.get(row.file)
    if row.status == TO_CONFIRM:
        pack = str(row.first.evidence.get("pack") or "")
        return [jurisdiction_name(report, pack) if pack else "", "", "", ""]
    if facts is None:
        return ["", "", row.account or "", ""]
    return [jurisdiction_name(report, facts.jurisdiction), facts.host_unit, row.account or facts.account,
            PLATFORMS.get(facts.platform, facts.platform)]


def finding_rows(report: Report) -> list[list[object]]:
    """The 问题清单 rows: run notices, each account's rows (worst first; known ones 已知未整改), then waived ones."""
    out = []

    def add(row: Row, status: str, ref: str = "", expires: str = "") -> None:
        notes = "；".join(sorted({f.note for f in row.findings if f.note}))
        out.append([*_where(report, row), LABEL[row.severity], row.rule, row.title, row.message,
                    clause(row.first.source), evidence_text(row.findings), status, ref, expires, row.file,
                    row.line, notes])

    for row in run_notices(report) + people_rows(report):
        add(row, row.status)
    waivers = {id(w.finding): w.waiver for w in report.result.waived}
    for row in rows_for([w.finding for w in report.result.waived], report):
        waiver = waivers[id(row.first)]
        add(row, "已确认" if row.status == TO_CONFIRM else "已豁免", waiver.approval_ref or "",
            waiver.expires_on.isoformat() if waiver.expires_on else "")
    return out


DETAIL_HEADER = ["辖区", "主办单位", "账号", "平台", "级别", "规则代码", "规则", "问题说明", "证据", "状态", "文件", "行号"]
DETAIL_WIDTHS = [10, 22, 18, 9, 6, 28, 30, 70, 36, 10, 32, 6]


def detail_rows(report: Report) -> list[list[object]]:
    """The 问题明细 rows: every finding of every people row on its own, in the 问题清单's order."""
    out = []
    for row in run_notices(report) + people_rows(report):
        for finding in sorted(row.findings, key=lambda f: (f.line, f.message)):
            out.append([*_where(report, row), LABEL[finding.severity], finding.rule, row.title, finding.full_message,
                        evidence_text([finding]), row.status, finding.file, finding.line])
    return out


def render(report: Report) -> bytes:
    workbook = Workbook()
    sheets = Sheets(workbook)
    findings = workbook.active
    findings.title = "问题清单"
    write_rows(sheets, findings, HEADER, finding_rows(report), WIDTHS,
               {4: FILLS.get, 6: _wrapped, 7: _wrapped, 9: _wrapped})

    summary = workbook.create_sheet("账号汇总")
    data = [[r["jurisdiction"], r["account"], r["host_unit"], r["platform"], r["status"], r["file"], r["posts"],
             r["error"], r["warning"], r["info"], r["waived"], score_text(r["score"])] for r in account_rows(report)]
    write_rows(sheets, summary, SUMMARY_HEADER, data, [12, 20, 24, 10, 10, 36, 9, 7, 7, 7, 8, 16])

    detail = workbook.create_sheet("问题明细")
    write_rows(sheets, detail, DETAIL_HEADER, detail_rows(report), DETAIL_WIDTHS, {7: _wrapped})

    about = workbook.create_sheet("检查说明")
    for key, value in (("标题", report.title or "政务新媒体合规检查报告"), ("检查日", report.as_of.isoformat()), ("审查期", f"{report.since} 至 {report.until}"),
                       ("工作日历", report.calendar), ("检查完整", "否" if report.result.incomplete else "是"),
                       ("暂算日历", provisional_note(report.result.provisional_years)
                        if report.result.provisional_years else "无"),
                       ("统计", _counts_text(report))):
        about.append([key, visible(value)])
    about.column_dimensions["A"].width = 12
    about.column_dimensions["B"].width = 60

    return sheets.save()
