"""全国基线（国办秘函〔2019〕19号 检查指标，as 南通 附件2 reproduces it): one test per index item."""

import pytest

from govmedia_lint.engine.packs import PackSet


def test_pack_meta_document_and_dates(packset):
    meta = packset.packs["national"].meta
    assert (meta.ref, meta.issued.isoformat(), meta.extends) == ("国办秘函〔2019〕19号", "2019-04-18", None)
    assert all(code.startswith("NAT-") for code in packset.packs["national"].rules)


@pytest.mark.parametrize("code,kind", [
    ("NAT-SERIOUS-WORDING-ERROR", "serious_wording_error"),
    ("NAT-SECRET-LEAK", "secret_leak"),
    ("NAT-PROHIBITED-CONTENT", "prohibited_content"),
    ("NAT-NEGATIVE-OPINION-INCIDENT", "negative_opinion_incident"),
    ("NAT-NO-FAKE-FOLLOWERS", "fake_followers"),
    ("NAT-NO-FAKE-FOLLOWERS", "forced_engagement"),
    ("NAT-INAPPROPRIATE-CONTENT", "inappropriate_content"),
    ("NAT-EXCESSIVE-PERSONAL-DATA", "excessive_personal_data"),
])
def test_veto_and_deduction_incidents_in_the_review_period(run, code, kind):
    text = f"""
    incidents:
      - {{kind: {kind}, date: 2025-05-12, description: 检查发现}}
      - {{kind: {kind}, date: 2024-05-12, description: 审查期之前}}
    """
    found = run(text, code, "2025-07-01", pack="national")
    assert len(found) == 1 and found[0].evidence["date"] == "2025-05-12"
    assert run("incidents: []", code, "2025-07-01", pack="national") == []


def test_veto_serious_problems_other_kinds_do_not_trigger(run):
    text = "incidents:\n  - {kind: inappropriate_content, date: 2025-05-12}"
    assert run(text, "NAT-SERIOUS-WORDING-ERROR", "2025-07-01", pack="national") == []


def test_veto_no_update_in_two_weeks_before_check_date_boundary(run):
    text = "account: {{opened_on: 2024-01-01}}\nposts:\n  - {{date: 2025-01-01}}\n  - {{date: {last}}}"
    # 14 days before the check date is still "within two weeks"; 15 days is not.
    assert run(text.format(last="2025-06-17"), "NAT-NO-UPDATE-2-WEEKS", "2025-07-01", pack="national") == []
    found = run(text.format(last="2025-06-16"), "NAT-NO-UPDATE-2-WEEKS", "2025-07-01", pack="national")
    assert [f.evidence["days"] for f in found] == [15]


def test_veto_no_update_judges_only_the_trailing_gap(run):
    # a 5-month gap earlier in the year is a weekly-update matter, not the 2-week veto
    text = "account: {opened_on: 2024-01-01}\nposts:\n  - {date: 2025-01-02}\n  - {date: 2025-06-25}"
    assert run(text, "NAT-NO-UPDATE-2-WEEKS", "2025-07-01", pack="national") == []


def test_veto_app_unusable_applies_to_apps_only(run):
    incident = "incidents:\n  - {kind: broken_function, date: 2025-06-20}\n"
    assert len(run("account: {platform: app}\n" + incident, "NAT-APP-UNUSABLE", "2025-07-01", pack="national")) == 1
    assert run("account: {platform: wechat}\n" + incident, "NAT-APP-UNUSABLE", "2025-07-01", pack="national") == []
    # ... and the deduction item for broken functions does not count the app again
    assert run("account: {platform: app}\n" + incident, "NAT-BROKEN-FUNCTION", "2025-07-01", pack="national") == []
    assert len(run("account: {platform: weibo}\n" + incident, "NAT-BROKEN-FUNCTION", "2025-07-01",
                   pack="national")) == 1


def test_veto_no_interaction_function_and_missing_fact_is_missing_data(run):
    assert len(run("account: {interaction_enabled: false}", "NAT-INTERACTION-PROVIDED", "2025-07-01",
                   pack="national")) == 1
    missing = run("account: {}", "NAT-INTERACTION-PROVIDED", "2025-07-01", pack="national")
    assert len(missing) == 1 and "missing" in missing[0].evidence and missing[0].severity == "warning"


def test_deduction_internal_office_and_verification(run):
    assert run("account: {host_unit_kind: internal_office}", "NAT-NO-INTERNAL-OFFICE-ACCOUNT", "2025-07-01",
               pack="national")
    assert not run("account: {host_unit_kind: individual}", "NAT-NO-INTERNAL-OFFICE-ACCOUNT", "2025-07-01",
                   pack="national")
    assert run("account: {verification_names_host: false}", "NAT-VERIFICATION-NAMES-HOST", "2025-07-01",
               pack="national")


WEEKS = """
account: {{opened_on: 2025-01-01, platform: wechat, platform_kind: {kind}}}
posts:
  - {{date: 2025-06-03}}
  - {{date: 2025-06-04}}
  - {{date: 2025-06-20}}
"""


def test_deduction_weekly_update_each_short_week_is_one_occurrence(run):
    found = run(WEEKS.format(kind="订阅号"), "NAT-UPDATE-WEEKLY", "2025-06-29", since="2025-06-02", pack="national")
    assert [f.evidence["week"] for f in found] == ["2025-W24", "2025-W26"]


def test_deduction_weekly_update_service_account_counts_the_weekly_average(run):
    # 3 posts in 4 complete weeks: average 0.75 < 1 → one occurrence; 4 posts → average 1, passes
    found = run(WEEKS.format(kind="服务号") + "  - {date: 2025-06-11}\n", "NAT-UPDATE-WEEKLY", "2025-06-29",
                since="2025-06-02", pack="national")
    assert found == []
    found = run(WEEKS.format(kind="服务号"), "NAT-UPDATE-WEEKLY", "2025-06-29", since="2025-06-02", pack="national")
    assert len(found) == 1 and found[0].evidence["weeks"] == 4 and found[0].evidence["count"] == 3


def test_deduction_commercial_ads_and_inappropriate_replies(run):
    assert run("posts:\n  - {date: 2025-06-05, commercial_ad: true}", "NAT-NO-COMMERCIAL-ADS", "2025-07-01",
               pack="national")
    found = run("messages:\n  - {received_at: 2025-06-03 20:15, summary: 投诉噪音, inappropriate_reply: true}\n"
                "  - {received_at: 2025-06-04 20:15, summary: 咨询}", "NAT-INAPPROPRIATE-REPLY", "2025-07-01",
                pack="national")
    assert len(found) == 1 and "投诉噪音" in found[0].message


def test_deduction_comment_moderation_keeps_the_recorded_count(run):
    found = run("incidents:\n  - {kind: comment_moderation_failure, date: 2025-06-01, count: 3}",
                "NAT-COMMENT-MODERATION", "2025-07-01", pack="national")
    assert found[0].evidence["count"] == 3 and "共 3 起" in found[0].message


def test_annual_index_one_account_per_unit_per_platform(run):
    text = "account: {name: 甲, host_unit: 某局, platform: wechat}"
    assert run(text, "NAT-ONE-PER-PLATFORM", "2025-07-01", pack="national",
               others=["account: {name: 乙, host_unit: 某局, platform: wechat}"])
    closed = "account: {name: 乙, host_unit: 某局, platform: wechat, status: closed, closed_on: 2025-01-01}"
    assert not run(text, "NAT-ONE-PER-PLATFORM", "2025-07-01", pack="national", others=[closed])


def test_jiaxian_extends_national_keeping_its_codes(packset):
    jiaxian = packset.packs["jiaxian"]
    assert jiaxian.meta.extends == "national"
    assert "NAT-SERIOUS-WORDING-ERROR" in jiaxian.inherited and "NAT-UPDATE-WEEKLY" not in jiaxian.rules
    assert jiaxian.overrides["NAT-UPDATE-WEEKLY"] == "JX-UPDATE-WEEKLY"
    weekly = jiaxian.rules["JX-UPDATE-WEEKLY"]
    assert (weekly.kind, weekly.params.min, weekly.params.average_for) == ("weekly_update", 2, [])
    assert weekly.source.ref == "佳政办发〔2024〕27号" and weekly.source.article == "第十条（二）4"
    internal = jiaxian.rules["JX-NO-INTERNAL-OR-PERSONAL-SUBJECT"]
    assert internal.params.forbid == {"host_unit_kind": {"in": ["internal_office", "individual"]}}


def test_jiaxian_idle_override_judges_every_gap_not_only_the_trailing_one(run):
    text = "account: {opened_on: 2024-01-01}\nposts:\n  - {date: 2025-05-01}\n  - {date: 2025-06-25}"
    assert run(text, "JX-IDLE-OVER-14-DAYS", "2025-07-01")
    assert not run(text, "NAT-NO-UPDATE-2-WEEKS", "2025-07-01", pack="national")


def test_a_local_pack_never_copies_an_inheritable_rule():
    packset = PackSet.load()
    national = packset.packs["national"]
    for pack in packset.packs.values():
        if pack.meta.extends != "national":
            continue
        for code in pack.own:
            rule = pack.rules[code]
            if code in pack.overrides.values():
                continue
            twins = [n for n in national.rules.values() if n.kind == rule.kind and n.params == rule.params
                     and n.applies_to == rule.applies_to]
            assert not twins, f"{pack.id} {code} copies {twins[0].code}; use extends: {twins[0].code}"


# 否决·内容不更新1 监测时间点前2周内无更新 — a post the file holds is never missing because of the period
def test_no_update_veto_counts_posts_after_the_end_of_the_review_period(run):
    text = """
    account: {opened_on: 2024-01-01}
    posts:
      - {date: 2025-05-20}
      - {date: 2025-06-30}
    """
    assert run(text, "NAT-NO-UPDATE-2-WEEKS", "2025-07-01", since="2025-01-01", until="2025-05-31") == []


def test_no_update_veto_still_fires_when_nothing_was_posted_up_to_the_check_date(run):
    text = "account: {opened_on: 2024-01-01}\nposts:\n  - {date: 2025-05-20}\n"
    findings = run(text, "NAT-NO-UPDATE-2-WEEKS", "2025-07-01", since="2025-01-01", until="2025-05-31")
    assert findings and findings[0].evidence["to"] == "2025-07-01"


# 否决·内容不更新 judges publishing accounts: an app or a mini-program has no column to update
def test_update_rules_do_not_apply_to_apps_and_mini_programs(run):
    for platform in ("app", "miniprogram"):
        text = f"account: {{platform: {platform}, opened_on: 2024-01-01}}\nposts: []\n"
        assert run(text, "NAT-NO-UPDATE-2-WEEKS", "2025-07-01") == []
        assert run(text, "NAT-UPDATE-WEEKLY", "2025-07-01") == []


# a WeChat mini-program may be written platform: wechat, platform_kind: 小程序 — one account, one verdict
def test_wechat_platform_kind_mini_program_is_a_mini_program(run):
    text = "account: {platform: wechat, platform_kind: 小程序, opened_on: 2024-01-01}\nposts: []\n"
    assert run(text, "NAT-NO-UPDATE-2-WEEKS", "2025-07-01") == []


# 扣分·功能无法使用 提供的功能无法正常使用且未对外公告的 — an announced fault is not deducted
def test_broken_function_announced_is_not_counted_unannounced_is(run):
    base = "incidents:\n  - {{kind: broken_function, date: 2025-06-20{extra}}}\n"
    assert run(base.format(extra=", announced: true"), "NAT-BROKEN-FUNCTION", "2025-07-01", pack="national") == []
    assert run(base.format(extra=", announced: false"), "NAT-BROKEN-FUNCTION", "2025-07-01", pack="national")
    unknown = run(base.format(extra=""), "NAT-BROKEN-FUNCTION", "2025-07-01", pack="national")
    assert unknown[0].evidence["missing"] == ["incidents[].announced"]
