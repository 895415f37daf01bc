"""Baselines: adopt the tool on an old register, fail CI only on new findings."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from samples import TEST_ACCOUNT

runner = CliRunner()

HEAD = TEST_ACCOUNT + "posts:\n"
POSTS = """\
  - {date: 2025-05-05, title: 旧的一条}
  - {date: 2025-06-02, title: 新的一条}
"""


def run(path, *args):
    result = runner.invoke(app, ["check", str(path), "--as-of", "2025-07-01", "-f", "json",
                                 "--select", "JX-IDLE-OVER-14-DAYS", "--fail-on", "error", *args])
    if "--write-baseline" in args:  # prints what it wrote, no report
        return result.exit_code, result.stdout
    return result.exit_code, json.loads(result.stdout)


def test_write_then_check_against_the_baseline_passes(tmp_path):
    account, baseline = tmp_path / "a.yaml", tmp_path / "baseline.json"
    account.write_text(HEAD + POSTS, encoding="utf-8")
    code, report = run(account)
    assert code == 1 and report["findings"]
    old = len(report["findings"])

    written = runner.invoke(app, ["check", str(account), "--as-of", "2025-07-01", "-f", "json",
                                  "--select", "JX-IDLE-OVER-14-DAYS", "--write-baseline", str(baseline)])
    assert written.exit_code == 0 and written.stdout == f"已把 {old} 个问题记录到基线 {baseline}\n"  # and nothing else
    stored = json.loads(baseline.read_text(encoding="utf-8"))
    assert stored["format"] == "govmedia-lint-baseline/v2" and len(stored["findings"]) == old
    assert {"rule", "account", "item", "fingerprint"} <= set(stored["findings"][0])
    assert all("line" not in entry for entry in stored["findings"])

    code, again = run(account, "--baseline", baseline)
    # known problems stay in the report (marked), and only the exit code leaves them out
    assert code == 0 and len(again["findings"]) == old and again["summary"]["baselined"] == old
    assert all(f["baselined"] is True for f in again["findings"])


def test_moved_lines_are_not_new_but_new_items_are(tmp_path):
    account, baseline = tmp_path / "a.yaml", tmp_path / "baseline.json"
    account.write_text(HEAD + POSTS, encoding="utf-8")
    run(account, "--write-baseline", baseline)

    # comments and reordering move every line: still nothing new
    account.write_text("# 说明\n# 更多说明\n" + HEAD + "  - {date: 2025-06-02, title: 新的一条}\n"
                       "  - {date: 2025-05-05, title: 旧的一条}\n", encoding="utf-8")
    code, report = run(account, "--baseline", baseline)
    assert code == 0 and all(f.get("baselined") for f in report["findings"]), report["findings"]

    # a post after a new 20-day silence: one new idle gap, reported and failing
    account.write_text(HEAD + POSTS + "  - {date: 2025-06-25, title: 又一条}\n", encoding="utf-8")
    code, report = run(account, "--baseline", baseline)
    assert code == 1
    [new] = [f for f in report["findings"] if not f.get("baselined")]
    assert new["rule"] == "JX-IDLE-OVER-14-DAYS" and "2025-06-02 至 2025-06-25" in new["message"]


def test_a_bad_baseline_file_is_a_configuration_error(tmp_path):
    account, baseline = tmp_path / "a.yaml", tmp_path / "baseline.json"
    account.write_text(HEAD + POSTS, encoding="utf-8")
    baseline.write_text("{\"format\": \"something-else\"}", encoding="utf-8")
    result = runner.invoke(app, ["check", str(account), "--baseline", str(baseline)])
    assert result.exit_code == 2 and "基线" in result.output


def test_two_same_named_accounts_on_two_platforms_are_two_identities(tmp_path):
    """A baseline written for one account never hides the findings of a same-named account elsewhere."""
    wechat, weibo, baseline = tmp_path / "wechat.yaml", tmp_path / "weibo.yaml", tmp_path / "baseline.json"
    wechat.write_text(HEAD + POSTS, encoding="utf-8")
    written = runner.invoke(app, ["check", str(wechat), "--as-of", "2025-07-01", "--select", "JX-IDLE-OVER-14-DAYS",
                                  "--write-baseline", str(baseline)])
    assert written.exit_code == 0, written.output
    weibo.write_text((HEAD + POSTS).replace("platform: wechat", "platform: weibo"), encoding="utf-8")
    assert "platform: weibo" in weibo.read_text(encoding="utf-8")
    code, report = run(weibo, "--baseline", baseline)
    assert code == 1 and report["findings"] and not any(f.get("baselined") for f in report["findings"])


def test_a_first_format_baseline_is_refused_with_the_command_that_rewrites_it(tmp_path):
    account, baseline = tmp_path / "a.yaml", tmp_path / "baseline.json"
    account.write_text(HEAD + POSTS, encoding="utf-8")
    baseline.write_text('{"format": "govmedia-lint-baseline/v1", "findings": []}', encoding="utf-8")
    result = runner.invoke(app, ["check", str(account), "--as-of", "2025-07-01", "--baseline", str(baseline)])
    assert result.exit_code == 2 and "--write-baseline" in result.stderr
