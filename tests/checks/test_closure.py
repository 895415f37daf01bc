"""清理退出: an account being closed, or idle past its pack's limit (a 僵尸号), is the list of steps its pack states
for closing it, each listed by `due` under the rule that states it (kind closure_steps); one test per clause."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.engine.evaluate import RunOptions, evaluate_register
from govmedia_lint.engine.examples import example_document
from govmedia_lint.engine.kinds import KINDS
from govmedia_lint.engine.packs import PackSet
from govmedia_lint.workdays import WorkCalendar

PACKS = PackSet.load()
PLANS = {"jiaxian": "JX-CLOSURE-STEPS", "shenmu": "SM-CLOSURE-STEPS", "nantong": "NT-CLOSURE-STEPS",
         "suixi": "SX-CLOSURE-STEPS", "qianjiang": "QJ-CLOSURE-STEPS"}


def _due(pack: str, text: str, as_of: str = "2026-11-26"):
    day = date.fromisoformat(as_of)
    loaded = example_document(textwrap.dedent(text), pack)
    assert not loaded.errors, loaded.errors
    options = RunOptions(day, date(day.year, 1, 1), day, WorkCalendar(), packs=[pack])
    return evaluate_register([loaded], PACKS, options)


def _steps(result, reason: str = ""):
    return {(o.rule, o.deadline) for o in result.obligations
            if "step" in o.evidence and (not reason or o.evidence["reason"] == reason)}


def test_every_step_names_a_rule_of_its_own_pack_and_the_plan_reports_nothing():
    for pack, code in PLANS.items():
        rule = PACKS.packs[pack].rules[code]
        assert KINDS[rule.kind].plan
        assert all(step.rule in PACKS.packs[pack].rules for step in rule.params.steps), code


CLOSING = "account: {status: closing, opened_on: 2020-01-01}\nposts:\n  - {date: 2026-11-20}\n"


# 佳县 第八条（四）: 提出申请、省政府办公厅同意、关停迁移公告、在全国报送系统申请注销 — no deadline for any
def test_jiaxian_closing_account_lists_its_four_steps_undated():
    assert _steps(_due("jiaxian", CLOSING)) == {("JX-CLOSURE-FILED", None), ("JX-CLOSURE-APPROVED", None),
                                                ("JX-CLOSURE-NOTICE-30-DAYS", None), ("JX-CLOSURE-DEREGISTERED", None)}


def test_a_step_done_is_not_listed():
    text = CLOSING + textwrap.dedent("""\
        filings:
          - {type: close, event_on: 2026-12-20, filed_on: 2026-11-02, approved_on: 2026-11-16}
        notices:
          - {kind: migration, posted_on: 2026-11-18, placement: homepage_prominent, channel: account}
        """)
    assert _steps(_due("jiaxian", text)) == {("JX-CLOSURE-DEREGISTERED", None)}


# 南通 第十五条: 主管单位应在3个工作日内通过全省政务新媒体备案检查系统进行备案 — dated from the filing's submission
def test_nantong_registry_step_is_dated_once_the_filing_is_submitted():
    assert ("NT-REGISTRY-3-WORKDAYS", None) in _steps(_due("nantong", CLOSING))
    text = CLOSING + "filings:\n  - {type: close, filed_on: 2026-09-29, approved_on: 2026-09-28}\n"
    result = _due("nantong", text, "2026-10-08")
    steps = _steps(result)
    third = WorkCalendar().nth_workday_after(date(2026, 9, 29), 3)  # across 国庆
    assert ("NT-REGISTRY-3-WORKDAYS", third.isoformat()) in steps and third > date(2026, 10, 8)
    assert ("NT-CLOSURE-NOTICE-15-WORKDAYS", None) in steps  # no closure day: nothing to count back from
    assert ("NT-CLOSURE-FILED", None) not in steps and ("NT-CLOSURE-APPROVED", None) not in steps
    # the same obligation its own rule yields: one row in `due`
    from govmedia_lint.commands.due import distinct

    registry = [o for o in distinct(result.obligations) if o.rule == "NT-REGISTRY-3-WORKDAYS"]
    assert len(registry) == 1 and registry[0].source["article"] == "第十五条"


# 神木 第六条: 关停、注销政务新媒体，须在5个工作日内…备案 — counted from the closure, not yet known while closing
def test_shenmu_filing_is_undated_until_the_account_is_closed():
    result = _due("shenmu", CLOSING)
    assert _steps(result) == {("SM-CLOSE-FILED-5-WORKDAYS", None)}
    step = next(o for o in result.obligations if "step" in o.evidence)
    assert "关停后 5 个工作日内；尚未关停，无从起算" in step.message


# 濉溪 一（七）/一（五）: 长期不更新（僵尸）、长期闲置不注销 — an idle account lists its 关停备案
def test_suixi_idle_account_is_listed_with_its_closure_filing():
    idle = "account: {status: active, opened_on: 2020-01-01}\nposts:\n  - {date: 2026-10-01}\n"
    result = _due("suixi", idle)
    assert _steps(result, "idle") == {("SX-CLOSURE-FILED", None)}
    step = next(o for o in result.obligations if "step" in o.evidence)
    assert "长期未更新（2026-10-01 以来，超过 14 天）" in step.message and "应恢复更新或按程序关停注销" in step.message
    fresh = "account: {status: active, opened_on: 2020-01-01}\nposts:\n  - {date: 2026-11-20}\n"
    assert _steps(_due("suixi", fresh)) == set()


# 黔江 第八条: 关停…需经本单位主要负责人同意后报区政府办公室、市政府办公厅批准后方可进行 — idle by the pack's own
# limit: 10 days for a 服务号 (第十二条), the baseline's 2 weeks otherwise
@pytest.mark.parametrize("kind,last_post,listed", [("服务号", "2026-11-15", True), ("服务号", "2026-11-16", False),
                                                   ("订阅号", "2026-11-15", False), ("订阅号", "2026-11-11", True)])
def test_qianjiang_idle_limit_is_its_own(kind, last_post, listed):
    text = (f"account: {{status: active, platform_kind: {kind}, opened_on: 2020-01-01}}\n"
            f"posts:\n  - {{date: {last_post}}}\n")
    assert (("QJ-CLOSURE-APPROVAL-ON-FILE", None) in _steps(_due("qianjiang", text))) is listed


def test_closed_accounts_and_the_national_baseline_have_no_plan():
    closed = "account: {status: closed, opened_on: 2020-01-01, closed_on: 2026-10-01}\n"
    assert _steps(_due("nantong", closed)) == set()
    assert _steps(_due("national", CLOSING)) == set()
