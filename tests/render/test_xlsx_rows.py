"""The rows written straight into the workbook's XML are the XML openpyxl writes cell by cell, part by part."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from govmedia_lint.render.sanitize import visible
from govmedia_lint.render.xlsx import write_sheet
from govmedia_lint.render.xlsx_rows import Sheets, Style

BOLD_FONT = Font(bold=True)
WRAP_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
COLORS = {"错误": "F8D7DA", "警告": "FFF3CD", "提示": "D1ECF1"}
TRICKY = ["", " ", "  前后有空格  ", " 前", "后 ", "\u3000全角空格", "a & b < c > d", "=SUM(A1:A2)", "=", "#N/A",
          "#DIV/0!", "换行\n之后", "制表\t符", "垂直\x0b制表", "x" * 40000, "引号\"'", "]]>", "emoji 😀", "\u202e反转",
          "普通的中文说明：账号 2025-03-01 未更新"]
NUMBERS = [0, 7, -3, 10**15, 2**53 + 1, 1.5, 0.1, 1e-7, 3.0, True, False]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def by_cells(sheets: list[tuple[list, list, dict]]) -> bytes:
    """openpyxl cell by cell, as the xlsx format wrote its sheets before the rows were written directly."""
    workbook = Workbook()
    for index, (header, data, styles) in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet(f"表{index}")
        write_sheet(ws, header, data, [10] * len(header))
        for row in ws.iter_rows(min_row=2):
            for column in styles:
                if column == 4:
                    color = COLORS.get(row[column].value)
                    if color:
                        row[column].fill = PatternFill("solid", fgColor=color)
                else:
                    row[column].alignment = WRAP_ALIGNMENT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def by_rows(sheets: list[tuple[list, list, dict]]) -> bytes:
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    writer = Sheets(workbook)
    bold, wrap = Style(font=BOLD_FONT), Style(alignment=WRAP_ALIGNMENT)
    fills = {label: Style(fill=PatternFill("solid", fgColor=color)) for label, color in COLORS.items()}
    for index, (header, data, styles) in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet(f"表{index}")
        picks = {column: (fills.get if column == 4 else (lambda value: wrap)) for column in styles}
        rows = writer.write(ws, header, data, bold, picks, text=visible)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(rows, 1)}"
        for column in range(1, len(header) + 1):
            ws.column_dimensions[get_column_letter(column)].width = 10
    return writer.save()


def random_rows(rng: random.Random, count: int, width: int) -> list[list]:
    values = [*TRICKY, *NUMBERS, None, "错误", "警告", "提示"]
    return [[rng.choice(values) for _ in range(width)] for _ in range(count)]


@pytest.mark.parametrize("seed", range(5))
def test_rows_are_the_xml_openpyxl_writes_cell_by_cell(seed):
    rng = random.Random(seed)
    header = ["辖区", "主办单位", "账号", "平台", "级别", "规则代码", "规则", "问题说明"]
    sheets = [(header, random_rows(rng, 60, len(header)), {4: "fill", 6: "wrap", 7: "wrap"}),
              (header[:5], random_rows(rng, 20, 5), {}),
              (header, random_rows(rng, 30, len(header)), {7: "wrap"})]
    assert parts(by_rows(sheets)) == parts(by_cells(sheets))


def test_sheets_without_rows_are_written_as_openpyxl_writes_them():
    sheets = [(["代码", "说明"], [], {}), (["a"], [["only"]], {})]
    assert parts(by_rows(sheets)) == parts(by_cells(sheets))


def test_a_value_of_another_type_is_refused():
    from datetime import date

    writer = Sheets(Workbook())
    with pytest.raises(TypeError):
        writer.write(writer.workbook.active, ["日期"], [[date(2025, 1, 1)]])
