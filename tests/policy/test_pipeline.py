"""One judgement for every command and output: the same register and settings get the same verdict from
``check`` (every format), ``score``, ``due`` and ``report``."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.engine.kinds import KINDS, SCOPES
from govmedia_lint.policy.pipeline import STEPS
from govmedia_lint.settings.config_file import tomllib

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "nantong"
AS_OF = "2025-07-01"


@pytest.fixture
def register(tmp_path):
    """Two 南通 accounts with errors and scores, and a configuration file beside them."""
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    for name in ("idle-two-weeks-veto.yaml", "score-below-60.yaml"):
        shutil.copy(EXAMPLES / name, accounts / name)
    return tmp_path


def check_json(root: Path, *args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", str(root / "accounts"), "--as-of", AS_OF, "-f", "json", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_the_steps_are_declared_in_order():
    assert STEPS == ("expired-packs", "severity", "waivers", "baseline", "scores")


def test_a_severity_override_reaches_the_period_report(register):
    _, plain = check_json(register)
    rule = next(f["rule"] for f in plain["findings"] if f["severity"] == "error" and f["pack"])
    (register / "govmedia-lint.toml").write_text(f'[severity]\n"{rule}" = "info"\n', encoding="utf-8")
    _, checked = check_json(register)
    assert {f["severity"] for f in checked["findings"] if f["rule"] == rule} == {"info"}
    result = runner.invoke(app, ["report", str(register / "accounts"), "--since", "2025-01-01", "--until", AS_OF,
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    rules = {r["rule"]: r for r in json.loads(result.stdout)["figures"]["rules"]}
    assert rule not in rules or rules[rule]["severity"] == "info"


def test_show_config_prints_the_command_line_over_the_file(register):
    (register / "govmedia-lint.toml").write_text('as-of = "2026-01-05"\nscore = false\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(register / "accounts"), "--as-of", "2025-01-01", "--score",
                                 "--show-config"])
    assert result.exit_code == 0, result.output
    shown = tomllib.loads(result.stdout)
    assert str(shown["as-of"]) == "2025-01-01" and shown["score"] is True
    assert "as-of = 2025-01-01  # 命令行" in result.stdout


def test_a_cross_account_kind_that_raises_is_an_internal_error_not_a_traceback(register, monkeypatch):
    register_kinds = [kind for kind in KINDS.values() if kind.scope == "register"]
    assert register_kinds and set(SCOPES) == {"file", "register"}

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    for kind in register_kinds:
        monkeypatch.setitem(KINDS, kind.name, dataclasses.replace(kind, func=broken))
    result = runner.invoke(app, ["check", str(register / "accounts"), "--as-of", AS_OF, "-f", "json", "--no-cache",
                                 "--jobs", "1"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "GML-INTERNAL" in rules


def test_a_baseline_marks_known_problems_but_changes_no_count_or_score(register):
    baseline = register / "baseline.json"
    code, before = check_json(register)
    assert code == 1 and before["scores"]
    written = runner.invoke(app, ["check", str(register / "accounts"), "--as-of", AS_OF, "--write-baseline",
                                  str(baseline)])
    assert written.exit_code == 0, written.output
    code, after = check_json(register, "--baseline", str(baseline))
    assert code == 0  # nothing new
    assert after["summary"]["baselined"] == len(after["findings"]) == len(before["findings"])
    assert {k: v for k, v in after["summary"].items() if k != "baselined"} == \
        {k: v for k, v in before["summary"].items() if k != "baselined"}
    assert after["scores"] == before["scores"]
    code, ignored = check_json(register, "--baseline", str(baseline), "--no-baseline")
    assert code == 1 and not any(f.get("baselined") for f in ignored["findings"])


def test_the_leaders_reports_show_known_problems_as_such(register, tmp_path):
    baseline = register / "baseline.json"
    runner.invoke(app, ["check", str(register / "accounts"), "--as-of", AS_OF, "--write-baseline", str(baseline)])
    pages = {}
    for known in (False, True):
        extra = ["--baseline", str(baseline)] if known else []
        html, xlsx = tmp_path / f"r{known}.html", tmp_path / f"r{known}.xlsx"
        for fmt, out in (("html", html), ("xlsx", xlsx)):
            result = runner.invoke(app, ["check", str(register / "accounts"), "--as-of", AS_OF, "-f", fmt, "-o",
                                         str(out), "--no-cache", *extra])
            assert result.exit_code == (0 if known else 1), result.output
        sheet = load_workbook(xlsx).worksheets[0]
        pages[known] = (html.read_text(encoding="utf-8"), list(sheet.iter_rows(min_row=2, values_only=True)))
    plain_html, plain_rows = pages[False]
    known_html, known_rows = pages[True]
    assert len(plain_rows) == len(known_rows)
    assert any("已知未整改" in (cell or "") for row in known_rows for cell in row if isinstance(cell, str))
    assert not any("已知未整改" in (cell or "") for row in plain_rows for cell in row if isinstance(cell, str))
    assert "其中已知未整改" in known_html
    # the same cards (errors, warnings, scores) with or without the baseline
    card = 'class="card"><b class="error">'
    assert plain_html.split(card)[1].split("<")[0] == known_html.split(card)[1].split("<")[0] != "0"


def test_score_is_the_same_with_a_configured_baseline(register):
    baseline = register / "baseline.json"
    runner.invoke(app, ["check", str(register / "accounts"), "--as-of", AS_OF, "--write-baseline", str(baseline)])
    plain = runner.invoke(app, ["score", str(register / "accounts"), "--as-of", AS_OF, "-f", "json"])
    (register / "govmedia-lint.toml").write_text('baseline = "baseline.json"\n', encoding="utf-8")
    known = runner.invoke(app, ["score", str(register / "accounts"), "--as-of", AS_OF, "-f", "json"])
    assert plain.exit_code == known.exit_code and json.loads(plain.stdout) == json.loads(known.stdout)


def test_sarif_marks_known_problems_as_suppressed_under_review(register):
    baseline = register / "baseline.json"
    runner.invoke(app, ["check", str(register / "accounts"), "--as-of", AS_OF, "--write-baseline", str(baseline)])
    result = runner.invoke(app, ["check", str(register / "accounts"), "--as-of", AS_OF, "-f", "sarif", "--no-cache",
                                 "--baseline", str(baseline)])
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert results and all(r["suppressions"][0]["status"] == "underReview" for r in results
                           if r["ruleId"] != "GML-PACK-EXPIRED")
