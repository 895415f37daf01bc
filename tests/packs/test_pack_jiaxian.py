"""佳县政务新媒体管理办法 (佳政办发〔2024〕27号), clause by clause.

The documented pass/fail examples of every rule run in test_rule_examples.py;
these tests pin the edges of the clauses: deadlines across holidays, what is
still pending, what does not count, and missing data.
"""

from datetime import date

from govmedia_lint.engine.evaluate import RunOptions, evaluate_register
from govmedia_lint.loading import load_account_text
from govmedia_lint.workdays import WorkCalendar


def messages(findings):
    return [f.message for f in findings]


# 第七条（一）一个单位原则上在同一新媒体平台只开设一个政务新媒体账号
def test_article_7_1_a_closed_duplicate_does_not_count(run):
    others = ["account: {host_unit: 佳县教育和体育局, platform: wechat, status: closed, closed_on: 2024-12-01}"]
    assert run("account: {host_unit: 佳县教育和体育局}", "JX-ONE-PER-PLATFORM", "2025-07-01", others=others) == []


def test_article_7_1_duplicates_are_reported_on_each_account_with_the_other_named(run):
    others = ["account: {name: 佳县教体, host_unit: 佳县教育和体育局, platform: wechat}"]
    findings = run("account: {host_unit: 佳县教育和体育局}", "JX-ONE-PER-PLATFORM", "2025-07-01", others=others)
    assert len(findings) == 1 and "佳县教体" in findings[0].message and findings[0].line == 1


# 第七条（一）在公开认证信息中标明主办单位名称 — a missing fact is reported, not passed
def test_article_7_1_missing_verification_fact_is_reported_as_missing_data(run):
    findings = run("account: {}", "JX-VERIFICATION-NAMES-HOST", "2025-07-01")
    assert len(findings) == 1
    assert findings[0].severity == "warning" and findings[0].evidence["missing"] == ["account.verification_names_host"]


# 第七条（五）半年内必须上线正式运行 — not yet six months is pending, not a failure
def test_article_7_5_go_live_not_yet_due_is_pending(run):
    assert run("account: {status: approved, approved_on: 2025-03-01}", "JX-GO-LIVE-WITHIN-6-MONTHS", "2025-07-01") == []


def test_article_7_5_go_live_overdue_and_not_opened_fails(run):
    findings = run("account: {status: approved, approved_on: 2024-10-01}", "JX-GO-LIVE-WITHIN-6-MONTHS", "2025-07-01")
    assert "仍未上线" in findings[0].message and findings[0].evidence["deadline"] == "2025-04-01"


# 第七条（五）开通公告保留时间不得少于 30 天 — a notice still up counts to the as-of date
def test_article_7_5_opening_notice_still_up_under_30_days_is_not_yet_a_failure(run):
    text = """
    account: {opened_on: 2025-06-20}
    notices:
      - {kind: opening, posted_on: 2025-06-20, placement: homepage_prominent, channel: portal}
      - {kind: opening, posted_on: 2025-06-20, placement: homepage_pinned, channel: account}
    """
    assert run(text, "JX-OPENING-NOTICE-30-DAYS", "2025-07-01") == []


def test_article_7_5_opening_notice_exactly_30_days_passes_29_fails(run):
    text = """
    account: {{opened_on: 2025-01-01}}
    notices:
      - {{kind: opening, posted_on: 2025-01-01, removed_on: {removed}, placement: homepage_prominent, channel: portal}}
      - {{kind: opening, posted_on: 2025-01-01, placement: homepage_pinned, channel: account}}
    """
    assert run(text.format(removed="2025-01-31"), "JX-OPENING-NOTICE-30-DAYS", "2025-07-01") == []
    findings = run(text.format(removed="2025-01-30"), "JX-OPENING-NOTICE-30-DAYS", "2025-07-01")
    assert findings[0].evidence["kept"] == 29 and findings[0].line == 4


def test_article_7_5_opening_without_any_notice_fails_on_the_opened_on_line(run):
    findings = run("account: {opened_on: 2025-01-01}", "JX-OPENING-NOTICE-30-DAYS", "2025-07-01")
    assert len(findings) == 2 and all("没有" in f.message and f.line == 1 for f in findings)


# 第七条（五）在县政府门户网站与政务新媒体上发布开通公告 — both channels, each judged on its own
def test_article_7_5_opening_notice_on_the_portal_only_fails_for_the_account_channel(run):
    text = """
    account: {opened_on: 2025-01-01}
    notices:
      - {kind: opening, posted_on: 2025-01-01, removed_on: 2025-02-15, placement: homepage_prominent, channel: portal}
    """
    findings = run(text, "JX-OPENING-NOTICE-30-DAYS", "2025-07-01")
    assert len(findings) == 1 and "政务新媒体账号" in findings[0].message
    assert findings[0].evidence["channel"] == "account"


def test_article_7_5_opening_notice_on_both_channels_by_the_opening_day_no_invented_grace(run):
    text = """
    account: {{opened_on: 2025-01-01}}
    notices:
      - {{kind: opening, posted_on: {portal}, removed_on: 2025-02-15, placement: homepage_prominent, channel: portal}}
      - {{kind: opening, posted_on: 2025-01-01, removed_on: 2025-02-05, placement: homepage_pinned, channel: account}}
    """
    assert run(text.format(portal="2024-12-30"), "JX-OPENING-NOTICE-30-DAYS", "2025-07-01") == []
    findings = run(text.format(portal="2025-01-03"), "JX-OPENING-NOTICE-30-DAYS", "2025-07-01")
    assert len(findings) == 1 and "迟至 2025-01-03" in findings[0].message


# 第七条（五）在县政府门户网站与政务新媒体上发布开通公告，首页显著位置悬挂 — a notice whose channel or
# placement is not recorded is missing data, never "没有在门户网站上发布开通公告"
def test_article_7_5_opening_notice_without_channel_or_placement_is_missing_data(run):
    text = """
    account: {opened_on: 2025-01-01}
    notices:
      - {kind: opening, posted_on: 2025-01-01, removed_on: 2025-02-15}
    """
    findings = run(text, "JX-OPENING-NOTICE-30-DAYS", "2025-07-01")
    assert [f.evidence.get("missing") for f in findings] == [["notices[].channel"]]
    assert "缺少规则所需数据" in findings[0].message and findings[0].line == 4
    on_portal = text.replace("removed_on: 2025-02-15}", "removed_on: 2025-02-15, channel: portal}")
    findings = run(on_portal, "JX-OPENING-NOTICE-30-DAYS", "2025-07-01")
    unknown, absent = [f for f in findings if "missing" in f.evidence], [f for f in findings if "missing" not in f.evidence]
    assert unknown[0].evidence["missing"] == ["notices[].placement"]
    assert len(absent) == 1 and "政务新媒体账号" in absent[0].message  # the account's own notice is still absent


# 第八条（一）临时下线公告信息在网站首页公告栏置顶悬挂 / 第八条（四）在首页显著位置悬挂关停迁移公告
def test_article_8_1_and_8_4_notice_placement_not_recorded_is_missing_data(run):
    offline = """
    offline_periods:
      - {kind: temporary, start: 2025-03-01, end: 2025-03-05, approved_on: 2025-02-20, approved_by: 省政府办公厅}
    notices:
      - {kind: offline, posted_on: 2025-03-01}
    """
    assert [f.evidence.get("missing") for f in run(offline, "JX-TEMP-OFFLINE-NOTICE", "2025-07-01")] == [
        ["notices[].placement"]]
    closure = """
    account: {status: closed, closed_on: 2025-03-01}
    notices:
      - {kind: closure, posted_on: 2025-03-01, removed_on: 2025-04-15}
    """
    assert [f.evidence.get("missing") for f in run(closure, "JX-CLOSURE-NOTICE-30-DAYS", "2025-07-01")] == [
        ["notices[].placement"]]


# 第八条（一）临时下线每年不得超过1次；（二）紧急关停不计入当年临时下线次数
def test_article_8_2_emergency_shutdown_does_not_count_as_temporary_offline(run):
    text = """
    offline_periods:
      - {kind: emergency, start: 2025-02-01, end: 2025-02-02, reported_on: 2025-02-01}
      - {kind: emergency, start: 2025-04-01, end: 2025-04-02, reported_on: 2025-04-01}
      - {kind: temporary, start: 2025-05-01, end: 2025-05-10, approved_on: 2025-04-20}
    """
    assert run(text, "JX-TEMP-OFFLINE-ONCE-A-YEAR", "2025-12-31") == []


def test_article_8_1_offline_still_ongoing_counts_to_the_as_of_date(run):
    text = "offline_periods:\n  - {kind: temporary, start: 2025-05-01, approved_on: 2025-04-20}\n"
    findings = run(text, "JX-TEMP-OFFLINE-MAX-30-DAYS", "2025-06-15")
    assert findings[0].evidence["days"] == 46 and "至今未结束" in findings[0].message


# 第八条（一）下线时间不得超过 30 天 — `end` is the last offline day, as for the idle rules
def test_article_8_1_offline_period_end_is_the_last_offline_day_30_days_pass_31_fail(run):
    text = "offline_periods:\n  - {{kind: temporary, start: 2025-06-01, end: {end}, approved_on: 2025-05-20}}\n"
    assert run(text.format(end="2025-06-30"), "JX-TEMP-OFFLINE-MAX-30-DAYS", "2025-12-31") == []
    findings = run(text.format(end="2025-07-01"), "JX-TEMP-OFFLINE-MAX-30-DAYS", "2025-12-31")
    assert findings[0].evidence["days"] == 31


# 第八条（一）下线时间不得超过 30 天 — the format doc says how the days are counted in the words the check uses
def test_article_8_1_offline_days_are_counted_as_the_format_doc_says(run, packset):
    from govmedia_lint.checks.periods import duration_text
    from govmedia_lint.fielddoc import format_markdown

    how = duration_text(packset.packs["jiaxian"].rules["JX-TEMP-OFFLINE-MAX-30-DAYS"].params)
    assert how.startswith("end − start + 1")
    assert f"按 {how}计天数（JX-TEMP-OFFLINE-MAX-30-DAYS）" in format_markdown(packset)
    text = "offline_periods:\n  - {kind: temporary, start: 2025-06-01, end: 2025-07-01, approved_on: 2025-05-20}\n"
    assert f"共 31 天（按 {how} 计）" in run(text, "JX-TEMP-OFFLINE-MAX-30-DAYS", "2025-12-31")[0].message


def test_article_10_2_3_idle_gap_and_offline_duration_count_the_same_offline_days(run):
    # 06-01..06-30 is 30 offline days for the duration rule and excuses the same 30 days of an idle gap
    text = """
    account: {{opened_on: 2025-05-31}}
    offline_periods:
      - {{kind: temporary, start: 2025-06-01, end: 2025-06-30, approved_on: 2025-05-20}}
    posts:
      - {{date: 2025-05-31}}
      - {{date: {back}}}
      - {{date: 2025-07-20}}
    """
    assert run(text.format(back="2025-07-14"), "JX-TEMP-OFFLINE-MAX-30-DAYS", "2025-07-21") == []
    assert run(text.format(back="2025-07-14"), "JX-IDLE-OVER-14-DAYS", "2025-07-21") == []  # 44 − 30 = 14
    findings = run(text.format(back="2025-07-15"), "JX-IDLE-OVER-14-DAYS", "2025-07-21")
    assert findings[0].evidence["days"] == 15


# 第八条（五）2 个工作日内书面报备
def test_article_8_5_change_on_eve_of_national_day_is_due_on_october_9(run):
    text = "filings:\n  - {{type: change, event_on: 2024-09-30, filed_on: {filed}, written: true}}\n"
    assert run(text.format(filed="2024-10-09"), "JX-CHANGE-FILED-2-WORKDAYS", "2025-07-01") == []
    findings = run(text.format(filed="2024-10-10"), "JX-CHANGE-FILED-2-WORKDAYS", "2025-07-01")
    assert findings[0].evidence["deadline"] == "2024-10-09" and findings[0].evidence["late"] == 1
    assert findings[0].line == 2


def test_article_8_5_change_not_filed_and_overdue_fails_pending_does_not(run):
    text = "filings:\n  - {type: change, event_on: 2025-06-27, changed_fields: [leader]}\n"
    assert run(text, "JX-CHANGE-FILED-2-WORKDAYS", "2025-06-30") == []  # due 07-01
    findings = run(text, "JX-CHANGE-FILED-2-WORKDAYS", "2025-07-02")
    assert "仍未报备" in findings[0].message


def test_article_8_5_changes_before_the_document_took_effect_are_not_judged(run):
    text = "filings:\n  - {type: change, event_on: 2024-05-06, filed_on: 2024-05-20}\n"
    assert run(text, "JX-CHANGE-FILED-2-WORKDAYS", "2024-12-31", since="2024-01-01") == []


# 第十条（一）信息审核人员须与编辑发布人员分设
def test_article_10_1_editor_reviewing_own_post_fails_on_the_post_line(run):
    text = """
    account:
      staff: {editors: [刘小燕], reviewers: [张卫东]}
    posts:
      - {date: 2025-06-02, title: 通知, editor: 刘小燕, reviewers: [刘小燕]}
    """
    findings = run(text, "JX-EDITOR-REVIEWER-SEPARATE", "2025-07-01")
    assert len(findings) == 1 and findings[0].line == 5


# 第十条（一）原则上只转载党委和政府网站以及有关主管部门确定的稿源单位发布的信息
def test_article_10_1_reposts_lacking_the_source_fact_are_folded_into_one_missing_data_finding(run):
    text = "posts:\n" + "".join(f"  - {{date: 2025-06-0{d}, original: false}}\n" for d in range(2, 6))
    findings = run(text, "JX-REPOST-APPROVED-SOURCES", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["count"] == 4 and findings[0].line == 2


# 第十条（二）3 连续超过 14 天不更新判为不合格
def test_article_10_2_3_a_gap_of_exactly_14_days_passes_15_fails(run):
    text = "account: {{opened_on: 2025-06-01}}\nposts:\n  - {{date: 2025-06-01}}\n  - {{date: {second}}}\n"
    assert run(text.format(second="2025-06-15"), "JX-IDLE-OVER-14-DAYS", "2025-06-20") == []
    findings = run(text.format(second="2025-06-16"), "JX-IDLE-OVER-14-DAYS", "2025-06-20")
    assert findings[0].evidence["days"] == 15 and findings[0].line == 4


def test_article_10_2_3_approved_offline_days_are_not_idle(run):
    text = """
    account: {opened_on: 2025-06-01}
    offline_periods:
      - {kind: temporary, start: 2025-06-05, end: 2025-06-25, approved_on: 2025-06-01}
    posts:
      - {date: 2025-06-01}
      - {date: 2025-06-30}
    """
    assert run(text, "JX-IDLE-OVER-14-DAYS", "2025-07-01") == []


def test_article_10_2_3_trailing_silence_up_to_the_as_of_date_fails(run):
    text = "account: {opened_on: 2025-06-01}\nposts:\n  - {date: 2025-06-01}\n"
    findings = run(text, "JX-IDLE-OVER-14-DAYS", "2025-06-20")
    assert "检查日" in findings[0].message and findings[0].evidence["days"] == 19


# 第十条（二）4 每周更新不少于 2 次 — ISO weeks, only complete weeks while live
def test_article_10_2_4_weeks_before_opening_and_the_incomplete_current_week_are_not_counted(run):
    text = """
    account: {opened_on: 2025-06-04}
    posts:
      - {date: 2025-06-10}
      - {date: 2025-06-12}
      - {date: 2025-06-17}
    """
    # opened on a Wednesday: W23 is incomplete; W24 has 2 posts; W25 (06-16..06-22) is not over on 06-20
    assert run(text, "JX-UPDATE-WEEKLY", "2025-06-20") == []
    findings = run(text, "JX-UPDATE-WEEKLY", "2025-06-22")
    assert [f.evidence["week"] for f in findings] == ["2025-W25"]
    assert findings[0].message == "2025-W25 只更新 1 次，要求每周不少于 2 次"


# 第十条（四）答复时间不得超过 5 个工作日
def test_article_10_4_reply_deadline_skips_spring_festival(run):
    text = "messages:\n  - {{received_at: 2025-01-24 16:00, replied_at: {replied}}}\n"
    assert run(text.format(replied="2025-02-07 17:00"), "JX-MESSAGE-REPLY-5-WORKDAYS", "2025-07-01") == []
    findings = run(text.format(replied="2025-02-08 09:00"), "JX-MESSAGE-REPLY-5-WORKDAYS", "2025-07-01")
    assert findings[0].evidence["deadline"] == "2025-02-07" and findings[0].line == 2


# 第十九条 有效期 2 年: an expired pack warns on every account and checking continues
def test_article_19_expired_pack_warns_and_keeps_checking(packset):
    text = "account: {name: a, platform: wechat, jurisdiction: 佳县, host_unit: b, status: active, purpose: special_event}\n"
    options = RunOptions(date(2026, 11, 26), date(2025, 11, 27), date(2026, 11, 26), WorkCalendar())
    result = evaluate_register([load_account_text(text, "a.yaml")], packset, options)
    codes = {f.rule for f in result.findings}
    assert "GML-PACK-EXPIRED" in codes and "JX-NO-SPECIAL-EVENT-ACCOUNT" in codes
    expired = next(f for f in result.findings if f.rule == "GML-PACK-EXPIRED")
    assert expired.severity == "warning" and "2026-06-23" in expired.message


def test_article_19_pack_in_force_gives_no_expiry_warning(packset):
    text = "account: {name: a, platform: wechat, jurisdiction: jiaxian, host_unit: b, status: active}\n"
    options = RunOptions(date(2025, 7, 1), date(2024, 7, 2), date(2025, 7, 1), WorkCalendar())
    result = evaluate_register([load_account_text(text, "a.yaml")], packset, options)
    assert "GML-PACK-EXPIRED" not in {f.rule for f in result.findings}


# 第十条（二）3 连续超过 14 天不更新 — posts after --until still close the gap to the as-of date
def test_article_10_2_3_idle_gap_counts_posts_after_the_review_period_ends(run):
    text = "account: {opened_on: 2025-05-10}\nposts:\n" + "".join(
        f"  - {{date: 2025-{d}}}\n" for d in ("05-20", "06-02", "06-15", "06-28"))
    assert run(text, "JX-IDLE-OVER-14-DAYS", "2025-07-01", since="2025-01-01", until="2025-05-31") == []


# 第九条 主管领导 — a file that says nothing of its staff has not said there is no leader
def test_article_9_missing_staff_is_missing_data_not_a_violation(run):
    findings = run("account: {}", "JX-LEADER-ASSIGNED", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert findings[0].evidence["missing"] == ["account.staff"]
    assert run("account: {staff: {operators: [王芳]}}", "JX-LEADER-ASSIGNED", "2025-07-01")[0].evidence.get(
        "missing") is None


# 第七条（一）单位内设机构和个人，均不得作为政务新媒体的账号主体或认证主体 — the 认证主体 too
def test_article_7_1_individual_as_verified_subject_fails_even_under_a_department(run):
    text = "account: {host_unit_kind: department, verified_subject: 张三, verified_subject_kind: individual}"
    assert run(text, "JX-VERIFIED-SUBJECT-NOT-INTERNAL", "2025-07-01")
    same = "account: {host_unit: 佳县民政局, host_unit_kind: department, verified_subject: 佳县民政局}"
    assert run(same, "JX-VERIFIED-SUBJECT-NOT-INTERNAL", "2025-07-01") == []
    unknown = "account: {host_unit_kind: department, verified_subject: 某公司}"
    assert run(unknown, "JX-VERIFIED-SUBJECT-NOT-INTERNAL", "2025-07-01")[0].evidence["missing"]


# 第八条（四）逐级审核，经省政府办公厅同意后，方可启动注销关停工作
def test_article_8_4_closure_approved_by_the_county_not_the_province_fails(run):
    text = "filings:\n  - {{type: close, event_on: 2025-05-01, filed_on: 2025-04-01, approved_on: 2025-04-20, approved_by: {by}}}\n"
    assert run(text.format(by="佳县人民政府办公室"), "JX-CLOSURE-BY-PROVINCE", "2025-07-01")
    assert run(text.format(by="陕西省人民政府办公厅"), "JX-CLOSURE-BY-PROVINCE", "2025-07-01") == []


# 第八条（一）经省政府办公厅审批同意后，方可临时下线
def test_article_8_1_temporary_offline_approved_by_the_province(run):
    text = "offline_periods:\n  - {{kind: temporary, start: 2025-03-01, end: 2025-03-05, approved_on: 2025-02-20, approved_by: {by}}}\n"
    assert run(text.format(by="佳县政务信息化服务中心"), "JX-TEMP-OFFLINE-BY-PROVINCE", "2025-07-01")
    assert run(text.format(by="省政府办公厅"), "JX-TEMP-OFFLINE-BY-PROVINCE", "2025-07-01") == []


# 第七条（三）报省政府办公厅批准 / 第八条（一）经省政府办公厅审批同意 / 第八条（四）经省政府办公厅同意:
# one office, however a filing writes its name — the three rules accept the same names
def test_article_7_3_8_1_8_4_the_provincial_office_is_one_list_of_names(run, packset):
    rules = packset.packs["jiaxian"].rules
    names = [rules[c].params.require["approved_by"]["in"] for c in (
        "JX-OPENING-APPROVED-BY-PROVINCE", "JX-TEMP-OFFLINE-BY-PROVINCE", "JX-CLOSURE-BY-PROVINCE")]
    assert names[0] == names[1] == names[2] and "陕西省政府办公厅" in names[0]
    opening = "filings:\n  - {type: open, event_on: 2024-08-01, filed_on: 2024-08-02, approved_by: 陕西省政府办公厅}\n"
    assert run(opening, "JX-OPENING-APPROVED-BY-PROVINCE", "2025-07-01") == []


# 第七条（一）不得在国家有关主管单位未予核准的新媒体平台上开办政务新媒体
def test_article_7_1_unapproved_platform_fails(run):
    assert run("account: {platform: other, platform_approved: false}", "JX-PLATFORM-APPROVED", "2025-07-01")
