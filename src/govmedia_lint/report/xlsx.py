"""Excel workbook (openpyxl): a sheet of findings and a per-account summary sheet."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..workdays import provisional_note
from . import Report
from .csv_report import HEADER, rows
from .sanitize import visible
from .summary import account_rows, score_text

SUMMARY_HEADER = ["辖区", "账号", "主办单位", "平台", "状态", "文件", "发布条数", "错误", "警告", "提示", "已豁免", "评分"]
FILL = {"错误": "F8D7DA", "警告": "FFF3CD", "提示": "D1ECF1"}


def _set(cell, value) -> None:
    if isinstance(value, str):
        value = visible(value)  # a vertical tab pasted from Word would make the workbook unreadable
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula


def _sheet(ws, header: list[str], data: list[list[object]], widths: list[int]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values in data:
        ws.append([None] * len(values))
        for cell, value in zip(ws[ws.max_row], values):
            _set(cell, value)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 1)}"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def render(report: Report) -> bytes:
    workbook = Workbook()
    findings = workbook.active
    findings.title = "问题清单"
    _sheet(findings, HEADER, rows(report), [36, 7, 18, 6, 28, 26, 10, 60, 50, 30, 10, 24, 12, 40])
    for row in findings.iter_rows(min_row=2):
        row[7].alignment = Alignment(wrap_text=True, vertical="top")
        fill = FILL.get(row[3].value)
        if fill:
            row[3].fill = PatternFill("solid", fgColor=fill)

    summary = workbook.create_sheet("账号汇总")
    data = [[r["jurisdiction"], r["account"], r["host_unit"], r["platform"], r["status"], r["file"], r["posts"],
             r["error"], r["warning"], r["info"], r["waived"], score_text(r["score"])] for r in account_rows(report)]
    _sheet(summary, SUMMARY_HEADER, data, [12, 20, 24, 10, 10, 36, 9, 7, 7, 7, 8, 16])

    about = workbook.create_sheet("检查说明")
    for key, value in (("检查日", report.as_of.isoformat()), ("审查期", f"{report.since} 至 {report.until}"),
                       ("工作日历", report.calendar), ("检查完整", "否" if report.result.incomplete else "是"),
                       ("暂算日历", provisional_note(report.result.provisional_years)
                        if report.result.provisional_years else "无"),
                       ("统计", json.dumps(report.counts(), ensure_ascii=False))):
        about.append([key, visible(value)])
    about.column_dimensions["A"].width = 12
    about.column_dimensions["B"].width = 60

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
