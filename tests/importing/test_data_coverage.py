"""How far the imported data goes (data_coverage): "not imported" is never "did not post" or "did not reply"."""

import json
from pathlib import Path

from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.loading import load_account_text
from importfiles import DATA, account, csv_file

ROOT = Path(__file__).parents[2]
VETO = (ROOT / "examples" / "nantong" / "idle-two-weeks-veto.yaml").read_text(encoding="utf-8")
COVERED = "data_coverage:\n  posts: {through: 2025-06-20, source: wechat-analytics, imported_on: 2025-06-21}\n"


def check(path, *args):
    out = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--no-cache", *map(str, args)])
    return json.loads(out.stdout)["findings"]


def score(path, *args):
    out = CliRunner().invoke(app, ["score", str(path), "--format", "json", *map(str, args)])
    return json.loads(out.stdout)


def test_an_old_export_gives_a_missing_data_warning_not_an_idle_veto(tmp_path):
    plain = account(tmp_path, VETO, "plain.yaml")
    covered = account(tmp_path, VETO + COVERED, "covered.yaml")
    veto = [f for f in check(plain, "--as-of", "2025-07-01") if f["rule"] == "NAT-NO-UPDATE-2-WEEKS"]
    assert veto and veto[0]["severity"] == "error" and "未更新" in veto[0]["message"]
    found = [f for f in check(covered, "--as-of", "2025-07-01") if f["rule"] == "NAT-NO-UPDATE-2-WEEKS"]
    assert len(found) == 1 and found[0]["severity"] == "warning"
    assert found[0]["message"].startswith("数据截至 2025-06-20，之后无法判断")
    assert found[0]["evidence"]["through"] == "2025-06-20" and found[0]["evidence"]["missing"] == ["posts"]
    assert score(plain, "--as-of", "2025-07-01")["scores"][0]["vetoed"] is True
    scored = score(covered, "--as-of", "2025-07-01")["scores"][0]
    assert scored["vetoed"] is False and "NAT-NO-UPDATE-2-WEEKS" in scored["missing"]


def test_a_gap_already_too_long_before_the_data_ends_is_still_an_error(tmp_path):
    late = VETO + "data_coverage:\n  posts: {through: 2025-06-30}\n"
    found = [f for f in check(account(tmp_path, late), "--as-of", "2025-07-10") if f["rule"] == "NAT-NO-UPDATE-2-WEEKS"]
    assert [f["severity"] for f in found] == ["error"]
    assert "2025-06-10 至数据截至日 2025-06-30 间隔 20 天未更新" in found[0]["message"]


def test_weeks_after_the_data_ends_are_not_short_weeks(tmp_path):
    text = """\
schema: govmedia-lint/v1
account: {name: 佳县水利, platform: wechat, jurisdiction: jiaxian, host_unit: 佳县水利局, status: active,
          opened_on: 2025-06-02}
posts:
  - {date: 2025-06-02, title: a}
  - {date: 2025-06-03, title: b}
"""
    plain = [f for f in check(account(tmp_path, text, "a.yaml"), "--as-of", "2025-06-30")
             if f["rule"] == "JX-UPDATE-WEEKLY"]
    assert sorted(f["evidence"]["week"] for f in plain) == ["2025-W24", "2025-W25", "2025-W26"]
    covered = text + "data_coverage:\n  posts: {through: 2025-06-08}\n"
    found = [f for f in check(account(tmp_path, covered, "b.yaml"), "--as-of", "2025-06-30")
             if f["rule"] == "JX-UPDATE-WEEKLY"]
    assert len(found) == 1 and "2025-W24 至 2025-W26，共 3 个统计周期" in found[0]["message"]
    assert found[0]["severity"] == "warning" and "week" not in found[0]["evidence"]


def test_a_reply_due_after_the_ledger_ends_is_unknown_not_late(tmp_path):
    text = """\
schema: govmedia-lint/v1
account: {name: 佳县水利, platform: wechat, jurisdiction: jiaxian, host_unit: 佳县水利局, status: active,
          opened_on: 2025-01-02, interaction_enabled: true}
messages:
  - {received_at: 2025-06-02 09:00, summary: 早}
  - {received_at: 2025-06-09 09:00, summary: 晚}
data_coverage:
  messages: {through: 2025-06-10}
"""
    found = [f for f in check(account(tmp_path, text), "--as-of", "2025-06-30") if f["rule"] == "JX-MESSAGE-REPLY-5-WORKDAYS"]
    assert len(found) == 2
    late, unknown = sorted(found, key=lambda f: f["severity"])
    assert late["severity"] == "error" and "“早”" in late["message"]  # due 06-09: the ledger covers it
    assert unknown["severity"] == "warning" and unknown["message"].startswith("数据截至 2025-06-10")


def run_import(*args):
    return CliRunner().invoke(app, ["import", *map(str, args)])


def coverage(path):
    return load_account_text(path.read_text(encoding="utf-8"), str(path)).document.data_coverage


def test_import_records_how_far_its_data_goes_and_never_moves_it_back(tmp_path):
    target = account(tmp_path)
    newer = csv_file(tmp_path / "new.csv", [["date", "title"], ["2025-06-05", "甲"], ["2025-06-20", "乙"]])
    result = run_import("csv", newer, "--account", target)
    assert result.exit_code == 0 and "截至 2025-06-20" in result.output
    assert coverage(target).posts.through.isoformat() == "2025-06-20" and coverage(target).posts.source == "csv"
    before = target.read_bytes()
    older = csv_file(tmp_path / "old.csv", [["date", "title"], ["2025-06-05", "甲"]])
    assert "无需修改" in run_import("csv", older, "--account", target).output and target.read_bytes() == before
    assert "无需修改" in run_import("csv", newer, "--account", target).output and target.read_bytes() == before
    stated = run_import("csv", older, "--account", target, "--through", "2025-06-30")
    assert stated.exit_code == 0 and coverage(target).posts.through.isoformat() == "2025-06-30"
    assert target.read_text(encoding="utf-8").count("data_coverage:") == 1


def test_a_ledger_that_only_completes_posts_says_nothing_about_coverage(tmp_path):
    target = account(tmp_path)
    ledger = csv_file(tmp_path / "l.csv", [["标题", "发布日期", "审核人"], ["佳县水利局工作动态（6月2日）", "2025-06-02", "高建军"]])
    assert run_import("review-ledger", ledger, "--account", target).exit_code == 0
    assert coverage(target) is None


def test_a_bad_through_is_a_usage_error(tmp_path):
    target = account(tmp_path)
    before = target.read_bytes()
    result = run_import("csv", DATA / "message_ledger.csv", "--account", target, "--through", "6月30日")
    assert result.exit_code == 2 and "--through" in result.output and target.read_bytes() == before


def test_check_names_accounts_with_old_data_once(tmp_path):
    root = tmp_path / "accounts"
    root.mkdir()
    account(root, VETO + COVERED, "a.yaml")
    account(root, VETO.replace("海安应急", "海安应急二"), "b.yaml")
    out = CliRunner().invoke(app, ["check", str(root), "--as-of", "2025-08-01"])
    notes = [line for line in out.stderr.splitlines() if "导入的数据早于检查日" in line]
    assert len(notes) == 1 and "海安应急（微信）" in notes[0] and "截至 2025-06-20" in notes[0]
    assert "海安应急二" not in notes[0]
    quiet = CliRunner().invoke(app, ["check", str(root), "--as-of", "2025-08-01", "--stale-after", "90d"])
    assert "导入的数据早于检查日" not in quiet.stderr
    (tmp_path / "govmedia-lint.toml").write_text('stale-after = "60d"\n', encoding="utf-8")
    configured = CliRunner().invoke(app, ["check", str(root), "--as-of", "2025-08-01"])
    assert "导入的数据早于检查日" not in configured.stderr
    bad = CliRunner().invoke(app, ["check", str(root), "--as-of", "2025-08-01", "--stale-after", "一个月"])
    assert bad.exit_code == 2 and "stale-after" in bad.stderr


def test_init_documents_data_coverage():
    out = CliRunner().invoke(app, ["init", "--jurisdiction", "jiaxian", "--platform", "wechat", "--name", "佳县水利",
                                   "--host-unit", "佳县水利局"])
    assert "# 数据范围：" in out.stdout and "#     through: 2026-11-30" in out.stdout
    assert "JX-IDLE-OVER-14-DAYS" in out.stdout.split("# 数据范围：")[1].split("\n")[1]
