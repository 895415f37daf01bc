"""濉溪县《关于加强政务新媒体运营与监管机制建设的通知》(2022-01-21), clause by clause.

The documented pass/fail examples of every rule run in test_rule_examples.py;
these tests pin the edges: the eight problem categories of 一 as far as the data
shows them, filing before applying to a platform, registration in the national
reporting system, outsourcing, the national rules the pack overrides or
inherits, and the sample register and examples.

Not judged, on purpose: 一（三）"不闻不问" (the notice sets no reply deadline; a
made-up one would be a placeholder threshold) and 一（一）off-topic posts (the
account format has no field for it).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTSOURCED = "outsourcing: {vendor: 安徽某新媒体运营有限公司, has_news_license: true}"


def violations(findings):
    return [f for f in findings if "missing" not in f.evidence]


# ── 一（一）功能定位不清：刊登或链接商业广告 ───────────────────────────────────
def test_1_1_commercial_ad_fails_and_replaces_the_national_rule(packset, run):
    assert "NAT-NO-COMMERCIAL-ADS" not in packset.packs["suixi"].rules
    findings = run("posts:\n  - {date: 2025-06-05, commercial_ad: true}", "SX-NO-COMMERCIAL-ADS", "2025-07-01")
    assert len(findings) == 1 and findings[0].source["article"].startswith("一（一）")


# ── 一（三）互动服务不实 ─────────────────────────────────────────────────────
def test_1_3_inappropriate_reply_fails_with_the_message_named(run):
    text = "messages:\n  - {received_at: 2025-06-05 21:10, summary: 投诉夜市噪音扰民, inappropriate_reply: true}"
    findings = run(text, "SX-NO-INAPPROPRIATE-REPLY", "2025-07-01")
    assert len(findings) == 1 and "投诉夜市噪音扰民" in findings[0].message and "雷人雷语" in findings[0].message


def test_1_3_broken_service_function_fails_on_wechat_but_app_goes_to_1_7(run):
    text = "account: {{platform: {p}}}\nincidents:\n  - {{kind: broken_function, date: 2025-06-20}}"
    assert len(run(text.format(p="wechat"), "SX-SERVICE-FUNCTION-USABLE", "2025-07-01")) == 1
    assert run(text.format(p="app"), "SX-SERVICE-FUNCTION-USABLE", "2025-07-01") == []
    assert len(run(text.format(p="app"), "SX-APP-USABLE", "2025-07-01")) == 1


# ── 一（四）审核把关不严：重大表述错误 ─────────────────────────────────────────
def test_1_4_serious_wording_error_fails_and_earlier_one_does_not_count(run):
    text = "incidents:\n  - {{kind: serious_wording_error, date: {day}}}"
    assert len(run(text.format(day="2025-05-12"), "SX-NO-SERIOUS-WORDING-ERROR", "2025-07-01")) == 1
    assert run(text.format(day="2024-05-12"), "SX-NO-SERIOUS-WORDING-ERROR", "2025-07-01") == []


# ── 一（五）、一（七）长期闲置、长期不更新 ─────────────────────────────────────
def test_1_7_zombie_account_idle_over_two_weeks_fails_14_days_passes(run):
    text = "account: {{opened_on: 2023-03-01}}\nposts:\n  - {{date: {day}}}"
    assert run(text.format(day="2025-06-17"), "SX-NO-UPDATE-2-WEEKS", "2025-07-01") == []
    findings = run(text.format(day="2025-06-16"), "SX-NO-UPDATE-2-WEEKS", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["days"] == 15


def test_1_7_approved_offline_days_do_not_count_as_idle(run):
    text = """
    account: {opened_on: 2023-03-01}
    offline_periods:
      - {kind: temporary, start: 2025-06-05, end: 2025-06-25, approved_on: 2025-06-01}
    posts:
      - {date: 2025-06-04}
    """
    assert run(text, "SX-NO-UPDATE-2-WEEKS", "2025-07-01") == []


def test_1_7_closed_account_is_not_a_zombie(run):
    text = "account: {opened_on: 2023-03-01, status: closed, closed_on: 2025-04-01}\nposts:\n  - {date: 2025-03-28}"
    assert run(text, "SX-NO-UPDATE-2-WEEKS", "2025-07-01") == []


# ── 一（六）过度娱乐化 ───────────────────────────────────────────────────────
def test_1_6_entertainment_incident_fails(run):
    findings = run("incidents:\n  - {kind: inappropriate_content, date: 2025-05-01}", "SX-NOT-ENTERTAINMENT", "2025-07-01")
    assert len(findings) == 1 and findings[0].source["document"] == "关于加强政务新媒体运营与监管机制建设的通知"


# ── 一（八）、三（五）托管变“脱管” ────────────────────────────────────────────
def test_3_5_vendor_without_news_licence_fails_and_missing_licence_is_missing_data(run):
    no = "account:\n  outsourcing: {vendor: 某传媒公司, has_news_license: false}"
    unknown = "account:\n  outsourcing: {vendor: 某传媒公司}"
    assert len(violations(run(no, "SX-OUTSOURCING-LICENSED", "2025-07-01"))) == 1
    findings = run(unknown, "SX-OUTSOURCING-LICENSED", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["missing"] == ["account.outsourcing.has_news_license"]


def test_3_5_accounts_not_outsourced_are_not_judged(run):
    assert run("account: {outsourcing: null}", "SX-OUTSOURCING-LICENSED", "2025-07-01") == []
    assert run("posts:\n  - {date: 2025-06-02, reviewers: [外人]}", "SX-OUTSOURCED-HOST-REVIEW", "2025-07-01") == []


def test_3_5_post_reviewed_only_by_vendor_fails_with_a_host_reviewer_passes(run):
    text = f"""
    account:
      {OUTSOURCED}
      staff: {{reviewers: [孙立新]}}
    posts:
      - {{date: 2025-06-02, title: 甲, reviewers: [代运营主管]}}
      - {{date: 2025-06-03, title: 乙, reviewers: [代运营主管, 孙立新]}}
      - {{date: 2025-06-04, title: 丙, reviewers: []}}
    """
    findings = run(text, "SX-OUTSOURCED-HOST-REVIEW", "2025-07-01")
    assert len(findings) == 1 and "《甲》" in findings[0].message  # 丙 has no reviewer: SX-REVIEW-BEFORE-PUBLISHING's


def test_3_5_outsourced_account_without_host_reviewers_listed_is_missing_data(run):
    findings = run(f"account:\n  {OUTSOURCED}", "SX-OUTSOURCED-HOST-REVIEW", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["missing"] == ["account.staff.reviewers"]


# ── 二（三）提升专业水平 ─────────────────────────────────────────────────────
def test_2_3_no_operator_fails_and_missing_staff_is_missing_data(run):
    assert len(violations(run("account:\n  staff: {operators: []}", "SX-DEDICATED-STAFF", "2025-07-01"))) == 1
    assert run("account: {}", "SX-DEDICATED-STAFF", "2025-07-01")[0].evidence["missing"] == ["account.staff.operators"]


def test_2_3_no_funding_fails(run):
    assert len(run("account:\n  management: {funding: false}", "SX-FUNDING", "2025-07-01")) == 1


# ── 三（二）分级备案：未经报备不得申请开设 ─────────────────────────────────────
# 三（二）未经报备，不得申请开设 — a filing the same day as opening is no proof of the wrong order
def test_3_2_filing_on_the_opening_day_passes_the_day_after_fails(run):
    text = "account: {{opened_on: 2025-03-10}}\nfilings:\n  - {{type: open, event_on: 2025-03-10, filed_on: {day}}}"
    assert run(text.format(day="2025-03-09"), "SX-FILED-BEFORE-APPLYING", "2025-07-01") == []
    assert run(text.format(day="2025-03-10"), "SX-FILED-BEFORE-APPLYING", "2025-07-01") == []
    findings = run(text.format(day="2025-03-11"), "SX-FILED-BEFORE-APPLYING", "2025-07-01")
    assert len(findings) == 1 and "先开设后备案" in findings[0].message


def test_3_2_opening_with_no_filing_at_all_fails_at_once(run):
    findings = run("account: {opened_on: 2025-06-30}", "SX-FILED-BEFORE-APPLYING", "2025-07-01")
    assert len(findings) == 1 and "没有开设备案" in findings[0].message


def test_3_2_closure_without_filing_fails_with_filing_passes(run):
    closed = "account: {status: closed, closed_on: 2025-05-29}"
    assert len(run(closed, "SX-CLOSURE-FILED", "2025-07-01")) == 1
    filed = closed + "\nfilings:\n  - {type: cancel, event_on: 2025-05-29, filed_on: 2025-06-10}"
    assert run(filed, "SX-CLOSURE-FILED", "2025-07-01") == []


# ── 三（三）开设整合、全国报送系统 ─────────────────────────────────────────────
def test_3_3_duplicate_on_the_same_platform_fails_other_platform_passes(run):
    me = "account: {host_unit: 濉溪县卫生健康委员会, platform: wechat}"
    same = ["account: {name: 濉溪健康, host_unit: 濉溪县卫生健康委员会, platform: wechat}"]
    other = ["account: {name: 濉溪健康, host_unit: 濉溪县卫生健康委员会, platform: douyin}"]
    assert len(run(me, "SX-ONE-PER-PLATFORM", "2025-07-01", others=same)) == 1
    assert run(me, "SX-ONE-PER-PLATFORM", "2025-07-01", others=other) == []


def test_3_3_every_live_account_must_be_registered_however_old(run):
    text = "account: {opened_on: 2016-05-01}\nfilings:\n  - {type: open, event_on: 2016-05-01, filed_on: 2016-04-20}"
    assert len(run(text, "SX-REGISTERED-NATIONALLY", "2025-07-01")) == 1
    assert len(run("account: {opened_on: 2016-05-01}", "SX-REGISTERED-NATIONALLY", "2025-07-01")) == 1


def test_3_3_registration_is_not_required_of_closed_or_planned_accounts(run):
    assert run("account: {status: closed, closed_on: 2025-01-01}", "SX-REGISTERED-NATIONALLY", "2025-07-01") == []
    assert run("account: {status: planned}", "SX-REGISTERED-NATIONALLY", "2025-07-01") == []


# ── 三（四）运营管理制度、先审后发 ─────────────────────────────────────────────
def test_3_4_unreviewed_post_is_an_error_unrecorded_review_is_missing_data(run):
    findings = run("posts:\n  - {date: 2025-06-02, reviewers: []}", "SX-REVIEW-BEFORE-PUBLISHING", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "error"
    missing = run("posts:\n  - {date: 2025-06-02}", "SX-REVIEW-BEFORE-PUBLISHING", "2025-07-01")
    assert missing[0].severity == "warning" and missing[0].evidence["missing"] == ["posts[].reviewers"]


def test_3_4_rules_not_in_place_fails(run):
    assert len(run("account:\n  management: {rules_in_place: false}", "SX-RULES-IN-PLACE", "2025-07-01")) == 1


def test_3_4_secret_leak_fails(run):
    assert len(run("incidents:\n  - {kind: secret_leak, date: 2025-03-03}", "SX-NO-SECRET-LEAK", "2025-07-01")) == 1


# ── 三（六）用户信息 ─────────────────────────────────────────────────────────
def test_3_6_excessive_personal_data_fails(run):
    text = "incidents:\n  - {kind: excessive_personal_data, date: 2025-02-11}"
    assert len(run(text, "SX-NO-EXCESSIVE-PERSONAL-DATA", "2025-07-01")) == 1


# ── the pack as a whole ──────────────────────────────────────────────────────
def test_pack_extends_national_overrides_same_checks_and_inherits_the_rest(packset):
    pack = packset.packs["suixi"]
    assert pack.meta.extends == "national" and pack.meta.ref is None
    overridden = {"NAT-NO-COMMERCIAL-ADS", "NAT-INAPPROPRIATE-REPLY", "NAT-BROKEN-FUNCTION", "NAT-SERIOUS-WORDING-ERROR",
                  "NAT-INAPPROPRIATE-CONTENT", "NAT-NO-UPDATE-2-WEEKS", "NAT-APP-UNUSABLE", "NAT-ONE-PER-PLATFORM",
                  "NAT-SECRET-LEAK", "NAT-EXCESSIVE-PERSONAL-DATA"}
    assert not overridden & set(pack.rules)
    assert {"NAT-UPDATE-WEEKLY", "NAT-INTERACTION-PROVIDED", "NAT-VERIFICATION-NAMES-HOST"} <= set(pack.inherited)
    for code in pack.own:
        assert code.startswith("SX-") and pack.rules[code].source.document == pack.meta.document


def test_every_quote_is_text_of_the_notice(packset):
    seed = Path(__file__).parents[1] / "data" / "seeds" / "002_0494f2f70c1bc7b0.txt"
    if not seed.exists():
        pytest.skip("source document not available")
    text = re.sub(r"\s+", "", seed.read_text(encoding="utf-8"))
    for code in packset.packs["suixi"].own:
        quote = re.sub(r"\s+", "", packset.packs["suixi"].rules[code].source.quote)
        assert quote.rstrip("。；") in text, code


# ── the sample register accounts/suixi ───────────────────────────────────────
EXPECTED = {
    "濉溪发布-微信.yaml": set(),
    "濉溪发布-抖音.yaml": set(),
    "濉溪县卫健委.yaml": {"SX-ONE-PER-PLATFORM"},
    "濉溪健康.yaml": {"SX-ONE-PER-PLATFORM", "SX-REGISTERED-NATIONALLY", "NAT-UPDATE-WEEKLY", "SX-NO-UPDATE-2-WEEKS"},
    "濉溪教育.yaml": {"SX-OUTSOURCING-LICENSED", "SX-OUTSOURCED-HOST-REVIEW"},
    "濉溪文旅.yaml": {"SX-DEDICATED-STAFF", "SX-FUNDING", "SX-NOT-ENTERTAINMENT", "SX-NO-COMMERCIAL-ADS"},
    "濉溪通-APP.yaml": {"SX-APP-USABLE"},
    "濉溪城管-微博.yaml": {"SX-FILED-BEFORE-APPLYING", "SX-NO-INAPPROPRIATE-REPLY"},
    "濉溪市场监管-头条.yaml": {"SX-CLOSURE-FILED"},
}


def test_sample_register_shows_each_account_its_intended_findings_only(register_findings):
    assert register_findings(ROOT / "accounts" / "suixi", "2026-11-26") == EXPECTED


# 一（三）对公众需求诉求“不闻不问” — a message never answered by the as-of date
def test_1_3_message_never_answered_by_the_as_of_date_fails(run):
    text = "messages:\n  - {received_at: 2025-05-03 10:00}\n"
    assert run(text, "SX-MESSAGES-ANSWERED", "2025-07-01")
    answered = "messages:\n  - {received_at: 2025-05-03 10:00, replied_at: 2025-06-20 10:00}\n"
    assert run(answered, "SX-MESSAGES-ANSWERED", "2025-07-01") == []


# 一（五）账号……甚至遭“盗用”
def test_1_5_hijacked_account_is_reported(run):
    assert run("incidents:\n  - {kind: account_hijacked, date: 2025-04-02}\n", "SX-ACCOUNT-NOT-HIJACKED", "2025-07-01")


# 一（三）互动服务不实：对公众需求诉求“不闻不问” — the notice gives no period: judged after 5 working days
# (docs/severity-policy.md), never on a message received on the check day; a late reply is still an answer
def test_section_1_3_a_message_received_on_the_check_day_is_not_yet_ignored(run):
    today = "messages:\n  - {received_at: 2025-07-01 09:00, summary: 咨询}"
    assert run(today, "SX-MESSAGES-ANSWERED", "2025-07-01") == []
    week = "messages:\n  - {received_at: 2025-06-23 09:00, summary: 咨询}"  # 5th working day after: 30 June
    assert run(week, "SX-MESSAGES-ANSWERED", "2025-06-30") == []
    found = run(week, "SX-MESSAGES-ANSWERED", "2025-07-01")
    assert len(found) == 1 and found[0].evidence["deadline"] == "2025-06-30"
    late = "messages:\n  - {received_at: 2025-05-06 09:00, replied_at: 2025-06-20 10:00, summary: 咨询}"
    assert run(late, "SX-MESSAGES-ANSWERED", "2025-07-01") == []


def test_section_1_3_due_lists_a_message_not_yet_answered(packset):
    from datetime import date

    from govmedia_lint.engine.evaluate import RunOptions, evaluate_register
    from govmedia_lint.engine.examples import example_document
    from govmedia_lint.workdays import WorkCalendar

    loaded = example_document("messages:\n  - {received_at: 2025-07-01 09:00, summary: 咨询}", "suixi")
    options = RunOptions(date(2025, 7, 1), date(2024, 7, 2), date(2025, 7, 1), WorkCalendar(), packs=["suixi"],
                         select=["SX-MESSAGES-ANSWERED"])
    result = evaluate_register([loaded], packset, options)
    assert result.findings == [] and [o.deadline for o in result.obligations] == ["2025-07-08"]
