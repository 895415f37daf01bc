"""`import` on hostile exports: a clear error (exit 2, the account file untouched) in bounded time, never a crash.

A sheet that declares a huge area, a damaged .xls, a cell of megabytes, thousands of rows of one day, JSON of
unexpected shapes, 5,000-digit numbers and dates at the ends of the calendar.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.importing import readers
from govmedia_lint.importing.merge import KEY_DATE, Ambiguous, _Index, _Item
from importfiles import ACCOUNT, WECHAT_ROWS, account, typed, xls

runner = CliRunner()


def run_import(*args):
    started = time.monotonic()
    result = runner.invoke(app, ["import", *map(str, args)])
    return result, time.monotonic() - started


def refused(result, target: Path, before: bytes, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), result.exception
    assert target.read_bytes() == before
    for word in words:
        assert word in result.output, result.output


def test_a_sheet_with_one_cell_at_the_last_column_and_row_is_an_error_not_an_abort(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "内容标题"
    book.active["XFD1048576"] = "x"
    book.save(tmp_path / "huge.xlsx")
    target = account(tmp_path)
    before = target.read_bytes()
    result, seconds = run_import("wechat-analytics", tmp_path / "huge.xlsx", "--account", target)
    refused(result, target, before, "范围过大", "1048576 行")
    assert seconds < 120


@pytest.mark.parametrize("damage", ["truncate", "mutate"])
def test_a_damaged_xls_is_an_error(tmp_path, damage):
    good = xls(tmp_path / "e.xls", typed(WECHAT_ROWS)).read_bytes()
    rng = random.Random(3)
    for attempt in range(4):
        if damage == "truncate":
            bad = good[: len(good) * (attempt + 1) // 5]
        else:
            data = bytearray(good)
            for _ in range(40):
                data[rng.randrange(512, len(data))] = rng.randrange(256)
            bad = bytes(data)
        (tmp_path / "bad.xls").write_bytes(bad)
        target = account(tmp_path)
        before = target.read_bytes()
        result, seconds = run_import("wechat-analytics", tmp_path / "bad.xls", "--account", target)
        assert seconds < 120
        assert "Traceback" not in result.output
        if result.exit_code != 0:  # a mutation may leave the file readable: then it imports, else exit 2
            refused(result, target, before)


def test_a_cell_of_megabytes_is_refused_with_its_row_and_column(tmp_path):
    import openpyxl

    import zipfile

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(WECHAT_ROWS[0])
    sheet.append(["PLACEHOLDER"] + WECHAT_ROWS[1][1:])
    book.save(tmp_path / "small.xlsx")
    with zipfile.ZipFile(tmp_path / "small.xlsx") as small, \
            zipfile.ZipFile(tmp_path / "big.xlsx", "w", zipfile.ZIP_DEFLATED) as big:
        for name in small.namelist():  # openpyxl itself cuts a cell at 32,767 characters: write the XML
            big.writestr(name, small.read(name).replace(b"PLACEHOLDER", "题".encode() * 3_000_000))
    assert (tmp_path / "big.xlsx").stat().st_size < 200_000
    target = account(tmp_path)
    before = target.read_bytes()
    result, seconds = run_import("wechat-analytics", tmp_path / "big.xlsx", "--account", target)
    refused(result, target, before, "第 2 行第 1 列", str(readers.MAX_CELL))
    assert seconds < 60


def test_a_csv_cell_of_megabytes_is_refused(tmp_path):
    for size, words in ((40_000, ["第 2 行", "第 2 列"]), (200_000, ["第 2 行", str(readers.MAX_CELL)])):
        (tmp_path / "big.csv").write_text("date,title\n2025-06-02," + "题" * size + "\n", encoding="utf-8")
        target = account(tmp_path)
        before = target.read_bytes()
        result, _ = run_import("csv", tmp_path / "big.csv", "--account", target)
        refused(result, target, before, *words)


def test_eight_thousand_rows_of_one_day_import_in_seconds(tmp_path):
    lines = ["date,title"] + [f"2025-06-02 {n // 60 % 24:02d}:{n % 60:02d},标题{n}" for n in range(8_000)]
    (tmp_path / "rows.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = account(tmp_path)
    result, seconds = run_import("csv", tmp_path / "rows.csv", "--account", target)
    assert result.exit_code == 0 and "新增 8000" in result.output, result.output
    again, seconds_again = run_import("csv", tmp_path / "rows.csv", "--account", target)
    assert "未变 8000" in again.output
    assert seconds < 30 and seconds_again < 30, (seconds, seconds_again)


def _brute_force(index: _Index, fields: dict):
    """The matching rule as it reads: every item of the day through ``_same`` (quadratic, the reference)."""
    from govmedia_lint.importing.merge import _norm, _strong_keys
    from govmedia_lint.importing.values import day_of

    keys = _strong_keys(fields)
    for key in keys:
        if key in index.strong:
            return index.strong[key]
    when = fields[KEY_DATE[index.collection]]
    candidates = [item for item in index.items if item.get(KEY_DATE[index.collection]) is not None
                  and day_of(item.get(KEY_DATE[index.collection])) == day_of(when)
                  and index._same(item, fields, when, keys)]
    if index.collection == "messages" and len(candidates) > 1:
        exact = [item for item in candidates if _norm(item.get("summary")) == _norm(fields.get("summary"))]
        candidates = exact if len(exact) == 1 else ([] if not isinstance(when, datetime) else candidates)
    if index.collection == "posts" and len(candidates) > 1:
        return "ambiguous"  # a record fitting two posts is never assigned
    return candidates[0] if candidates else None


class _Model:
    def __init__(self, **fields):
        self.__dict__.update(fields)
        self.line = 1


@pytest.mark.parametrize("collection", ["posts", "messages"])
def test_the_bucketed_index_finds_what_comparing_every_item_finds(collection):
    rng = random.Random(11)
    text = "title" if collection == "posts" else "summary"

    def fields():
        day = date(2025, 6, rng.choice([1, 2]))
        when = day if rng.random() < 0.3 else datetime(day.year, day.month, day.day, rng.choice([0, 9, 10]),
                                                        rng.choice([0, 30]), rng.choice([0, 15]))
        out = {KEY_DATE[collection]: when, text: rng.choice([None, "甲", "乙", " 甲 "])}
        if rng.random() < 0.3:
            out["post_id"] = rng.choice(["1", "2", "3"])
        if rng.random() < 0.3:
            out["url"] = rng.choice(["http://a.cn/1", "http://mp.weixin.qq.com/s?mid=1&idx=1", "http://a.cn/2"])
        return out

    for _ in range(40):
        index = _Index(collection)
        for _ in range(rng.randrange(1, 30)):
            index.add(_Item(collection, _Model(**{"post_id": None, "url": None, "title": None, "summary": None,
                                                  **fields()})))
        for _ in range(30):
            probe = fields()
            try:
                found = index.find(probe)
            except Ambiguous:
                found = "ambiguous"
            assert found is _brute_force(index, probe) or found == _brute_force(index, probe) == "ambiguous", probe


@pytest.mark.parametrize("text", [
    '{"item": [5]}',
    '{"item": [{"update_time": 1750000000, "content": []}]}',
    '{"item": [{"update_time": 1750000000, "content": {"news_item": ["x"]}}]}',
    '{"item": [{"update_time": ' + "9" * 5000 + "}]}",
    '{"list": ["x"]}',
    '{"list": [{"ref_date": "0001-01-01 00:00 +09:00"}]}',
    '{"list": [{"ref_date": "9999-12-31 23:00 -08:00", "title": ' + "7" * 200 + "}]}",
    '{"comment": [{"create_time": 1e400}]}',
    '{"comment": [{"create_time": 1750000000, "reply": "x"}]}',
    '{"comment": [{"create_time": true}]}',
])
def test_odd_wechat_json_is_an_error(tmp_path, text):
    (tmp_path / "odd.json").write_text(text, encoding="utf-8")
    target = account(tmp_path)
    before = target.read_bytes()
    result, _ = run_import("wechat-api", tmp_path / "odd.json", "--account", target)
    refused(result, target, before)


WEIBO = ACCOUNT.replace("platform: wechat", "platform: weibo").replace("gh_0123456789ab", '"5123456789"')


@pytest.mark.parametrize("text", [
    '{"statuses": [{"created_at": "Mon Jan 01 00:00:00 +1400 0001", "user": "x"}]}',
    '{"statuses": [{"created_at": "Tue May 31 17:46:55 +0800 2011", "user": 5}]}',
    '{"statuses": [{"created_at": "Tue May 31 17:46:55 +0800 2011", "retweeted_status": [1]}]}',
    '{"statuses": [{"created_at": "Tue May 31 17:46:55 +0800 2011", "idstr": ' + "9" * 5000 + "}]}",
    "[" * 100_000 + "]" * 100_000,
])
def test_odd_weibo_json_is_an_error(tmp_path, text):
    (tmp_path / "odd.json").write_text(text, encoding="utf-8")
    target = account(tmp_path, WEIBO)
    before = target.read_bytes()
    result, _ = run_import("weibo", tmp_path / "odd.json", "--account", target)
    refused(result, target, before)


@pytest.mark.parametrize("value", ["0001-01-01 00:00 +09:00", "9999-12-31 23:30 -08:00", "9" * 5000])
def test_edge_dates_in_a_csv_are_an_error_with_the_row(tmp_path, value):
    (tmp_path / "d.csv").write_text(f"date,title\n{value},标题\n", encoding="utf-8")
    target = account(tmp_path)
    before = target.read_bytes()
    result, _ = run_import("csv", tmp_path / "d.csv", "--account", target)
    refused(result, target, before, "第 2 行")
