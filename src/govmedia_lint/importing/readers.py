"""Input files to rows or JSON, by their content, never by their extension.

The WeChat 数据分析 download is seen as .xlsx, as old OLE2 .xls and (for a sibling download) as an HTML table named
.xls, so a file is sniffed: ``PK`` is xlsx, ``D0 CF 11 E0`` is OLE2 .xls, markup with ``<table`` is HTML, ``{`` / ``[``
is JSON (one document, or JSON Lines), anything else is delimited text. Text is decoded by a strict cascade (BOM,
UTF-8, GB18030) and the encoding used is always reported. Reads are bounded; nothing in a file is executed.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Optional

from ..safeio import DATA_LIMIT, read_bytes_limited
from .errors import ImportFailure

KIND_NAMES = {"xlsx": "Excel 工作簿（xlsx）", "xls": "Excel 97-2003 工作簿（OLE2 .xls）",
              "html": "网页表格（HTML，常见于以 .xls 命名的下载）", "csv": "CSV 文本",
              "json": "JSON", "jsonl": "JSON Lines"}


@dataclass
class Table:
    """Rows of a spreadsheet or CSV; ``numbers[i]`` is the 1-based row of ``rows[i]`` in the file."""

    file: str
    kind: str
    rows: list[list[Any]]
    numbers: list[int]
    encoding: Optional[str] = None
    sheet: Optional[str] = None
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [KIND_NAMES[self.kind]]
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.encoding:
            parts.append(f"编码 {self.encoding}")
        return "，".join(parts)


def read_bytes(path: Path) -> bytes:
    shown = str(path)
    try:
        raw = read_bytes_limited(path, DATA_LIMIT)
    except FileNotFoundError:
        raise ImportFailure(shown, "文件不存在") from None
    except IsADirectoryError:
        raise ImportFailure(shown, "这是一个目录，应为导出文件") from None
    except OSError as exc:
        raise ImportFailure(shown, f"无法读取：{exc.strerror or exc}") from None
    if not raw.strip():
        raise ImportFailure(shown, "文件为空")
    return raw


def sniff(raw: bytes) -> str:
    """``xlsx``, ``xls``, ``html``, ``json`` or ``csv``, from the first bytes."""
    if raw.startswith(b"PK\x03\x04"):
        return "xlsx"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")) and b"<t" in raw[:1 << 20].lower():
        return "html"
    if head.startswith((b"{", b"[")):
        return "json"
    return "csv"


#: the strict cascade: a BOM decides; else UTF-8 if the bytes are valid UTF-8; else GB18030 (which covers GBK/GB2312)
def decode(raw: bytes, shown: str) -> tuple[str, str]:
    """Text and the name of the encoding that was used."""
    if raw.startswith(codecs.BOM_UTF8):
        if not _valid(raw[3:], "utf-8"):
            _bad(shown)
        return raw[3:].decode("utf-8"), "UTF-8（带 BOM）"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(name), "UTF-16（带 BOM，Excel“Unicode 文本”）"
            except UnicodeDecodeError:
                _bad(shown)
    if _valid(raw, "utf-8"):
        return raw.decode("utf-8"), "UTF-8"
    if _valid(raw, "gb18030"):
        return raw.decode("gb18030"), "GB18030（GBK）"
    _bad(shown)
    raise AssertionError  # unreachable


def _valid(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _bad(shown: str):
    raise ImportFailure(shown, "无法识别文本编码（不是 UTF-8，也不是 GB18030/GBK）；"
                        "请在 Excel 中另存为“CSV UTF-8”后再导入")


def read_table(path: Path) -> Table:
    """A spreadsheet, HTML table or delimited text file as rows of cell values."""
    raw = read_bytes(path)
    shown = str(path)
    kind = sniff(raw)
    if kind in ("xlsx", "xls"):
        return _read_workbook(raw, shown, kind)
    if kind == "html":
        text, encoding = decode(raw, shown)
        rows = _html_rows(text)
        return Table(shown, "html", rows, list(range(1, len(rows) + 1)), encoding)
    if kind == "json":
        raise ImportFailure(shown, "这是 JSON 文件，不是表格；请选择对应的导入来源（如 wechat-api、weibo）")
    text, encoding = decode(raw, shown)
    return _read_csv(text, shown, encoding)


def _read_workbook(raw: bytes, shown: str, kind: str) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        names = book.sheet_names
        if not names:
            raise ImportFailure(shown, "工作簿中没有工作表")
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except ImportFailure:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ImportFailure(shown, f"无法读取 {KIND_NAMES[kind]}：文件已损坏或不是 Excel 文件"
                            f"（{type(exc).__name__}）") from None
    rows = [list(row) for row in rows]
    return Table(shown, kind, rows, list(range(1, len(rows) + 1)), sheet=names[0])


class _TableParser(HTMLParser):
    """Rows of every ``<tr>`` in the page, cell text only (no markup, no scripts, no entities left)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: Optional[list[str]] = None
        self._cell: Optional[list[str]] = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row = []
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)

    def _end_cell(self):
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _end_row(self):
        self._end_cell()
        if self._row is not None:
            self.rows.append(self._row)
        self._row = None


def _html_rows(text: str) -> list[list[str]]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    parser._end_row()
    return parser.rows


def _read_csv(text: str, shown: str, encoding: str) -> Table:
    first = text.split("\n", 1)[0]
    delimiter = "," if "," in first else ("\t" if "\t" in first else ("；" if "；" in first else ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, numbers = [], []
    try:
        for row in reader:
            rows.append(row)
            numbers.append(reader.line_num)
    except csv.Error as exc:
        raise ImportFailure(shown, f"CSV 格式错误：{exc}", reader.line_num) from None
    return Table(shown, "csv", rows, numbers, encoding)


def read_json(path: Path) -> tuple[list[Any], str]:
    """The JSON documents of a file (one, or one per line for JSON Lines) and ``json`` or ``jsonl``."""
    raw = read_bytes(path)
    shown = str(path)
    if sniff(raw) != "json":
        raise ImportFailure(shown, "不是 JSON 文件（应为保存的接口返回内容，以 { 或 [ 开头）")
    text, _ = decode(raw, shown)
    try:
        return [json.loads(text)], "json"
    except json.JSONDecodeError as whole:
        docs = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                bad, row = (whole, whole.lineno) if not docs else (exc, number)
                raise ImportFailure(shown, f"JSON 格式错误：{bad.msg}（第 {bad.colno} 列）", row) from None
        return docs, "jsonl"
