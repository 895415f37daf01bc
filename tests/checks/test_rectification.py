"""Rectification (整改) items: their deadlines in check, due (and .ics), and the register's default."""

from __future__ import annotations

import json
import textwrap

from typer.testing import CliRunner

from govmedia_lint.cli.app import app

RUNNER = CliRunner()


def _register(tmp_path, items: str, config: str = ""):
    folder = tmp_path / "accounts"
    folder.mkdir()
    (folder / "a.yaml").write_text(textwrap.dedent("""\
        account: {name: 濉溪发布, platform: wechat, jurisdiction: suixi, host_unit: 濉溪县人民政府办公室, status: active,
                  opened_on: 2020-01-01}
        rectifications:
        """) + textwrap.indent(textwrap.dedent(items), "  "), encoding="utf-8")
    if config:
        (tmp_path / "govmedia-lint.toml").write_text(config, encoding="utf-8")
    return folder


def _findings(folder, *args):
    result = RUNNER.invoke(app, ["check", str(folder), "-f", "json", "--no-cache", "--select", "SX-RECTIFY,NAT-RECTIFIED",
                                 *args])
    return result, [f for f in json.loads(result.stdout)["findings"] if f["pack"]] if result.stdout.strip() else []


def test_an_item_past_its_working_day_deadline_is_an_error_and_listed_by_due(tmp_path):
    # 5 working days from the day after 2026-09-29, across the National Day holiday
    folder = _register(tmp_path, """\
        - {item: 9月以来未更新, source: notice, ref: 濉政办通〔2026〕3号, notified_on: 2026-09-29, due_within: 5wd}
        """)
    result, found = _findings(folder, "--as-of", "2026-11-02")
    assert result.exit_code == 1
    assert [(f["rule"], f["severity"]) for f in found] == [("NAT-RECTIFIED-10-DAYS", "warning"),
                                                           ("SX-RECTIFY-BY-DEADLINE", "error")]
    assert "仍未整改" in found[1]["message"] and "濉政办通〔2026〕3号" in found[1]["message"]
    assert "通知于 2026-09-29" in found[0]["message"] and "notified_on" not in found[0]["message"]
    due = RUNNER.invoke(app, ["due", str(folder), "--as-of", "2026-09-30", "-f", "json"])
    items = [i for i in json.loads(due.stdout)["obligations"] if i["rule"] == "SX-RECTIFY-BY-DEADLINE"]
    assert items and not items[0]["overdue"] and items[0]["deadline"] > "2026-10-07"
    later = RUNNER.invoke(app, ["due", str(folder), "--as-of", "2026-11-02", "-f", "json"])
    assert later.exit_code == 1
    assert any(i["overdue"] for i in json.loads(later.stdout)["obligations"] if i["rule"] == "SX-RECTIFY-BY-DEADLINE")
    ics = tmp_path / "due.ics"
    assert RUNNER.invoke(app, ["due", str(folder), "--as-of", "2026-09-30", "-f", "ics", "-o", str(ics)]).exit_code in (0, 1)
    assert "9月以来未更新" in ics.read_text(encoding="utf-8")


def test_done_in_time_passes_and_done_late_is_reported(tmp_path):
    folder = _register(tmp_path, """\
        - {item: 留言未答复, source: work_order, notified_on: 2026-06-01, due_on: 2026-06-10, rectified_on: 2026-06-09}
        - {item: 菜单失效, source: work_order, notified_on: 2026-06-01, due_on: 2026-06-10, rectified_on: 2026-06-15}
        """)
    result, found = _findings(folder, "--as-of", "2026-07-01")
    assert [(f["rule"], f["evidence"].get("late")) for f in found] == [("SX-RECTIFY-BY-DEADLINE", 5)]


def test_the_register_default_applies_to_items_without_a_deadline(tmp_path):
    folder = _register(tmp_path, """\
        - {item: 自查发现错别字, source: self_check, notified_on: 2026-06-01}
        """, config='rectification-due = "3wd"\n')
    result, found = _findings(folder, "--as-of", "2026-07-01")
    assert [f["rule"] for f in found] == ["SX-RECTIFY-BY-DEADLINE"]
    assert "登记默认期限" in found[0]["message"] and "2026-06-04" in found[0]["message"]


def test_without_any_deadline_a_self_check_item_is_not_judged(tmp_path):
    folder = _register(tmp_path, "- {item: 自查发现错别字, source: self_check, notified_on: 2026-06-01}\n")
    result, found = _findings(folder, "--as-of", "2026-07-01")
    assert result.exit_code == 0 and found == []


def test_bad_deadlines_are_input_errors(tmp_path):
    folder = _register(tmp_path, "- {item: 未更新, notified_on: 2026-06-01, due_within: 5天}\n")
    result = RUNNER.invoke(app, ["check", str(folder), "--no-cache"])
    assert result.exit_code == 2 and "due_within" in result.output and "Traceback" not in result.output
    folder2 = tmp_path / "other"
    folder2.mkdir()
    (folder2 / "govmedia-lint.toml").write_text('rectification-due = "five days"\n', encoding="utf-8")
    (folder2 / "a.yaml").write_text((folder / "a.yaml").read_text(encoding="utf-8").replace("5天", "5d"),
                                    encoding="utf-8")
    result = RUNNER.invoke(app, ["check", str(folder2), "--no-cache"])
    assert result.exit_code == 2 and "rectification-due" in result.output


def test_report_counts_them_per_unit(tmp_path):
    folder = _register(tmp_path, """\
        - {item: 未更新, source: notice, notified_on: 2026-04-01, due_within: 5wd}
        - {item: 菜单失效, source: work_order, notified_on: 2026-05-04, due_on: 2026-05-10, rectified_on: 2026-05-15}
        - {item: 错别字, source: work_order, notified_on: 2026-05-04, due_on: 2026-05-10, rectified_on: 2026-05-08}
        """)
    result = RUNNER.invoke(app, ["report", str(folder), "--period", "2026Q2", "-f", "json"])
    data = json.loads(result.stdout)
    unit = data["figures"]["units"][0]
    assert (unit["unit"], unit["rectification_overdue"], unit["rectification_late"]) == ("濉溪县人民政府办公室", 1, 1)
    table = RUNNER.invoke(app, ["report", str(folder), "--period", "2026Q2"], env={"COLUMNS": "160"})  # headings unwrapped
    assert "整改逾期" in table.stdout
