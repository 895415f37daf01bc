"""End to end: a county's 整改台账 imported into one account, then `check` reports the overdue item as an error
and `due` lists the open one with its deadline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from govmedia_lint.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "imports"


def invoke(*args):
    return CliRunner().invoke(app, [*map(str, args)])


def test_import_the_ledger_then_check_and_due(tmp_path):
    target = tmp_path / "佳县水利.yaml"
    shutil.copy(DATA / "jiaxian_water.yaml", target)
    imported = invoke("import", "rectification-ledger", DATA / "rectification_ledger.csv", "--account", target)
    assert imported.exit_code == 0, imported.output
    assert "整改事项 rectifications：新增 3" in imported.output and "台账中其他账号的行 3 行" in imported.output

    checked = invoke("check", target, "--as-of", "2025-06-13", "--format", "json", "--no-cache")
    assert checked.exit_code == 1, checked.output
    findings = [f for f in json.loads(checked.stdout)["findings"] if f["rule"] == "JX-RECTIFY-BY-DEADLINE"]
    assert len(findings) == 1
    overdue = findings[0]
    assert overdue["severity"] == "error"
    assert overdue["evidence"]["item"] == "留言超过5个工作日未答复" and overdue["evidence"]["deadline"] == "2025-06-06"
    assert "截至 2025-06-13 仍未整改（逾期 7 天）" in overdue["message"]

    due = invoke("due", target, "--as-of", "2025-06-13", "--format", "json")
    assert due.exit_code == 1, due.output  # something is overdue
    listed = {(d["rule"], d["evidence"]["item"]): d for d in json.loads(due.stdout)["obligations"]
              if d["rule"] == "JX-RECTIFY-BY-DEADLINE"}
    pending = listed[("JX-RECTIFY-BY-DEADLINE", "底部菜单“办事指南”链接失效")]
    assert pending["deadline"] == "2025-06-24" and pending["overdue"] is False  # 10 working days from 06-10
    assert listed[("JX-RECTIFY-BY-DEADLINE", "留言超过5个工作日未答复")]["overdue"] is True
    assert not any(key[1].startswith("“政策解读”") for key in listed)  # done in time: nothing due

    again = invoke("import", "rectification-ledger", DATA / "rectification_ledger.csv", "--account", target)
    assert again.exit_code == 0 and "无需修改" in again.output
