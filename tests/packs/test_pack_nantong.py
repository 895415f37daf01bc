"""《南通市政务新媒体管理办法（试行）》通政办发〔2019〕90号: tests named after the clauses."""

from collections import Counter
from datetime import date
from pathlib import Path

from govmedia_lint.engine.evaluate import RunOptions, default_period, evaluate_register
from govmedia_lint.loading import load_account_file
from govmedia_lint.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]


def test_pack_meta_extends_national_from_publication_day(packset):
    pack = packset.packs["nantong"]
    assert (pack.meta.extends, pack.meta.in_force_from.isoformat(), pack.meta.ref) == (
        "national", "2019-10-10", "通政办发〔2019〕90号")
    assert packset.for_jurisdiction("南通市") is pack
    # national items the 办法 does not restate are inherited as they are
    for code in ("NAT-SERIOUS-WORDING-ERROR", "NAT-NO-UPDATE-2-WEEKS", "NAT-APP-UNUSABLE", "NAT-INAPPROPRIATE-REPLY"):
        assert code in pack.inherited
    # restated ones cite the 办法 under an NT code
    assert pack.overrides["NAT-UPDATE-WEEKLY"] == "NT-UPDATE-WEEKLY"
    assert pack.rules["NT-UPDATE-WEEKLY"].source.article == "第十九条"
    assert all(code.startswith(("NT-", "NAT-")) for code in pack.rules)


def test_article_7_outsourcing_needs_a_confidentiality_agreement(run):
    assert run("account:\n  outsourcing: {vendor: 某公司, confidentiality_agreement: false}",
               "NT-OUTSOURCING-CONFIDENTIALITY", "2025-07-01")
    assert not run("account: {}", "NT-OUTSOURCING-CONFIDENTIALITY", "2025-07-01")  # not outsourced


def test_article_12_one_account_per_unit_per_platform(run):
    mine = "account: {name: 南通教育, host_unit: 南通市教育局, platform: wechat}"
    other = "account: {name: 南通教育资讯, host_unit: 南通市教育局, platform: wechat}"
    found = run(mine, "NT-ONE-PER-PLATFORM", "2025-07-01", others=[other])
    assert len(found) == 1 and found[0].source["article"] == "第十二条"
    weibo = "account: {name: 南通教育, host_unit: 南通市教育局, platform: weibo}"
    assert not run(mine, "NT-ONE-PER-PLATFORM", "2025-07-01", others=[weibo])


def test_article_12_no_special_event_account(run):
    assert run("account: {purpose: special_event}", "NT-NO-SPECIAL-EVENT-ACCOUNT", "2025-07-01")
    assert not run("account: {purpose: regular}", "NT-NO-SPECIAL-EVENT-ACCOUNT", "2025-07-01")


def test_article_12_no_account_in_an_internal_office_name(run):
    found = run("account: {host_unit_kind: internal_office}", "NT-NO-INTERNAL-OFFICE-ACCOUNT", "2025-07-01")
    assert found and found[0].source["quote"] == "不得以单位内设机构名义开设政务新媒体。"
    assert not run("account: {host_unit_kind: department}", "NT-NO-INTERNAL-OFFICE-ACCOUNT", "2025-07-01")


def test_article_14_verification_names_host_and_consistent_names(run):
    assert run("account: {verification_names_host: false}", "NT-VERIFICATION-NAMES-HOST", "2025-07-01")
    found = run("account: {name: 南通发布, host_unit: 市政府办, platform: wechat}", "NT-NAME-CONSISTENT", "2025-07-01",
                others=["account: {name: 南通政务, host_unit: 市政府办, platform: weibo}"])
    assert found and found[0].severity == "warning"  # 原则上: a principle is a warning (docs/severity-policy.md)
    # "在不同平台上开设的": two accounts on one platform are the one-per-platform rule's case, not this one's
    assert not run("account: {name: 南通发布, host_unit: 市政府办, platform: wechat}", "NT-NAME-CONSISTENT", "2025-07-01",
                   others=["account: {name: 南通政务, host_unit: 市政府办, platform: wechat}"])


def test_article_15_opening_filed_with_the_supervising_office(run):
    assert run("account: {opened_on: 2025-03-01}", "NT-OPENING-FILED", "2025-07-01")
    assert run("filings:\n  - {type: close, event_on: 2025-03-01}", "NT-FILING-SUBMITTED", "2025-07-01")
    assert not run("filings:\n  - {type: close, event_on: 2025-03-01, filed_on: 2025-02-20}",
                   "NT-FILING-SUBMITTED", "2025-07-01")


def test_article_15_registry_entry_within_3_working_days_across_national_day(run):
    text = ("filings:\n  - {{type: open, event_on: 2025-10-20, filed_on: 2025-09-30, registered_on: {day}}}")
    # 10-09, 10-10 and the make-up Saturday 10-11 are the 1st-3rd working days after 09-30
    assert run(text.format(day="2025-10-11"), "NT-REGISTRY-3-WORKDAYS", "2025-12-31") == []
    found = run(text.format(day="2025-10-13"), "NT-REGISTRY-3-WORKDAYS", "2025-12-31")
    assert found[0].evidence["deadline"] == "2025-10-11" and found[0].evidence["late"] == 1


def test_article_15_registry_entry_pending_is_not_late_before_the_deadline(run):
    text = "filings:\n  - {type: change, event_on: 2025-06-27, filed_on: 2025-06-30}"
    assert run(text, "NT-REGISTRY-3-WORKDAYS", "2025-07-02") == []
    assert run(text, "NT-REGISTRY-3-WORKDAYS", "2025-07-04")  # deadline 07-03 passed, still not entered


def test_article_16_closure_filed_and_approved_by_the_unit(run):
    closed = "account: {status: closed, closed_on: 2025-04-01}\n"
    assert run(closed, "NT-CLOSURE-FILED", "2025-07-01")
    late = closed + "filings:\n  - {type: close, event_on: 2025-04-01, filed_on: 2025-03-20, approved_on: 2025-04-02}"
    assert run(late, "NT-CLOSURE-APPROVED", "2025-07-01")


def test_article_16_closure_notice_period_of_15_working_days_before_closure(run):
    text = ("account: {{status: closed, closed_on: {closed}}}\n"
            "notices:\n  - {{kind: closure, posted_on: 2025-03-20, channel: account}}")
    # working days after 03-20: ... 04-03 is the 10th, 04-07..04-11 the 11th-15th (清明 04-04..06 off)
    assert run(text.format(closed="2025-04-11"), "NT-CLOSURE-NOTICE-15-WORKDAYS", "2025-07-01") == []
    found = run(text.format(closed="2025-04-10"), "NT-CLOSURE-NOTICE-15-WORKDAYS", "2025-07-01")
    assert found and found[0].evidence["kept"] == 14


# 第十六条 并向社会公告。公告时间不少于15个工作日 — a notice period before closure, not time kept afterwards
def test_article_16_closure_notice_posted_on_the_closure_day_fails_however_long_kept(run):
    text = ("account: {status: closed, closed_on: 2025-04-01}\n"
            "notices:\n  - {kind: closure, posted_on: 2025-04-01, removed_on: 2025-05-30, channel: account}")
    found = run(text, "NT-CLOSURE-NOTICE-15-WORKDAYS", "2025-07-01")
    assert len(found) == 1 and found[0].evidence["kept"] == 0


def test_article_16_closure_notice_removed_before_the_period_ran_fails(run):
    text = ("account: {status: closed, closed_on: 2025-05-30}\n"
            "notices:\n  - {kind: closure, posted_on: 2025-03-03, removed_on: 2025-03-10, channel: account}")
    found = run(text, "NT-CLOSURE-NOTICE-15-WORKDAYS", "2025-07-01")
    assert len(found) == 1 and found[0].evidence["kept"] == 5


def test_article_16_closure_without_any_notice_and_notice_still_up(run):
    found = run("account: {status: closed, closed_on: 2025-04-01}", "NT-CLOSURE-NOTICE-15-WORKDAYS", "2025-07-01")
    assert found and "posted_on" not in found[0].evidence
    up = ("account: {status: closing}\n"
          "notices:\n  - {kind: closure, posted_on: 2025-06-25, channel: account}")
    assert run(up, "NT-CLOSURE-NOTICE-15-WORKDAYS", "2025-07-01") == []


# 第十六条 需要关停、注销的，须经本单位集体研究或主要领导同意，报主管单位备案，并向社会公告 — a closure that
# has not happened and is not filed is not "closed without notice"
def test_article_16_closing_without_a_closure_filing_is_not_yet_closed_without_notice(run):
    assert run("account: {status: closing}", "NT-CLOSURE-NOTICE-15-WORKDAYS", "2025-07-01") == []
    filed = "account: {status: closing}\nfilings:\n  - {type: close, event_on: 2025-08-01, filed_on: 2025-06-20}"
    found = run(filed, "NT-CLOSURE-NOTICE-15-WORKDAYS", "2025-07-01")
    assert len(found) == 1 and found[0].evidence["closure_filed"] is True


# 第十六条 需要关停、注销的，……报主管单位备案，并向社会公告。公告时间不少于15个工作日 — before a closure is
# filed there is no closure day to count back from: the notice is an open duty without a deadline (due: 未定期限)
def test_article_16_closing_without_a_closure_filing_is_an_undated_duty_for_due(packset):
    from govmedia_lint.engine.examples import example_document

    loaded = example_document("account: {status: closing}\n", "nantong")
    options = RunOptions(date(2025, 7, 1), *default_period(date(2025, 7, 1)), WorkCalendar(), packs=["nantong"],
                         select=["NT-CLOSURE-NOTICE-15-WORKDAYS"])
    result = evaluate_register([loaded], packset, options)
    assert not [f for f in result.findings if f.rule == "NT-CLOSURE-NOTICE-15-WORKDAYS"]
    [duty] = [o for o in result.obligations if o.rule == "NT-CLOSURE-NOTICE-15-WORKDAYS"]
    assert (duty.undated, duty.deadline, duty.overdue) == (True, None, False)
    assert "关停前公告不少于 15 个工作日" in duty.message and "尚未报关停备案" in duty.message
    loaded = example_document("account: {status: closing}\nnotices:\n  - {kind: closure, posted_on: 2025-06-25, "
                              "channel: account}\n", "nantong")
    done = evaluate_register([loaded], packset, options)
    assert not [o for o in done.obligations if o.undated]  # the notice is up: only the keep-until duty remains


def test_article_17_reviewed_before_publishing(run):
    assert run("posts:\n  - {date: 2025-06-02, reviewers: []}", "NT-REVIEWED-BEFORE-PUBLISHING", "2025-07-01")
    assert not run("posts:\n  - {date: 2025-06-02, reviewers: [周海峰]}", "NT-REVIEWED-BEFORE-PUBLISHING",
                   "2025-07-01")


def test_article_19_unlawful_content_personal_opinion_and_ads(run):
    assert run("incidents:\n  - {kind: prohibited_content, date: 2025-06-01}", "NT-PROHIBITED-CONTENT", "2025-07-01")
    assert run("posts:\n  - {date: 2025-06-05, personal_opinion: true}", "NT-NO-PERSONAL-OPINION", "2025-07-01")
    assert run("posts:\n  - {date: 2025-06-05, commercial_ad: true}", "NT-NO-COMMERCIAL-ADS", "2025-07-01")
    assert not run("posts:\n  - {date: 2025-06-05}", "NT-NO-COMMERCIAL-ADS", "2025-07-01")


def test_article_19_at_least_one_update_per_week(run):
    text = "account: {opened_on: 2025-01-01}\nposts:\n  - {date: 2025-06-03}\n  - {date: 2025-06-15 22:00}"
    assert run(text, "NT-UPDATE-WEEKLY", "2025-06-15", since="2025-06-02") == []
    found = run(text, "NT-UPDATE-WEEKLY", "2025-06-22", since="2025-06-02")
    assert [f.evidence["week"] for f in found] == ["2025-W25"]


def test_article_19_one_original_post_every_two_weeks(run):
    text = ("account: {{opened_on: 2025-01-01}}\nposts:\n  - {{date: 2025-06-03, original: {first}}}\n"
            "  - {{date: 2025-06-20, original: true}}")
    assert run(text.format(first="true"), "NT-ORIGINAL-BIWEEKLY", "2025-06-29", since="2025-06-02") == []
    found = run(text.format(first="false"), "NT-ORIGINAL-BIWEEKLY", "2025-06-29", since="2025-06-02")
    assert [(f.evidence["from"], f.evidence["to"]) for f in found] == [("2025-06-02", "2025-06-15")]


def test_article_21_reposts_credited_and_from_approved_sources(run):
    post = "posts:\n  - {date: 2025-06-05, original: false, source_credited: false, source_approved: false}"
    assert run(post, "NT-REPOST-SOURCE-CREDITED", "2025-07-01")
    assert run(post, "NT-REPOST-APPROVED-SOURCES", "2025-07-01")
    assert not run("posts:\n  - {date: 2025-06-05, original: true}", "NT-REPOST-SOURCE-CREDITED", "2025-07-01")


def test_article_24_interaction_channel(run):
    found = run("account: {interaction_enabled: false}", "NT-INTERACTION-PROVIDED", "2025-07-01")
    assert found and found[0].severity == "error" and found[0].source["article"] == "第二十四条"


def test_article_26_responsible_person_operators_and_funding(run):
    assert run("account:\n  staff: {operators: [陈静]}", "NT-RESPONSIBLE-PERSON", "2025-07-01")
    assert run("account:\n  staff: {leader: 周海峰, operators: []}", "NT-OPERATORS-ASSIGNED", "2025-07-01")
    assert run("account:\n  management: {funding: false}", "NT-FUNDING-BUDGETED", "2025-07-01")


def test_article_28_personal_data_secrets_and_fake_followers(run):
    for code, kind in [("NT-EXCESSIVE-PERSONAL-DATA", "excessive_personal_data"), ("NT-SECRET-LEAK", "secret_leak"),
                       ("NT-NO-FAKE-FOLLOWERS", "fake_followers"), ("NT-NO-FAKE-FOLLOWERS", "forced_engagement")]:
        found = run(f"incidents:\n  - {{kind: {kind}, date: 2025-06-01}}", code, "2025-07-01")
        assert found and found[0].source["article"] == "第二十八条", code


def test_article_35_pre_existing_accounts_refiled_within_20_working_days(run):
    text = ("account: {{opened_on: 2016-05-01}}\n"
            "filings:\n  - {{type: open, event_on: 2016-05-01, filed_on: {filed}}}")
    # 20th working day after 2019-10-10 is 2019-11-06 (10-12 was a make-up working Saturday)
    assert run(text.format(filed="2019-11-06"), "NT-LEGACY-REFILED-20-WORKDAYS", "2019-12-31") == []
    found = run(text.format(filed="2019-11-07"), "NT-LEGACY-REFILED-20-WORKDAYS", "2019-12-31")
    assert found and found[0].evidence["deadline"] == "2019-11-06"
    # a late re-filing is judged in the period of its deadline; a filing from before the 办法 never counts
    assert run(text.format(filed="2019-11-07"), "NT-LEGACY-REFILED-20-WORKDAYS", "2025-12-31") == []
    assert run(text.format(filed="2018-03-01"), "NT-LEGACY-REFILED-20-WORKDAYS", "2025-12-31")


def test_article_35_does_not_apply_to_accounts_opened_after_publication(run):
    text = "account: {opened_on: 2019-10-11}"
    assert run(text, "NT-LEGACY-REFILED-20-WORKDAYS", "2019-12-31") == []
    assert run("account: {opened_on: 2016-05-01}", "NT-LEGACY-REFILED-20-WORKDAYS", "2019-11-06") == []  # not yet due


# ── the sample register accounts/nantong: current as of 2026-11-26 (the year 2025-11-27 … 2026-11-26) ──
SAMPLE_AS_OF = "2026-11-26"

#: (file stem, rule) -> number of findings, missing-data findings apart; every other pair must be absent
EXPECTED = {
    ("南通人社局办公室", "NT-NO-INTERNAL-OFFICE-ACCOUNT"): 1, ("南通人社局办公室", "NT-VERIFICATION-NAMES-HOST"): 1,
    ("南通人社局办公室", "NT-UPDATE-WEEKLY"): 3, ("南通人社局办公室", "NT-NO-COMMERCIAL-ADS"): 1,
    ("南通人社局办公室", "NAT-INAPPROPRIATE-CONTENT"): 1,
    ("南通健康APP", "NAT-APP-UNUSABLE"): 1, ("南通健康APP", "NT-EXCESSIVE-PERSONAL-DATA"): 1,
    ("南通公安-微博", "NT-NO-FAKE-FOLLOWERS"): 1,
    ("南通医保", "NT-REGISTRY-3-WORKDAYS"): 1, ("南通医保", "NT-FILING-SUBMITTED"): 1, ("南通医保", "NT-UPDATE-WEEKLY"): 1,
    ("南通城管-抖音", "NT-CLOSURE-NOTICE-15-WORKDAYS"): 1,
    ("南通教育", "NT-ONE-PER-PLATFORM"): 1,  # two on one platform: not also a name inconsistency
    ("南通教育", "NAT-INAPPROPRIATE-REPLY"): 1, ("南通教育", "NAT-COMMENT-MODERATION"): 1,
    ("南通教育资讯", "NT-ONE-PER-PLATFORM"): 1,
    ("崇川创文进行时", "NT-NO-SPECIAL-EVENT-ACCOUNT"): 1, ("崇川创文进行时", "NT-UPDATE-WEEKLY"): 5,
    ("崇川创文进行时", "NT-ORIGINAL-BIWEEKLY"): 2, ("崇川创文进行时", "NAT-NO-UPDATE-2-WEEKS"): 1,
    ("海门发布-头条", "NT-VERIFICATION-NAMES-HOST"): 1, ("海门发布-头条", "NT-NO-COMMERCIAL-ADS"): 1,
    ("海门发布-头条", "NAT-INAPPROPRIATE-REPLY"): 1, ("海门发布-头条", "NAT-BROKEN-FUNCTION"): 2,
}


def _sample_register(packset, as_of=SAMPLE_AS_OF):
    files = sorted(f for f in (ROOT / "accounts" / "nantong").glob("*.yaml") if f.name != "supervision.yaml")
    assert len(files) == 11  # and the register's supervision.yaml (tests/checks/test_supervision.py)
    day = date.fromisoformat(as_of)
    since, until = default_period(day)
    result = evaluate_register([load_account_file(f) for f in files], packset,
                               RunOptions(day, since, until, WorkCalendar()))
    assert not result.incomplete
    found = Counter((Path(f.file).stem, f.rule) for f in result.findings if "missing" not in f.evidence)
    missing = {(Path(f.file).stem, f.rule) for f in result.findings if "missing" in f.evidence}
    return result, found, missing


def test_sample_register_is_current_and_shows_only_its_intended_findings(packset):
    result, found, missing = _sample_register(packset)
    assert dict(found) == EXPECTED
    # no weekly floods: the compliant accounts post every week up to the day before the check date
    assert not any(stem.startswith("南通发布") for stem, _ in found)
    assert not any(f.rule.startswith("GML-") for f in result.findings)  # nothing dated after the check date
    # missing data only where the story has it: funding not recorded, the 医保 change never filed
    assert missing == {(stem, "NT-FUNDING-BUDGETED") for stem in (
        "南通人社局办公室", "南通健康APP", "南通公安-微博", "南通城管-抖音", "南通教育资讯", "崇川创文进行时",
        "海门发布-头条")} | {("南通医保", "NT-REGISTRY-3-WORKDAYS")}


def test_sample_register_story_dates_in_2026(packset):
    result, _, _ = _sample_register(packset)

    def of(stem, rule):
        return [f for f in result.findings if f.file.endswith(stem + ".yaml") and f.rule == rule
                and "missing" not in f.evidence]

    # 人社: three weeks without a post (capped at −10); 医保: one week in July
    assert [f.evidence["week"] for f in of("南通人社局办公室", "NT-UPDATE-WEEKLY")] == ["2026-W10", "2026-W23", "2026-W41"]
    assert [f.evidence["week"] for f in of("南通医保", "NT-UPDATE-WEEKLY")] == ["2026-W29"]
    # 医保 opened 2026-03-02; its form came in 02-25: 02-26, 02-27 and the make-up Saturday 02-28 are the
    # 1st-3rd working days after the 春节 holiday, so the registry entry on 03-04 is 3 working days late
    late = of("南通医保", "NT-REGISTRY-3-WORKDAYS")[0].evidence
    assert (late["deadline"], late["late"]) == ("2026-02-28", 3)
    # 崇川创文进行时 stopped in mid-October: more than two weeks idle at the check date
    idle = of("崇川创文进行时", "NAT-NO-UPDATE-2-WEEKS")[0].evidence
    assert (idle["from"], idle["to"]) == ("2026-10-13", SAMPLE_AS_OF)
    # 南通城管 closed at the end of September 2026, filed in time, but no closure notice
    assert "posted_on" not in of("南通城管-抖音", "NT-CLOSURE-NOTICE-15-WORKDAYS")[0].evidence
    # the accounts opened before the 办法 re-filed within 20 working days of 2019-10-10 (by 2019-11-06)
    assert not of("南通发布-微信", "NT-LEGACY-REFILED-20-WORKDAYS")


# 第十九条 原则上每两周至少发布1条原创信息 — the verdict does not depend on where --since starts
def test_article_19_original_biweekly_windows_do_not_move_with_since(run):
    posts = "".join(f"  - {{date: 2025-{d}, original: true}}\n" for d in ("06-04", "06-18", "06-30", "07-16"))
    text = "account: {opened_on: 2025-01-01}\nposts:\n" + posts
    # fixed two-week windows from 06-02 each hold an original; windows from 06-09 would leave 07-21..08-03 empty
    for since in ("2025-06-02", "2025-06-09", "2025-06-16"):
        assert run(text, "NT-ORIGINAL-BIWEEKLY", "2025-08-03", since=since) == [], since


# 第十四条 政务新媒体应当在国家主管部门核准的平台上设立并开展应用
def test_article_14_platform_not_approved_fails_unknown_is_missing_data(run):
    assert run("account: {platform: other, platform_approved: false}", "NT-PLATFORM-APPROVED", "2025-07-01")
    found = run("account: {platform: other}", "NT-PLATFORM-APPROVED", "2025-07-01")
    assert found[0].evidence["missing"] == ["account.platform_approved"]


# 第二十七条 从事政务新媒体工作的人员，须经培训后方可上岗
def test_article_27_staff_trained_before_taking_up_the_post(run):
    trained = "account:\n  staff: {operators: [{name: 陈晨, trained_on: 2025-02-20, on_duty_since: 2025-03-01}]}\n"
    assert run(trained, "NT-STAFF-TRAINED", "2025-07-01") == []
    late = trained.replace("2025-02-20", "2025-03-10")
    assert run(late, "NT-STAFF-TRAINED", "2025-07-01")[0].evidence["person"] == "陈晨"
    unknown = run("account:\n  staff: {operators: [陈晨], reviewers: [陈晨]}\n", "NT-STAFF-TRAINED", "2025-07-01")
    assert unknown[0].severity == "warning" and "陈晨" in unknown[0].evidence["missing"][0]


# 第七条 委托专门机构承办的，应当……加强资质审查
def test_article_7_outsourced_without_vetting_fails(run):
    text = "account:\n  outsourcing: {vendor: 某公司, confidentiality_agreement: true}\n"
    assert run(text, "NT-OUTSOURCING-VETTED", "2025-07-01")
    assert run("account: {}", "NT-OUTSOURCING-VETTED", "2025-07-01") == []


# 第十九条 更新发布信息 — an app or a mini-program has no column to publish originals in
def test_article_19_original_biweekly_does_not_apply_to_apps_and_mini_programs(run):
    for platform in ("app", "miniprogram"):
        text = f"account: {{platform: {platform}, opened_on: 2025-01-01}}\nposts: []\n"
        assert run(text, "NT-ORIGINAL-BIWEEKLY", "2025-08-03") == []


# 第十三条 移动客户端要全面支持IPv6（互联网协议第6版）
def test_article_13_mobile_app_supports_ipv6(run):
    assert run("account: {platform: app, ipv6: false}", "NT-APP-IPV6", "2025-07-01")
    assert not run("account: {platform: app, ipv6: true}", "NT-APP-IPV6", "2025-07-01")
    [missing] = run("account: {platform: app}", "NT-APP-IPV6", "2025-07-01")
    assert missing.severity == "warning" and "account.ipv6" in missing.message
    assert not run("account: {platform: wechat}", "NT-APP-IPV6", "2025-07-01")  # 移动客户端 only


# 第二十七条 严格对政务新媒体的登录账号、密码和使用终端进行安全管理
def test_article_27_login_accounts_and_passwords_secured(run):
    assert run("incidents:\n  - {kind: account_hijacked, date: 2025-04-02}", "NT-ACCOUNT-SECURITY", "2025-07-01")
    assert not run("incidents: []", "NT-ACCOUNT-SECURITY", "2025-07-01")
