"""`due` on a small register: a 僵尸号 and an account being closed are each a list of steps (清理退出)."""

from __future__ import annotations

import json

import icalendar
from typer.testing import CliRunner

from govmedia_lint.cli.app import app

HEAD = "account: {{name: {name}, platform: wechat, jurisdiction: {pack}, host_unit: {unit}, status: {status}, " \
       "opened_on: 2020-01-01}}\n"


def _due(*args: str):
    return CliRunner().invoke(app, ["due", *args], catch_exceptions=False)


def test_a_zombie_and_a_closing_account_are_lists_of_dated_and_undated_steps(tmp_path):
    folder = tmp_path / "accounts"
    folder.mkdir()
    # idle since October: past the baseline's 2 weeks (NAT-NO-UPDATE-2-WEEKS, 南通's idle limit)
    (folder / "zombie.yaml").write_text(HEAD.format(name="南通旧闻", pack="nantong", unit="南通市某局", status="active")
                                        + "posts:\n  - {date: 2026-10-09}\n", encoding="utf-8")
    # being closed: its 备案登记表 submitted on 11月24日, so the 主管单位's system entry is due 3 working days later
    (folder / "closing.yaml").write_text(
        HEAD.format(name="南通招商", pack="nantong", unit="南通市投资促进中心", status="closing")
        + "posts:\n  - {date: 2026-11-25}\n"
        + "filings:\n  - {type: close, filed_on: 2026-11-24, approved_on: 2026-11-20}\n", encoding="utf-8")
    args = (str(folder), "--as-of", "2026-11-26")
    data = json.loads(_due(*args, "-f", "json").stdout)
    steps = {(i["account"], i["rule"], i["deadline"]) for i in data["obligations"]}
    assert {("南通旧闻", "NT-CLOSURE-APPROVED", None), ("南通旧闻", "NT-CLOSURE-FILED", None),
            ("南通旧闻", "NT-REGISTRY-3-WORKDAYS", None), ("南通旧闻", "NT-CLOSURE-NOTICE-15-WORKDAYS", None)} <= steps
    assert ("南通招商", "NT-REGISTRY-3-WORKDAYS", "2026-11-27") in steps
    assert ("南通招商", "NT-CLOSURE-NOTICE-15-WORKDAYS", None) in steps
    assert not {s for s in steps if s[0] == "南通招商" and s[1] in ("NT-CLOSURE-FILED", "NT-CLOSURE-APPROVED")}
    registry = [i for i in data["obligations"] if i["account"] == "南通招商" and i["rule"] == "NT-REGISTRY-3-WORKDAYS"]
    assert len(registry) == 1  # the plan's step and the rule's own obligation: one item
    table = _due(*args).stdout
    assert "南通旧闻（微信）  NT-CLOSURE-FILED" in table and "应恢复更新或按程序关停注销" in table
    assert "2026-11-27" in table
    target = tmp_path / "due.ics"
    _due(*args, "-f", "ics", "-o", str(target))
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert len(events) == len([i for i in data["obligations"] if not i["undated"]])
    assert any(str(e["DTSTART"].dt) == "2026-11-27" and "NT-REGISTRY-3-WORKDAYS" in str(e["DESCRIPTION"]) for e in events)
    assert "未定期限" in _due(*args, "-f", "csv").stdout
