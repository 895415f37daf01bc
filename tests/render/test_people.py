"""Issue 11 §3: findings a person can act on — grouped weekly rows, one expired-pack notice per run,
Chinese messages, a ranking for every jurisdiction, reports for a 通报."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.conditions import describe

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_AS_OF = "2026-11-26"
runner = CliRunner()


def invoke(*args: str, cwd: Path = ROOT, monkeypatch=None):
    if monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return runner.invoke(app, list(args))


# ── every jurisdiction gets a ranking ───────────────────────────────────────────

def test_score_ranks_jiaxian_on_the_national_index(monkeypatch):
    result = invoke("score", "accounts/jiaxian", "-f", "json", monkeypatch=monkeypatch)  # as-of: pyproject.toml
    scores = [s for s in json.loads(result.output)["scores"] if s["level"] == "account"]
    assert len(scores) >= 8 and all(s["pack"] == "jiaxian" for s in scores)
    assert all("国办秘函〔2019〕19号" in s["document"] for s in scores)
    assert [s["rank"] for s in scores] == sorted(s["rank"] for s in scores)
    assert any(s["vetoed"] for s in scores) and any(s["passed"] for s in scores)
    table = invoke("score", "accounts/jiaxian", monkeypatch=monkeypatch).output
    assert "微信" in table and "wechat" not in table


# ── messages speak Chinese ──────────────────────────────────────────────────────

def test_conditions_are_described_with_labels_not_field_names():
    assert describe({"host_unit_kind": {"in": ["internal_office", "individual"]}}) == "主办单位类型为内设机构或个人"
    assert describe({"verification_names_host": True}) == "“认证信息标明主办单位”为“是”"
    assert describe({"staff.leader": {"exists": True}}) == "已填写分管负责人"  # labels: fields.yaml
    assert describe({"source_approved": {"ne": True}}) == "“来源合规”为“否”"


def test_rule_reference_keeps_field_names():
    named = describe({"host_unit_kind": {"in": ["internal_office"]}}, names=True)
    assert named == "host_unit_kind 为 internal_office 之一"


def test_sample_register_messages_name_no_fields(monkeypatch):
    result = invoke("check", "accounts", "-f", "json", monkeypatch=monkeypatch)
    messages = [f["message"] for f in json.loads(result.output)["findings"] if "missing" not in f["evidence"]]
    for word in ("host_unit_kind", "verification_names_host", "close 备案", "change 备案", "为 true", "wechat"):
        assert not [m for m in messages if word in m], word


# ── one row per rule per account in every people format ─────────────────────────

WEEKLY_FILE = "accounts/jiaxian/佳县卫健.yaml"


@pytest.fixture(scope="module")
def jiaxian(tmp_path_factory):
    """佳县's register checked once per format: JSON (machine), table, HTML, XLSX."""
    out = tmp_path_factory.mktemp("jiaxian")
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        runs = {fmt: runner.invoke(app, ["check", "accounts/jiaxian", "-f", fmt, "-o", str(out / f"r.{fmt}"),
                                         "--title", "佳县2026年第四季度政务新媒体检查情况"])
                for fmt in ("json", "html", "xlsx")}
        runs["table"] = runner.invoke(app, ["check", "accounts/jiaxian"])
    finally:
        os.chdir(cwd)
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    sheet = load_workbook(out / "r.xlsx")["问题清单"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return {"json": data, "html": (out / "r.html").read_text(encoding="utf-8"), "table": runs["table"].output,
            "xlsx": [dict(zip(header, row)) for row in rows], "book": load_workbook(out / "r.xlsx")}


def test_machine_formats_keep_one_finding_per_short_week(jiaxian):
    weeks = [f for f in jiaxian["json"]["findings"] if f["rule"] == "JX-UPDATE-WEEKLY" and f["file"] == WEEKLY_FILE]
    assert len(weeks) == 28 and len({f["evidence"]["week"] for f in weeks}) == 28


def test_xlsx_has_one_row_per_rule_per_account_listing_the_weeks_as_dates(jiaxian):
    mine = [r for r in jiaxian["xlsx"] if r["文件"] == WEEKLY_FILE]
    weekly = [r for r in mine if r["规则代码"] == "JX-UPDATE-WEEKLY"]
    assert len(weekly) == 1 and len(mine) == 2  # the two idle gaps are one row too
    assert "28 周未达到" in weekly[0]["问题说明"] and "7月20日—9月13日（连续 8 周）" in weekly[0]["问题说明"]
    assert weekly[0]["证据"].startswith("2025-12-15～2025-12-21：") and "{" not in weekly[0]["证据"]


def test_xlsx_rows_name_unit_platform_jurisdiction_and_rule_title(jiaxian):
    row = next(r for r in jiaxian["xlsx"] if r["规则代码"] == "JX-NO-INTERNAL-OR-PERSONAL-SUBJECT")
    assert (row["辖区"], row["主办单位"], row["平台"]) == ("佳县", "佳县人力资源和社会保障局办公室", "微信")
    assert row["规则"] == "内设机构和个人不得作为账号主体或认证主体" and row["状态"] == "待整改"


def test_xlsx_rows_are_sorted_by_severity_within_an_account(jiaxian):
    order = {"错误": 0, "警告": 1, "提示": 2}
    for file in {r["文件"] for r in jiaxian["xlsx"]}:
        levels = [order[r["级别"]] for r in jiaxian["xlsx"] if r["文件"] == file and r["状态"] in ("待整改", "待补充")]
        assert levels == sorted(levels), file


def test_missing_data_is_to_be_filled_in_not_to_be_fixed(jiaxian):
    missing = [r for r in jiaxian["xlsx"] if r["问题说明"].startswith("缺少规则所需数据")]
    assert missing and {r["状态"] for r in missing} == {"待补充"}


def test_expired_pack_is_reported_once_per_run_for_no_unit(jiaxian):
    machine = [f for f in jiaxian["json"]["findings"] if f["rule"] == "GML-PACK-EXPIRED"]
    rows = [r for r in jiaxian["xlsx"] if r["规则代码"] == "GML-PACK-EXPIRED"]
    assert len(machine) == 1 and "10 个账号" in machine[0]["message"]
    assert len(rows) == 1 and rows[0]["状态"] == "待确认" and not rows[0]["主办单位"]
    assert jiaxian["table"].count("GML-PACK-EXPIRED") == 0 and jiaxian["table"].count("规则包依据的文件已过有效期") == 1
    assert jiaxian["html"].count("GML-PACK-EXPIRED") == 1


def test_expired_pack_acknowledged_in_the_config(tmp_path, monkeypatch):
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "a.yaml").write_text((ROOT / WEEKLY_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "govmedia-lint.toml").write_text('as-of = 2026-11-26\n[packs.jiaxian]\nacknowledged = "佳政办函〔2026〕12号"\n',
                                                encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(runner.invoke(app, ["check", "accounts", "-f", "json"]).output)
    assert not [f for f in data["findings"] if f["rule"] == "GML-PACK-EXPIRED"]
    assert [w["waiver"]["approval_ref"] for w in data["waived"] if w["rule"] == "GML-PACK-EXPIRED"] == ["佳政办函〔2026〕12号"]
    html = runner.invoke(app, ["check", "accounts", "-f", "html"]).output
    assert "已确认：佳政办函〔2026〕12号" in html and "已豁免的问题" not in html
    shown = runner.invoke(app, ["check", "accounts", "--show-config"]).output
    assert "[packs.\"jiaxian\"]" in shown and "佳政办函〔2026〕12号" in shown and "as-of = 2026-11-26" in shown


def test_acknowledging_an_unknown_pack_is_a_configuration_error(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text((ROOT / WEEKLY_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "govmedia-lint.toml").write_text('[packs.jiaxain]\nacknowledged = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "a.yaml"])
    assert result.exit_code == 2 and "jiaxain" in result.output


def test_table_and_summary_count_problems_not_weeks(jiaxian):
    table = "".join(jiaxian["table"].split())
    assert table.count("JX-UPDATE-WEEKLY") == 1
    counts = {s: 0 for s in ("error", "warning", "info")}
    for row in jiaxian["xlsx"]:
        counts[{"错误": "error", "警告": "warning", "提示": "info"}[row["级别"]]] += 1
    assert f"{counts['error']}个错误，{counts['warning']}个警告，{counts['info']}个提示" in table
    summary = {row[1]: row for row in jiaxian["book"]["账号汇总"].iter_rows(values_only=True)}
    assert summary["佳县卫健"][7:10] == (1, 1, 0)


def test_html_report_for_a_notice_has_title_unit_and_problem_summaries(jiaxian):
    html = jiaxian["html"]
    assert "<h1>佳县2026年第四季度政务新媒体检查情况</h1>" in html
    assert "各单位问题汇总" in html and "问题分类汇总" in html
    assert "每周更新不少于2次<br><code class=\"code\">JX-UPDATE-WEEKLY</code>" in html
    assert html.count("28 周未达到") == 1


def test_title_is_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "r.html"
    runner.invoke(app, ["check", WEEKLY_FILE, "-f", "html", "-o", str(out), "--title", "<script>x</script>\u202e"])
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html and "\u202e" not in html


def test_a_rule_on_many_posts_is_one_row_naming_their_days_with_every_finding_in_the_detail(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "r.xlsx"
    runner.invoke(app, ["check", "accounts/suixi", "-f", "xlsx", "-o", str(out)])
    book = load_workbook(out)
    rows = [r for r in book["问题清单"].iter_rows(values_only=True) if r[5] == "SX-OUTSOURCED-HOST-REVIEW"]
    assert len(rows) == 1
    assert rows[0][7].startswith("7 篇信息不符合“") and "2026年11月3日、11月6日" in rows[0][7]
    detail = [r for r in book["问题明细"].iter_rows(values_only=True) if r[5] == "SX-OUTSOURCED-HOST-REVIEW"]
    assert len(detail) == 7 and all("代运营-吴主管" in r[7] for r in detail)
    html = runner.invoke(app, ["check", "accounts/suixi", "-f", "html"]).stdout
    assert "逐条明细（7 条）" in html
    machine = json.loads(runner.invoke(app, ["check", "accounts/suixi", "-f", "json"]).stdout)["findings"]
    assert sum(1 for f in machine if f["rule"] == "SX-OUTSOURCED-HOST-REVIEW") == 7


def test_same_named_accounts_are_named_with_their_platform_in_every_people_format(tmp_path, monkeypatch):
    source = (ROOT / "accounts" / "qianjiang" / "平安黔江-微博.yaml").read_text(encoding="utf-8")
    (tmp_path / "weibo.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "wechat.yaml").write_text(source.replace("platform: weibo", "platform: wechat"), encoding="utf-8")
    args = [str(tmp_path), "--as-of", "2026-11-26"]
    table = runner.invoke(app, ["check", *args]).stdout
    html = runner.invoke(app, ["check", *args, "-f", "html"]).stdout
    due = runner.invoke(app, ["due", *args]).stdout
    ics = runner.invoke(app, ["due", *args, "-f", "ics"]).stdout
    score = runner.invoke(app, ["score", *args]).stdout
    assert "平安黔江（微博）" in html and "平安黔江（微信）" in html
    assert "平安黔江（微信）" in table  # the Weibo account has no problem
    for text in (due, ics, score):
        assert "平安黔江（微" in text, text[:300]
    assert "平安黔江：" not in ics and "  平安黔江  " not in due
