"""南通 附件2 (account score) and 附件3 (annual index) computed from findings, on hand-worked examples."""

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.engine.evaluate import RunOptions, default_period, evaluate_register
from govmedia_lint.engine.examples import example_document
from govmedia_lint.engine.findings import Finding
from govmedia_lint.engine.packs import PackSet, ScoreSheet
from govmedia_lint.policy.scoring import ScoreError, score_findings, scores_for_run, sheet_for
from govmedia_lint.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]

#: a compliant 南通 account (every week updated, original every week, all facts present)
BASE = """
account:
  name: {name}
  host_unit: {unit}
  host_unit_kind: department
  platform: {platform}
  verification_names_host: true
  interaction_enabled: true
  opened_on: 2025-06-02
  status: {status}
filings:
  - {{type: open, event_on: 2025-06-02, filed_on: 2025-05-28, registered_on: 2025-05-29}}
posts:
  - {{date: 2025-06-03, original: true, reviewers: [甲]}}
  - {{date: 2025-06-10, original: true, reviewers: [甲]}}
  - {{date: 2025-06-17, original: true, reviewers: [甲]}}
  - {{date: 2025-06-24, original: true, reviewers: [甲]}}
  - {{date: 2025-06-30, original: true, reviewers: [甲]}}
"""


def account(extra="", name="南通测试", unit="南通市测试局", platform="wechat", status="active"):
    return BASE.format(name=name, unit=unit, platform=platform, status=status) + textwrap.dedent(extra)


PACKSET = PackSet.load()


def score(*docs, as_of="2025-07-01", packset=None, pack="nantong"):
    packset = packset or PACKSET
    loaded = []
    for index, text in enumerate(docs):
        result = example_document(text, pack)
        assert not result.errors, result.errors
        result.path = f"f{index}.yaml"
        loaded.append(result)
    day = date.fromisoformat(as_of)
    since, until = default_period(day)
    run = evaluate_register(loaded, packset, RunOptions(day, since, until, WorkCalendar()))
    return scores_for_run(loaded, run.findings, packset)


def account_score(text, **kwargs):
    return next(r for r in score(text, **kwargs) if r.level == "account")


def test_compliant_account_scores_100():
    result = account_score(account())
    assert (result.score, result.passed, result.deductions, result.vetoes) == (100, True, [], [])


def test_veto_makes_the_account_fail_and_stops_scoring():
    text = account("""
    incidents:
      - {kind: serious_wording_error, date: 2025-06-12}
    """).replace("{date: 2025-06-10, original: true", "{date: 2025-06-10, commercial_ad: true, original: true")
    result = account_score(text)
    assert result.score is None and not result.passed and result.verdict == "不合格"
    assert [v.detail for v in result.vetoes] == ["出现严重表述错误"]
    assert result.deductions == []  # 不再对其他指标进行评分
    assert result.main_reasons() == "单项否决：出现严重表述错误"


def test_veto_no_update_in_the_two_weeks_before_the_check_date():
    result = account_score(account(), as_of="2025-07-16")
    assert result.score is None and result.vetoes[0].rule == "NAT-NO-UPDATE-2-WEEKS"


def test_deductions_per_occurrence_capped_at_10_and_once_items():
    text = account("""
    messages:
      - {received_at: 2025-06-02 10:00, summary: 甲, inappropriate_reply: true}
      - {received_at: 2025-06-09 10:00, summary: 乙, inappropriate_reply: true}
      - {received_at: 2025-06-16 10:00, summary: 丙, inappropriate_reply: true}
    incidents:
      - {kind: broken_function, date: 2025-06-12, announced: false}
    """)
    text = text.replace("  - {date: 2025-06-10, original: true", "  - {date: 2025-06-10, commercial_ad: true, original: true")
    text = text.replace("  - {date: 2025-06-17, original: true", "  - {date: 2025-06-17, commercial_ad: true, original: true")
    result = account_score(text)
    by_item = {d.item: (d.occurrences, d.points) for d in result.deductions}
    # 3 replies × 10 = 30 → cap 10; 2 ads → once 10; 1 broken function → 5
    assert by_item == {"互动回应失当": (3, 10), "发布商业广告": (2, 10), "功能无法使用": (1, 5)}
    assert result.score == 75 and result.passed


def test_reposting_from_unapproved_sources_is_inappropriate_content():
    text = account().replace("{date: 2025-06-10, original: true", "{date: 2025-06-11, original: true}\n"
                             "  - {date: 2025-06-10, original: false, source_credited: true, source_approved: false")
    result = account_score(text)
    assert [(d.item, d.rules, d.points) for d in result.deductions] == [
        ("内容发布不当", ["NAT-INAPPROPRIATE-CONTENT", "NT-REPOST-APPROVED-SOURCES"], 10)]


def test_an_incident_count_counts_occurrences():
    result = account_score(account("""
    incidents:
      - {kind: comment_moderation_failure, date: 2025-06-12, count: 3}
    """))
    assert [(d.occurrences, d.points) for d in result.deductions] == [(3, 10)]


def test_weekly_update_short_weeks_deduct_5_each():
    text = account().replace("  - {date: 2025-06-10, original: true, reviewers: [甲]}\n", "")
    result = account_score(text)
    assert [(d.item, d.occurrences, d.points) for d in result.deductions] == [("内容更新不及时", 1, 5)]
    assert result.score == 95


def test_60_passes_and_55_fails_on_the_nantong_sheet():
    forty = account("""
    incidents:
      - {kind: inappropriate_content, date: 2025-06-12}
      - {kind: excessive_personal_data, date: 2025-06-12}
      - {kind: comment_moderation_failure, date: 2025-06-12, count: 2}
    messages:
      - {received_at: 2025-06-02 10:00, summary: 甲, inappropriate_reply: true}
    """)
    assert account_score(forty).score == 60 and account_score(forty).passed
    fortyfive = forty.replace("  opened_on: 2025-06-02", "  opened_on: 2025-06-02\n  host_unit_kind: internal_office")
    fortyfive = fortyfive.replace("  host_unit_kind: department\n", "").replace("count: 2", "count: 1")
    result = account_score(fortyfive)
    assert result.score == 55 and not result.passed


def _finding(rule, **evidence):
    return Finding(rule, rule.lower(), "p", "error", "f.yaml", 1, "a", "m", None, evidence)


def test_59_fails_and_60_passes():
    sheet = ScoreSheet(document="测试", pass_mark=60, deductions=[
        {"item": "甲", "rules": ["A"], "points": 1, "per": "occurrence"},
        {"item": "乙", "rules": ["B"], "points": 40, "per": "once", "cap": 40}])
    sixty = score_findings([_finding("B"), _finding("B")], sheet, {}, level="account", subject="x", pack="p")
    assert (sixty.score, sixty.passed) == (60, True)
    fifty_nine = score_findings([_finding("B"), _finding("A")], sheet, {}, level="account", subject="x", pack="p")
    assert (fifty_nine.score, fifty_nine.passed, fifty_nine.verdict) == (59, False, "不合格")


def test_missing_data_neither_deducts_nor_vetoes():
    text = account().replace("  verification_names_host: true\n", "").replace("  interaction_enabled: true\n", "")
    result = account_score(text)
    assert result.score == 100 and result.vetoes == [] and result.deductions == []
    assert result.missing == ["NT-INTERACTION-PROVIDED", "NT-VERIFICATION-NAMES-HOST"]
    only_a_deduction_unknown = account_score(account().replace("  verification_names_host: true\n", ""))
    assert (only_a_deduction_unknown.score, only_a_deduction_unknown.verdict) == (100, "合格")


# 附件2 指标说明：如政务新媒体出现单项否决指标中的任意一种情形，即判定为不合格 — a veto item not judged is not a pass
def test_annex_2_veto_item_with_missing_facts_is_to_be_verified_not_passed():
    result = account_score(account().replace("  interaction_enabled: true\n", ""))
    assert (result.score, result.passed, result.verdict) == (100, False, "待核实")
    assert result.unknown_vetoes == ["未提供有效互动功能"] and result.to_dict()["pending"] is True
    vetoed = account_score(account("""
    incidents:
      - {kind: serious_wording_error, date: 2025-06-12}
    """).replace("  interaction_enabled: true\n", ""))
    assert vetoed.verdict == "不合格" and vetoed.unknown_vetoes == []  # vetoed anyway: nothing left to verify


def test_annex_2_to_be_verified_ranks_after_passed_and_before_failed_and_score_does_not_exit_0(tmp_path):
    passed, pending = account(name="甲号"), account(name="乙号").replace("  interaction_enabled: true\n", "")
    failed = account(name="丙号", unit="丙局").replace("  host_unit_kind: department\n",
                                                      "  host_unit_kind: internal_office\n")
    failed += "incidents:\n" + "".join(f"  - {{kind: {k}, date: 2025-06-12}}\n" for k in (
        "inappropriate_content", "excessive_personal_data", "comment_moderation_failure"))
    failed = failed.replace("comment_moderation_failure, date: 2025-06-12", "comment_moderation_failure, count: 2, date: 2025-06-12")
    failed += "messages:\n  - {received_at: 2025-06-02 10:00, summary: 甲, inappropriate_reply: true}\n"
    from govmedia_lint.policy.scoring import ranked
    order = [(r.subject, r.verdict) for r in ranked(score(failed, pending, passed))]
    assert order == [("甲号", "合格"), ("乙号", "待核实"), ("丙号", "不合格")]
    (tmp_path / "a.yaml").write_text("account:\n  jurisdiction: 南通\n" + pending.split("account:\n", 1)[1],
                                     encoding="utf-8")
    result = runner.invoke(app, ["score", str(tmp_path), "--as-of", "2025-07-01", "-f", "json"])
    assert result.exit_code == 1, result.output
    assert [s["verdict"] for s in json.loads(result.output)["scores"] if s["level"] == "account"] == ["待核实"]


def test_closed_accounts_are_not_ranked_but_count_in_the_annual_index():
    closed = account(name="南通旧号", status="closed").replace("  opened_on: 2025-06-02",
                                                                 "  opened_on: 2025-06-02\n  closed_on: 2025-06-20")
    closed = closed.replace("posts:", "  - {type: close, event_on: 2025-06-20, filed_on: 2025-06-10, registered_on: 2025-06-11, "
                                      "approved_on: 2025-06-09}\nposts:")
    results = score(closed)
    assert [r.level for r in results] == ["host_unit", "register"]
    annual = results[0]
    assert [(d.item, d.detail, d.points) for d in annual.deductions] == [
        ("集约整合", "已报关停却未发布停更公告", 5)]


# 附件3 集约整合：一个单位在同一平台开设业务相近、功能相似的账号，每发现一起，扣5分 — one group is one case
def test_annual_index_duplicate_accounts_are_one_case_per_unit_and_platform():
    docs = [account(name=n) for n in ("甲号", "乙号", "丙号")]
    unit = next(r for r in score(*docs) if r.level == "host_unit")
    dup = unit.deductions[0]
    assert (dup.item, dup.occurrences, dup.points) == ("集约整合", 1, 5)
    assert unit.score == 95
    two_cases = [*docs, account(name="丁号", platform="weibo"), account(name="戊号", platform="weibo")]
    unit = next(r for r in score(*two_cases) if r.level == "host_unit")
    assert (unit.deductions[0].occurrences, unit.deductions[0].points) == (2, 10)


# 附件3 only 集约整合 and 开设备案 (40 of 100 points) are in the register: never printed as 合格
def test_annual_index_with_only_40_points_computable_is_partial_not_passed():
    unit = next(r for r in score(account()) if r.level == "host_unit")
    assert unit.score == 100 and unit.partial and unit.verdict == "部分可计算（40/100 分）"
    assert unit.to_dict()["partial"] is True
    assert account_score(account()).verdict == "合格"


# 第三十五条 a one-off duty of 2019: deducted in the year its deadline falls in, not in every later year
def test_annual_index_legacy_refiling_deducts_only_in_the_year_of_its_deadline():
    never_refiled = "  - {type: open, event_on: 2025-06-02, filed_on: 2025-05-28, registered_on: 2025-05-29}\n"
    legacy = account().replace("opened_on: 2025-06-02", "opened_on: 2016-05-01").replace(never_refiled, "")
    assert "opened_on: 2016-05-01" in legacy and "type: open" not in legacy
    in_2019 = next(r for r in score(legacy, as_of="2019-12-31") if r.level == "host_unit")
    assert any("补办" in (d.detail or "") for d in in_2019.deductions)
    later = next(r for r in score(legacy) if r.level == "host_unit")
    assert not any("补办" in (d.detail or "") for d in later.deductions)


# 第十五条 主管单位应在3个工作日内…备案 — the supervising unit's duty: not deducted from the host unit
def test_annual_index_registry_delay_counts_against_the_register_not_the_host_unit():
    late = "  - {type: change, event_on: 2025-06-02, filed_on: 2025-06-02, registered_on: 2025-06-20}\n"
    results = score(account().replace("posts:", late + "posts:"))
    unit = next(r for r in results if r.level == "host_unit")
    register = next(r for r in results if r.level == "register")
    assert not any("备案系统" in (d.detail or "") for d in unit.deductions)
    assert any("备案系统" in (d.detail or "") for d in register.deductions)


def test_annual_index_item_cap_shared_by_its_sub_items():
    late = "".join(f"  - {{type: change, event_on: 2025-06-0{d}, filed_on: 2025-06-0{d}, registered_on: 2025-06-20}}\n"
                   for d in range(2, 7))
    unsubmitted = "  - {type: change, event_on: 2025-06-10}\n"
    register = next(r for r in score(account().replace("posts:", late + unsubmitted + "posts:"))
                    if r.level == "register")
    points = {d.detail: d.points for d in register.deductions}
    # 1 unsubmitted form (−5) and 5 late registry entries (−25 → 15 left of 开设备案's 20 points)
    assert points == {"开设、变更、关停、注销未及时向主管单位提交备案表": 5, "3个工作日内未在指定备案系统备案": 15}
    assert register.score == 80


def test_register_index_scores_all_accounts_together():
    docs = [account(name="甲号", unit="甲局"), account(name="乙号", unit="甲局"), account(name="丙号", unit="丙局")]
    results = score(*docs)
    register = next(r for r in results if r.level == "register")
    assert register.accounts == ["甲号", "乙号", "丙号"] and register.score == 95


def _extra_pack(tmp_path, body):
    (tmp_path / "rudong.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return PackSet.load([tmp_path])


def test_a_child_pack_inherits_the_score_and_its_threshold_overrides_count(tmp_path):
    packset = _extra_pack(tmp_path, """
        id: rudong
        name: 如东
        document: 如东县政务新媒体管理细则
        issued: 2025-01-01
        in_force_from: 2025-01-01
        extends: nantong
        rules:
          - code: RD-UPDATE-WEEKLY
            extends: NT-UPDATE-WEEKLY
            params: {min: 2}
            source: {article: 第五条, quote: 每周更新不少于2次。}
    """)
    sheet, mapping = sheet_for(packset.packs["rudong"], packset, "account")
    assert sheet.document == "政务新媒体检查指标" and mapping["NT-UPDATE-WEEKLY"] == "RD-UPDATE-WEEKLY"
    result = account_score(account(), packset=packset, pack="rudong")
    # one post a week: compliant in 南通, 4 short weeks under 如东's threshold of 2 → 5 × 4 capped at 10
    assert [(d.rules, d.occurrences, d.points) for d in result.deductions] == [(["RD-UPDATE-WEEKLY"], 4, 10)]
    assert result.score == 90
    assert account_score(account()).score == 100


def test_a_sheet_naming_an_unknown_rule_is_a_configuration_error(tmp_path):
    packset = _extra_pack(tmp_path, """
        id: rudong
        name: 如东
        document: 如东县政务新媒体管理细则
        issued: 2025-01-01
        in_force_from: 2025-01-01
        extends: national
        score:
          account:
            document: 测试
            deductions:
              - {item: 甲, rules: [NAT-NO-SUCH-RULE], points: 5}
    """)
    with pytest.raises(ScoreError, match="NAT-NO-SUCH-RULE"):
        sheet_for(packset.packs["rudong"], packset, "account")


def test_every_nantong_score_code_is_a_rule_of_the_pack():
    packset = PACKSET
    for which in ("account", "annual"):
        sheet, mapping = sheet_for(packset.packs["nantong"], packset, which)
        assert sheet is not None and set(mapping.values()) <= set(packset.packs["nantong"].rules)



def test_packs_without_a_score_sheet_are_scored_on_the_national_index_with_their_own_codes():
    """国办秘函〔2019〕19号 (as 南通 附件2 reproduces it) scores 佳县, 神木, 濉溪, 黔江; codes follow `extends`."""
    packset = PACKSET
    for pack in ("jiaxian", "shenmu", "suixi", "qianjiang"):
        sheet, mapping = sheet_for(packset.packs[pack], packset, "account")
        assert "国办秘函〔2019〕19号" in sheet.document and set(mapping.values()) <= set(packset.packs[pack].rules)
    _, mapping = sheet_for(packset.packs["jiaxian"], packset, "account")
    assert mapping["NAT-UPDATE-WEEKLY"] == "JX-UPDATE-WEEKLY"  # 佳县's 每周不少于2次 is what deducts
    assert sheet_for(packset.packs["nantong"], packset, "account")[0].article == "附件2"  # its own sheet wins


runner = CliRunner()


#: the sample register is current: its year of posts ends the day before this check date
SAMPLE_AS_OF = "2026-11-26"


def test_score_command_ranks_the_sample_register(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["score", "accounts/nantong", "--as-of", SAMPLE_AS_OF, "-f", "json"])
    assert result.exit_code == 1, result.output  # some accounts are 不合格
    data = json.loads(result.output)
    ranked = [(s["rank"], s["subject"], s["score"], s["verdict"]) for s in data["scores"] if s["level"] == "account"]
    assert ranked[0][2] == 100 and ranked[0][3] == "合格"
    assert [r[0] for r in ranked[:4]] == [1, 1, 1, 4]  # equal scores share a rank
    assert ("海门发布", 60, "合格") in [r[1:] for r in ranked] and ("南通人社办公室", 50, "不合格") in [r[1:] for r in ranked]
    assert [r[2] for r in ranked[-3:]] == [None, None, None]  # vetoed accounts rank last
    assert "南通城管" not in [r[1] for r in ranked]  # closed in September 2026
    # the designed spread: three compliant accounts, 95, 85, exactly 60 (passes), 50 (fails), three vetoes
    assert [(r[2], r[3]) for r in ranked] == [(100, "合格")] * 3 + [(95, "合格"), (85, "合格"), (60, "合格"),
                                                                    (50, "不合格")] + [(None, "不合格")] * 3
    vetoed = {s["subject"]: s["vetoes"][0]["rule"] for s in data["scores"] if s["level"] == "account" and s["vetoed"]}
    assert vetoed == {"南通健康": "NAT-APP-UNUSABLE", "南通公安": "NT-NO-FAKE-FOLLOWERS",
                      "崇川创文进行时": "NAT-NO-UPDATE-2-WEEKS"}
    register = next(s for s in data["scores"] if s["level"] == "register")
    # 集约整合 −10, 开设备案 −5 from the accounts; 抽查检查 −5: the third quarter's report sent on 10月9日, after
    # the 5th (accounts/nantong/supervision.yaml)
    assert register["score"] == 75 and register["computable"] == 60
    table = runner.invoke(app, ["score", "accounts/nantong", "--as-of", SAMPLE_AS_OF])
    assert "排名" in table.output and "单项否决" in table.output and "不合格" in table.output


def test_check_json_carries_scores_and_keeps_its_keys(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["check", "examples/nantong/score-below-60.yaml", "--as-of", "2025-07-01", "-f", "json"])
    data = json.loads(result.output)
    assert {"as_of", "period", "files", "accounts", "findings", "summary", "scores"} <= set(data)
    mine = next(s for s in data["scores"] if s["level"] == "account")
    assert (mine["score"], mine["verdict"], mine["deducted"]) == (55, "不合格", 45)
    table = runner.invoke(app, ["check", "examples/nantong/score-below-60.yaml", "--as-of", "2025-07-01", "--score"])
    assert "账号得分" in table.output and "55 分" in table.output
    focused = runner.invoke(app, ["check", "examples/nantong/score-below-60.yaml", "--as-of", "2025-07-01"])
    assert "账号得分" not in focused.output  # the table shows scores only when asked
    jiaxian = runner.invoke(app, ["check", "examples/jiaxian", "--as-of", "2025-07-01", "-f", "json"])
    scores = json.loads(jiaxian.output)["scores"]
    assert scores and {s["level"] for s in scores} == {"account"}  # the national index: no annual sheet


# 附件2 名称不规范 扣10分 — counted from the name heuristic, once
def test_name_not_tied_to_duties_deducts_10_points_once():
    text = account(name="南通小城故事", unit="南通市文化广电和旅游局")
    result = account_score(text)
    assert [(d.item, d.points) for d in result.deductions] == [("名称不规范", 10)] and result.score == 90


def _deducted(result, item):
    return [(d.occurrences, d.points) for d in result.deductions if d.item == item]


# 附件2 内容更新不及时：每周更新内容少于1次（服务号平均每周更新内容少于1次），每发现一起，扣5分
def test_annex_2_content_not_updated_a_service_account_short_on_average_is_one_case():
    text = account().replace("  platform: wechat\n", "  platform: wechat\n  platform_kind: 服务号\n")
    text = text.replace("  - {date: 2025-06-10, original: true, reviewers: [甲]}\n", "")
    result = account_score(text)  # 3 posts in 4 complete weeks: an average of 0.75, one case, not three
    assert _deducted(result, "内容更新不及时") == [(1, 5)] and result.score == 95


# 附件2 内容更新不及时 “每发现一起，扣5分”: a short week is one case however many posts it had
def test_annex_2_content_not_updated_a_short_week_with_two_posts_is_one_case():
    posts = "".join(f"  - {{date: 2025-06-{d:02d}}}\n" for d in (2, 3, 4, 9, 10, 11, 16, 17, 18, 23, 24, 30))
    text = ("account: {name: 黔江测试, host_unit: 黔江区测试局, host_unit_kind: department, platform: weibo,\n"
            "          verification_names_host: true, interaction_enabled: true, opened_on: 2025-06-02}\n"
            "posts:\n" + posts)
    result = account_score(text, pack="qianjiang")  # the week of 23 June has 2 posts: one case
    assert _deducted(result, "内容更新不及时") == [(1, 5)]


JIAXIAN = """
account: {name: 佳县测试, host_unit: 佳县测试局, host_unit_kind: department, platform: weibo,
          verification_names_host: true, interaction_enabled: true, opened_on: 2025-06-02}
posts:
"""


# 国办秘函〔2019〕19号 扣分指标 inherited by 佳县: the title says which criteria judged each item
def test_national_index_inherited_by_a_local_pack_is_titled_as_judged_by_the_local_rules():
    posts = "".join(f"  - {{date: 2025-06-{d:02d}}}\n" for d in (2, 4, 9, 11, 16, 18, 23, 30))  # one a week at the end
    result = account_score(JIAXIAN + posts, pack="jiaxian")
    assert result.document.startswith("政务新媒体检查指标（国办秘函〔2019〕19号）得分，其中 ")
    assert "项按佳县规定判定（不含指标以外的佳县规则）" in result.document
    assert result.local_criteria["NAT-UPDATE-WEEKLY"] == "JX-UPDATE-WEEKLY"
    assert [(d.item, d.detail, d.points) for d in result.deductions] == [
        ("内容更新不及时", "每周更新不少于2次（第十条（二）4）", 5)]
    assert "按" not in account_score(account()).document  # 南通's own 附件2: no local criteria to name


# 佳县 第十条（二）3 连续超过 14 天不更新判为不合格: a veto under 佳县's criterion, named as such
def test_national_index_veto_judged_by_jiaxian_14_day_rule_names_the_local_clause():
    posts = "".join(f"  - {{date: 2025-06-{d:02d}}}\n" for d in (2, 3, 4, 5, 20, 22, 23, 24, 25, 26, 30))
    result = account_score(JIAXIAN + posts, pack="jiaxian")  # 5→20 June: 15 days, mid-period
    assert [(v.item, v.detail, v.rule) for v in result.vetoes] == [
        ("内容不更新", "连续超过14天不更新判为不合格（第十条（二）3）", "JX-IDLE-OVER-14-DAYS")]


# 附件3 集约整合：政务新媒体已报关停却未发布停更公告的，每发现一个，扣5分 — only once the closure is filed
def test_annex_3_closed_without_notice_deducts_only_once_the_closure_is_filed():
    closed = account(name="南通旧号", status="closed").replace("  opened_on: 2025-06-02",
                                                                 "  opened_on: 2025-06-02\n  closed_on: 2025-06-20")
    unit = next(r for r in score(closed) if r.level == "host_unit")
    assert not any(d.detail == "已报关停却未发布停更公告" for d in unit.deductions)
    filed = closed.replace("posts:", "  - {type: close, event_on: 2025-06-20, filed_on: 2025-06-10}\nposts:")
    unit = next(r for r in score(filed) if r.level == "host_unit")
    assert [(d.occurrences, d.points) for d in unit.deductions if d.detail == "已报关停却未发布停更公告"] == [(1, 5)]


def test_annex_2_a_shop_link_in_a_post_text_is_the_commercial_ad_deduction():
    """附件2 扣分·发布商业广告 "刊登商业广告或链接商业广告页面": a link read in the post's text counts as the flag does."""
    text = account().replace("{date: 2025-06-10, original: true",
                             "{date: 2025-06-10, text: 报名请点击 https://item.jd.com/100012043978.html, original: true")
    result = account_score(text)
    assert [(d.item, d.points) for d in result.deductions] == [("发布商业广告", 10)] and result.score == 90
