"""End-to-end: the installed CLI's commands, exit codes and outputs (through typer's runner)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def invoke(*args: str):
    # a wide terminal, so rich does not fold the text the assertions look for
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "400"})


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_check_sample_register_finds_violations_and_exits_1(in_root):
    result = invoke("check", "accounts/jiaxian")
    assert result.exit_code == 1, result.output
    assert "JX-" in result.output and "个错误" in result.output


def test_check_json_as_of_points_at_the_offending_items(in_root):
    result = invoke("check", "--format", "json", "accounts/jiaxian", "--as-of", "2025-07-01")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["as_of"] == "2025-07-01"
    assert report["period"] == {"since": "2024-07-02", "until": "2025-07-01"}
    assert set(report) >= {"as_of", "period", "files", "accounts", "findings", "summary"}
    late = [f for f in report["findings"] if f["rule"] == "JX-CHANGE-FILED-2-WORKDAYS"]
    assert late, "the late change filing of 佳县教育 must be found"
    lines = (ROOT / late[0]["file"]).read_text(encoding="utf-8").splitlines()
    assert "type: change" in lines[late[0]["line"] - 1] and "2024-09-30" in lines[late[0]["line"] - 1]
    finding = late[0]
    assert set(finding) >= {"rule", "name", "pack", "severity", "file", "line", "account", "message", "source", "evidence"}
    assert finding["source"]["article"] == "第八条（五）" and finding["source"]["ref"] == "佳政办发〔2024〕27号"
    reply = next(f for f in report["findings"] if f["rule"] == "JX-MESSAGE-REPLY-5-WORKDAYS")
    assert "received_at" in (ROOT / reply["file"]).read_text(encoding="utf-8").splitlines()[reply["line"] - 1]


def test_check_clean_file_exits_0(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("account: {name: a, platform: wechat, jurisdiction: jiaxian, host_unit: b, status: planned}\n",
                    encoding="utf-8")
    result = invoke("check", path, "--as-of", "2025-07-01", "--select", "JX-UPDATE-WEEKLY")
    assert result.exit_code == 0, result.output
    assert "没有发现问题" in result.output


def test_fail_on_never_and_warning(in_root):
    assert invoke("check", "accounts/jiaxian", "--fail-on", "never").exit_code == 0
    only_warnings = invoke("check", "accounts/jiaxian", "--select", "JX-ONE-PER-PLATFORM")
    assert only_warnings.exit_code == 0
    assert invoke("check", "accounts/jiaxian", "--select", "JX-ONE-PER-PLATFORM", "--fail-on", "warning").exit_code == 1


def test_select_and_ignore_by_prefix(in_root):
    report = json.loads(invoke("check", "accounts/jiaxian", "-f", "json", "--select", "JX-TEMP-OFFLINE",
                               "--ignore", "JX-TEMP-OFFLINE-NOTICE").output)
    rules = {f["rule"] for f in report["findings"]}
    assert rules and all(r.startswith("JX-TEMP-OFFLINE-") for r in rules) and "JX-TEMP-OFFLINE-NOTICE" not in rules


def test_bad_file_is_reported_with_line_and_others_still_checked(tmp_path):
    (tmp_path / "bad.yaml").write_text("account:\n  name: x\n  platfrom: wechat\n", encoding="utf-8")
    (tmp_path / "good.yaml").write_text(
        "account: {name: a, platform: wechat, jurisdiction: jiaxian, host_unit: b, status: active, purpose: special_event}\n",
        encoding="utf-8")
    result = invoke("check", tmp_path, "-f", "json", "--as-of", "2025-07-01")
    assert result.exit_code == 2
    report = json.loads(result.output)
    bad = [f for f in report["findings"] if f["rule"] == "GML-INPUT"]
    assert any(f["line"] == 3 and "platform" in f["message"] for f in bad)
    assert any(f["rule"] == "JX-NO-SPECIAL-EVENT-ACCOUNT" for f in report["findings"])
    assert report["summary"]["complete"] is False


def test_unknown_jurisdiction_is_an_error(tmp_path):
    (tmp_path / "a.yaml").write_text("account: {name: a, platform: wechat, jurisdiction: 火星, host_unit: b, status: active}\n",
                                     encoding="utf-8")
    result = invoke("check", tmp_path)
    assert result.exit_code == 2 and "GML-JURISDICTION" in result.output


def test_date_beyond_the_calendar_is_a_clear_error_and_a_calendar_file_fixes_it(tmp_path):
    account = tmp_path / "a.yaml"
    account.write_text("account: {name: a, platform: wechat, jurisdiction: jiaxian, host_unit: b, status: active}\n"
                       "messages:\n  - {received_at: 2026-12-30 10:00, replied_at: 2027-01-08 10:00}\n", encoding="utf-8")
    result = invoke("check", account, "--as-of", "2027-02-01", "--select", "JX-MESSAGE", "-f", "json",
                    "--strict-calendar")  # without it, 2027 is computed from the statutory holidays (test_calendar.py)
    assert result.exit_code == 2
    calendar_error = next(f for f in json.loads(result.output)["findings"] if f["rule"] == "GML-CALENDAR")
    assert "2027" in calendar_error["message"] and "--calendar" in calendar_error["message"]
    calendar = tmp_path / "cal.yaml"
    calendar.write_text("2027:\n  holidays: [2027-01-01]\n  workdays: []\n", encoding="utf-8")
    fixed = invoke("check", account, "--as-of", "2027-02-01", "--select", "JX-MESSAGE", "--calendar", calendar, "-f", "json")
    assert fixed.exit_code == 1, fixed.output  # 12-30 + 5 working days = 01-07 (01-01 off): 01-08 is late
    assert json.loads(fixed.output)["findings"][0]["evidence"]["deadline"] == "2027-01-07"


@pytest.mark.parametrize("args, message", [
    (["check", "--as-of", "2025/07/01"], "--as-of"),
    (["check", "--format", "yaml"], "--format"),
    (["check", "--pack", "atlantis"], "atlantis"),
    (["check", "no/such/dir"], "路径不存在"),
    (["check", "--since", "2025-07-01", "--as-of", "2025-01-01"], "晚于"),
])
def test_usage_errors_exit_2(args, message, in_root):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_output_file(tmp_path, in_root):
    out = tmp_path / "report.json"
    result = invoke("check", "accounts/jiaxian", "-f", "json", "-o", out)
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["files"] >= 8


def test_check_does_not_modify_input_files(in_root):
    before = {p: p.read_bytes() for p in (ROOT / "accounts").rglob("*.yaml")}
    invoke("check", "accounts")
    assert before == {p: p.read_bytes() for p in (ROOT / "accounts").rglob("*.yaml")}


def test_explain_every_jiaxian_rule(packset):
    for code in packset.packs["jiaxian"].rules:
        result = invoke("explain", code)
        assert result.exit_code == 0, code
        rule = packset.packs["jiaxian"].rules[code]
        assert rule.source.article in result.output and code in result.output


def test_explain_shows_thresholds_source_and_examples():
    result = invoke("explain", "JX-CHANGE-FILED-2-WORKDAYS")
    for text in ("within: 2", "佳政办发〔2024〕27号", "第八条（五）", "2 个工作日内", "不合格示例", "合格示例"):
        assert text in result.output


def test_explain_is_case_insensitive_and_json():
    data = json.loads(invoke("explain", "jx-update-weekly", "--format", "json").output)
    assert data["code"] == "JX-UPDATE-WEEKLY" and data["params"]["min"] == 2


def test_explain_misspelt_code_suggests_and_exits_2():
    result = invoke("explain", "JX-UPDATE-WEKLY")
    assert result.exit_code == 2
    assert "JX-UPDATE-WEEKLY" in result.output


def test_rules_and_packs_list(packset):
    rules = json.loads(invoke("rules", "--pack", "jiaxian", "-f", "json").output)
    assert {r["code"] for r in rules} == set(packset.packs["jiaxian"].rules)
    packs = json.loads(invoke("packs", "-f", "json").output)
    jiaxian = next(p for p in packs if p["id"] == "jiaxian")
    assert jiaxian["ref"] == "佳政办发〔2024〕27号" and jiaxian["in_force_until"] == "2026-06-23"
    assert "jiaxian" in invoke("packs").output


def test_version():
    assert invoke("--version").output.startswith("govmedia-lint ")


def test_table_folds_many_short_weeks_into_one_row_json_keeps_each_week(in_root):
    path = "accounts/jiaxian/佳县卫健.yaml"
    weeks = [f for f in json.loads(invoke("check", path, "-f", "json", "--select", "JX-UPDATE-WEEKLY").output)["findings"]
             if f["rule"] == "JX-UPDATE-WEEKLY"]
    assert len(weeks) > 3
    table = invoke("check", path, "--select", "JX-UPDATE-WEEKLY").output
    assert table.count("JX-UPDATE-WEEKLY") == 1
    flat = "".join(table.split())  # the message column wraps
    assert f"{len(weeks)}周未达到“每周更新不少于2次”" in flat and "12月15日—28日（连续2周）" in flat


def test_explain_tool_codes():
    from govmedia_lint.engine.evaluate import TOOL_RULE_DOCS, TOOL_RULES

    assert set(TOOL_RULE_DOCS) == set(TOOL_RULES)
    result = invoke("explain", "gml-input")
    assert result.exit_code == 0 and "GML-INPUT" in result.output and "行" in result.output
    assert json.loads(invoke("explain", "GML-PACK-EXPIRED", "-f", "json").output)["severity"] == "warning"


def test_rule_reference_in_docs_is_generated_from_the_packs(packset):
    """docs/rules.md is what `govmedia-lint rules --format markdown` prints: regenerate it when a pack changes."""
    generated = invoke("rules", "--format", "markdown").output
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == generated
    for rule in packset.all_rules():
        assert f"### {rule.code} — " in generated
