"""Ledger rows are matched on the strongest identity they carry, never guessed, never dropped silently;
one import at a time writes an account file."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.importing.weibo import bid_to_mid, mid_to_bid, weibo_url_mid
from govmedia_lint.loading import load_account_text
from importfiles import ACCOUNT, account, csv_file

WEIBO = """\
schema: govmedia-lint/v1
account:
  name: 平安黔江
  platform: weibo
  account_id: "5123456789"
  jurisdiction: qianjiang
  host_unit: 重庆市公安局黔江区分局
  status: active
posts:
  - {date: 2026-03-04 09:30, title: 转发微博, post_id: "5173628273754321"}
  - {date: 2026-03-04 17:05, title: 转发微博, post_id: "5173628273754322"}
  - {date: 2026-03-06 10:12, title: 【通知】关于开展汛前安全检查的通知, post_id: "5173628273754323"}
"""


def run_import(*args):
    return CliRunner().invoke(app, ["import", *map(str, args)])


def posts(path):
    return load_account_text(path.read_text(encoding="utf-8"), str(path)).document.posts


def test_weibo_ids_links_and_short_codes_name_the_same_post():
    assert mid_to_bid("3501756485200075") == "z0JH2lOMb" and bid_to_mid("z0JH2lOMb") == "3501756485200075"
    assert weibo_url_mid("https://weibo.com/1642634100/z0JH2lOMb") == "3501756485200075"
    assert weibo_url_mid("https://m.weibo.cn/status/3501756485200075") == "3501756485200075"
    assert weibo_url_mid("https://example.com/1642634100/z0JH2lOMb") is None


def test_a_ledger_with_a_platform_column_in_chinese_takes_its_own_rows(tmp_path):
    target = account(tmp_path)  # a WeChat account
    rows = [["平台", "标题", "发布日期", "审核记录留存"],
            ["微信", "佳县水利局工作动态（6月2日）", "2025-06-02", "是"],
            ["微博", "佳县水利局工作动态（6月2日）", "2025-06-02", "否"],
            ["抖音", "佳县水利局工作动态（6月2日）", "2025-06-02", "否"]]
    result = run_import("review-ledger", csv_file(tmp_path / "l.csv", rows), "--account", target)
    assert result.exit_code == 0 and "更新 1" in result.output and "其他账号的数据 2 条" in result.output
    assert posts(target)[0].review_record_kept is True


def test_a_ledger_whose_every_row_is_another_platform_is_an_error(tmp_path):
    target = account(tmp_path)
    before = target.read_bytes()
    rows = [["平台", "标题", "发布日期", "审核人"]] + [["微博", f"第{n}条", "2025-06-02", "甲"] for n in range(5)]
    result = run_import("review-ledger", csv_file(tmp_path / "l.csv", rows), "--account", target)
    assert result.exit_code == 2 and "没有一行数据能写入" in result.output and "平台 微博 5 行" in result.output
    assert target.read_bytes() == before and "Traceback" not in result.output


def test_a_ledger_whose_every_row_matches_nothing_is_an_error(tmp_path):
    target = account(tmp_path)
    before = target.read_bytes()
    rows = [["标题", "发布日期", "审核人"], ["没有这条", "2025-06-03", "甲"], ["也没有", "2025-06-04", "乙"]]
    result = run_import("review-ledger", csv_file(tmp_path / "l.csv", rows), "--account", target)
    assert result.exit_code == 2 and "2 行与登记文件中的信息都对不上" in result.output
    assert target.read_bytes() == before


def test_weibo_rows_match_by_id_bid_or_link_before_time_and_title(tmp_path):
    target = account(tmp_path, WEIBO)
    rows = [["微博ID", "bid", "链接", "标题", "发布时间", "审核人"],
            ["", mid_to_bid("5173628273754322"), "", "转发微博", "2026-03-04", "乙"],
            ["", "", "https://m.weibo.cn/status/5173628273754321", "转发微博", "2026-03-04", "甲"],
            ["", "", "", "【通知】关于开展汛前安全检查的通知", "2026-03-06", "丙"]]
    result = run_import("review-ledger", csv_file(tmp_path / "l.csv", rows), "--account", target)
    assert result.exit_code == 0, result.output
    assert [p.reviewers for p in posts(target)] == [["甲"], ["乙"], ["丙"]]
    assert "冲突 0" in result.output


def test_a_weibo_row_fitting_two_posts_is_reported_with_both_and_not_assigned(tmp_path):
    target = account(tmp_path, WEIBO)
    rows = [["标题", "发布日期", "审核人"],
            ["转发微博", "2026-03-04", "甲"],  # two 转发微博 that day: which one?
            ["【通知】关于开展汛前安全检查的通知", "2026-03-06", "丙"]]
    result = run_import("review-ledger", csv_file(tmp_path / "l.csv", rows), "--account", target)
    assert result.exit_code == 0 and "无法确定 1" in result.output
    line = next(text for text in result.output.splitlines() if "同时符合" in text)
    assert "第 10 行" in line and "第 11 行" in line and "l.csv 第 2 行" in line
    assert [p.reviewers for p in posts(target)] == [None, None, ["丙"]]
    timed = [["标题", "发布时间", "审核人"], ["转发微博", "2026-03-04 17:05", "乙"]]
    assert run_import("review-ledger", csv_file(tmp_path / "t.csv", timed), "--account", target).exit_code == 0
    assert [p.reviewers for p in posts(target)] == [None, ["乙"], ["丙"]]  # the minute names it


def test_a_shortened_weibo_title_matches_the_full_text(tmp_path):
    text = "长" * 60
    target = account(tmp_path, WEIBO.replace("【通知】关于开展汛前安全检查的通知", text + "…"))
    rows = [["标题", "发布日期", "审核人"], [text + "（全文）", "2026-03-06", "丙"]]
    assert run_import("review-ledger", csv_file(tmp_path / "l.csv", rows), "--account", target).exit_code == 0
    assert posts(target)[2].reviewers == ["丙"]


def _cli(*args, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    return subprocess.Popen([sys.executable, "-m", "govmedia_lint", *map(str, args)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_two_imports_at_the_same_moment_lose_nothing(tmp_path):
    target = account(tmp_path)
    first = csv_file(tmp_path / "a.csv", [["date", "title"], *[[f"2025-06-{d:02d}", f"甲{d}"] for d in range(3, 20)]])
    second = csv_file(tmp_path / "b.csv", [["date", "title"], *[[f"2025-06-{d:02d}", f"乙{d}"] for d in range(3, 20)]])
    runs = [_cli("import", "csv", first, "--account", target), _cli("import", "csv", second, "--account", target)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    titles = {p.title for p in posts(target)}
    assert {f"甲{d}" for d in range(3, 20)} | {f"乙{d}" for d in range(3, 20)} <= titles


def test_an_import_waits_for_the_writer_holding_the_file_and_keeps_what_it_wrote(tmp_path):
    import fcntl

    target = account(tmp_path)
    rows = csv_file(tmp_path / "a.csv", [["date", "title"], ["2025-06-20", "后来的"]])
    with open(target, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        run = _cli("import", "csv", rows, "--account", target)
        line = run.stderr.readline()
        assert "另一个导入正在写入" in line
        # the other writer replaces the file (as an import does) before it lets go
        replaced = tmp_path / "new.yaml"
        replaced.write_text(ACCOUNT + "  - {date: 2025-06-10, title: 另一个导入写的}\n", encoding="utf-8")
        os.replace(replaced, target)
        time.sleep(0.2)
        fcntl.flock(held, fcntl.LOCK_UN)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, (out, err)
    assert "按它写入后的内容合并" in err
    assert {"另一个导入写的", "后来的"} <= {p.title for p in posts(target)}


_URL_PART = st.sampled_from(["mid", "idx", "sn", "__biz", "=", "&", "1", "2247483720", "", "?", "/", "x y", "%31",
                             "+", ";", "#", "mp.weixin.qq.com/s", "http://", "\t", "é", "==", "[", "]"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_URL_PART, max_size=14).map("".join))
def test_a_wechat_links_mid_and_idx_are_what_parse_qs_reads(url):
    from urllib.parse import parse_qs, urlsplit

    from govmedia_lint.importing.merge import wechat_key

    try:
        query = parse_qs(urlsplit(url.strip()).query)
    except ValueError:  # a bracket urlsplit cannot read: so does wechat_key
        with pytest.raises(ValueError):
            wechat_key(url)
        return
    mid, idx = query.get("mid", [None])[0], query.get("idx", [None])[0]
    assert wechat_key(url) == ((mid, idx) if mid and idx else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["weibo.com", "WEIBO.cn", "wei\tbo.com", "m.", "/", "123", "AbCd", "status",
                                 "http://", "https://", "x.com", ":80", "?a=1"]), max_size=8).map("".join))
def test_a_link_without_a_weibo_host_is_no_weibo_post(url):
    from urllib.parse import urlsplit

    host = urlsplit(url.strip()).netloc.lower().split(":")[0]
    if not any(host == h or host.endswith("." + h) for h in ("weibo.com", "weibo.cn")):
        assert weibo_url_mid(url) is None


MANY_DAYS = """\
schema: govmedia-lint/v1
account: {name: 佳县水利, platform: weibo, account_id: '1234567890', jurisdiction: jiaxian, host_unit: 佳县水利局,
  status: active, opened_on: 2025-01-01}
posts:
  - {date: 2025-03-01, title: 防汛通知}
  - {date: 2025-03-01, title: 防汛通知}
  - {date: 2025-03-01, title: 防汛通知}
  - {date: 2025-03-01 09:30, title: 春耕提醒}
  - {date: 2025-03-02, title: 今天佳县水利局召开了全县防汛工作部署会议，会议要求各乡镇切实做好准备…}
  - {date: 2025-03-02, title: 水质公告, post_id: '5001'}
  - {date: 2025-03-03, title: 三月三日的一条}
  - {date: 2025-03-10, title: 没有哪一行是这一天的}
messages:
  - {received_at: 2025-03-01 10:00, summary: 咨询水费}
  - {received_at: 2025-03-01, summary: 反映漏水}
"""


def _weibo_records():
    from datetime import date, datetime

    from govmedia_lint.importing.presets import Record

    posts = [({"date": date(2025, 3, 1), "title": "防汛通知"}),  # three equal posts: ambiguous
             ({"date": datetime(2025, 3, 1, 9, 30), "title": "春耕提醒", "post_id": "5002"}),
             ({"date": datetime(2025, 3, 2, 8, 0), "title": "今天佳县水利局召开了全县防汛工作部署会议，会议要求各乡镇"
               "切实做好准备，确保安全度汛。"}),  # the shortened one, in full
             ({"date": date(2025, 3, 2), "title": "水质公告", "post_id": "5001", "url": "https://weibo.com/1/5001"}),
             ({"date": date(2025, 3, 3), "title": "三月三日的一条", "url": "https://example.cn/a"}),
             ({"date": date(2025, 4, 1), "title": "新的一条"}),  # a day the file has none of
             ({"date": date(2025, 4, 1), "title": "新的一条"}),  # the same again: found among the new ones
             ({"date": datetime(2025, 3, 1, 9, 30), "title": "春耕提醒"})]
    messages = [{"received_at": datetime(2025, 3, 1, 10, 0), "summary": "咨询水费", "replied_at": datetime(2025, 3, 2, 9, 0)},
                {"received_at": datetime(2025, 3, 1, 15, 0), "summary": "反映漏水"},
                {"received_at": datetime(2025, 3, 5, 9, 0), "summary": "新留言"}]
    return ([Record("posts", fields, f"行 {n}") for n, fields in enumerate(posts, 1)]
            + [Record("messages", fields, f"留言 {n}") for n, fields in enumerate(messages, 1)])


@pytest.mark.parametrize("order", [0, 1, 2])
def test_filing_a_days_items_when_first_needed_is_filing_every_item_at_the_first_look_up(tmp_path, monkeypatch, order):
    import random
    from datetime import date

    from govmedia_lint.importing import merge
    from govmedia_lint.importing.presets import Record

    records = _weibo_records()
    random.Random(order).shuffle(records)

    def merged(eager: bool):
        path = account(tmp_path, MANY_DAYS, f"acc-{eager}.yaml")
        with monkeypatch.context() as patched:
            if eager:  # what every look-up did before: all the items in their buckets at the first one
                filed = merge._Index._file_all

                def file_all(index):
                    filed(index)
                    for day in list(index.pending):
                        index._file_day(day)

                patched.setattr(merge._Index, "_file_all", file_all)
            editor = merge.AccountEditor(path)
            statuses = [editor.apply(Record(r.collection, dict(r.fields), r.origin)) for r in records]
            waiting = sorted(day for index in editor.indexes.values() for day in index.pending)
            for index in editor.indexes.values():  # the days no record needed: filed now, in file order
                for day in list(index.pending):
                    index._file_day(day)
            buckets = {kind: {key: list(items) for key, items in index.buckets.items() if items}
                       for kind, index in editor.indexes.items()}
            outcome = editor.finish(dry_run=False)
        assert (date(2025, 3, 10) in waiting) is not eager  # a day no record is of: never filed
        return (statuses, outcome.changes, outcome.ambiguous, outcome.unmatched,
                [(c.line, c.field) for c in outcome.conflicts], buckets, path.read_bytes())

    lazy, eager = merged(False), merged(True)
    assert lazy == eager
    assert "ambiguous" in lazy[0] and "added" in lazy[0] and "updated" in lazy[0]
