"""Input files to rows or JSON, by their content, never by their extension.

The WeChat 数据分析 download is seen as .xlsx, as old OLE2 .xls and (for a sibling download) as an HTML table named
.xls, so a file is sniffed: ``PK`` is xlsx, ``D0 CF 11 E0`` is OLE2 .xls, markup with ``<table`` is HTML, ``{`` / ``[``
is JSON (one document, or JSON Lines), anything else is delimited text. Text is decoded by a strict cascade (BOM,
UTF-8, GB18030) and the encoding used is always reported. Reads are bounded; nothing in a file is executed.

A workbook is read in a child process (``_WorkbookReader``) under a memory and time limit: the native reader
allocates a sheet's whole declared area (one cell at XFD1048576 asks for 512 GB) and may abort on a damaged
.xls, which in the child is a clear error and in this process would be a crash. The child is kept for the next
workbook (starting an interpreter costs more than reading a year of articles) and replaced after any file it
could not read. Sheets are bounded in rows,
columns, characters per cell and (xlsx) uncompressed bytes.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Optional

from ..safeio import DATA_LIMIT, read_bytes_limited
from ..yaml_errors import os_reason
from .errors import ImportFailure

#: bounds of what one import reads from a sheet or CSV: rows, columns, characters in a cell (Excel's own limit)
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
MAX_CELL = 32_767
#: uncompressed bytes of all parts of an xlsx (a zip bomb of a few KB unpacks to gigabytes)
MAX_UNZIPPED = 1024 * 1024 * 1024
#: the child process that reads a workbook: address space and seconds
WORKBOOK_MEMORY = 4 * 1024 * 1024 * 1024
WORKBOOK_SECONDS = 300
#: workbooks one reader process reads before it is replaced by a fresh one
WORKBOOK_REUSE = 200

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
    #: a workbook's merged cells, ``((first row, first column), (last row, last column))``, 0-based indices of
    #: ``rows``: a ledger's 账号名称 merged over the rows of one account is that account's on each of them
    merged: list = field(default_factory=list)

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
        raise ImportFailure(shown, f"无法读取：{os_reason(exc)}") from None
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
    _refuse_mixed(raw, shown)
    if _valid(raw, "gb18030"):
        return raw.decode("gb18030"), "GB18030（GBK）"
    _bad(shown)
    raise AssertionError  # unreachable


def _refuse_mixed(raw: bytes, shown: str) -> None:
    """Bytes that are not UTF-8 as a whole but hold lines of UTF-8 Chinese are two encodings in one file (rows
    pasted from two exports): GB18030 would read the UTF-8 lines as other characters, silently."""
    utf8 = other = None
    for number, line in enumerate(raw.split(b"\n"), 1):
        if line.isascii():
            continue
        if _valid(line, "utf-8"):
            utf8 = utf8 or number
        elif _valid(line, "gb18030"):
            other = other or number
        if utf8 and other:
            raise ImportFailure(shown, f"混用了两种文本编码：第 {utf8} 行是 UTF-8，第 {other} 行是 GBK/GB18030；"
                                "请在 Excel 中另存为“CSV UTF-8”后再导入", max(utf8, other))


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
    answer, timed_out = _READER.read(raw, kind)
    if answer is None:
        why = f"读取超过 {WORKBOOK_SECONDS} 秒" if timed_out else "读取进程异常终止"
        raise ImportFailure(shown, f"无法读取 {KIND_NAMES[kind]}：{why}（文件已损坏，或工作表的范围过大）")
    if answer[0] == "error":
        raise ImportFailure(shown, answer[1], answer[2])
    _, sheet, rows, *merged = answer
    return Table(shown, kind, rows, list(range(1, len(rows) + 1)), sheet=sheet, merged=merged[0] if merged else [])


class _WorkbookReader:
    """The child process that reads workbooks: started (spawned, a fresh interpreter) on the first workbook and
    kept for the next ones, so that a run reading many exports starts one interpreter, not one per file (~90 ms
    each). A child that met a file it could not read (an error, a timeout, an abort) is ended and the next file
    gets a new one; after ``WORKBOOK_REUSE`` files it is replaced too."""

    def __init__(self) -> None:
        self.child = None
        self.conn = None
        self.used = 0
        #: the request sent ahead (``prefetch``) and not yet answered
        self.ahead: Optional[tuple[bytes, str]] = None

    def _start(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no state of this one is shared
        mine, theirs = context.Pipe(duplex=True)
        child = context.Process(target=_workbook_child, args=(theirs,), daemon=True)
        child.start()
        theirs.close()
        self.child, self.conn, self.used = child, mine, 0

    def _send(self, raw: bytes, kind: str) -> bool:
        if self.child is not None and (not self.child.is_alive() or self.used >= WORKBOOK_REUSE):
            self.stop()
        if self.child is None:
            self._start()
        self.used += 1
        try:
            self.conn.send((raw, kind))
        except OSError:
            self.stop()
            return False
        return True

    def _receive(self) -> tuple[Optional[tuple], bool]:
        answer, timed_out = None, False
        try:
            if self.conn.poll(WORKBOOK_SECONDS):
                answer = self.conn.recv()
            else:
                timed_out = True
        except (EOFError, OSError):
            answer = None
        if answer is None or answer[0] != "ok":
            self.stop()
        return answer, timed_out

    def prefetch(self, raw: bytes, kind: str) -> None:
        """Have the child start on a workbook while this process does other work (opening the account file):
        ``read`` of the same bytes then takes its answer."""
        if self.ahead is None and self._send(raw, kind):
            self.ahead = (raw, kind)

    def read(self, raw: bytes, kind: str) -> tuple[Optional[tuple], bool]:
        """The child's answer (``("ok", sheet, rows)`` or ``("error", message, row)``; None when it ended or took
        longer than ``WORKBOOK_SECONDS``) and whether it timed out."""
        if self.ahead is not None:
            ahead, self.ahead = self.ahead, None
            answer = self._receive() if self.conn is not None else (None, False)
            if ahead == (raw, kind):
                return answer
            # another file (or the file changed since): that answer is not this one's
        if not self._send(raw, kind):
            return None, False
        return self._receive()

    def stop(self) -> None:
        """End the child (it also ends when this process closes its end of the pipe, or exits)."""
        child, conn = self.child, self.conn
        self.child = self.conn = self.ahead = None
        if child is None:
            return
        try:
            conn.close()
        except OSError:
            pass
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()


_READER = _WorkbookReader()


def prefetch_table(path: Path) -> None:
    """Start reading ``path`` in the reader process if it is a workbook, so that ``read_table(path)`` later finds
    it read: nothing is reported here (an unreadable file is ``read_table``'s error, in its place)."""
    try:
        raw = read_bytes(path)
    except ImportFailure:
        return
    kind = sniff(raw)
    if kind in ("xlsx", "xls"):
        _READER.prefetch(raw, kind)


def stop_reader() -> None:
    """End the workbook reader process of this one (a benchmark counts its CPU time once it has ended)."""
    _READER.stop()


def _workbook_child(conn) -> None:
    """In the child: for each ``(raw, kind)`` received, the first sheet's rows or ``("error", message, row)``;
    a native abort ends the child. Ends when the parent closes the pipe."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent says "已中断" and ends this child
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKBOOK_MEMORY, WORKBOOK_MEMORY))
    except (ImportError, ValueError, OSError):  # not on this system: the time limit still holds
        pass
    try:  # a native reader's abort prints its own backtrace: the parent says what happened, in Chinese
        import os

        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    except OSError:
        pass
    while True:
        try:
            raw, kind = conn.recv()
        except (EOFError, OSError):
            break
        except BaseException:  # noqa: BLE001 - a request that cannot be read: nothing more to do here
            break
        try:
            answer = _workbook_rows(raw, kind)
        except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException; nothing may escape
            answer = ("error", f"无法读取 {KIND_NAMES[kind]}：文件已损坏或不是 Excel 文件（{type(exc).__name__}）", None)
        del raw
        try:
            conn.send(answer)
        except BaseException:  # noqa: BLE001 - e.g. the rows do not fit in memory: the parent reports the exit
            break
    conn.close()


def _workbook_rows(raw: bytes, kind: str) -> tuple:
    if kind == "xlsx":
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
                if unzipped > MAX_UNZIPPED:
                    return ("error", f"无法读取 {KIND_NAMES[kind]}：解压后超过 {MAX_UNZIPPED // (1024 * 1024)} MB",
                            None)
                rows, columns = _first_sheet_extent(archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
            return ("error", f"无法读取 {KIND_NAMES[kind]}：文件已损坏或不是 Excel 文件（zip 结构无效）", None)
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            return ("error", f"第一个工作表的范围过大（到第 {rows} 行、第 {columns} 列；最多 {MAX_ROWS} 行、"
                    f"{MAX_COLUMNS} 列）：请删除多余的行列或只导出需要的数据", None)
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    names = book.sheet_names
    if not names:
        return ("error", "工作簿中没有工作表", None)
    sheet = book.get_sheet_by_index(0)
    if sheet.total_height > MAX_ROWS or sheet.total_width > MAX_COLUMNS:
        return ("error", f"工作表“{names[0]}”的范围过大（{sheet.total_height} 行 × {sheet.total_width} 列；"
                f"最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）：请删除多余的行列或只导出需要的数据", None)
    rows = [list(row) for row in sheet.to_python(skip_empty_area=False)]
    for number, row in enumerate(rows, 1):
        for column, cell in enumerate(row, 1):
            if isinstance(cell, str) and len(cell) > MAX_CELL:
                return ("error", f"第 {number} 行第 {column} 列的单元格有 {len(cell)} 个字符，超过 {MAX_CELL} 个"
                        "（Excel 单元格的上限）", number)
    try:
        merged = [tuple(tuple(int(i) for i in corner) for corner in pair) for pair in sheet.merged_cell_ranges or ()]
    except (AttributeError, TypeError, ValueError):  # a format or version without merged ranges
        merged = []
    return ("ok", names[0], rows, merged)


_CELL_REF = re.compile(rb'<(?:\w+:)?(?:c|dimension)\b[^>]*?\br(?:ef)?="\$?([A-Za-z]{1,4})\$?(\d{1,9})'
                       rb'(?::\$?([A-Za-z]{1,4})\$?(\d{1,9}))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _first_sheet_extent(archive) -> tuple[int, int]:
    """The last row and column any cell (or the declared dimension) of the first worksheet names, read from its XML
    before the native reader allocates that area."""
    names = archive.namelist()
    target = None
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
        first = re.search(rb'<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"', book)
        if first:
            ident = re.escape(first[1])
            rel = (re.search(rb'<Relationship\b[^>]*\bId="' + ident + rb'"[^>]*\bTarget="([^"]+)"', rels)
                   or re.search(rb'<Relationship\b[^>]*\bTarget="([^"]+)"[^>]*\bId="' + ident + rb'"', rels))
            if rel:
                path = rel[1].decode("utf-8", "replace").lstrip("/")
                target = path if path.startswith("xl/") else "xl/" + path
    except KeyError:
        target = None
    sheets = [target] if target in names else [n for n in names if n.startswith("xl/worksheets/")]
    rows = columns = 0
    for name in sheets:
        found = _CELL_REF.findall(archive.read(name))  # (letters, digits, range's letters, digits) per reference
        if not found:
            continue
        letters = [m[0] for m in found] + [m[2] for m in found if m[2]]
        rows = max(rows, max(map(int, [m[1] for m in found] + [m[3] for m in found if m[3]])))
        upper = b",".join(letters).upper().split(b",")
        longest = max(map(len, upper))  # a column's letters: longer is later, then in alphabetical order
        columns = max(columns, _column_number(max(name for name in upper if len(name) == longest)))
    return rows, columns


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
            if len(rows) >= MAX_ROWS:
                raise ImportFailure(shown, f"超过 {MAX_ROWS} 行，请分批导入", reader.line_num)
            if len(row) > MAX_COLUMNS:
                raise ImportFailure(shown, f"有 {len(row)} 列，超过 {MAX_COLUMNS} 列", reader.line_num)
            for column, cell in enumerate(row, 1):
                if len(cell) > MAX_CELL:
                    raise ImportFailure(shown, f"第 {column} 列有 {len(cell)} 个字符，超过 {MAX_CELL} 个",
                                        reader.line_num)
            rows.append(row)
            numbers.append(reader.line_num)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own bound (131,072 characters)
            raise ImportFailure(shown, f"有单元格超过 {MAX_CELL} 个字符", reader.line_num) from None
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
        return [_json(text)], "json"
    except json.JSONDecodeError as whole:
        docs = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                docs.append(_json(line))
            except json.JSONDecodeError as exc:
                bad, row = (whole, whole.lineno) if not docs else (exc, number)
                raise ImportFailure(shown, f"JSON 格式错误：{bad.msg}（第 {bad.colno} 列）", row) from None
            except _JsonTooBig as exc:
                raise ImportFailure(shown, str(exc), number) from None
        return docs, "jsonl"
    except _JsonTooBig as exc:
        raise ImportFailure(shown, str(exc)) from None


class _JsonTooBig(ValueError):
    pass


#: digits of a JSON number (an id or a time is at most ~20); longer ones are refused, not converted for seconds
_MAX_DIGITS = 100


def _big_number(text: str):
    if len(text) > _MAX_DIGITS:
        raise _JsonTooBig(f"JSON 中有 {len(text)} 位的数字，不是有效的编号或时间")
    return int(text)


def _json(text: str):
    try:
        return json.loads(text, parse_int=_big_number)
    except RecursionError:
        raise _JsonTooBig("JSON 嵌套层级过深") from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # a number json cannot convert
        if isinstance(exc, _JsonTooBig):
            raise
        raise _JsonTooBig(f"JSON 数值无效：{exc}") from None
