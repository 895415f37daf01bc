"""CSV for spreadsheets: UTF-8 with BOM (Excel on Chinese Windows opens it correctly).

One row per finding (known ones, recorded in the baseline, as 已知未整改), then the waived ones.
Cells that a spreadsheet would run as a formula are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import json

from ..engine.findings import SEVERITY_LABEL
from . import Report
from .people import KNOWN
from .rules import clause
from .sanitize import visible

HEADER = ["文件", "行号", "账号", "级别", "规则代码", "规则名称", "规则包", "问题说明", "依据条款", "证据", "状态",
          "豁免批准文件", "豁免到期日", "备注"]
LABEL = SEVERITY_LABEL


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formula injection (=, +, -, @, tab, CR at the start of text)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows(report: Report) -> list[list[object]]:
    out = []

    def add(finding, status: str, ref: str = "", expires: str = "") -> None:
        evidence = json.dumps(finding.evidence, ensure_ascii=False, default=str) if finding.evidence else ""
        row = [finding.file, finding.line, finding.account or "", LABEL[finding.severity], finding.rule,
               finding.name, finding.pack or "", finding.message, clause(finding.source), evidence, status, ref, expires,
               finding.note or ""]
        out.append([visible(value) if isinstance(value, str) else value for value in row])

    for finding in report.result.findings:
        add(finding, KNOWN if finding.baselined else "待整改")
    for waived in report.result.waived:
        w = waived.waiver
        add(waived.finding, "已豁免", w.approval_ref or "", w.expires_on.isoformat() if w.expires_on else "")
    return out


def csv_text(header: list[str], data: list[list[object]]) -> str:
    """CSV with a BOM and CRLF lines, every cell neutralised (also used by ``due``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in data:
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


def render(report: Report) -> str:
    return csv_text(HEADER, rows(report))
