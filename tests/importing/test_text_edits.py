"""Changes made as text give the file the round trip (ruamel.yaml parse + dump) gives: the same bytes where the
round trip keeps the file as it was, the same data everywhere, and a text edit that would read back otherwise is
made round-trip, never written."""

from __future__ import annotations

import string
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govmedia_lint.importing import merge
from govmedia_lint.importing.merge import AccountEditor, _dumper, _plain_is_text, _yaml_value
from govmedia_lint.importing.sources import READERS
from govmedia_lint.importing.textedit import FlowLine, flow_item
from govmedia_lint.loading import load_account_data
from importfiles import ACCOUNT, WECHAT_ROWS, csv_file, typed, xlsx

HEAD = ACCOUNT.split("posts:")[0]
BENCH_LIKE = HEAD + """posts:
  # 手工录入
  - {date: 2025-06-03, title: 第1局工作动态（6月3日）, editor: 刘小燕, reviewers: [张卫东, 王建国]}
  - {date: 2025-06-05, title: 转载：国务院办公厅通知, editor: 刘小燕, reviewers: [张卫东]}
"""
BEFORE_ALL = HEAD + "posts:\n  - {date: 2025-07-01, title: 七月的一条}\n"
UNORDERED = HEAD + "posts:\n  - {date: 2025-06-30, title: 月末}\n  - {date: 2025-06-01, title: 月初}\n"
BLOCK_LAST = HEAD + "posts:\n  - {date: 2025-06-01, title: 月初}\n  - date: 2025-06-30\n    title: 月末\n"
OFFSET_ZERO = HEAD + "posts:\n- {date: 2025-06-03, title: 手工}\nmessages: []\n"
NO_POSTS = HEAD.rstrip("\n") + "\n# 文末注释\n"
WITH_COVERAGE = BENCH_LIKE + "data_coverage:\n  posts: {through: 2025-06-01, source: wechat-analytics, imported_on: 2025-06-02}\n"
MESSAGES = HEAD + "messages:\n  - {received_at: 2025-06-02, summary: 反映村内水渠堵塞}\n  - {received_at: 2025-06-20 09:00, summary: 咨询}\n"

#: (account text, source, rows): the sources a first import and a ledger bring
CASES = {
    "hand post gains its url (end-of-line comment)": (ACCOUNT, "wechat-analytics", None),
    "new posts among and around hand posts": (BENCH_LIKE, "wechat-analytics", None),
    "every new post before the only one": (BEFORE_ALL, "wechat-analytics", None),
    "a list not in date order": (UNORDERED, "wechat-analytics", None),
    "a block-style last item": (BLOCK_LAST, "wechat-analytics", None),
    "items at the key's indentation": (OFFSET_ZERO, "wechat-analytics", None),
    "no posts key": (NO_POSTS, "wechat-analytics", None),
    "data_coverage already there": (WITH_COVERAGE, "wechat-analytics", None),
    "times of day and odd titles": (BENCH_LIKE, "csv", [
        ["date", "title", "url"], ["2025-06-03 09:30", "第1局工作动态（6月3日）", ""],
        ["2025-06-04 08:00", "yes", ""], ["2025-06-04", "'引号' 与 \"双引号\"", ""], ["2025-06-06", "10:30", ""],
        ["2025-06-06", "- 列表样", ""], ["2025-06-07", "a: b", "https://example.gov.cn/a?b=1"],
        ["2025-06-08", "#话题# 标题", ""], ["2025-06-09", "null", "https://weibo.com/123/AbCd"]]),
    "a new post completed by a later row": (BENCH_LIKE, "csv", [
        ["date", "title", "url"], ["2025-06-10", "新的一条", ""], ["2025-06-10 09:00", "新的一条", "https://example.gov.cn/x"]]),
    "message ledger: a day gains its time, new messages": (MESSAGES, "message-ledger", [
        ["收到时间", "答复时间", "留言摘要"], ["2025-06-02 20:05", "2025-06-05 11:20", "反映村内水渠堵塞"],
        ["2025-06-10 10:00", "2025-06-11 10:00", "新的留言"], ["2025-06-25 10:00", "", "月末留言"]]),
}


def _export(tmp_path: Path, source: str, rows) -> Path:
    if rows is None:
        return xlsx(tmp_path / "e.xlsx", typed(WECHAT_ROWS))
    return csv_file(tmp_path / "e.csv", rows)


def _import(path: Path, export: Path, source: str, text_edits: bool) -> AccountEditor:
    editor = AccountEditor(path, text_edits=text_edits)
    loaded = READERS[source]([export], {}, None, editor.account_facts())
    for record in loaded.records:
        editor.apply(record)
    editor.cover("posts", date(2025, 6, 30), source, date(2025, 7, 1))
    editor.finish(dry_run=False)
    return editor


def _both(tmp_path: Path, text: str, source: str, rows) -> tuple[str, str, AccountEditor]:
    export = _export(tmp_path, source, rows)
    fast, slow = tmp_path / "fast.yaml", tmp_path / "slow.yaml"
    fast.write_text(text, encoding="utf-8")
    slow.write_text(text, encoding="utf-8")
    editor = _import(fast, export, source, True)
    _import(slow, export, source, False)
    return fast.read_text(encoding="utf-8"), slow.read_text(encoding="utf-8"), editor


def _data(text: str):
    checked, data = load_account_data(text, "x.yaml")
    assert not checked.errors, checked.errors
    return data


@pytest.mark.parametrize("case", CASES)
def test_text_edits_give_the_round_trip_result(tmp_path, case):
    text, source, rows = CASES[case]
    fast, slow, editor = _both(tmp_path, text, source, rows)
    assert fast != text
    assert _data(fast) == _data(slow)
    if case == "hand post gains its url (end-of-line comment)":
        # the round trip writes one space before an end-of-line comment of a line it changes; text keeps two
        assert fast.replace("}  # 行尾注释", "} # 行尾注释") == slow
    else:
        assert fast == slow
    if case not in ("a block-style last item",):
        assert editor.data is None, "made round-trip"  # the point: no parse and dump of the whole file


def test_a_text_edit_that_reads_back_otherwise_is_made_round_trip(tmp_path, monkeypatch):
    monkeypatch.setattr(FlowLine, "edited", lambda self, changes: self.text.replace("刘小燕", "别人"))
    fast, slow, editor = _both(tmp_path, ACCOUNT, "wechat-analytics", None)
    assert "别人" not in fast and editor.data is not None
    assert fast == slow


def test_reimporting_after_a_text_edit_changes_nothing(tmp_path):
    fast, _, _ = _both(tmp_path, BENCH_LIKE, "wechat-analytics", None)
    export = _export(tmp_path, "wechat-analytics", None)
    again = _import(tmp_path / "fast.yaml", export, "wechat-analytics", True)
    assert not again.outcome.changed and (tmp_path / "fast.yaml").read_text(encoding="utf-8") == fast


# ── one new item's line, as the round-trip dumper writes it ─────────────────────────────────────────────────────

_TEXT = st.text(st.sampled_from(list(string.printable[:-5]) + list("佳县（）：，。、“”《》·—…　\u00a0é")), max_size=24)
_VALUE = st.one_of(_TEXT, st.booleans(), st.integers(-10**6, 10**12), st.dates(date(1990, 1, 1), date(2199, 12, 31)),
                   st.datetimes(datetime(1990, 1, 1), datetime(2199, 12, 31)).map(lambda d: d.replace(second=0)),
                   st.lists(_TEXT, max_size=3))
_FIELDS = st.dictionaries(st.sampled_from(merge.ORDER["posts"]), _VALUE, min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(_FIELDS)
def test_a_new_items_line_is_what_the_round_trip_dumper_writes(fields):
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap()
    for name, value in fields.items():
        node[name] = _yaml_value(value)
    node.fa.set_flow_style()
    line = flow_item(dict(node), _plain_is_text)
    if line is None:
        return  # left to ruamel.yaml
    import io

    out = io.StringIO()
    _dumper(ACCOUNT).dump([node], out)
    assert line == out.getvalue().strip(" \n")


def test_the_sample_exports_lines_are_written_without_ruamel():
    """What the exports bring (titles, links, days and times) is written by the text path, not left to ruamel."""
    for title in ("佳县水利局工作动态（6月2日）", "转载：水利部发布汛期安全提示", "关于开展汛前安全检查的通知"):
        fields = {"date": date(2025, 6, 2), "title": _yaml_value(title),
                  "url": _yaml_value("http://mp.weixin.qq.com/s?__biz=MzA4ODQ2MDgxMA==&mid=1&idx=1&sn=3f")}
        assert flow_item(fields, _plain_is_text) is not None
    assert flow_item({"date": _yaml_value(datetime(2025, 6, 2, 9, 30))}, _plain_is_text) == "- {date: 2025-06-02 09:30}"
