"""Posts dated by day only (`date: 2025-06-02`, as the WeChat 数据分析 export gives them) beside posts with a time.

A day stays a day: it is never read as midnight, every rule that looks at posts counts it on its day, and
mixing days and datetimes in one log never breaks sorting, labels, identities or reports.
"""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.loading import load_account_text
from govmedia_lint.run.facts import collect
from samples import TEST_ACCOUNT

MIXED = """
account: {opened_on: 2025-06-01}
posts:
  - {date: 2025-06-02 09:30, title: 工作动态}
  - {date: 2025-06-02, title: 转载：汛期安全提示}
  - {date: 2025-06-04}
  - {date: 2025-06-05 17:05}
"""


def test_a_date_only_post_is_a_day_not_midnight():
    doc = load_account_text(TEST_ACCOUNT + "posts:\n  - {date: 2025-06-02, title: 通知}\n", "a.yaml").document
    post = doc.posts[0]
    assert post.date == date(2025, 6, 2) and not post.has_time and post.when == "2025-06-02"
    assert post.day == date(2025, 6, 2)


@pytest.mark.parametrize("second, gaps", [("2025-06-15", []), ("2025-06-16", [15])])
def test_idle_gap_counts_a_date_only_post_on_its_day(run, second, gaps):
    # 06-01 23:59 to the day 06-16 is 15 days, not 14 days and a minute
    text = f"account: {{opened_on: 2025-06-01}}\nposts:\n  - {{date: 2025-06-01 23:59}}\n  - {{date: {second}}}\n"
    assert [f.evidence["days"] for f in run(text, "JX-IDLE-OVER-14-DAYS", "2025-06-20")] == gaps


def test_weekly_updates_count_date_only_and_timed_posts_alike(run):
    text = """
    account: {opened_on: 2025-06-02}
    posts:
      - {date: 2025-06-02}
      - {date: 2025-06-06 17:05}
      - {date: 2025-06-09 09:00}
    """
    findings = run(text, "JX-UPDATE-WEEKLY", "2025-06-22")
    assert sorted(f.evidence["week"] for f in findings) == ["2025-W24", "2025-W25"]  # W23 has two posts


def test_weekly_window_rule_with_a_date_only_post(run):
    text = "account: {opened_on: 2025-06-02}\nposts:\n  - {date: 2025-06-03}\n  - {date: 2025-06-05 10:00}\n"
    assert run(text, "JX-UPDATE-WEEKLY", "2025-06-08") == []


def test_backdating_compares_days_for_a_date_only_post(run):
    fail = "posts:\n  - {date: 2025-06-10, title: 6月第一周工作动态, declared_date: 2025-06-06}\n"
    passing = "posts:\n  - {date: 2025-06-10, title: 6月第二周工作动态, declared_date: 2025-06-10}\n"
    assert len(run(fail, "QJ-NO-BACKDATED-POSTS", "2025-07-01")) == 1
    assert run(passing, "QJ-NO-BACKDATED-POSTS", "2025-07-01") == []


def test_an_untitled_date_only_post_is_named_by_its_day(run):
    text = """
    account:
      staff: {editors: [刘小燕], reviewers: [张卫东]}
    posts:
      - {date: 2025-06-02, editor: 刘小燕, reviewers: [刘小燕]}
    """
    findings = run(text, "JX-EDITOR-REVIEWER-SEPARATE", "2025-07-01")
    assert "2025-06-02" in findings[0].message and "00:00" not in findings[0].message


def test_heatmap_facts_and_identities_of_date_only_posts():
    doc = load_account_text(TEST_ACCOUNT + MIXED.split("\n", 2)[2], "a.yaml").document
    facts = collect("a.yaml", doc)
    assert facts.post_days == {"2025-06-02": 2, "2025-06-04": 1, "2025-06-05": 1}
    identities = [identity for _, identity in facts.items if identity.startswith("posts[")]
    assert "posts[2025-06-02|转载：汛期安全提示]" in identities and "posts[2025-06-04]" in identities


def test_a_date_only_post_after_the_as_of_day_is_a_facts_warning(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(TEST_ACCOUNT + "posts:\n  - {date: 2025-07-02, title: 未来}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--as-of", "2025-07-01", "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert any(f["rule"] == "GML-FACTS" and f["line"] == 9 for f in findings)


def test_every_format_renders_a_log_mixing_days_and_times(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(TEST_ACCOUNT.replace("2024-01-01", "2025-06-01") + MIXED.split("\n", 2)[2], encoding="utf-8")
    for fmt in ("table", "json", "sarif", "junit", "github", "csv", "xlsx", "html"):
        out = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(app, ["check", str(path), "--as-of", "2025-07-01", "-f", fmt, "-o", str(out)])
        assert result.exit_code in (0, 1), (fmt, result.output)
        assert out.stat().st_size > 0
