"""黔江区政府网站和政务新媒体管理办法 (2023-07-12), clause by clause.

The documented pass/fail examples of every rule run in test_rule_examples.py;
these tests pin the edges: how the 第七条 list matches names, units, platforms
and kinds, the 15-working-day closure deadline, the 10-day-inclusive gap, which
accounts each update rule applies to, deadlines across holidays, and missing data.
"""

import pytest

WECHAT_SUB = "platform: wechat, platform_kind: 订阅号"


def messages(findings):
    return [f.message for f in findings]


def violations(findings):
    return [f for f in findings if "missing" not in f.evidence]


# ── 第六条、第七条（一） 主账号和16个保留账号，其他账号15个工作日内关停注销 ──────────────
def test_article_7_1_lists_the_main_account_and_16_retained_accounts(packset):
    params = packset.packs["qianjiang"].rules["QJ-RETAINED-ACCOUNTS-ONLY"].params
    assert len(params.accounts) == 17
    assert params.accounts[0].name == "黔江区人民政府" and params.accounts[0].host_unit == "区政府办公室"


def test_article_7_1_every_listed_account_passes_as_written_in_the_document(run, packset):
    for entry in packset.packs["qianjiang"].rules["QJ-RETAINED-ACCOUNTS-ONLY"].params.accounts:
        kind = f", platform_kind: {entry.platform_kind}" if entry.platform_kind else ""
        text = f"account: {{name: {entry.name}, host_unit: {entry.host_unit}, platform: {entry.platform.value}{kind}}}"
        assert run(text, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == [], entry


@pytest.mark.parametrize("unit", ["区公安局", "黔江区公安局", "重庆市黔江区公安局", "重庆市公安局黔江区分局", " 黔江区 公安局 "])
def test_article_7_1_host_unit_written_in_its_usual_forms_matches(run, unit):
    text = f"account: {{name: 平安黔江, host_unit: '{unit}', platform: weibo}}"
    assert run(text, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []


def test_article_7_1_account_name_ignores_quotes_spaces_and_width(run):
    text = "account: {name: '“平安 黔江”', host_unit: 黔江区公安局, platform: toutiao}"
    assert run(text, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []


def test_article_7_1_main_account_only_on_wechat(run):
    main = "account: {name: 黔江区人民政府, host_unit: 黔江区人民政府办公室, platform: wechat}"
    assert run(main, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []
    weibo = "account: {name: 黔江区人民政府, host_unit: 黔江区人民政府办公室, platform: weibo}"
    findings = run(weibo, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01")
    assert len(findings) == 1 and "平台为 weibo，名单为 wechat" in findings[0].message


def test_article_7_1_listed_name_on_an_unlisted_platform_fails_naming_the_difference(run):
    findings = run("account: {name: 平安黔江, host_unit: 黔江区公安局, platform: douyin}", "QJ-RETAINED-ACCOUNTS-ONLY",
                   "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "error"
    assert "平台为 douyin" in findings[0].message and "2023-08-02 前关停注销" in findings[0].message
    assert len(findings[0].evidence["near_matches"]) == 4  # the four 平安黔江 entries all differ


def test_article_7_1_listed_name_under_another_host_unit_fails(run):
    findings = run(f"account: {{name: 黔江教育, host_unit: 黔江区财政局, {WECHAT_SUB}}}", "QJ-RETAINED-ACCOUNTS-ONLY",
                   "2025-07-01")
    assert len(findings) == 1 and "主办单位为“黔江区财政局”，名单为“区教委”" in findings[0].message


def test_article_7_1_platform_kind_must_agree_when_stated(run):
    service = "account: {name: 黔江政务通, host_unit: 黔江区行政服务中心, platform: wechat, platform_kind: 服务号}"
    assert run(service, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []
    unstated = "account: {name: 黔江政务通, host_unit: 黔江区行政服务中心, platform: wechat}"
    assert run(unstated, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []
    other = "account: {name: 黔江政务通, host_unit: 黔江区行政服务中心, platform: wechat, platform_kind: 订阅号}"
    findings = run(other, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01")
    assert len(findings) == 1 and "账号类型为 订阅号，名单为 服务号" in findings[0].message


def test_article_7_1_similar_but_different_name_fails(run):
    text = f"account: {{name: 黔江财政发布, host_unit: 黔江区财政局, {WECHAT_SUB}}}"
    findings = run(text, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["near_matches"] == []


UNLISTED = "account: {{name: 黔江区林业局, host_unit: 黔江区林业局, platform: wechat, status: {status}{extra}}}"


def test_article_7_1_deadline_is_15th_working_day_after_issue_and_closing_on_it_passes(run):
    closed = UNLISTED.format(status="closed", extra=", closed_on: 2023-08-02")
    assert run(closed, "QJ-RETAINED-ACCOUNTS-ONLY", "2024-06-30") == []


def test_article_7_1_closing_one_day_after_the_deadline_fails(run):
    closed = UNLISTED.format(status="closed", extra=", closed_on: 2023-08-03")
    findings = run(closed, "QJ-RETAINED-ACCOUNTS-ONLY", "2024-06-30")
    assert len(findings) == 1 and "迟至 2023-08-03 才关停" in findings[0].message
    assert findings[0].evidence["deadline"] == "2023-08-02"


def test_article_7_1_unlisted_account_is_pending_until_the_deadline_passes(run):
    active = UNLISTED.format(status="active", extra="")
    assert run(active, "QJ-RETAINED-ACCOUNTS-ONLY", "2023-08-02") == []
    findings = run(active, "QJ-RETAINED-ACCOUNTS-ONLY", "2023-08-03")
    assert len(findings) == 1 and "仍在运行" in findings[0].message


def test_article_7_1_temporarily_offline_unlisted_account_is_not_closed(run):
    findings = run(UNLISTED.format(status="offline", extra=""), "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01")
    assert len(findings) == 1 and "账号状态：临时下线" in findings[0].message


def test_article_7_1_closed_without_closing_date_is_missing_data(run):
    findings = run(UNLISTED.format(status="closed", extra=""), "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert findings[0].evidence["missing"] == ["account.closed_on"]


def test_article_7_1_accounts_approved_after_the_list_are_left_to_the_approval_rules(run):
    approved = UNLISTED.format(status="active", extra=", approved_on: 2024-03-01, opened_on: 2024-04-01")
    assert run(approved, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []
    old = UNLISTED.format(status="active", extra=", approved_on: 2020-03-01, opened_on: 2020-04-01")
    assert len(run(old, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01")) == 1
    # an old account does not become a new one by a later approval
    reapproved = UNLISTED.format(status="active", extra=", approved_on: 2024-03-01, opened_on: 2020-04-01")
    assert len(run(reapproved, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01")) == 1


def test_article_7_1_planned_account_is_not_judged(run):
    assert run(UNLISTED.format(status="planned", extra=""), "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []


# 第六条 除此之外不得再单独开设政府网站
def test_article_6_district_portal_is_the_only_website(run):
    portal = "account: {name: 重庆市黔江区人民政府, host_unit: 黔江区人民政府办公室, platform: website}"
    assert run(portal, "QJ-NO-SEPARATE-WEBSITE", "2025-07-01") == []
    site = "account: {name: 黔江区教育委员会网站, host_unit: 黔江区教育委员会, platform: website}"
    assert len(run(site, "QJ-NO-SEPARATE-WEBSITE", "2025-07-01")) == 1
    # websites are not judged by the new-media list, nor new media by the website list
    assert run(site, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []
    assert run(UNLISTED.format(status="active", extra=""), "QJ-NO-SEPARATE-WEBSITE", "2025-07-01") == []


# 第七条（一） 暂时保留……区公安局主办的“平安黔江”（新浪微博）、“平安黔江”（微信订阅号）、“平安黔江”（今日头条）、
# “平安黔江”（西瓜视频）、“黔江反诈卫士”（微信小程序）、“黔江反诈精灵”（微信小程序） — the accounts the 办法 itself
# retains are not "一个单位在同一平台开设业务相近、功能相似的政务新媒体账号"
def test_article_7_1_retained_accounts_of_one_unit_are_not_one_per_platform_violations(run):
    unit = "host_unit: 重庆市公安局黔江区分局, status: active, opened_on: 2019-01-01"
    police = [f"account: {{name: 平安黔江, platform: weibo, {unit}}}",
              f"account: {{name: 平安黔江, {WECHAT_SUB}, {unit}}}",
              f"account: {{name: 平安黔江, platform: toutiao, {unit}}}",
              f"account: {{name: 平安黔江, platform: xigua, {unit}}}",
              f"account: {{name: 黔江反诈卫士, platform: miniprogram, {unit}}}",
              f"account: {{name: 黔江反诈精灵, platform: miniprogram, {unit}}}"]
    for index, text in enumerate(police):
        others = police[:index] + police[index + 1:]
        assert run(text, "NAT-ONE-PER-PLATFORM", "2026-11-26", others=others, pack="qianjiang") == [], text
    # an unlisted third 小程序 of the same unit still is (and is QJ-RETAINED-ACCOUNTS-ONLY's case too)
    extra = f"account: {{name: 黔江反诈助手, platform: miniprogram, {unit}}}"
    found = run(extra, "NAT-ONE-PER-PLATFORM", "2026-11-26", others=police, pack="qianjiang")
    assert len(found) == 1 and "黔江反诈卫士" in found[0].message and "黔江反诈精灵" in found[0].message


# ── 第七条（二） 禁止个人、下属单位和内设机构开设 ─────────────────────────────────
@pytest.mark.parametrize("kind", ["internal_office", "subordinate_unit", "individual"])
def test_article_7_2_no_internal_subordinate_or_personal_accounts(run, kind):
    findings = run(f"account: {{host_unit_kind: {kind}}}", "QJ-NO-SUBORDINATE-INTERNAL-PERSONAL", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "error"


def test_article_7_2_departments_and_townships_may_host(run):
    for kind in ("department", "township", "government"):
        assert run(f"account: {{host_unit_kind: {kind}}}", "QJ-NO-SUBORDINATE-INTERNAL-PERSONAL", "2025-07-01") == []


def test_article_7_2_overrides_the_national_internal_office_rule(packset):
    rules = packset.packs["qianjiang"].rules
    assert "NAT-NO-INTERNAL-OFFICE-ACCOUNT" not in rules
    assert rules["QJ-NO-SUBORDINATE-INTERNAL-PERSONAL"].source.article == "第七条（二）"
    assert "NAT-NO-UPDATE-2-WEEKS" in rules  # a national rule 黔江 does not restate is inherited


# ── 第七条（四） 微信公众号3个主菜单 ───────────────────────────────────────────
MENUS = """
account:
  menus:
    - {{name: 政务公开, items: [{a}]}}
    - {{name: 政务服务, items: [渝快办]}}
    - {{name: 互动交流, items: [公开信箱]}}
"""


def test_article_7_4_missing_sub_menu_is_reported_on_its_menu(run):
    findings = run(MENUS.format(a="政务要闻"), "QJ-WECHAT-MENUS", "2025-07-01")
    assert messages(findings) == ["主菜单“政务公开”下缺少“政策文件”"] and findings[0].line == 4


def test_article_7_4_menu_names_ignore_quotes_and_spaces_and_allow_more_items(run):
    text = MENUS.format(a="政务要闻, ' 政策文件 ', 人事信息").replace("name: 政务公开", "name: '“政务公开”'")
    assert run(text, "QJ-WECHAT-MENUS", "2025-07-01") == []


def test_article_7_4_menus_not_recorded_is_missing_data(run):
    findings = run("account: {}", "QJ-WECHAT-MENUS", "2025-07-01")
    assert len(findings) == 1 and findings[0].evidence["missing"] == ["account.menus"]


def test_article_7_4_applies_to_live_wechat_accounts_only(run):
    assert run("account: {platform: weibo}", "QJ-WECHAT-MENUS", "2025-07-01") == []
    assert run("account: {status: closed, closed_on: 2024-01-01}", "QJ-WECHAT-MENUS", "2025-07-01") == []


# ── 第八条、第九条 开设、关停、变更须经区政府办公室、市政府办公厅批准 ──────────────────
def test_article_8_opening_before_the_measures_took_effect_is_not_judged(run):
    assert run("account: {opened_on: 2023-03-01}", "QJ-OPENING-APPROVED-BEFORE", "2023-12-31") == []
    findings = run("account: {opened_on: 2023-09-01}", "QJ-OPENING-APPROVED-BEFORE", "2023-12-31")
    assert findings[0].evidence["missing"] == ["approved_on"]


def test_article_8_approval_by_the_district_office_alone_is_not_enough(run):
    text = """
    account: {opened_on: 2024-08-01}
    filings:
      - {type: open, event_on: 2024-08-01, approved_on: 2024-07-20, approved_by: 区政府办公室}
    """
    findings = run(text, "QJ-OPENING-APPROVAL-ON-FILE", "2025-07-01")
    assert len(findings) == 1 and "上线于 2024-08-01" in findings[0].message


def test_article_8_closure_and_change_approved_on_the_day_of_the_operation_pass(run):
    text = """
    account: {status: closed, closed_on: 2025-03-03}
    filings:
      - {type: close, event_on: 2025-03-03, approved_on: 2025-03-03, approved_by: 重庆市人民政府办公厅}
      - {type: change, event_on: 2025-01-06, approved_on: 2025-01-07, approved_by: 市政府办公厅}
    """
    assert run(text, "QJ-CLOSURE-APPROVAL-ON-FILE", "2025-07-01") == []
    findings = run(text, "QJ-APPROVED-BEFORE-ACTING", "2025-07-01")
    assert messages(findings) == ["change 记录：操作于 2025-01-06，批准迟至 2025-01-07，应先经批准后操作"]


def test_article_9_new_app_needs_municipal_approval_and_other_platforms_use_article_8(run):
    app = "account: {platform: app, opened_on: 2024-10-08, approved_on: 2024-09-01}"
    assert len(run(app, "QJ-NEW-APP-APPROVED", "2025-07-01")) == 1
    assert run(app, "QJ-OPENING-APPROVAL-ON-FILE", "2025-07-01") == []
    assert run("account: {opened_on: 2024-10-08}", "QJ-NEW-APP-APPROVED", "2025-07-01") == []


# ── 第十条 信息采编 ────────────────────────────────────────────────────────
@pytest.mark.parametrize("declared, fails", [("2025-06-09", True), ("2025-06-10", False), ("2025-06-12", False), (None, False)])
def test_article_10_backdated_post_is_forged_publication_date(run, declared, fails):
    extra = f", declared_date: {declared}" if declared else ""
    text = f"posts:\n  - {{date: 2025-06-10 23:59, title: 周例会{extra}}}"
    findings = run(text, "QJ-NO-BACKDATED-POSTS", "2025-07-01")
    assert bool(findings) is fails
    if fails:
        assert findings[0].message == "《周例会》实际发布于 2025-06-10，页面标注的发布日期却为 2025-06-09，属伪造发布日期"


def test_article_10_forced_engagement_and_bought_followers_both_fail(run):
    text = """
    incidents:
      - {kind: fake_followers, date: 2025-03-01}
      - {kind: forced_engagement, date: 2025-04-01, description: 要求辖区学校家长关注并转发}
      - {kind: inappropriate_content, date: 2025-04-02}
    """
    findings = run(text, "QJ-NO-FAKE-FOLLOWERS", "2025-07-01")
    assert len(findings) == 2 and findings[0].source["article"] == "第十条"


def test_article_10_ads_unflagged_posts_are_not_reported(run):
    text = "posts:\n  - {date: 2025-06-05, title: 通知}\n  - {date: 2025-06-06, title: 团购, commercial_ad: true}"
    assert len(run(text, "QJ-NO-COMMERCIAL-ADS", "2025-07-01")) == 1


# ── 第十一条 三审三校，审核记录留存 ──────────────────────────────────────────
def test_article_11_three_review_levels_needed_and_unrecorded_review_is_missing_data(run):
    text = """
    posts:
      - {date: 2025-06-02, title: 一审, reviewers: [向小琴]}
      - {date: 2025-06-03, title: 三审, reviewers: [向小琴, 杨科长, 冉光明]}
      - {date: 2025-06-04, title: 未记录}
    """
    findings = run(text, "QJ-THREE-LEVEL-REVIEW", "2025-07-01")
    assert [f.line for f in violations(findings)] == [3]
    missing = [f for f in findings if "missing" in f.evidence]
    assert len(missing) == 1 and missing[0].evidence["missing"] == ["posts[].reviewers"]


def test_article_11_review_record_kept(run):
    assert len(run("posts:\n  - {date: 2025-06-02, review_record_kept: false}", "QJ-REVIEW-RECORD-KEPT",
                   "2025-07-01")) == 1


# ── 第十二条 每周3次；平台限制更新次数的，间隔不超过10天（含） ─────────────────────────
def _weekly(account, posts):
    return f"account: {{{account}, opened_on: 2025-01-01}}\nposts:\n" + "".join(f"  - {{date: {d}}}\n" for d in posts)


TWO_A_WEEK = ["2025-06-03", "2025-06-05", "2025-06-10", "2025-06-12"]


def test_article_12_three_a_week_applies_to_weibo_without_platform_kind(run):
    findings = run(_weekly("platform: weibo", TWO_A_WEEK), "QJ-UPDATE-3-PER-WEEK", "2025-06-15", since="2025-06-02")
    assert [f.evidence["week"] for f in findings] == ["2025-W23", "2025-W24"]


def test_article_12_three_a_week_does_not_apply_to_wechat_service_accounts_or_mini_programs(run):
    service = _weekly("platform: wechat, platform_kind: 服务号", TWO_A_WEEK)
    assert run(service, "QJ-UPDATE-3-PER-WEEK", "2025-06-15", since="2025-06-02") == []
    mini = _weekly("platform: miniprogram", [])
    assert run(mini, "QJ-UPDATE-3-PER-WEEK", "2025-06-15", since="2025-06-02") == []


def test_article_12_wechat_account_of_unknown_kind_is_missing_data(run):
    findings = run(_weekly("platform: wechat", TWO_A_WEEK), "QJ-UPDATE-3-PER-WEEK", "2025-06-15", since="2025-06-02")
    assert len(findings) == 1 and findings[0].evidence["missing"] == ["platform_kind"]


def test_article_12_replaces_the_national_weekly_minimum(packset):
    rules = packset.packs["qianjiang"].rules
    assert "NAT-UPDATE-WEEKLY" not in rules and rules["QJ-UPDATE-3-PER-WEEK"].params.min == 3


SERVICE = "platform: wechat, platform_kind: 服务号"


def test_article_12_gap_of_exactly_10_days_passes_inclusive(run):
    text = _weekly(SERVICE, ["2025-05-31", "2025-06-10", "2025-06-20", "2025-06-30"])
    assert run(text, "QJ-UPDATE-GAP-10-DAYS", "2025-07-10", since="2025-06-01") == []


def test_article_12_gap_of_11_days_fails(run):
    text = _weekly(SERVICE, ["2025-05-31", "2025-06-11", "2025-06-20", "2025-06-30"])
    findings = run(text, "QJ-UPDATE-GAP-10-DAYS", "2025-07-10", since="2025-06-01")
    assert len(findings) == 1 and findings[0].evidence["days"] == 11 and findings[0].line == 4


def test_article_12_trailing_gap_to_the_check_date_counts_10_passes_11_fails(run):
    text = _weekly(SERVICE, ["2025-06-12", "2025-06-22", "2025-06-30"])
    assert run(text, "QJ-UPDATE-GAP-10-DAYS", "2025-07-10", since="2025-06-21") == []
    findings = run(text, "QJ-UPDATE-GAP-10-DAYS", "2025-07-11", since="2025-06-21")
    assert len(findings) == 1 and "至检查日 2025-07-11" in findings[0].message


def test_article_12_approved_offline_days_do_not_count_in_the_gap(run):
    posts = _weekly(SERVICE, ["2025-05-25", "2025-06-01", "2025-06-20"])
    period = "offline_periods:\n  - {kind: temporary, start: 2025-06-05, end: 2025-06-14%s}\n"
    assert run(posts + period % ", approved_on: 2025-06-01", "QJ-UPDATE-GAP-10-DAYS", "2025-06-25",
               since="2025-06-01") == []
    findings = run(posts + period % "", "QJ-UPDATE-GAP-10-DAYS", "2025-06-25", since="2025-06-01")
    assert [f.evidence["days"] for f in findings] == [19]


def test_article_12_gap_rule_does_not_apply_to_subscription_accounts_or_weibo(run):
    posts = ["2025-06-01", "2025-06-20"]
    assert run(_weekly(WECHAT_SUB, posts), "QJ-UPDATE-GAP-10-DAYS", "2025-06-25", since="2025-06-01") == []
    assert run(_weekly("platform: weibo", posts), "QJ-UPDATE-GAP-10-DAYS", "2025-06-25", since="2025-06-01") == []


# ── 第十三条 解读20个工作日；留言1个工作日回复受理、5个工作日反馈结果 ──────────────────
def test_article_13_interpretation_deadline_runs_over_national_day_with_make_up_workdays(run):
    text = """
    policy_documents:
      - {{title: 黔江区农村人居环境整治方案, issued_on: 2024-09-20, needs_interpretation: true, interpretation_published_on: {d}}}
    """
    assert run(text.format(d="2024-10-23"), "QJ-INTERPRETATION-20-WORKDAYS", "2025-07-01") == []
    findings = run(text.format(d="2024-10-24"), "QJ-INTERPRETATION-20-WORKDAYS", "2025-07-01")
    assert findings[0].evidence["deadline"] == "2024-10-23"


def test_article_13_documents_not_needing_interpretation_are_not_judged(run):
    text = "policy_documents:\n  - {issued_on: 2025-01-06, needs_interpretation: false}"
    assert run(text, "QJ-INTERPRETATION-20-WORKDAYS", "2025-07-01") == []


def test_article_13_acknowledgement_due_on_the_next_working_day_after_a_holiday(run):
    text = "messages:\n  - {{received_at: 2025-05-30 17:00, acknowledged_at: {a}}}"  # 端午 05-31..06-02
    assert run(text.format(a="2025-06-03 09:00"), "QJ-MESSAGE-ACK-1-WORKDAY", "2025-07-01") == []
    assert len(run(text.format(a="2025-06-04 09:00"), "QJ-MESSAGE-ACK-1-WORKDAY", "2025-07-01")) == 1


def test_article_13_unanswered_message_is_pending_until_the_fifth_working_day(run):
    text = "messages:\n  - {received_at: 2025-09-26 10:00, acknowledged_at: 2025-09-26 11:00}"
    # 2025-09-28 (Sunday) and 2025-10-11 (Saturday) are make-up working days; 10-01..10-08 off
    assert run(text, "QJ-MESSAGE-RESULT-5-WORKDAYS", "2025-10-10") == []
    findings = run(text, "QJ-MESSAGE-RESULT-5-WORKDAYS", "2025-10-11")
    assert len(findings) == 1 and findings[0].evidence["deadline"] == "2025-10-10" and "仍未" in findings[0].message


# ── 第十四条（三） 第三方运维报备、签订保密协议书 ───────────────────────────────
def test_article_14_3_no_outsourcing_nothing_to_report(run):
    assert run("account: {}", "QJ-OUTSOURCING-REPORTED", "2025-07-01") == []
    assert run("account: {}", "QJ-OUTSOURCING-CONFIDENTIALITY", "2025-07-01") == []


def test_article_14_3_unknown_confidentiality_agreement_is_missing_data(run):
    text = "account:\n  outsourcing: {vendor: 重庆某科技公司, reported_on: 2024-01-05}"
    findings = run(text, "QJ-OUTSOURCING-CONFIDENTIALITY", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert run(text, "QJ-OUTSOURCING-REPORTED", "2025-07-01") == []


# ── 第五条 责任人员 ────────────────────────────────────────────────────────
def test_article_5_staff_not_recorded_is_missing_data(run):
    findings = run("account: {}", "QJ-LEADER-ASSIGNED", "2025-07-01")
    assert len(findings) == 1 and findings[0].severity == "warning"


# ── the generic kinds validate their parameters when a pack loads ─────────────────────
def test_list_and_menu_parameters_are_validated():
    from pydantic import ValidationError

    from govmedia_lint.checks.allowlist import AllowedAccountsParams
    from govmedia_lint.checks.menus import RequiredMenusParams

    with pytest.raises(ValidationError):
        AllowedAccountsParams.model_validate({"accounts": [{"host_unit": "区财政局", "name": "黔江财政", "platform": "wechatt"}]})
    with pytest.raises(ValidationError):
        AllowedAccountsParams.model_validate({"accounts": []})
    with pytest.raises(ValidationError):
        RequiredMenusParams.model_validate({"menus": [{"name": "政务公开", "item": ["政务要闻"]}]})


# ── the sample register accounts/qianjiang: each file shows what its header comment says ────────
def test_sample_register_findings_are_the_documented_ones(packset):
    from datetime import date
    from pathlib import Path

    from govmedia_lint.engine.evaluate import RunOptions, default_period, evaluate_register
    from govmedia_lint.loading import load_account_file
    from govmedia_lint.workdays import WorkCalendar

    files = sorted((Path(__file__).resolve().parents[2] / "accounts" / "qianjiang").glob("*.yaml"))
    assert len(files) >= 8
    loaded = [load_account_file(f) for f in files]
    as_of = date(2026, 11, 26)
    since, until = default_period(as_of)
    result = evaluate_register(loaded, packset, RunOptions(as_of, since, until, WorkCalendar()))
    found = {(Path(f.file).stem, f.rule) for f in result.findings}
    assert not result.incomplete and not any("missing" in f.evidence for f in result.findings)
    assert found == {
        ("清新黔江", "QJ-UPDATE-3-PER-WEEK"), ("清新黔江", "QJ-NO-COMMERCIAL-ADS"),
        ("黔江区中医院", "QJ-RETAINED-ACCOUNTS-ONLY"), ("黔江区中医院", "QJ-NO-SUBORDINATE-INTERNAL-PERSONAL"),
        ("黔江区中医院", "QJ-REPOST-APPROVED-SOURCES"),
        ("黔江城市管理", "QJ-OUTSOURCING-CONFIDENTIALITY"), ("黔江城市管理", "QJ-OUTSOURCING-REPORTED"),
        ("黔江应急发布", "QJ-APPROVED-BEFORE-ACTING"), ("黔江应急发布", "QJ-INTERPRETATION-20-WORKDAYS"),
        ("黔江政务通", "QJ-UPDATE-GAP-10-DAYS"),
        ("黔江教育", "QJ-WECHAT-MENUS"), ("黔江教育", "QJ-MESSAGE-ACK-1-WORKDAY"),
        ("黔江教育", "QJ-MESSAGE-RESULT-5-WORKDAYS"), ("黔江教育", "QJ-THREE-LEVEL-REVIEW"),
        ("黔江教育", "QJ-NO-BACKDATED-POSTS"),
        ("黔江智慧社区APP", "QJ-NEW-APP-APPROVED"), ("黔江智慧社区APP", "QJ-APPROVAL-CHAIN"),
        ("黔江应急发布", "QJ-APPROVAL-CHAIN"),
        ("黔江林业", "QJ-RETAINED-ACCOUNTS-ONLY"),
    }


# 第十一条 三审三校：三级审核校对 — three levels are three distinct people
def test_article_11_three_level_review_needs_three_distinct_people(run):
    text = "posts:\n  - {date: 2025-06-02, editor: 向小琴, reviewers: [杨科长, 杨科长, 杨科长]}\n"
    findings = run(text, "QJ-THREE-LEVEL-REVIEW", "2025-07-01")
    assert len(findings) == 1 and "不同" in findings[0].message


# 第十三条 1个工作日内回复受理情况 — a reply within that deadline is the acknowledgement
def test_article_13_message_answered_in_full_within_a_working_day_is_acknowledged(run):
    text = "messages:\n  - {received_at: 2025-06-03 10:00, replied_at: 2025-06-03 16:00}\n"
    assert run(text, "QJ-MESSAGE-ACK-1-WORKDAY", "2025-07-01") == []
    late = "messages:\n  - {received_at: 2025-06-03 10:00, replied_at: 2025-06-06 16:00}\n"
    assert run(late, "QJ-MESSAGE-ACK-1-WORKDAY", "2025-07-01")


# 第十二条 / 否决·内容不更新: 小程序 has no publishing column, however it is written
def test_article_12_wechat_mini_program_written_as_platform_kind_gets_no_update_findings(run):
    text = "account: {platform: wechat, platform_kind: 小程序, opened_on: 2024-01-01}\nposts: []\n"
    for code in ("QJ-UPDATE-3-PER-WEEK", "NAT-NO-UPDATE-2-WEEKS"):
        assert run(text, code, "2025-07-01", pack="qianjiang") == []


# 第八条 需经本单位主要负责人同意后报区政府办公室、市政府办公厅批准后方可进行 — three levels, each before the act
def test_article_8_approval_chain_needs_all_three_levels_before_the_act(run):
    text = """
    filings:
      - type: change
        event_on: 2025-05-10
        approvals:
          - {{by: 本单位主要负责人, on: 2025-05-02}}
          - {{by: 重庆市黔江区人民政府办公室, on: 2025-05-05}}
          - {{by: 市政府办公厅, on: {city}}}
    """
    assert run(text.format(city="2025-05-10"), "QJ-APPROVAL-CHAIN", "2025-07-01") == []
    late = run(text.format(city="2025-05-12"), "QJ-APPROVAL-CHAIN", "2025-07-01")
    assert len(late) == 1 and late[0].evidence["level"] == "市政府办公厅"
    no_chain = run("filings:\n  - {type: change, event_on: 2025-05-10}\n", "QJ-APPROVAL-CHAIN", "2025-07-01")
    assert no_chain[0].evidence["missing"] == ["filings[].approvals"]


# 第十条（三）发布行政规范性文件……时，应当同步发布……解读材料 — same day as the document
def test_article_10_3_normative_document_interpretation_published_with_it(run):
    text = ("policy_documents:\n  - {{title: 某办法, issued_on: 2025-05-06, published_on: 2025-05-08, normative: true, "
            "interpretation_published_on: {day}}}\n")
    assert run(text.format(day="2025-05-08"), "QJ-NORMATIVE-INTERPRETED-WITH-IT", "2025-07-01") == []
    assert run(text.format(day="2025-05-09"), "QJ-NORMATIVE-INTERPRETED-WITH-IT", "2025-07-01")
    other = "policy_documents:\n  - {title: 某通知, issued_on: 2025-05-06, normative: false}\n"
    assert run(other, "QJ-NORMATIVE-INTERPRETED-WITH-IT", "2025-07-01") == []


# 第十五条 应第一时间……报告 — no number of days: the report must exist
def test_article_15_incident_not_reported_fails_reported_passes(run):
    text = "incidents:\n  - {kind: account_hijacked, date: 2025-06-01}\n"
    assert run(text, "QJ-INCIDENT-REPORTED", "2025-07-01")
    assert run(text.replace("}", ", reported_on: 2025-06-01}"), "QJ-INCIDENT-REPORTED", "2025-07-01") == []


# 第十条 不得发布涉密、敏感信息
def test_article_10_sensitive_information_is_reported(run):
    text = "incidents:\n  - {kind: sensitive_information, date: 2025-06-01}\n"
    assert run(text, "QJ-NO-SECRET-INFORMATION", "2025-07-01")


def test_approvals_key_on_is_a_date_not_a_boolean():
    from datetime import date

    from govmedia_lint.engine.examples import example_document

    result = example_document("filings:\n  - {type: open, approvals: [{by: 区政府办公室, on: 2025-05-05}]}\n",
                              "qianjiang")
    assert not result.errors and result.document.filings[0].approvals[0].on == date(2025, 5, 5)


# 第七条（一）保留名单 lists 小程序 as miniprogram: written as wechat + platform_kind 小程序, it is the same account
def test_article_7_1_listed_mini_program_written_as_wechat_kind_is_on_the_list(run):
    text = ("account: {name: 黔江反诈卫士, host_unit: 区公安局, platform: wechat, platform_kind: 小程序, "
            "opened_on: 2022-01-01}")
    assert run(text, "QJ-RETAINED-ACCOUNTS-ONLY", "2025-07-01") == []
