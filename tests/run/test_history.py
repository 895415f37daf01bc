"""check --history on a temporary register in git: a rename without a filing is one finding, with one none."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.commands.history import Version, changes, facts_of

RUNNER = CliRunner()

ACCOUNT = """account:
  name: {name}
  platform: wechat
  jurisdiction: jiaxian
  host_unit: 佳县教育局
  status: {status}
{extra}"""


def _git(root: Path, *args: str, when: str = "2025-03-03T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, check=True, timeout=60)


def _register(tmp_path: Path, second: str, first: str = ACCOUNT.format(name="佳县教育", status="active", extra=""),
              when: str = "2025-03-10T10:00:00+08:00") -> Path:
    root = tmp_path / "register"
    (root / "accounts").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    file = root / "accounts" / "edu.yaml"
    file.write_text(first, encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "one")
    file.write_text(second, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "two", when=when)
    return root


def _findings(root: Path, *more: str) -> tuple[int, list[dict]]:
    done = RUNNER.invoke(app, ["check", str(root / "accounts"), "--history", "--format", "json", "--no-cache",
                               "--as-of", "2025-07-01", *more])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    found = json.loads(done.stdout)["findings"]
    return done.exit_code, [f for f in found if f["rule"].startswith("JX-HISTORY")]


def test_a_rename_without_a_filing_is_one_finding_naming_the_commit_date(tmp_path):
    root = _register(tmp_path, ACCOUNT.format(name="佳县教育发布", status="active", extra=""))
    code, found = _findings(root)
    assert code == 1
    assert _findings(root)[1] == found  # the same run again (no stored report replaces the history)
    assert [(f["rule"], f["evidence"]["field"], f["evidence"]["committed_on"]) for f in found] == [
        ("JX-HISTORY-CHANGE-NOT-FILED", "name", "2025-03-10")]
    assert "2025-03-10" in found[0]["message"] and "佳县教育发布" in found[0]["message"]
    assert found[0]["source"]["article"] == "第八条（五）"


def test_a_rename_with_its_filing_is_none(tmp_path):
    filing = "filings:\n  - {type: change, event_on: 2025-03-05, filed_on: 2025-03-06, changed_fields: [name], written: true}\n"
    root = _register(tmp_path, ACCOUNT.format(name="佳县教育发布", status="active", extra=filing))
    assert _findings(root)[1] == []


def test_a_filing_outside_the_commits_dates_does_not_cover_the_change(tmp_path):
    filing = "filings:\n  - {type: change, event_on: 2024-12-02, filed_on: 2024-12-03, written: true}\n"
    root = _register(tmp_path, ACCOUNT.format(name="佳县教育发布", status="active", extra=filing))
    assert len(_findings(root)[1]) == 1


def test_outside_git_is_a_usage_error_in_chinese(tmp_path):
    (tmp_path / "a.yaml").write_text(ACCOUNT.format(name="佳县教育", status="active", extra=""), encoding="utf-8")
    done = RUNNER.invoke(app, ["check", str(tmp_path / "a.yaml"), "--history"])
    assert done.exit_code == 2 and "git" in done.output and "Traceback" not in done.output


def test_a_version_that_is_no_account_file_is_passed_over():
    assert facts_of(["not", "a", "mapping"]) is None
    assert facts_of({"account": "x"}) is None
    versions = [Version("a" * 40, __import__("datetime").date(2025, 3, 1), {"name": "甲", "status": "active"}),
                Version("b" * 40, __import__("datetime").date(2025, 3, 9), {"name": "甲", "status": "cancelled"})]
    assert [c.fact for c in changes(versions)] == ["status"]


@pytest.mark.parametrize("first", ["name", "leader"])
def test_a_fact_written_for_the_first_time_is_no_change(first):
    from datetime import date

    versions = [Version("a" * 40, date(2025, 3, 1), {}), Version("b" * 40, date(2025, 3, 9), {first: "甲"})]
    assert changes(versions) == []


def test_history_codes_are_selected_and_ignored_as_rule_codes(tmp_path):
    root = _register(tmp_path, ACCOUNT.format(name="佳县教育发布", status="active", extra=""))
    code, found = _findings(root, "--select", "JX-HISTORY")
    assert code == 1 and len(found) == 1
    assert _findings(root, "--ignore", "JX-HISTORY-CHANGE-NOT-FILED")[1] == []


def test_the_registers_policy_applies_to_history_findings(tmp_path):
    """One judgement: an approved waiver of the history clause takes the finding out, and is not itself reported
    as naming an unknown rule."""
    waiver = ("waivers:\n  - {rule: JX-HISTORY-CHANGE-NOT-FILED, reason: 改名已书面报备，待补登记,"
              " approval_ref: 佳政务信息函〔2025〕9号}\n")
    root = _register(tmp_path, ACCOUNT.format(name="佳县教育发布", status="active", extra=waiver))
    done = RUNNER.invoke(app, ["check", str(root / "accounts"), "--history", "--format", "json", "--no-cache",
                               "--as-of", "2025-07-01"])
    report = json.loads(done.stdout)
    assert [w["rule"] for w in report["waived"]] == ["JX-HISTORY-CHANGE-NOT-FILED"]
    assert not [f for f in report["findings"] if f["rule"] == "GML-WAIVER" and "不存在" in f["message"]]


def test_a_leader_changed_in_a_commit_without_a_filing_names_the_commit_date(tmp_path):
    """佳县 第八条（五）: 负责同志 changed between two commits, no change filing dated between them."""
    root = _register(tmp_path, ACCOUNT.format(name="佳县教育", status="active", extra="  staff:\n    leader: {name: 李四}\n"),
                     first=ACCOUNT.format(name="佳县教育", status="active", extra="  staff:\n    leader: 张三\n"),
                     when="2025-04-14T09:00:00+08:00")
    code, found = _findings(root)
    assert code == 1
    assert [(f["evidence"]["field"], f["evidence"]["committed_on"]) for f in found] == [("leader", "2025-04-14")]
    assert "张三" in found[0]["message"] and "李四" in found[0]["message"]
