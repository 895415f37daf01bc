"""Workbooks are read in a child process kept for the next workbook, and replaced after a file it could not read:
the limits of SECURITY.md hold for every file, and a damaged file never spoils the next one."""

from __future__ import annotations

import pytest

from govmedia_lint.importing import readers
from govmedia_lint.importing.errors import ImportFailure
from importfiles import WECHAT_ROWS, typed, xlsx


@pytest.fixture
def reader():
    readers.stop_reader()
    yield readers._READER
    readers.stop_reader()


def test_one_child_reads_consecutive_workbooks(tmp_path, reader):
    first = readers.read_table(xlsx(tmp_path / "a.xlsx", typed(WECHAT_ROWS)))
    child = reader.child
    second = readers.read_table(xlsx(tmp_path / "b.xlsx", typed(WECHAT_ROWS)))
    assert child is not None and reader.child is child
    assert first.rows == second.rows and len(first.rows) == len(WECHAT_ROWS)


def test_a_damaged_workbook_ends_the_child_and_the_next_file_gets_a_fresh_one(tmp_path, reader):
    good = xlsx(tmp_path / "a.xlsx", typed(WECHAT_ROWS))
    readers.read_table(good)
    used = reader.child
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[:600])
    with pytest.raises(ImportFailure, match="无法读取"):
        readers.read_table(bad)
    assert reader.child is None and not used.is_alive()
    assert len(readers.read_table(good).rows) == len(WECHAT_ROWS)


def test_a_child_that_died_between_files_is_replaced(tmp_path, reader):
    good = xlsx(tmp_path / "a.xlsx", typed(WECHAT_ROWS))
    readers.read_table(good)
    reader.child.kill()
    reader.child.join()
    assert len(readers.read_table(good).rows) == len(WECHAT_ROWS)


def test_the_child_is_replaced_after_its_quota_of_files(tmp_path, reader, monkeypatch):
    monkeypatch.setattr(readers, "WORKBOOK_REUSE", 1)
    good = xlsx(tmp_path / "a.xlsx", typed(WECHAT_ROWS))
    readers.read_table(good)
    first = reader.child
    readers.read_table(good)
    assert reader.child is not first and not first.is_alive()


def test_the_sheet_extent_is_the_last_row_and_column_any_reference_names():
    import io
    import zipfile

    cells = '<c r="B2"/><c r="z9"/><x:c r="AA3"/><c r="$AB$1"/><c r="C100"/>'
    sheet = f'<worksheet><dimension ref="A1:AC7"/><sheetData>{cells}</sheetData></worksheet>'
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    with zipfile.ZipFile(data) as archive:
        assert readers._first_sheet_extent(archive) == (100, 29)  # row 100 (C100), column AC (the dimension)


def test_a_prefetched_workbook_is_the_answer_for_its_own_bytes_only(tmp_path, reader):
    first = xlsx(tmp_path / "a.xlsx", typed(WECHAT_ROWS))
    other = xlsx(tmp_path / "b.xlsx", typed(WECHAT_ROWS[:3]))
    readers.prefetch_table(first)
    assert reader.ahead is not None
    assert len(readers.read_table(other).rows) == 3  # another file: its own rows, the prefetched answer dropped
    readers.prefetch_table(first)
    assert len(readers.read_table(first).rows) == len(WECHAT_ROWS) and reader.ahead is None


def test_prefetching_a_missing_or_non_workbook_file_reports_nothing(tmp_path, reader):
    readers.prefetch_table(tmp_path / "missing.xlsx")
    (tmp_path / "a.csv").write_text("date,title\n", encoding="utf-8")
    readers.prefetch_table(tmp_path / "a.csv")
    assert reader.ahead is None


def test_a_reader_that_died_before_answering_a_prefetch_is_an_error_not_a_wait(tmp_path, reader):
    import os
    import signal

    good = xlsx(tmp_path / "a.xlsx", typed(WECHAT_ROWS))
    readers.read_table(good)  # a child running
    os.kill(reader.child.pid, signal.SIGSTOP)  # it receives the prefetch but never answers
    readers.prefetch_table(good)
    reader.child.kill()
    reader.child.join()
    with pytest.raises(ImportFailure, match="读取进程异常终止"):
        readers.read_table(good)
    assert reader.child is None and reader.ahead is None
    assert len(readers.read_table(good).rows) == len(WECHAT_ROWS)  # the next read gets a fresh child


def test_a_prefetch_into_a_child_that_died_between_files_starts_a_fresh_one(tmp_path, reader):
    good = xlsx(tmp_path / "a.xlsx", typed(WECHAT_ROWS))
    readers.read_table(good)
    reader.child.kill()
    reader.child.join()
    readers.prefetch_table(good)
    assert reader.child.is_alive() and reader.ahead is not None
    assert len(readers.read_table(good).rows) == len(WECHAT_ROWS)
