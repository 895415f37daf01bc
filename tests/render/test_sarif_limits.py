"""SARIF within GitHub code scanning's documented upload limits, and valid against the SARIF 2.1.0 schema.

GitHub rejects a run with more than 25,000 results and an upload over 10 MB gzipped; a register of 1,000 accounts
gives ~35,000 results. The most severe results are kept and one note result counts the rest.
"""

from __future__ import annotations

import base64
import gzip
import json
import random
from datetime import date

import jsonschema
import pytest

from govmedia_lint.engine.evaluate import RunResult
from govmedia_lint.render import Report, render
from govmedia_lint.render import sarif
from test_formats import SCHEMA, _finding

FILE = "accounts/jiaxian/账号{}.yaml"


def _report(findings) -> Report:
    files = sorted({f.file for f in findings})
    evaluated = {file: sorted({f.rule for f in findings if f.file == file}) for file in files}
    return Report(RunResult(findings, len(files), len(files), evaluated, True), date(2025, 7, 1), date(2024, 7, 2),
                  date(2025, 7, 1), "chinese-calendar", mask=False)


def _many(errors: int, warnings: int, infos: int, message: str = "2025-W23 只更新 0 次") -> list:
    out = []
    for n, severity in enumerate(["info"] * infos + ["error"] * errors + ["warning"] * warnings):
        out.append(_finding("JX-UPDATE-WEEKLY" if severity == "error" else f"JX-{severity.upper()}",
                            FILE.format(n % 1000), 20 + n // 1000, message, severity=severity,
                            evidence={"week": n}))
    return out


def test_a_run_over_25000_results_keeps_errors_first_and_counts_the_rest(capsys):
    report = _report(_many(errors=6_000, warnings=20_000, infos=9_000))
    log = json.loads(render(report, "sarif"))
    run = log["runs"][0]
    results = run["results"]
    assert len(log["runs"]) == 1 and len(results) == sarif.MAX_RESULTS
    levels = [r["level"] for r in results[:-1]]
    assert levels.count("error") == 6_000 and levels.count("warning") == 18_999 and "note" not in levels
    notice = results[-1]
    assert notice["ruleId"] == sarif.LIMIT_RULE and notice["level"] == "note"
    assert run["tool"]["driver"]["rules"][notice["ruleIndex"]]["id"] == sarif.LIMIT_RULE
    assert notice["properties"]["left_out"] == {"warning": 1_001, "note": 9_000}
    assert "警告 1,001 条、提示 9,000 条 未列出" in notice["message"]["text"]
    assert notice["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert "SARIF 共 35,000 条结果" in capsys.readouterr().err
    assert len(gzip.compress(json.dumps(log).encode())) < sarif.MAX_GZIPPED


def test_a_run_within_the_limit_is_whole_and_silent(capsys):
    report = _report(_many(errors=10, warnings=10, infos=10))
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    assert len(results) == 30 and sarif.LIMIT_RULE not in {r["ruleId"] for r in results}
    assert capsys.readouterr().err == ""


def test_a_run_over_10_mb_gzipped_is_cut_to_fit(capsys):
    rng = random.Random(7)
    findings = [_finding("JX-UPDATE-WEEKLY", FILE.format(n), 3, base64.b64encode(rng.randbytes(6_000)).decode(),
                         severity="warning" if n % 3 else "error") for n in range(2_200)]
    text = render(_report(findings), "sarif")  # UTF-8, as written to the file
    packed = len(gzip.compress(text))
    assert packed <= sarif.MAX_GZIPPED, packed
    results = json.loads(text)["runs"][0]["results"]
    assert 2 < len(results) < 2_200 and results[-1]["ruleId"] == sarif.LIMIT_RULE
    errors = sum(f.severity == "error" for f in findings)
    assert [r["level"] for r in results].count("error") == errors  # warnings went first
    assert "只列出最严重的" in capsys.readouterr().err


@pytest.mark.parametrize("room", [5, 60])
def test_a_cut_run_is_valid_against_the_sarif_schema(room):
    report = _report(_many(errors=20, warnings=20, infos=20))
    log = sarif.as_dict(report, max_results=room)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    assert len(log["runs"][0]["results"]) == min(room, 60)
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert len(rule["properties"]["tags"]) <= 20  # GitHub: tags per rule
    assert all(len(r["locations"]) == 1 for r in log["runs"][0]["results"])  # GitHub: at least one, at most 1,000
