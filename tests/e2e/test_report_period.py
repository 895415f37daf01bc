"""`govmedia-lint report --period`: the quarterly 通报 (南通 第三十二条: 按季度组织检查，及时通报存在的突出问题) and
its trend against the previous quarter, from a previous JSON result or from the register's own git history."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.commands.report import period_of, trend
from govmedia_lint.run.gitsnapshot import _safe_target

SAMPLE = Path(__file__).resolve().parents[2] / "accounts"


def _report(*args: str):
    return CliRunner().invoke(app, ["report", *args], catch_exceptions=False)


@pytest.mark.parametrize("text,since,until,label,previous", [
    ("2026Q3", "2026-07-01", "2026-09-30", "2026年第三季度", "2026Q2"),
    ("2026q1", "2026-01-01", "2026-03-31", "2026年第一季度", "2025Q4"),
    ("2026H2", "2026-07-01", "2026-12-31", "2026年下半年", "2026H1"),
    ("2026-02", "2026-02-01", "2026-02-28", "2026年2月", "2026-01"),
    ("2025", "2025-01-01", "2025-12-31", "2025年", "2024"),
])
def test_periods_and_the_one_before(text, since, until, label, previous):
    period = period_of(text)
    assert (period.since.isoformat(), period.until.isoformat(), period.label) == (since, until, label)
    assert period.previous() == period_of(previous)


def test_trend_words():
    assert [trend(0, 3), trend(3, 0), trend(5, 2), trend(2, 5), trend(2, 2)] == [
        "new", "fixed", "improved", "worse", "same"]


# --- a register kept in git over two quarters ---------------------------------------------------------------------

def _account(name: str, unit: str, posts: list[date]) -> str:
    lines = [(f"account: {{name: {name}, platform: weibo, jurisdiction: shenmu, host_unit: {unit}, status: active, "
              "opened_on: 2020-01-01}"), "filings:", "  - {type: open, event_on: 2020-01-01, filed_on: 2020-01-02}"]
    if posts:
        lines.append("posts:")
        lines.extend(f"  - {{date: {day} 10:00, title: 第{i}条}}" for i, day in enumerate(posts))
    return "\n".join(lines) + "\n"


def _twice_weekly(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() in (0, 3):
            days.append(day)
        day += timedelta(days=1)
    return days


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-c", "core.fsmonitor=false", *args], cwd=repo, env=env, check=True, capture_output=True,
                   stdin=subprocess.DEVNULL, timeout=60)


@pytest.fixture
def repo(tmp_path) -> Path:
    """Q2: 神木发布 posts only in April (short weeks from May). Q3: it posts twice a week, and 神木交通 joins,
    posting nothing."""
    root = tmp_path / "register"
    accounts = root / "accounts"
    accounts.mkdir(parents=True)
    _git(root, "init", "-q")
    (accounts / "fabu.yaml").write_text(_account("神木发布", "神木市人民政府办公室",
                                                 _twice_weekly(date(2026, 4, 1), date(2026, 4, 30))), encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Q2", when="2026-06-20T10:00:00+08:00")
    (accounts / "fabu.yaml").write_text(_account("神木发布", "神木市人民政府办公室",
                                                 _twice_weekly(date(2026, 4, 1), date(2026, 9, 30))), encoding="utf-8")
    (accounts / "jiaotong.yaml").write_text(_account("神木交通", "神木市交通运输局", []), encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Q3", when="2026-09-25T10:00:00+08:00")
    (accounts / "notes.txt").write_text("untracked\n", encoding="utf-8")
    return root


def _state(root: Path) -> tuple:
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
             if p.is_file() and (".git" not in p.relative_to(root).parts or p.name == "index")}
    worktrees = (root / ".git" / "worktrees").exists()
    return status.stdout, head.stdout, files, worktrees


def test_compare_with_the_previous_quarter_from_git_history(repo):
    before = _state(repo)
    result = _report(str(repo / "accounts"), "--period", "2026Q3", "--compare", "git", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert _state(repo) == before  # the working tree, index, HEAD and worktree list are as they were
    data = json.loads(result.stdout)
    figures, compared = data["figures"], data["compare"]
    assert compared["label"] == "2026年第二季度" and compared["source"].startswith("git ")
    assert "2026-06-20" in compared["source"]
    units = {u["unit"]: u for u in figures["units"]}
    fabu = compared["units"]["神木/神木市人民政府办公室"]
    assert fabu["problems_before"] > 0 and units["神木市人民政府办公室"]["problems"] == 0 and fabu["trend"] == "fixed"
    assert compared["units"]["神木/神木市交通运输局"]["trend"] == "new-unit"
    weekly = compared["rules"]["SM-UPDATE-TWICE-WEEKLY"]
    assert weekly["count_before"] > 0


def test_git_compare_reads_the_committed_files_even_with_a_broken_working_copy(repo):
    """The previous quarter comes from git objects: a broken uncommitted edit does not matter to it."""
    (repo / "accounts" / "fabu.yaml").write_text("account: {name: 编辑中", encoding="utf-8")
    result = _report(str(repo / "accounts"), "--period", "2026Q3", "--compare", "git", "-f", "json")
    assert result.exit_code == 2  # the working copy of this quarter has a broken file …
    compared = json.loads(result.stdout)["compare"]
    assert compared["totals_before"]["problems"] > 0  # … the committed previous quarter was checked whole


def test_compare_from_a_previous_json_result(tmp_path):
    """Last quarter's `report --format json` (or `check --format json`) kept as a file, this quarter's files now."""
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    fabu = accounts / "fabu.yaml"
    fabu.write_text(_account("神木发布", "神木市人民政府办公室", _twice_weekly(date(2026, 4, 1), date(2026, 4, 30))),
                    encoding="utf-8")
    previous, checked = tmp_path / "q2.json", tmp_path / "check-q2.json"
    assert _report(str(accounts), "--period", "2026Q2", "-f", "json", "-o", str(previous)).exit_code == 0
    CliRunner().invoke(app, ["check", str(accounts), "--as-of", "2026-06-30", "--since", "2026-04-01", "-f", "json",
                             "-o", str(checked), "--no-cache"])
    fabu.write_text(_account("神木发布", "神木市人民政府办公室", _twice_weekly(date(2026, 4, 1), date(2026, 9, 30))),
                    encoding="utf-8")
    from_report = json.loads(_report(str(accounts), "--period", "2026Q3", "--compare", str(previous),
                                     "-f", "json").stdout)["compare"]
    from_check = json.loads(_report(str(accounts), "--period", "2026Q3", "--compare", str(checked),
                                    "-f", "json").stdout)["compare"]
    assert from_report["units"]["神木/神木市人民政府办公室"]["trend"] == "fixed"
    assert from_report["fixed_rules"] and from_report["fixed_rules"][0]["rule"] == "SM-UPDATE-TWICE-WEEKLY"
    assert [r["count_before"] for r in from_check["fixed_rules"]] == [r["count_before"] for r in from_report["fixed_rules"]]


def test_git_compare_outside_a_repository_is_exit_2(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "fabu.yaml").write_text(_account("神木发布", "神木市人民政府办公室", []), encoding="utf-8")
    result = _report(str(folder), "--period", "2026Q3", "--compare", "git")
    assert result.exit_code == 2 and "git" in result.stderr


def test_snapshot_paths_stay_inside_the_temporary_folder(tmp_path):
    assert _safe_target(tmp_path, "accounts/a.yaml") == tmp_path / "accounts" / "a.yaml"
    for bad in ("../a.yaml", "/etc/a.yaml", "accounts/../../a.yaml"):
        assert _safe_target(tmp_path, bad) is None


# --- the sample register: the 南通 第三十二条 quarterly check -------------------------------------------------------

@pytest.fixture(scope="module")
def quarter_html(tmp_path_factory):
    target = tmp_path_factory.mktemp("report") / "q3.html"
    result = _report(str(SAMPLE), "--period", "2026Q3", "-f", "html", "-o", str(target),
                     "--title", "南通市政务新媒体2026年第三季度检查情况<通报>")
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


def test_quarterly_html_ranks_units_counts_rules_and_scores(quarter_html):
    assert "<h1>南通市政务新媒体2026年第三季度检查情况&lt;通报&gt;</h1>" in quarter_html
    assert "一、各单位情况排名" in quarter_html and "二、问题按规则统计" in quarter_html and "三、账号评分" in quarter_html
    assert "南通市人力资源和社会保障局办公室" in quarter_html and "2026-07-01 至 2026-09-30" in quarter_html
    assert "<script" not in quarter_html


def test_quarterly_xlsx_has_ranking_rules_units_and_scores(tmp_path):
    target = tmp_path / "q3.xlsx"
    assert _report(str(SAMPLE / "nantong"), "--period", "2026Q3", "-f", "xlsx", "-o", str(target)).exit_code == 0
    from openpyxl import load_workbook

    book = load_workbook(target)
    assert book.sheetnames == ["单位排名", "问题按规则", "问题按单位", "账号评分", "说明"]
    assert book["单位排名"]["C2"].value and book["账号评分"]["D2"].value is not None


@pytest.mark.parametrize("args,message", [
    (["--period", "2026Q5"], "--period"),
    (["--period", "2026Q3", "--since", "2026-01-01"], "--period"),
    (["--period", "2026Q3", "-f", "pdf"], "--format"),
    (["--period", "2026Q3", "--compare", "missing.json"], "missing.json"),
])
def test_bad_report_options_are_exit_2(args, message):
    result = _report(str(SAMPLE / "suixi"), *args)
    assert result.exit_code == 2 and message in result.stderr


def test_a_period_given_by_dates():
    result = _report(str(SAMPLE / "suixi"), "--since", "2026-07-01", "--until", "2026-09-30", "-f", "json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)["figures"]
    assert (figures["since"], figures["until"], figures["as_of"]) == ("2026-07-01", "2026-09-30", "2026-09-30")
    assert figures["units"] and all(u["jurisdiction"] == "濉溪" for u in figures["units"])


def test_installed_cli_due_and_report_on_the_git_register(repo, tmp_path):
    """The installed commands, run from inside the repository as an office would."""
    import shutil
    import sys

    exe = shutil.which("govmedia-lint", path=str(Path(sys.executable).parent))
    html = tmp_path / "q3.html"
    run = subprocess.run([exe, "report", "accounts", "--period", "2026Q3", "--compare", "git", "-f", "html", "-o",
                          str(html), "--title", "神木市2026年第三季度政务新媒体检查通报"], cwd=repo, capture_output=True,
                         text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    page = html.read_text(encoding="utf-8")
    assert "神木市2026年第三季度政务新媒体检查通报" in page and "✔ 已整改" in page and "上期问题" in page
    due = subprocess.run([exe, "due", "accounts", "--as-of", "2026-09-30", "--within", "7d", "-f", "ics", "-o",
                          str(tmp_path / "due.ics")], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                         stdin=subprocess.DEVNULL, timeout=120, check=False)
    assert due.returncode in (0, 1), due.stderr
    import icalendar

    events = list(icalendar.Calendar.from_ical((tmp_path / "due.ics").read_bytes()).walk("VEVENT"))
    assert any("神木交通" in str(e["SUMMARY"]) for e in events)


# 神木 第十条 主办单位在不同平台上开设的政务新媒体名称原则上应保持一致: two accounts on one platform are the
# one-per-platform case (第九条), counted once there, not a second time as names differing across platforms
def test_article_10_two_accounts_on_one_platform_are_not_counted_again_as_a_name_inconsistency(tmp_path):
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    posts = _twice_weekly(date(2026, 6, 1), date(2026, 9, 30))
    (accounts / "a.yaml").write_text(_account("神木教育", "神木市教育局", posts), encoding="utf-8")
    (accounts / "b.yaml").write_text(_account("神木教育发布", "神木市教育局", posts), encoding="utf-8")
    rules = {r["rule"]: r["count"] for r in json.loads(
        _report(str(accounts), "--period", "2026Q3", "-f", "json").stdout)["figures"]["rules"]}
    assert rules.get("SM-ONE-PER-PLATFORM") == 2 and "SM-NAME-CONSISTENT" not in rules
    (accounts / "c.yaml").write_text(_account("神木教体", "神木市教育局", posts).replace("platform: weibo", "platform: wechat"),
                                     encoding="utf-8")
    rules = {r["rule"]: r["count"] for r in json.loads(
        _report(str(accounts), "--period", "2026Q3", "-f", "json").stdout)["figures"]["rules"]}
    assert rules.get("SM-NAME-CONSISTENT") == 3  # each now differs from an account on another platform


def test_report_obeys_a_configured_as_of(tmp_path):
    """A scheduled job or a demonstration fixes the check day in the configuration: report uses it as "today"."""
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    (accounts / "fabu.yaml").write_text(_account("神木发布", "神木市人民政府办公室",
                                                 _twice_weekly(date(2026, 7, 1), date(2026, 9, 30))), encoding="utf-8")
    (tmp_path / "govmedia-lint.toml").write_text('as-of = "2026-08-15"\n', encoding="utf-8")
    figures = json.loads(_report(str(accounts), "--period", "2026Q3", "-f", "json").stdout)["figures"]
    assert (figures["since"], figures["as_of"]) == ("2026-07-01", "2026-08-15")  # the quarter still running then
    figures = json.loads(_report(str(accounts), "-f", "json").stdout)["figures"]
    assert (figures["since"], figures["until"], figures["as_of"]) == ("2026-01-01", "2026-08-15", "2026-08-15")
    figures = json.loads(_report(str(accounts), "--period", "2026Q3", "--as-of", "2026-12-01", "-f", "json").stdout)
    assert figures["figures"]["as_of"] == "2026-09-30"  # a finished quarter: as of its last day


def test_git_compare_in_the_adoption_quarter_compares_with_the_first_commit(tmp_path):
    """南通 第三十二条 按季度……通报: the register first committed in July has no commit at the end of Q2; the Q3 通报
    says so and compares with the first commit, whose Q2 figures are what report says of Q2 on that commit."""
    root = tmp_path / "register"
    accounts = root / "accounts"
    accounts.mkdir(parents=True)
    _git(root, "init", "-q")
    (accounts / "fabu.yaml").write_text(_account("神木发布", "神木市人民政府办公室",
                                                 _twice_weekly(date(2026, 4, 1), date(2026, 4, 30))), encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "adopted", when="2026-07-06T10:00:00+08:00")
    on_first = json.loads(_report(str(accounts), "--period", "2026Q2", "-f", "json").stdout)["figures"]
    (accounts / "fabu.yaml").write_text(_account("神木发布", "神木市人民政府办公室",
                                                 _twice_weekly(date(2026, 4, 1), date(2026, 9, 30))), encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Q3", when="2026-09-25T10:00:00+08:00")
    result = _report(str(accounts), "--period", "2026Q3", "--compare", "git", "-f", "json")
    assert result.exit_code == 0, result.stderr
    compared = json.loads(result.stdout)["compare"]
    assert "2026-06-30 之前没有提交，按最早的提交对比" in compared["source"] and "2026-07-06" in compared["source"]
    assert compared["totals_before"] == on_first["totals"] and on_first["totals"]["problems"] > 0
    table = _report(str(accounts), "--period", "2026Q3", "--compare", "git").stdout
    assert "之前没有提交" in table
