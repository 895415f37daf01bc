"""Realistic export files built in tests, from the documented field names (../shared/imports/README.md)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

DATA = Path(__file__).parent / "data" / "imports"

#: the WeChat 数据分析 已通知内容 export: 16 columns, 5 rows (shared/imports/samples/wechat_notified.csv)
WECHAT_ROWS = list(csv.reader(io.StringIO((DATA / "wechat_notified.csv").read_text(encoding="utf-8-sig"))))

ACCOUNT = """\
# 佳县水利局公众号（手工登记，注释须保留）
schema: govmedia-lint/v1
account:
  name: 佳县水利
  platform: wechat
  account_id: gh_0123456789ab
  jurisdiction: jiaxian
  host_unit: 佳县水利局
  status: active
  opened_on: 2025-06-01
posts:
  # 手工录入的一条：编辑和审核人只在这里
  - {date: 2025-06-02, title: 佳县水利局工作动态（6月2日）, editor: 刘小燕, reviewers: [张卫东, 王建国]}  # 行尾注释
"""


def account(tmp_path: Path, text: str = ACCOUNT, name: str = "acc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def typed(rows: list[list[str]], date_as: str = "int") -> list[list]:
    """Rows with numbers as numbers and 发表时间 as an int, text or Excel date (``date_as``)."""
    from datetime import date

    out = [rows[0]]
    for row in rows[1:]:
        cells: list = []
        for index, cell in enumerate(row):
            if index == 1:
                day = date(int(cell[:4]), int(cell[4:6]), int(cell[6:]))
                cells.append({"int": int(cell), "text": cell, "date": day}[date_as])
            elif index < 15 and cell.replace(".", "", 1).isdigit():
                cells.append(float(cell) if "." in cell else int(cell))
            else:
                cells.append(cell)
        out.append(cells)
    return out


PREAMBLE = [["佳县水利 已通知内容"], ["统计时间：2025-06-01 至 2025-06-30"], []]


def xlsx(path: Path, rows: list[list], preamble: list[list] = ()) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "New Sheet1"
    for row in [*preamble, *rows]:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "yyyy-mm-dd"
    book.save(path)
    return path


def xls(path: Path, rows: list[list], preamble: list[list] = ()) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("New Sheet1")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate([*preamble, *rows]):
        for c, value in enumerate(row):
            if hasattr(value, "year"):
                sheet.write(r, c, value, day)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def html_xls(path: Path, rows: list[list], preamble: list[list] = ()) -> Path:
    """An HTML table saved with an .xls name, as some WeChat backend downloads are."""
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in [*preamble, *rows])
    path.write_text(f'<html><head><meta charset="utf-8"></head><body><table border="1">{body}</table>'
                    "</body></html>", encoding="utf-8")
    return path


def csv_file(path: Path, rows: list[list], preamble_or_encoding="utf-8-sig", newline: str = "\r\n") -> Path:
    encoding = preamble_or_encoding if isinstance(preamble_or_encoding, str) else "utf-8-sig"
    preamble = [] if isinstance(preamble_or_encoding, str) else list(preamble_or_encoding)
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows([*preamble, *rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return path
