"""神木市政务新媒体管理办法 (神政办发〔2022〕10号), clause by clause.

The documented pass/fail examples of every rule run in test_rule_examples.py;
these tests pin the edges of the clauses: the 5-working-day filing deadline
across holidays, what is pending, what is not judged, missing data, the national
rules the pack overrides or inherits, and the sample register and examples.
"""

import re
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def violations(findings):
    return [f for f in findings if "missing" not in f.evidence]


# ── 第六条 开设、变更、关停、注销须在5个工作日内备案 ─────────────────────────────
def test_article_6_opening_filed_on_the_5th_working_day_after_national_day_passes_6th_fails(run):
    # 2024-09-27 (Fri): 09-29 (调休 Sunday) 1, 09-30 2, 10-08 3, 10-09 4, 10-10 5, 10-11 6
    text = """
    account: {{opened_on: 2024-09-27}}
    filings:
      - {{type: open, event_on: 2024-09-27, filed_on: {filed}}}
    """
    assert run(text.format(filed="2024-10-10"), "SM-OPEN-FILED-5-WORKDAYS", "2025-07-01") == []
    findings = run(text.format(filed="2024-10-11"), "SM-OPEN-FILED-5-WORKDAYS", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["deadline"] == "2024-10-10"
    assert findings[0].line == 4  # the filing


def test_article_6_opening_without_any_filing_is_pending_until_the_deadline_then_fails(run):
    text = "account: {opened_on: 2025-06-23}\nfilings: []"
    assert run(text, "SM-OPEN-FILED-5-WORKDAYS", "2025-06-30") == []  # deadline 06-30 not yet passed
    findings = run(text, "SM-OPEN-FILED-5-WORKDAYS", "2025-07-01")
    assert len(findings) == 1 and "没有开设备案" in findings[0].message and findings[0].line == 1


def test_article_6_opening_before_the_review_period_is_not_judged(run):
    assert run("account: {opened_on: 2019-06-10}", "SM-OPEN-FILED-5-WORKDAYS", "2025-07-01") == []


def test_article_6_opening_filing_without_a_filing_date_is_missing_data(run):
    text = "account: {opened_on: 2025-03-03}\nfilings:\n  - {type: open, event_on: 2025-03-03}"
    findings = run(text, "SM-OPEN-FILED-5-WORKDAYS", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert findings[0].evidence["missing"] == ["filings[].filed_on"]


def test_article_6_change_filed_on_the_5th_working_day_after_labour_day_passes(run):
    # 2025-04-30: 05-01..05-05 off; 05-06 1 … 05-09 4, 05-12 5
    text = "filings:\n  - {{type: change, event_on: 2025-04-30, filed_on: {filed}, changed_fields: [leader]}}"
    assert run(text.format(filed="2025-05-12"), "SM-CHANGE-FILED-5-WORKDAYS", "2025-07-01") == []
    late = run(text.format(filed="2025-05-13"), "SM-CHANGE-FILED-5-WORKDAYS", "2025-07-01")
    assert len(late) == 1 and late[0].evidence["late"] == 1


def test_article_6_cancellation_filing_counts_for_a_closure(run):
    text = """
    account: {status: cancelled, closed_on: 2025-03-31}
    filings:
      - {type: cancel, event_on: 2025-03-31, filed_on: 2025-04-08}
    """
    assert run(text, "SM-CLOSE-FILED-5-WORKDAYS", "2025-07-01") == []  # 清明 04-04..06 off: 04-08 is the 5th


def test_article_6_closed_account_without_closing_date_is_missing_data(run):
    findings = run("account: {status: closed}", "SM-CLOSE-FILED-5-WORKDAYS", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["missing"] == ["account.closed_on"]


def test_article_6_closure_filed_late_names_the_deadline_and_delay(run):
    text = """
    account: {status: closed, closed_on: 2025-03-31}
    filings:
      - {type: close, event_on: 2025-03-31, filed_on: 2025-04-15}
    """
    findings = run(text, "SM-CLOSE-FILED-5-WORKDAYS", "2025-07-01")
    assert len(findings) == 1 and "2025-04-08" in findings[0].message and "超期 5 个工作日" in findings[0].message


# ── 第七条 开设条件 ────────────────────────────────────────────────────────────
@pytest.mark.parametrize("code,field", [("SM-MANAGING-OFFICE", "managing_office"),
                                        ("SM-FUNDING", "funding"), ("SM-RULES-IN-PLACE", "rules_in_place")])
def test_article_7_conditions_missing_management_facts_are_reported_not_passed(run, code, field):
    findings = run("account: {}", code, "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert findings[0].evidence["missing"] == [f"account.management.{field}"]


def test_article_7_2_dedicated_staff_flag_without_any_operator_fails(run):
    text = """
    account:
      management: {dedicated_staff: true}
      staff: {operators: []}
    """
    assert len(violations(run(text, "SM-DEDICATED-STAFF", "2025-07-01"))) == 1


def test_article_7_5_opening_without_approval_date_is_missing_data(run):
    findings = run("account: {opened_on: 2025-03-01}", "SM-OPEN-APPROVED-BY-HEAD", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["missing"] == ["approved_on"]


def test_article_7_5_approval_on_the_opening_day_passes(run):
    assert run("account: {approved_on: 2025-03-01, opened_on: 2025-03-01}", "SM-OPEN-APPROVED-BY-HEAD",
               "2025-07-01") == []


# ── 第八条 一个单位在同一平台只开一个账号 ───────────────────────────────────────
def test_article_8_closed_duplicate_does_not_count_planned_neither(run):
    others = ["account: {host_unit: 神木市公安局, platform: douyin, status: closed, closed_on: 2024-12-01}",
              "account: {host_unit: 神木市公安局, platform: douyin, status: planned}"]
    assert run("account: {host_unit: 神木市公安局, platform: douyin}", "SM-ONE-PER-PLATFORM", "2025-07-01",
               others=others) == []


def test_article_8_duplicate_is_reported_naming_the_other_account(run):
    others = ["account: {name: 平安神木, host_unit: 神木市公安局, platform: douyin}"]
    findings = run("account: {host_unit: 神木市公安局, platform: douyin}", "SM-ONE-PER-PLATFORM", "2025-07-01",
                   others=others)
    assert len(findings) == 1 and "平安神木" in findings[0].message
    assert findings[0].source["article"] == "第八条"


# ── 第九条 个人名义、专项活动 ──────────────────────────────────────────────────
def test_article_9_personal_account_fails_and_department_passes(run):
    assert len(run("account: {host_unit_kind: individual}", "SM-NO-PERSONAL-ACCOUNT", "2025-07-01")) == 1
    assert run("account: {host_unit_kind: department}", "SM-NO-PERSONAL-ACCOUNT", "2025-07-01") == []


def test_article_9_special_event_account_is_an_error_not_a_warning(run):
    findings = run("account: {purpose: special_event}", "SM-NO-SPECIAL-EVENT-ACCOUNT", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "error"


# ── 第十条 名称与职责相关联、认证信息标明主办单位、各平台名称一致 ─────────────────
@pytest.mark.parametrize("name,unit", [("神木公安", "神木市公安局"), ("神木文旅", "神木市文化和旅游局"),
                                       ("神木发布", "神木市人民政府办公室"), ("神木市场监管", "神木市市场监督管理局")])
def test_article_10_names_tied_to_the_unit_pass(run, name, unit):
    assert run(f"account: {{name: {name}, host_unit: {unit}}}", "SM-NAME-TIED-TO-DUTIES", "2025-07-01") == []


def test_article_10_the_place_name_alone_does_not_tie_a_name_to_the_unit(run):
    findings = run("account: {name: 神木吃喝玩乐, host_unit: 神木市文化和旅游局}", "SM-NAME-TIED-TO-DUTIES", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "info"


def test_article_10_verification_rule_overrides_the_national_one(packset, run):
    pack = packset.packs["shenmu"]
    assert "NAT-VERIFICATION-NAMES-HOST" not in pack.rules
    findings = run("account: {verification_names_host: false}", "SM-VERIFICATION-NAMES-HOST", "2025-07-01")
    assert len(findings) == 1 and findings[0].source["article"] == "第十条"
    assert findings[0].source["document"] == "神木市政务新媒体管理办法"


def test_article_10_names_differ_across_platforms_is_a_warning_as_a_principle(run):
    others = ["account: {name: 平安神木, host_unit: 神木市公安局, platform: douyin}"]
    findings = run("account: {name: 神木公安, host_unit: 神木市公安局, platform: wechat}", "SM-NAME-CONSISTENT",
                   "2025-07-01", others=others)
    assert len(findings) == 1 and findings[0].severity == "warning"


# ── 第十二条 每周更新不少于两次 ───────────────────────────────────────────────
def test_article_12_two_a_week_replaces_the_national_one_a_week(packset, run):
    assert "NAT-UPDATE-WEEKLY" not in packset.packs["shenmu"].rules
    text = """
    account: {opened_on: 2025-01-01}
    posts:
      - {date: 2025-06-03}
      - {date: 2025-06-05}
      - {date: 2025-06-10}
      - {date: 2025-06-11}
    """
    assert run(text, "SM-UPDATE-TWICE-WEEKLY", "2025-06-15", since="2025-06-02") == []
    one = run(text.replace("  - {date: 2025-06-11}\n", ""), "SM-UPDATE-TWICE-WEEKLY", "2025-06-15", since="2025-06-02")
    assert [f.evidence["week"] for f in one] == ["2025-W24"]


def test_article_12_week_in_an_approved_offline_period_is_not_counted(run):
    text = """
    account: {opened_on: 2025-01-01}
    offline_periods:
      - {kind: temporary, start: 2025-06-09, end: 2025-06-15, approved_on: 2025-06-01}
    posts:
      - {date: 2025-06-03}
      - {date: 2025-06-05}
    """
    assert run(text, "SM-UPDATE-TWICE-WEEKLY", "2025-06-15", since="2025-06-02") == []


# ── 第十三条 转载、商业性信息、个人观点 ───────────────────────────────────────
def test_article_13_2_original_posts_are_not_judged_as_reposts(run):
    text = "posts:\n  - {date: 2025-06-05, original: true}"
    assert run(text, "SM-REPOST-CREDITS-SOURCE", "2025-07-01") == []
    assert run(text, "SM-REPOST-APPROVED-SOURCES", "2025-07-01") == []


def test_article_13_2_repost_without_credit_fact_is_missing_data(run):
    findings = run("posts:\n  - {date: 2025-06-05, original: false}", "SM-REPOST-CREDITS-SOURCE", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["missing"] == ["posts[].source_credited"]


def test_article_13_2_repost_from_unapproved_source_fails(run):
    text = "posts:\n  - {date: 2025-06-05, original: false, source: 某自媒体, source_credited: true, source_approved: false}"
    assert len(violations(run(text, "SM-REPOST-APPROVED-SOURCES", "2025-07-01"))) == 1


def test_article_13_3_commercial_post_fails_unmarked_post_is_not_reported(run):
    assert len(run("posts:\n  - {date: 2025-06-05, commercial_ad: true}", "SM-NO-COMMERCIAL-CONTENT", "2025-07-01")) == 1
    assert run("posts:\n  - {date: 2025-06-05}", "SM-NO-COMMERCIAL-CONTENT", "2025-07-01") == []


def test_article_13_3_unlawful_content_incident_fails(run):
    text = "incidents:\n  - {kind: prohibited_content, date: 2025-04-01}"
    findings = run(text, "SM-NO-UNLAWFUL-CONTENT", "2025-07-01")
    assert len(findings) == 1 and findings[0].source["article"] == "第十三条（三）"


def test_article_13_4_personal_opinion_fails(run):
    assert len(run("posts:\n  - {date: 2025-06-05, personal_opinion: true}", "SM-NO-PERSONAL-OPINION", "2025-07-01")) == 1
    assert run("posts:\n  - {date: 2025-06-05}", "SM-NO-PERSONAL-OPINION", "2025-07-01") == []


# ── 第十五条 政民互动 ─────────────────────────────────────────────────────────
def test_article_15_cold_reply_fails_with_the_message_named(run):
    text = "messages:\n  - {received_at: 2025-06-03 20:15, summary: 咨询供暖缴费, inappropriate_reply: true}"
    findings = run(text, "SM-REPLY-PROPERLY", "2025-07-01")
    assert len(findings) == 1 and "咨询供暖缴费" in findings[0].message and "生硬冷漠" in findings[0].message


def test_article_15_no_interaction_channel_fails(run):
    assert len(run("account: {interaction_enabled: false}", "SM-INTERACTION-CHANNEL", "2025-07-01")) == 1


def test_article_15_comment_moderation_incident_before_the_period_does_not_count(run):
    text = "incidents:\n  - {kind: comment_moderation_failure, date: 2024-05-20}"
    assert run(text, "SM-COMMENT-MODERATION", "2025-07-01") == []


# ── 第十七条 先审后发 ─────────────────────────────────────────────────────────
def test_article_17_post_with_empty_reviewers_fails_unrecorded_is_missing_data(run):
    assert len(violations(run("posts:\n  - {date: 2025-06-02, reviewers: []}", "SM-REVIEW-BEFORE-PUBLISHING",
                              "2025-07-01"))) == 1
    findings = run("posts:\n  - {date: 2025-06-02}\n  - {date: 2025-06-03}", "SM-REVIEW-BEFORE-PUBLISHING", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["count"] == 2


# ── 第十九条 购买粉丝、强制点赞转发、关注作为办事前置条件 ────────────────────────
@pytest.mark.parametrize("kind", ["fake_followers", "forced_engagement"])
def test_article_19_bought_followers_and_forced_engagement_fail(run, kind):
    findings = run(f"incidents:\n  - {{kind: {kind}, date: 2025-04-10}}", "SM-NO-FAKE-FOLLOWERS", "2025-07-01")
    assert len(findings) == 1 and findings[0].source["article"] == "第十九条"


# ── 第二十条 泄密、过度收集个人信息 ────────────────────────────────────────────
@pytest.mark.parametrize("code,kind", [("SM-NO-SECRET-LEAK", "secret_leak"),
                                       ("SM-NO-EXCESSIVE-PERSONAL-DATA", "excessive_personal_data")])
def test_article_20_security_incidents_fail(run, code, kind):
    assert len(run(f"incidents:\n  - {{kind: {kind}, date: 2025-03-03}}", code, "2025-07-01")) == 1


# ── the pack as a whole ──────────────────────────────────────────────────────
def test_pack_extends_national_overrides_same_checks_and_inherits_the_rest(packset):
    pack = packset.packs["shenmu"]
    assert pack.meta.extends == "national"
    overridden = {"NAT-ONE-PER-PLATFORM", "NAT-VERIFICATION-NAMES-HOST", "NAT-UPDATE-WEEKLY", "NAT-NO-COMMERCIAL-ADS",
                  "NAT-PROHIBITED-CONTENT", "NAT-INTERACTION-PROVIDED", "NAT-COMMENT-MODERATION",
                  "NAT-INAPPROPRIATE-REPLY", "NAT-NO-FAKE-FOLLOWERS", "NAT-SECRET-LEAK", "NAT-EXCESSIVE-PERSONAL-DATA"}
    assert not overridden & set(pack.rules)
    assert {"NAT-NO-UPDATE-2-WEEKS", "NAT-SERIOUS-WORDING-ERROR", "NAT-APP-UNUSABLE"} <= set(pack.inherited)
    for code in pack.own:
        rule = pack.rules[code]
        assert code.startswith("SM-") and rule.source.document == "神木市政务新媒体管理办法"
        assert rule.source.ref == "神政办发〔2022〕10号"


def test_every_quote_is_text_of_the_document(packset):
    seed = Path(__file__).parents[1] / "data" / "seeds" / "001_8d52b295fa7d3ad7.txt"
    if not seed.exists():
        pytest.skip("source document not available")
    text = _normalized(seed.read_text(encoding="utf-8"))
    for code in packset.packs["shenmu"].own:
        quote = packset.packs["shenmu"].rules[code].source.quote
        assert _normalized(quote).rstrip("。；") in text, code


def _normalized(text: str) -> str:
    """The published text was extracted with ASCII punctuation in places; quotes use the Chinese forms."""
    text = re.sub(r"\s+", "", text)
    return text.translate(str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}))


# ── the sample register accounts/shenmu ──────────────────────────────────────
EXPECTED = {
    "神木发布-微信.yaml": set(),
    "神木发布-微博.yaml": set(),
    "神木公安-抖音.yaml": {"SM-CHANGE-FILED-5-WORKDAYS"},
    "神木教育.yaml": {"SM-ONE-PER-PLATFORM", "SM-UPDATE-TWICE-WEEKLY",
                    "SM-REPOST-CREDITS-SOURCE", "SM-REPOST-APPROVED-SOURCES"},
    "神木教育发布.yaml": {"SM-ONE-PER-PLATFORM", "SM-OPEN-APPROVED-BY-HEAD",
                      "SM-OPEN-FILED-5-WORKDAYS"},
    "神木创文进行时.yaml": {"SM-NAME-TIED-TO-DUTIES", "SM-NO-SPECIAL-EVENT-ACCOUNT", "SM-UPDATE-TWICE-WEEKLY",
                       "NAT-NO-UPDATE-2-WEEKS"},
    "麟州小木说.yaml": {"SM-NAME-TIED-TO-DUTIES", "SM-VERIFICATION-NAMES-HOST", "SM-NO-COMMERCIAL-CONTENT"},
    "神木市场监管.yaml": {"SM-FUNDING", "SM-RULES-IN-PLACE", "SM-REPLY-PROPERLY", "SM-NO-FAKE-FOLLOWERS",
                      "SM-NO-PERSONAL-OPINION"},
    "神木卫健-微博.yaml": {"SM-CLOSE-FILED-5-WORKDAYS"},
    "神木政务服务-APP.yaml": {"NAT-APP-UNUSABLE"},
}


def test_sample_register_shows_each_account_its_intended_findings_only(register_findings):
    assert register_findings(ROOT / "accounts" / "shenmu", "2026-11-26") == EXPECTED


# ── 第五条 委托承办单位的，主办单位加强日常监督 ──────────────────────────────────
def test_article_5_outsourced_post_without_a_host_reviewer_fails_own_accounts_not_judged(run):
    text = """
    account:
      outsourcing: {vendor: 某传媒公司}
      staff: {reviewers: [康宁]}
    posts:
      - {date: 2025-06-02, title: 甲, reviewers: [代运营-主管]}
      - {date: 2025-06-03, title: 乙, reviewers: [康宁]}
    """
    findings = run(text, "SM-OUTSOURCED-SUPERVISED", "2025-07-01")
    assert len(findings) == 1 and "《甲》" in findings[0].message
    assert run("posts:\n  - {date: 2025-06-02, reviewers: [代运营-主管]}", "SM-OUTSOURCED-SUPERVISED", "2025-07-01") == []


# 第二十二条 本办法自印发之日起施行 — 印发 2022年1月21日 (落款 “2022121”), not the web posting of 2022-02-22
def test_article_22_in_force_from_the_day_of_issue_2022_01_21(run, packset):
    assert packset.packs["shenmu"].meta.in_force_from == date(2022, 1, 21)
    text = "filings:\n  - {type: change, event_on: 2022-01-24, filed_on: 2022-02-21}\n"
    findings = run(text, "SM-CHANGE-FILED-5-WORKDAYS", "2022-06-30", since="2022-01-01")
    assert len(findings) == 1 and findings[0].evidence["event_on"] == "2022-01-24"


# 第十八条 发现重大舆情及时上报 — a recorded negative-opinion incident needs its report date (no deadline: 及时)
def test_article_18_major_public_opinion_reported(run):
    incident = "incidents:\n  - {kind: negative_opinion_incident, date: 2025-06-01, description: 不当配文引发批评"
    assert run(incident + "}", "SM-MAJOR-OPINION-REPORTED", "2025-07-01")
    assert not run(incident + ", reported_on: 2025-06-01}", "SM-MAJOR-OPINION-REPORTED", "2025-07-01")


# 第二十条 落实安全管理责任，提高安全防护能力 — a hijacked account is the record that the protection failed
def test_article_20_account_security_no_hijacked_account(run):
    found = run("incidents:\n  - {kind: account_hijacked, date: 2025-04-02}", "SM-ACCOUNT-SECURITY", "2025-07-01")
    assert len(found) == 1 and found[0].source["article"] == "第二十条" and found[0].severity == "error"
    assert not run("incidents: []", "SM-ACCOUNT-SECURITY", "2025-07-01")
