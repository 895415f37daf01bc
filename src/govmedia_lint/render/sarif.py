"""SARIF 2.1.0 (one run), as GitHub code scanning reads it.

Rules carry their title, the quoted clause of their source document and the
explain text; results carry repo-relative, percent-encoded paths with line
numbers and a line-independent ``partialFingerprints`` entry (the baseline
identity), so alerts follow a finding when lines move. Waived findings are
included as suppressed results (``suppressions``, kind ``external``) naming
the approval document.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, Optional
from urllib.parse import quote

from .. import __version__
from ..engine.findings import Finding
from ..policy.baseline import fingerprint
from . import Report
from .jsontext import dumps
from .rules import rule_info

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "govmediaLint/v1"


@lru_cache(maxsize=1 << 14)  # once per file, not once per finding
def artifact_uri(file: str) -> str:
    """A relative path as a URI reference (non-ASCII percent-encoded); absolute paths as file: URIs."""
    path = PurePosixPath(file.replace("\\", "/"))
    if path.is_absolute():
        return "file://" + quote(str(path), safe="/")
    return quote(str(path), safe="/")


def _rule(code: str, info: dict[str, Any]) -> dict[str, Any]:
    rule = {
        "id": code,
        "name": info["name"],
        "shortDescription": {"text": info["title"]},
        "fullDescription": {"text": info["clause"] or info["title"]},
        "help": {"text": info["help"]},
        "defaultConfiguration": {"level": LEVEL[info["severity"]]},
        "properties": {"tags": [t for t in ("govmedia-lint", info["pack"]) if t]},
    }
    if info["pack"]:
        rule["properties"]["pack"] = info["pack"]
    return rule


def _result(finding: Finding, index: dict[str, int], report: Report,
            waiver: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    column = finding.evidence.get("column") if finding.rule == "GML-INPUT" else None
    region = {"startLine": max(finding.line, 1), "startColumn": column if isinstance(column, int) and column > 0 else 1}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVEL[finding.severity],
        "message": {"text": finding.full_message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(finding.file), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }}],
        "partialFingerprints": {
            FINGERPRINT_KEY: fingerprint(finding, report.facts.get(finding.file), report.as_of)},
        "properties": {"account": finding.account, "pack": finding.pack, "evidence": finding.evidence},
    }
    if finding.provisional_calendar:
        result["properties"].update(provisional_calendar=True, note=finding.note)
    if waiver is not None:
        justification = "；".join(x for x in (waiver.get("approval_ref"), waiver.get("reason"),
                                              f"有效期至 {waiver['expires_on']}" if waiver.get("expires_on") else None)
                                 if x)
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": justification}]
    elif finding.baselined:  # known (in the baseline): shown, not a new alert
        result["suppressions"] = [{"kind": "external", "status": "underReview",
                                   "justification": "已知未整改：已记录在基线文件中"}]
    return result


def as_dict(report: Report) -> dict[str, Any]:
    findings = report.result.findings
    waived = report.result.waived
    codes = sorted({f.rule for f in findings} | {w.finding.rule for w in waived}
                   | {code for codes in report.result.evaluated.values() for code in codes})
    infos = {code: rule_info(code, report) for code in codes}
    index = {code: i for i, code in enumerate(codes)}
    results = [_result(f, index, report) for f in findings]
    results += [_result(w.finding, index, report, w.waiver_dict()) for w in waived]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "govmedia-lint",
                "semanticVersion": __version__,
                "version": __version__,
                "rules": [_rule(code, infos[code]) for code in codes],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "检查时的工作目录（仓库根目录）"}}},
            "invocations": [{
                "executionSuccessful": not report.result.incomplete,
                "properties": {"as_of": report.as_of.isoformat(), "since": report.since.isoformat(),
                               "until": report.until.isoformat(), "calendar": report.calendar,
                               "provisional_calendar_years": report.result.provisional_years},
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(report: Report) -> str:
    return dumps(as_dict(report)) + "\n"
