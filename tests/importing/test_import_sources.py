"""The JSON and Weibo sources on the shared sample files, and the whole path end to end from the installed CLI.

Samples (tests/data/imports/, copied from ../shared/imports/samples/) are built from the documented field names;
review_ledger.csv, message_ledger.csv and jiaxian_water.yaml are this project's own invented ledgers and account.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.loading import load_account_text
from importfiles import DATA, account, csv_file

WEIBO_ACCOUNT = """\
schema: govmedia-lint/v1
account:
  name: 佳县发布
  platform: weibo
  account_id: "5123456789"
  jurisdiction: jiaxian
  host_unit: 佳县人民政府办公室
  status: active
  opened_on: 2025-01-01
"""


def run_import(*args):
    return CliRunner().invoke(app, ["import", *map(str, args)])


def doc(path):
    return load_account_text(path.read_text(encoding="utf-8"), str(path)).document


# ── WeChat API responses ────────────────────────────────────────────────────────────────────────────────────────

def test_getarticletotaldetail_lists_posts_by_day_only(tmp_path):
    target = account(tmp_path)
    result = run_import("wechat-api", DATA / "wechat_getarticletotaldetail.jsonl", "--account", target)
    assert result.exit_code == 0 and "JSON Lines，getarticletotaldetail 5 条" in result.output
    assert [p.when for p in doc(target).posts] == ["2025-06-02", "2025-06-02", "2025-06-04", "2025-06-06", "2025-06-09"]


def test_freepublish_times_are_converted_to_beijing_time_and_deleted_items_kept_marked(tmp_path):
    target = account(tmp_path)
    run_import("wechat-api", DATA / "wechat_freepublish_batchget.json", "--account", target)
    posts = doc(target).posts
    assert [p.when for p in posts] == ["2025-06-02 09:30", "2025-06-02 09:30", "2025-06-04 17:05", "2025-06-06 09:30",
                                       "2025-06-09 10:12"]
    assert [p.deleted for p in posts] == [None, None, None, None, True]
    assert posts[0].editor == "刘小燕"  # the hand-entered editor; news_item.author is a byline and is never imported


def test_union_of_the_api_sources_joined_on_mid_idx(tmp_path):
    target = account(tmp_path)
    files = [DATA / name for name in ("wechat_freepublish_batchget.json", "wechat_getarticletotaldetail.jsonl",
                                      "wechat_comment_list.json")]
    result = run_import("wechat-api", *files, "--account", target)
    # batchget gives the datacube posts their times of day
    assert "信息 posts：新增 4，更新 6，未变 0" in result.output
    assert "留言 messages：新增 5" in result.output
    assert len(doc(target).posts) == 5  # one post per article, whichever file named it first
    assert "（已删除）" in result.output  # the batchget title of the deleted article disagrees: reported, not taken


def test_comments_become_messages_with_received_and_replied_times(tmp_path):
    target = account(tmp_path)
    run_import("wechat-api", DATA / "wechat_comment_list.json", "--account", target)
    messages = doc(target).messages
    second = messages[1]
    assert (f"{second.received_at:%Y-%m-%d %H:%M}", f"{second.replied_at:%Y-%m-%d %H:%M}") == (
        "2025-06-02 20:05", "2025-06-05 11:20")
    assert [m.replied_at is None for m in messages] == [False, False, True, False, True]
    assert all(m.acknowledged_at is None for m in messages)  # a reply is not an acknowledgement: not invented


def test_an_api_error_response_is_an_error(tmp_path):
    saved = tmp_path / "r.json"
    saved.write_text('{"errcode":40001,"errmsg":"invalid credential"}', encoding="utf-8")
    result = run_import("wechat-api", saved, "--account", account(tmp_path))
    assert result.exit_code == 2 and "errcode=40001" in result.output


def test_broken_json_names_the_line(tmp_path):
    saved = tmp_path / "r.jsonl"
    saved.write_text('{"list":[]}\n{"list":[\n', encoding="utf-8")
    result = run_import("wechat-api", saved, "--account", account(tmp_path))
    assert result.exit_code == 2 and "r.jsonl 第 2 行" in result.output


# ── Weibo ───────────────────────────────────────────────────────────────────────────────────────────────────────

def test_weibo_api_reposts_are_not_original_and_name_their_source(tmp_path):
    target = account(tmp_path, WEIBO_ACCOUNT)
    assert run_import("weibo", DATA / "weibo_statuses.json", "--account", target).exit_code == 0
    posts = doc(target).posts
    assert [(p.when, p.original, p.source) for p in posts] == [
        ("2025-06-02 09:30", False, "陕西水利"), ("2025-06-04 17:05", True, None), ("2025-06-09 10:12", True, None),
        ("2025-06-11 20:00", True, None), ("2025-06-12 14:30", False, "陕西省教育考试院")]
    assert posts[0].post_id == "5173628273754321"


def test_weibo_crawler_csv_with_ragged_rows_and_tab_ended_ids(tmp_path):
    raw = (DATA / "weibo_crawler_5123456789.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\t," in raw
    target = account(tmp_path, WEIBO_ACCOUNT)
    result = run_import("weibo", DATA / "weibo_crawler_5123456789.csv", "--account", target)
    assert result.exit_code == 0 and "编码 UTF-8（带 BOM），预设 weibo-crawler" in result.output
    posts = doc(target).posts
    assert [p.post_id for p in posts][-1] == "5173628273754325"
    assert (posts[-1].original, posts[-1].source) == (False, "陕西省教育考试院")
    assert (posts[1].original, posts[1].source) == (True, None)


def test_the_same_weibo_posts_from_the_api_and_the_crawler_are_one_post_each(tmp_path):
    target = account(tmp_path, WEIBO_ACCOUNT)
    run_import("weibo", DATA / "weibo_statuses.json", "--account", target)
    result = run_import("weibo", DATA / "weibo_crawler_5123456789.csv", "--account", target)
    assert "新增 0，更新 0，未变 5" in result.output and len(doc(target).posts) == 5


def test_another_accounts_statuses_are_skipped(tmp_path):
    target = account(tmp_path, WEIBO_ACCOUNT.replace("5123456789", "9999999999"))
    result = run_import("weibo", DATA / "weibo_statuses.json", "--account", target)
    # every status is another account's: an error (exit 2), never a silent "nothing to import"
    assert result.exit_code == 2 and "5 行属于其他平台或账号" in result.output and doc(target).posts == []


def test_long_weibo_texts_are_shortened_titles(tmp_path):
    rows = [["id", "bid", "正文", "日期", "完整日期", "是否原创"],
            ["51\t", "Pk", "长" * 200, "2025-06-02T09:30:00", "", "True"]]
    target = account(tmp_path, WEIBO_ACCOUNT)
    run_import("weibo", csv_file(tmp_path / "5123456789.csv", rows), "--account", target)
    post = doc(target).posts[0]
    assert post.title == "长" * 60 + "…" and post.when == "2025-06-02 09:30" and post.post_id == "51"


# ── end to end, installed CLI ───────────────────────────────────────────────────────────────────────────────────

def _cli() -> list[str]:
    script = Path(sys.executable).parent / "govmedia-lint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "govmedia_lint"]


def _run(*args, cwd):
    return subprocess.run([*_cli(), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_samples_into_an_account_then_check_gives_the_expected_findings(tmp_path):
    """The installed command for the first import and the last check; the steps between in process (fast)."""
    target = tmp_path / "accounts" / "佳县水利.yaml"
    target.parent.mkdir()
    shutil.copy(DATA / "jiaxian_water.yaml", target)

    def findings():
        out = CliRunner().invoke(app, ["check", str(target), "--as-of", "2025-06-13", "--format", "json"])
        return sorted((f["rule"], f["line"]) for f in json.loads(out.stdout)["findings"])

    assert findings() == [("JX-UPDATE-WEEKLY", 1)]  # no post in the first full week
    first = _run("import", "wechat-analytics", DATA / "wechat_notified.csv", "--account", target, cwd=tmp_path)
    assert first.returncode == 0 and "新增 5" in first.stdout
    api = [DATA / n for n in ("wechat_getarticletotaldetail.jsonl", "wechat_freepublish_batchget.json",
                              "wechat_comment_list.json")]
    # the API responses were saved on 2025-06-12: what they say (replies included) holds up to that day
    assert run_import("wechat-api", *api, "--account", target, "--through", "2025-06-12").exit_code == 0
    # posts are in, but who edited and reviewed them is in no export: missing data, never a pass
    assert findings() == [("JX-MESSAGE-REPLY-5-WORKDAYS", 42), ("JX-REPOST-APPROVED-SOURCES", 31),
                          ("JX-REVIEWED-BEFORE-PUBLISHING", 31)]
    ledger = run_import("review-ledger", DATA / "review_ledger.csv", "--account", target)
    assert "未匹配 1" in ledger.output and "佳县防汛应急预案解读（未发布）" in ledger.output
    assert run_import("message-ledger", DATA / "message_ledger.csv", "--account", target).exit_code == 0
    final = _run("check", target, "--as-of", "2025-06-13", cwd=tmp_path)
    assert final.returncode == 0 and "没有发现问题" in final.stdout
    before = target.read_bytes()
    again = run_import("wechat-api", *api, "--account", target)
    assert "无需修改" in again.output and target.read_bytes() == before


def test_samples_into_an_init_file_then_check(tmp_path):
    """`init` writes every field (unknown ones empty); imports fill posts and messages and keep its comments."""
    target = tmp_path / "佳县水利.yaml"
    made = CliRunner().invoke(app, ["init", "--jurisdiction", "佳县", "--platform", "wechat", "--name", "佳县水利",
                                    "--host-unit", "佳县水利局", "--output", str(target)])
    assert made.exit_code == 0, made.output
    comments = [line for line in target.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
    assert run_import("wechat-analytics", DATA / "wechat_notified.csv", "--account", target).exit_code == 0
    assert run_import("wechat-api", DATA / "wechat_comment_list.json", "--account", target,
                      "--through", "2025-06-12").exit_code == 0
    after = target.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line.lstrip().startswith("#")] == comments  # every template comment kept
    out = CliRunner().invoke(app, ["check", str(target), "--as-of", "2025-06-13", "--format", "json"])
    findings = json.loads(out.stdout)["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert "GML-INPUT" not in by_rule and "JX-IDLE-OVER-14-DAYS" not in by_rule
    assert by_rule["JX-REVIEWED-BEFORE-PUBLISHING"]["evidence"]["count"] == 5  # reviewers: in no export
    assert by_rule["JX-REPOST-APPROVED-SOURCES"]["evidence"]["count"] == 5
    assert "点赞" in by_rule["JX-MESSAGE-REPLY-5-WORKDAYS"]["message"]


def test_every_source_the_help_names_has_a_reader_and_no_reader_is_unnamed():
    from govmedia_lint.importing.catalog import SOURCES
    from govmedia_lint.importing.sources import READERS

    assert list(READERS) == list(SOURCES)
