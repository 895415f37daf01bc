"""The register's supervision record (supervision.yaml) through the commands: found beside the accounts and never
taken for one, validated like them, its duties in `check`, `due` (every format), `score` and `init`."""

from __future__ import annotations

import json
import textwrap

import icalendar
import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.loading import discover, discover_supervision

ACCOUNT = ("account: {name: 海门发布, platform: wechat, jurisdiction: nantong, host_unit: 南通市海门区人民政府办公室, "
           "status: active, opened_on: 2020-01-01}\n")
SUPERVISION = textwrap.dedent("""\
    office: {name: 南通市海门区人民政府办公室, jurisdiction: 南通}
    checks:
      - {quarter: 2026Q2, done_on: 2026-06-19}
      - {quarter: 2026Q3, done_on: 2026-09-18}
    submissions:
      - {quarter: 2026Q2, submitted_on: 2026-07-03, to: 南通市人民政府办公室}
      - {quarter: 2026Q3, submitted_on: 2026-10-08, to: 南通市人民政府办公室}
    """)
AS_OF = ["--as-of", "2026-11-26", "--since", "2026-07-01"]


def _cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def register(tmp_path):
    folder = tmp_path / "nantong"
    folder.mkdir()
    (folder / "海门发布.yaml").write_text(ACCOUNT, encoding="utf-8")
    (folder / "supervision.yaml").write_text(SUPERVISION, encoding="utf-8")
    return folder


def test_discovery_keeps_the_supervision_record_apart_from_the_accounts(register):
    assert [p.name for p in discover([register])] == ["海门发布.yaml"]
    assert [p.name for p in discover_supervision([register])] == ["supervision.yaml"]
    assert discover([register / "supervision.yaml"]) and not list(discover([register / "supervision.yaml"]))


def test_check_reports_the_late_submission_on_the_supervision_file(register):
    result = _cli("check", str(register), *AS_OF, "-f", "json", "--no-cache")
    data = json.loads(result.stdout)
    assert not [f for f in data["findings"] if f["rule"] == "GML-INPUT"]
    mine = [f for f in data["findings"] if f["file"].endswith("supervision.yaml")]
    assert [(f["rule"], f["line"], f["evidence"]["quarter"]) for f in mine] == [("NT-QUARTERLY-REPORT-5TH", 7, "2026Q3")]
    assert mine[0]["account"] == "南通市海门区人民政府办公室" and result.exit_code == 1


def test_a_bad_supervision_file_is_an_input_error_and_the_accounts_are_still_checked(register):
    (register / "supervision.yaml").write_text(SUPERVISION.replace("submitted_on: 2026-10-08", "submited_on: 2026-10-08"),
                                               encoding="utf-8")
    result = _cli("check", str(register), *AS_OF, "-f", "json", "--no-cache")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    errors = [f for f in data["findings"] if f["rule"] == "GML-INPUT"]
    assert len(errors) == 1 and errors[0]["file"].endswith("supervision.yaml") and errors[0]["line"] == 7
    assert errors[0]["evidence"]["field"] == "submissions[1].submited_on" and "submitted_on" in errors[0]["message"]
    assert any(f["file"].endswith("海门发布.yaml") for f in data["findings"])  # the account was checked


def test_the_stored_report_follows_the_supervision_file(register, tmp_path):
    args = ("check", str(register), *AS_OF, "-f", "json", "--cache-dir", str(tmp_path / "cache"))
    def reported(result) -> list[str]:
        return [f["rule"] for f in json.loads(result.stdout)["findings"] if f["file"].endswith("supervision.yaml")]

    assert reported(_cli(*args)) == ["NT-QUARTERLY-REPORT-5TH"]
    assert reported(_cli(*args)) == ["NT-QUARTERLY-REPORT-5TH"]  # the stored report
    (register / "supervision.yaml").write_text(SUPERVISION.replace("2026-10-08", "2026-10-05"), encoding="utf-8")
    assert reported(_cli(*args)) == []


def test_due_lists_the_next_quarters_submission_with_its_date_in_every_format(register, tmp_path):
    args = (str(register), "--as-of", "2026-11-26")
    data = json.loads(_cli("due", *args, "-f", "json").stdout)
    items = {(i["rule"], i["deadline"]) for i in data["obligations"]}
    assert ("NT-QUARTERLY-REPORT-5TH", "2027-01-05") in items and ("NT-QUARTERLY-CHECK", "2026-12-31") in items
    table = _cli("due", *args).stdout
    assert "2027-01-05" in table and "南通市海门区人民政府办公室" in table and "全年情况" in table
    assert "2027-01-05" in _cli("due", *args, "-f", "csv").stdout
    target = tmp_path / "due.ics"
    _cli("due", *args, "-f", "ics", "-o", str(target))
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert any(str(e["DTSTART"].dt) == "2027-01-05" and "NT-QUARTERLY-REPORT-5TH" in str(e["DESCRIPTION"])
               for e in events)


def test_score_counts_the_late_submission_in_the_registers_annual_index(register):
    data = json.loads(_cli("check", str(register), *AS_OF, "-f", "json", "--no-cache").stdout)
    register_score = next(s for s in data["scores"] if s["level"] == "register")
    item = next(d for d in register_score["deductions"] if d["item"] == "抽查检查")
    assert item["points"] == 5 and register_score["computable"] == 60
    unit = next(s for s in data["scores"] if s["level"] == "host_unit")
    assert not [d for d in unit["deductions"] if d["item"] == "抽查检查"]


def test_init_writes_a_commented_supervision_file_that_checks(tmp_path):
    folder = tmp_path / "nantong"
    folder.mkdir()
    (folder / "海门发布.yaml").write_text(ACCOUNT, encoding="utf-8")
    target = folder / "supervision.yaml"
    made = _cli("init", "--supervision", "--jurisdiction", "南通", "--office", "南通市海门区人民政府办公室",
                "-o", str(target))
    assert made.exit_code == 0 and target.exists()
    text = target.read_text(encoding="utf-8")
    assert "# 例" in text and "NT-QUARTERLY-REPORT-5TH" in text and "submissions: []" in text
    result = _cli("check", str(folder), "--as-of", "2026-11-26", "-f", "json", "--no-cache")
    found = json.loads(result.stdout)["findings"]
    assert not [f for f in found if f["rule"] == "GML-INPUT"]
    assert {f["rule"] for f in found if f["file"].endswith("supervision.yaml")} == {"NT-QUARTERLY-REPORT-5TH",
                                                                                    "NT-QUARTERLY-CHECK"}
    wrong = _cli("init", "--supervision", "--jurisdiction", "南通", "--office", "某办", "-o", str(folder / "监管.yaml"))
    assert wrong.exit_code == 2 and "supervision.yaml" in wrong.output
    assert _cli("init", "--supervision", "--jurisdiction", "南通").exit_code == 2  # no --office


def test_report_compare_git_reads_the_supervision_file_as_committed(tmp_path):
    """The previous quarter is judged on the supervision.yaml committed at its end, not the working copy's."""
    import os
    import subprocess

    def git(*args: str, when: str | None = None) -> None:
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
        if when:
            env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        subprocess.run(["git", "-c", "core.fsmonitor=false", *args], cwd=tmp_path, env=env, check=True,
                       capture_output=True, stdin=subprocess.DEVNULL, timeout=60)

    folder = tmp_path / "nantong"
    folder.mkdir()
    (folder / "海门发布.yaml").write_text(ACCOUNT, encoding="utf-8")
    # as of Q2's end: the Q1 report sent late (4月8日)
    (folder / "supervision.yaml").write_text(
        "office: {name: 南通市海门区人民政府办公室, jurisdiction: nantong}\n"
        "submissions:\n  - {quarter: 2026Q1, submitted_on: 2026-04-08}\n", encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "Q2", when="2026-06-20T10:00:00+08:00")
    # the working copy now records the Q1 date corrected (and the Q2 report)
    (folder / "supervision.yaml").write_text(
        "office: {name: 南通市海门区人民政府办公室, jurisdiction: nantong}\n"
        "submissions:\n  - {quarter: 2026Q1, submitted_on: 2026-04-03}\n  - {quarter: 2026Q2, submitted_on: 2026-07-03}\n",
        encoding="utf-8")
    result = _cli("report", str(folder), "--as-of", "2026-09-30", "--period", "2026Q3", "--compare", "git", "-f", "json")
    data = json.loads(result.stdout)
    fixed = {r["rule"]: r["count_before"] for r in data["compare"]["fixed_rules"]}
    now = {r["rule"] for r in data["figures"]["rules"]}
    assert fixed.get("NT-QUARTERLY-REPORT-5TH") == 1 and "NT-QUARTERLY-REPORT-5TH" not in now
