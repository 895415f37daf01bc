"""Waivers: an account's approved exceptions, by code or alias, until they expire."""

from __future__ import annotations

import json
import textwrap

from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from samples import TEST_ACCOUNT

runner = CliRunner()

ACCOUNT = TEST_ACCOUNT + """\
  interaction_enabled: false
  staff:
    leader: {name: 张三, phone: "13812345678"}
"""


def check(tmp_path, waivers: str, *args: str, as_of: str = "2025-07-01"):
    path = tmp_path / "a.yaml"
    path.write_text(ACCOUNT + textwrap.dedent(waivers), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--as-of", as_of, "-f", "json",
                                 "--select", "JX-INTERACTION-ENABLED,JX-DEDICATED-STAFF,GML-WAIVER", *args])
    return result.exit_code, json.loads(result.stdout)


def rules(report):
    return sorted(f["rule"] for f in report["findings"])


def test_without_waivers_both_findings_are_reported(tmp_path):
    code, report = check(tmp_path, "")
    assert rules(report) == ["JX-DEDICATED-STAFF", "JX-INTERACTION-ENABLED"]
    assert report["waived"] == [] and report["summary"]["waived"] == 0


def test_a_valid_waiver_moves_the_finding_to_waived_with_its_approval(tmp_path):
    code, report = check(tmp_path, """\
        waivers:
          - rule: JX-INTERACTION-ENABLED
            reason: 试点期间暂不开设留言
            approval_ref: 佳政务函〔2025〕1号
            expires_on: 2025-12-31
        """)
    assert rules(report) == ["JX-DEDICATED-STAFF"]
    [waived] = report["waived"]
    assert waived["rule"] == "JX-INTERACTION-ENABLED" and waived["line"] == 8
    assert waived["waiver"] == {"rule": "JX-INTERACTION-ENABLED", "reason": "试点期间暂不开设留言",
                                "approval_ref": "佳政务函〔2025〕1号", "expires_on": "2025-12-31", "line": 12}
    assert report["summary"]["waived"] == 1 and report["summary"]["total"] == 1


def test_a_waiver_applies_through_the_expiry_day_and_not_after(tmp_path):
    waiver = """\
        waivers:
          - {rule: JX-INTERACTION-ENABLED, reason: 试点, approval_ref: 佳政务函〔2025〕1号, expires_on: 2025-07-01}
        """
    _, on_the_day = check(tmp_path, waiver)
    assert rules(on_the_day) == ["JX-DEDICATED-STAFF"]
    code, after = check(tmp_path, waiver, as_of="2025-07-02")
    assert rules(after) == ["GML-WAIVER", "JX-DEDICATED-STAFF", "JX-INTERACTION-ENABLED"]
    expired = next(f for f in after["findings"] if f["rule"] == "GML-WAIVER")
    assert expired["line"] == 12 and "2025-07-01 到期" in expired["message"] and "佳政务函〔2025〕1号" in expired["message"]
    assert expired["severity"] == "warning" and after["waived"] == []


def test_a_waiver_without_reason_is_a_finding_and_does_not_apply(tmp_path):
    _, report = check(tmp_path, """\
        waivers:
          - rule: JX-INTERACTION-ENABLED
            approval_ref: 佳政务函〔2025〕1号
        """)
    assert rules(report) == ["GML-WAIVER", "JX-DEDICATED-STAFF", "JX-INTERACTION-ENABLED"]
    problem = next(f for f in report["findings"] if f["rule"] == "GML-WAIVER")
    assert problem["line"] == 12 and "缺少理由" in problem["message"]


def test_an_unknown_code_and_an_unused_waiver_are_reported(tmp_path):
    _, report = check(tmp_path, """\
        waivers:
          - {rule: JX-NO-SUCH-RULE, reason: x}
          - {rule: JX-LEADER-ASSIGNED, reason: 已有分管领导}
        """, "--select", "JX-LEADER-ASSIGNED")
    problems = {f["line"]: f for f in report["findings"] if f["rule"] == "GML-WAIVER"}
    assert "不存在" in problems[12]["message"] and problems[12]["severity"] == "warning"
    assert "没有匹配到任何问题" in problems[13]["message"] and problems[13]["severity"] == "info"


def test_a_waiver_for_an_unselected_rule_is_not_called_unused(tmp_path):
    _, report = check(tmp_path, """\
        waivers:
          - {rule: JX-UPDATE-WEEKLY, reason: 暑期}
        """)
    assert "GML-WAIVER" not in rules(report)


ALIAS_PACK = """\
id: testpack
name: 测试县
document: 测试县政务新媒体管理办法
issued: 2024-01-01
in_force_from: 2024-01-01
extends: jiaxian
rules:
  - extends: JX-INTERACTION-ENABLED
    code: TP-INTERACTION
    aliases: [TP-OLD-INTERACTION]
"""


def test_a_waiver_by_alias(tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "testpack.yaml").write_text(ALIAS_PACK, encoding="utf-8")
    path = tmp_path / "a.yaml"
    path.write_text(ACCOUNT.replace("jurisdiction: jiaxian", "jurisdiction: testpack")
                    + "waivers:\n  - {rule: tp-old-interaction, reason: 试点, approval_ref: 测政务函〔2025〕1号}\n",
                    encoding="utf-8")
    args = ["check", str(path), "--as-of", "2025-07-01", "-f", "json", "--pack-dir", str(packs),
            "--select", "TP-INTERACTION,GML-WAIVER"]
    report = json.loads(runner.invoke(app, args).output)
    assert report["findings"] == []
    assert [w["rule"] for w in report["waived"]] == ["TP-INTERACTION"]
    assert report["waived"][0]["waiver"]["approval_ref"] == "测政务函〔2025〕1号"


def test_waived_findings_do_not_fail_the_run(tmp_path):
    code, report = check(tmp_path, """\
        waivers:
          - {rule: JX-INTERACTION-ENABLED, reason: 试点}
          - {rule: JX-DEDICATED-STAFF, reason: 人员调整中}
        """, "--fail-on", "warning")
    assert report["findings"] == [] and len(report["waived"]) == 2 and code == 0


def test_the_table_counts_waived_findings(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(ACCOUNT + "waivers:\n  - {rule: JX-INTERACTION-ENABLED, reason: 试点}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--as-of", "2025-07-01", "--select", "JX-INTERACTION-ENABLED"],
                           env={"COLUMNS": "400"})
    assert "没有发现问题" in result.stdout and "另有 1 个已豁免" in result.stdout and result.exit_code == 0


def test_a_waiver_of_a_roster_clause_is_valid_in_check_too(tmp_path):
    """A waiver naming a reconcile clause (SX-ROSTER-INACCURATE) is not reported by check as naming no rule."""
    from typer.testing import CliRunner

    from govmedia_lint.cli.app import app

    account = tmp_path / "a.yaml"
    account.write_text("account: {name: 濉溪政务, platform: wechat, jurisdiction: suixi, host_unit: 濉溪县人民政府办公室,"
                       " status: active}\nwaivers:\n  - {rule: SX-ROSTER-INACCURATE, reason: 名称变更已报送,"
                       " approval_ref: 濉政办函〔2026〕1号}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(account), "--as-of", "2026-11-26", "-f", "json", "--no-cache"])
    messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "GML-WAIVER"]
    assert not any("不存在" in m for m in messages), messages
