"""The one error an import raises: bad input, told with file and row, exit 2, nothing written."""

from __future__ import annotations

from typing import Optional


class ImportFailure(Exception):
    def __init__(self, file: str, message: str, row: Optional[int] = None, column: Optional[str] = None):
        self.file, self.row, self.column, self.detail = file, row, column, message
        where = file + (f" 第 {row} 行" if row else "") + (f"（列“{column}”）" if column else "")
        super().__init__(f"{where}：{message}")
