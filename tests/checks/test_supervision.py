"""南通 附件3 and 第三十二条: the supervising office's quarterly check and its 报送, judged on the register's
supervision.yaml (the office's record), never on an account.

附件3 抽查检查1: "每季度开展的政务新媒体检查整改情况，应于下一季度首月5日前向市政府办公室报送，未按时报送的，
每出现一次，扣5分。（上限为20分，第四季度报送内容应包括全年情况）"
第三十二条: "按季度组织检查"; 附件3 定期检查 (单项否决): "未按季度组织开展本地、本部门政务新媒体检查工作。"
"""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.checks.supervision import QuarterlyParams, deadline_of
from govmedia_lint.engine.evaluate import RunOptions, default_period, evaluate_register
from govmedia_lint.engine.examples import example_document, example_supervision
from govmedia_lint.engine.packs import PackSet
from govmedia_lint.policy.scoring import scores_for_run
from govmedia_lint.workdays import WorkCalendar

PACKS = PackSet.load()
REPORT = "NT-QUARTERLY-REPORT-5TH"
CHECK = "NT-QUARTERLY-CHECK"


def _run(text: str, as_of: str, rules=(REPORT, CHECK), accounts=()):
    day = date.fromisoformat(as_of)
    since, until = default_period(day)
    options = RunOptions(day, since, until, WorkCalendar(), packs=["nantong"], select=list(rules))
    record = example_supervision(textwrap.dedent(text), "nantong")
    assert not record.errors, record.errors
    loaded = [example_document(a, "nantong") for a in accounts]
    for index, result in enumerate(loaded):
        result.path = f"account-{index}.yaml"
    return evaluate_register(loaded, PACKS, options, [record]), loaded, record


def _found(result, rule=REPORT):
    return [(f.evidence["quarter"], bool(f.evidence.get("late"))) for f in result.findings if f.rule == rule
            and "missing" not in f.evidence]


# 下一季度首月5日前: the 5th of January, April, July, October; the 5th itself in time
@pytest.mark.parametrize("quarter,deadline", [((2026, 1), "2026-04-05"), ((2026, 2), "2026-07-05"),
                                              ((2026, 3), "2026-10-05"), ((2026, 4), "2027-01-05")])
def test_the_deadline_is_the_5th_of_the_next_quarters_first_month(quarter, deadline):
    params = QuarterlyParams(collection="submissions", day_of_next_quarter=5)
    assert deadline_of(quarter, params).isoformat() == deadline
    strict = QuarterlyParams(collection="submissions", day_of_next_quarter=5, day_included=False)
    assert deadline_of(quarter, strict) == date.fromisoformat(deadline).replace(day=4)


def test_a_report_sent_on_the_5th_is_in_time_and_on_the_6th_late():
    text = """
        submissions:
          - {quarter: 2026Q1, submitted_on: 2026-04-05}
          - {quarter: 2026Q2, submitted_on: 2026-07-06}
        """
    result, _, _ = _run(text, "2026-07-20", [REPORT])
    assert ("2026Q1", True) not in _found(result) and ("2026Q2", True) in _found(result)
    late = next(f for f in result.findings if f.evidence.get("late"))
    assert late.line == 4 and "实际于 2026-07-06 报送，晚了 1 天" in late.message and late.file == "example.yaml"


# 未按时报送的，每出现一次: a quarter whose deadline passed with no submission
def test_a_quarter_past_its_deadline_without_a_submission_is_reported_once_the_deadline_has_passed():
    text = """
        submissions:
          - {quarter: 2026Q1, submitted_on: 2026-04-03}
        """
    assert ("2026Q2", False) not in _found(_run(text, "2026-07-05", [REPORT])[0])
    result, _, _ = _run(text, "2026-07-06", [REPORT])
    assert ("2026Q2", False) in _found(result)
    finding = next(f for f in result.findings if f.evidence["quarter"] == "2026Q2")
    assert "应于 2026-07-05 前向市政府办公室报送" in finding.message
    assert finding.account == "示例县人民政府办公室" and finding.line == 2


# 第四季度报送内容应包括全年情况: said with the fourth quarter's duty
def test_the_fourth_quarter_report_says_it_covers_the_whole_year():
    result, _, _ = _run("submissions: []\n", "2027-01-06", [REPORT])
    q4 = next(f for f in result.findings if f.evidence["quarter"] == "2026Q4")
    assert "第四季度报送内容应包括全年情况" in q4.message
    q3 = next(f for f in result.findings if f.evidence["quarter"] == "2026Q3")
    assert "全年情况" not in q3.message


def test_a_submission_without_its_date_is_missing_data_not_a_pass():
    result, _, _ = _run("submissions:\n  - {quarter: 2026Q2}\n", "2026-07-20", [REPORT])
    missing = [f for f in result.findings if "missing" in f.evidence]
    assert missing and "submissions[].submitted_on" in missing[0].message and missing[0].severity == "warning"


def test_only_quarters_whose_deadline_falls_in_the_review_period_are_judged():
    result, _, _ = _run("submissions: []\n", "2026-07-20", [REPORT])  # period 2025-07-21 .. 2026-07-20
    assert sorted(q for q, _ in _found(result)) == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]


# 按季度组织检查: each quarter's check done within it
def test_a_quarter_without_its_check_is_reported_after_its_last_day():
    text = """
        checks:
          - {quarter: 2026Q1, done_on: 2026-03-20}
          - {quarter: 2026Q2, done_on: 2026-07-02}
        """
    result, _, _ = _run(text, "2026-10-01", [CHECK])
    found = _found(result, CHECK)
    assert ("2026Q2", True) in found and ("2026Q3", False) in found and ("2026Q1", False) not in found
    assert ("2026Q3", False) not in _found(_run(text, "2026-09-30", [CHECK])[0], CHECK)


def test_the_quarter_running_and_the_next_report_are_listed_with_their_dates():
    text = """
        checks:
          - {quarter: 2026Q3, done_on: 2026-09-20}
        submissions:
          - {quarter: 2026Q3, submitted_on: 2026-10-03}
        """
    result, _, _ = _run(text, "2026-11-26")
    due = {(o.rule, o.deadline, o.overdue) for o in result.obligations}
    assert (REPORT, "2027-01-05", False) in due and (CHECK, "2026-12-31", False) in due
    assert all(o.account == "示例县人民政府办公室" and o.host_unit == "示例县人民政府办公室" for o in result.obligations)


def test_a_supervision_rule_never_runs_on_an_account():
    account = "account: {name: 南通发布, host_unit: 南通市人民政府办公室}\n"
    result, _, _ = _run("submissions: []\n", "2026-07-20", accounts=[account])
    assert {f.file for f in result.findings if f.rule in (REPORT, CHECK)} == {"example.yaml"}
    assert REPORT not in result.evaluated["account-0.yaml"] and REPORT in result.evaluated["example.yaml"]


# 附件3: 未按时报送的，每出现一次，扣5分（上限为20分）; 定期检查 is a veto; both the office's, counted for the register
def test_the_annual_index_deducts_5_per_quarter_up_to_20_at_register_level_only():
    account = "account: {name: 南通发布, host_unit: 南通市人民政府办公室}\n"
    text = """
        checks:
          - {quarter: 2025Q3, done_on: 2025-09-20}
          - {quarter: 2025Q4, done_on: 2025-12-20}
          - {quarter: 2026Q1, done_on: 2026-03-20}
          - {quarter: 2026Q2, done_on: 2026-06-20}
        submissions:
          - {quarter: 2026Q2, submitted_on: 2026-07-08}
        """
    result, loaded, record = _run(text, "2026-07-20", accounts=[account])
    assert len(_found(result)) == 4  # 2025Q3, 2025Q4, 2026Q1 missing; 2026Q2 late
    scores = scores_for_run(loaded, result.findings, PACKS, ["nantong"], [record])
    register = next(s for s in scores if s.level == "register")
    item = next(d for d in register.deductions if d.item == "抽查检查")
    assert item.occurrences == 4 and item.points == 20 and register.score == 80 and not register.vetoes
    assert register.computable == 60  # 集约整合, 开设备案 and 抽查检查1
    unit = next(s for s in scores if s.level == "host_unit")
    assert not [d for d in unit.deductions if d.item == "抽查检查"] and unit.computable == 40


def test_a_quarter_without_its_check_vetoes_the_registers_annual_index():
    account = "account: {name: 南通发布, host_unit: 南通市人民政府办公室}\n"
    result, loaded, record = _run("checks: []\n", "2026-07-20", [CHECK], accounts=[account])
    scores = scores_for_run(loaded, result.findings, PACKS, ["nantong"], [record])
    register = next(s for s in scores if s.level == "register")
    assert register.vetoes and register.vetoes[0].item == "定期检查" and register.verdict == "不合格"


def test_without_a_supervision_record_the_registers_items_are_missing_data():
    account = example_document("account: {name: 南通发布, host_unit: 南通市人民政府办公室}\n", "nantong")
    options = RunOptions(date(2026, 7, 20), *default_period(date(2026, 7, 20)), WorkCalendar(), packs=["nantong"])
    result = evaluate_register([account], PACKS, options)
    assert not [f for f in result.findings if f.rule in (REPORT, CHECK)]
    register = next(s for s in scores_for_run([account], result.findings, PACKS, ["nantong"]) if s.level == "register")
    assert {REPORT, CHECK} <= set(register.missing) and register.verdict != "合格"
