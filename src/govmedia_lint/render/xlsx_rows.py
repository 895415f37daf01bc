"""Sheet rows written as openpyxl writes them, without a cell object per value.

openpyxl makes a ``Cell`` for every value and serializes each one through ElementTree: ~12 s for the
500,000 cells of a workbook of 35,000 findings. ``Sheets`` writes the rows of the big sheets straight
into the XML openpyxl writes for them (inline strings; the attributes, escaping, number format,
``xml:space`` and empty cells as its writer gives them; style ids taken from openpyxl in the order its
writer would register them), and openpyxl writes everything else as before: the workbook, the styles,
views, filters and column widths of those sheets, and the small sheets whole. Each part of the
workbook is byte for byte openpyxl's own (``tests/render/test_xlsx_rows.py`` compares them, on tricky
values, with a workbook openpyxl wrote cell by cell; ``tests/render/test_golden.py`` on the sample
register).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter

#: what openpyxl writes for the rows of a sheet without cells, and for its size
_NO_ROWS = b"<sheetData></sheetData>"
_NO_SIZE = b'<dimension ref="A1:A1" />'
#: openpyxl keeps this much of a text (Excel's limit)
_TEXT_LIMIT = 32767


class Style:
    """The style of a cell: openpyxl style objects by attribute (``font``, ``fill``, ``alignment``)."""

    def __init__(self, **attributes: Any):
        self.attributes = attributes


def _escape(text: str) -> str:
    """ElementTree's escaping of element text (what openpyxl's writer uses)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class Sheets:
    """The rows of some sheets of ``workbook``, written into the file openpyxl saves (``save``)."""

    def __init__(self, workbook: Any):
        self.workbook = workbook
        self._rows: dict[int, tuple[str, str]] = {}  # id(worksheet) -> (dimension, rows XML)
        self._ids: dict[int, str] = {}  # id(Style) -> ' s="N"' ('' for the default style)
        self._kept: list[Style] = []  # the styles whose ids are keys of _ids

    def _style(self, worksheet: Any, style: Style) -> str:
        found = self._ids.get(id(style))
        if found is None:
            cell = Cell(worksheet)  # never part of the sheet: registers the style as a styled cell would
            for name, value in style.attributes.items():
                setattr(cell, name, value)
            found = f' s="{cell.style_id}"' if cell.has_style else ""
            self._ids[id(style)] = found
            self._kept.append(style)
        return found

    def write(self, worksheet: Any, header: list[str], data: list[list[Any]], header_style: Style | None = None,
              styles: dict[int, Callable[[Any], Style | None]] | None = None,
              text: Callable[[str], str] | None = None) -> int:
        """Row 1 ``header`` (plain text, as ``worksheet.append`` takes it), then ``data`` (values given to each cell
        as ``cell.value``, text kept as text even when it starts with "="; ``text`` applied to each text first),
        ``styles``: column index (from 0) -> the style of a value in that column (the value as given, before
        ``text``). Call in the order the sheets are written (the style ids are registered as openpyxl's writer
        would); returns the last row."""
        styles = styles or {}
        shown: dict[str, str] = {}  # text -> text(text): most values recur (units, rules, clauses, files)
        width = max([len(header), *map(len, data)]) if header or data else 0
        letters = [get_column_letter(index) for index in range(1, width + 1)]
        out: list[str] = []
        add = out.append
        header_id = self._style(worksheet, header_style) if header_style else ""
        rows = ([header] if header else []) + data
        for number, values in enumerate(rows, start=1):
            add(f'<row r="{number}">')
            in_header = number == 1 and bool(header)
            for column, value in enumerate(values):
                if in_header:
                    style = header_id
                else:
                    pick = styles.get(column)
                    chosen = pick(value) if pick else None
                    style = self._style(worksheet, chosen) if chosen else ""
                where = f'{letters[column]}{number}'
                kind = type(value)
                if kind is str and text is not None and not in_header:
                    cleaned = shown.get(value)
                    if cleaned is None:
                        cleaned = shown[value] = text(value)
                    value = cleaned
                if kind is str:
                    if not value:
                        add(f'<c r="{where}"{style} t="inlineStr" />')
                        continue
                    value = value[:_TEXT_LIMIT]
                    if value in ERROR_CODES:
                        add(f'<c r="{where}"{style} t="e"><v>{_escape(value)}</v></c>')
                        continue
                    stripped = value.strip()
                    space = ' xml:space="preserve"' if stripped and stripped != value else ""
                    add(f'<c r="{where}"{style} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
                elif value is None:
                    if style:
                        add(f'<c r="{where}"{style} t="n" />')
                elif kind is int or kind is float or kind is bool:
                    number_text = safe_string(value)
                    kind_code = "b" if kind is bool else "n"
                    add(f'<c r="{where}"{style} t="{kind_code}"><v>{_escape(number_text)}</v></c>' if number_text
                        else f'<c r="{where}"{style} t="{kind_code}"><v /></c>')
                else:
                    raise TypeError(f"a {kind.__name__} in a sheet written by rows")
            add("</row>")
        size = f"A1:{letters[-1]}{len(rows)}" if rows else "A1:A1"
        self._rows[id(worksheet)] = (size, "".join(out))
        return len(rows)

    def save(self) -> bytes:
        """The workbook's file: openpyxl's, with the rows written in."""
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        parts = {ws.path[1:]: self._rows[id(ws)] for ws in self.workbook.worksheets if id(ws) in self._rows}
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as saved, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as written:
            for info in saved.infolist():
                data = saved.read(info)
                if info.filename in parts:
                    size, rows = parts[info.filename]
                    if data.count(_NO_ROWS) != 1 or data.count(_NO_SIZE) != 1:
                        raise ValueError(f"unexpected openpyxl output in {info.filename}")
                    data = data.replace(_NO_SIZE, f'<dimension ref="{size}" />'.encode(), 1)
                    data = data.replace(_NO_ROWS, b"<sheetData>" + rows.encode("utf-8", "xmlcharrefreplace") + b"</sheetData>", 1)
                copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy.external_attr, copy.compress_type = info.external_attr, info.compress_type
                written.writestr(copy, data)
        return out.getvalue()
