"""SARIF 2.1.0 (one run), as GitHub code scanning reads it, within its upload limits.

Rules carry their title, the quoted clause of their source document and the
explain text; results carry repo-relative, percent-encoded paths with line
numbers and a line-independent ``partialFingerprints`` entry (the baseline
identity), so alerts follow a finding when lines move. Waived findings are
included as suppressed results (``suppressions``, kind ``external``) naming
the approval document.

GitHub rejects a run of more than 25,000 results and an upload of more than 10 MB gzipped (and shows only the first
5,000 of a run, by severity). A larger run keeps the most severe results (errors, then warnings, then notes; waived
ones last) up to those limits and ends with one ``note`` result (rule ``GML-SARIF-LIMIT``) that counts what was left
out by level; the command says so on stderr. Splitting by pack into runs would not help: runs of one tool and one
category in one upload are no longer combined by GitHub, and one pack alone can exceed the limit.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, Optional
from urllib.parse import quote

from .. import __version__
from ..engine.findings import Finding
from ..run.identity import known_fingerprint
from . import Report
from .jsontext import dumps_utf8
from .rules import rule_info

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "govmediaLint/v2"
#: GitHub code scanning's hard limits: results per run, and the gzipped upload in bytes
MAX_RESULTS = 25_000
MAX_GZIPPED = 10 * 1000 * 1000
LIMIT_RULE = "GML-SARIF-LIMIT"
_KEEP_FIRST = {"error": 0, "warning": 1, "note": 2}
_LEVEL_NAMES = {"error": "错误", "warning": "警告", "note": "提示"}


@lru_cache(maxsize=16384)  # once per file, not once per finding
def artifact_uri(file: str) -> str:
    """A relative path as a URI reference (non-ASCII percent-encoded); absolute paths as file: URIs."""
    path = PurePosixPath(file.replace("\\", "/"))
    if path.is_absolute():
        return "file://" + quote(str(path), safe="/")
    return quote(str(path), safe="/")


@lru_cache(maxsize=16384)
def _artifact(file: str) -> dict[str, str]:
    """The artifact location of a file, one object for all its results (written, never changed)."""
    return {"uri": artifact_uri(file), "uriBaseId": "%SRCROOT%"}


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
            "artifactLocation": _artifact(finding.file),
            "region": region,
        }}],
        "partialFingerprints": {
            FINGERPRINT_KEY: known_fingerprint(finding, report.facts.get(finding.file), report.as_of,
                                               report.fingerprints)},
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


def _limit_rule() -> dict[str, Any]:
    text = "SARIF 结果数超过 GitHub 代码扫描的上限，其余结果未列出"
    return {"id": LIMIT_RULE, "name": "sarif-result-limit", "shortDescription": {"text": text},
            "fullDescription": {"text": text},
            "help": {"text": f"GitHub 每次上传的一个 run 最多 {MAX_RESULTS:,} 条结果、压缩后不超过 10 MB。"
                             "完整结果请用 --format json、csv 或 xlsx 导出，或用 --select/--ignore 分批上传。"},
            "defaultConfiguration": {"level": "note"}, "properties": {"tags": ["govmedia-lint"]}}


class _Results:
    """A report's results (its findings, then its waived findings), each built when first asked for: a run over
    GitHub's limits keeps the most severe results only, and the others are counted, never built."""

    def __init__(self, report: Report):
        findings, waived = report.result.findings, report.result.waived
        self.report = report
        self.items: list[tuple[Finding, Optional[dict[str, Any]]]] = [(f, None) for f in findings]
        self.items += [(w.finding, w.waiver_dict()) for w in waived]
        self.codes = sorted({f.rule for f in findings} | {w.finding.rule for w in waived}
                            | {code for codes in report.result.evaluated.values() for code in codes})
        self.index = {code: i for i, code in enumerate(self.codes)}
        self._built: dict[int, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self.items)

    def result(self, i: int) -> dict[str, Any]:
        built = self._built.get(i)
        if built is None:
            finding, waiver = self.items[i]
            built = self._built[i] = _result(finding, self.index, self.report, waiver)
        return built

    def level(self, i: int) -> str:
        return LEVEL[self.items[i][0].severity]

    def priority(self, i: int) -> tuple[bool, int]:
        """Kept first: not suppressed (waived or known from the baseline), then errors, warnings, notes."""
        finding, waiver = self.items[i]
        return (waiver is not None or finding.baselined, _KEEP_FIRST[LEVEL[finding.severity]])


def _kept(results: _Results, room: int) -> tuple[list[int], list[int]]:
    """The indexes of the ``room`` most severe results, in their own order, and of the rest."""
    ranked = sorted(range(len(results)), key=results.priority)
    keep = set(ranked[:room])
    return ([i for i in range(len(results)) if i in keep], [i for i in range(len(results)) if i not in keep])


def _notice(results: _Results, left_out: list[int], index: int) -> dict[str, Any]:
    by_level = {level: 0 for level in _KEEP_FIRST}
    for i in left_out:
        by_level[results.level(i)] += 1
    counts = "、".join(f"{_LEVEL_NAMES[level]} {n:,} 条" for level, n in by_level.items() if n)
    first = results.result(left_out[0])["locations"]
    total = len(results)
    return {
        "ruleId": LIMIT_RULE, "ruleIndex": index, "level": "note",
        "message": {"text": f"共 {total:,} 条结果，超过 GitHub 代码扫描的上限（每次 {MAX_RESULTS:,} 条、压缩后 10 MB），"
                            f"只列出最严重的 {total - len(left_out):,} 条；另有 {counts} 未列出。"
                            "完整结果请用 --format json、csv 或 xlsx 导出。"},
        "locations": [{"physicalLocation": {"artifactLocation": first[0]["physicalLocation"]["artifactLocation"],
                                            "region": {"startLine": 1, "startColumn": 1}}}],
        "partialFingerprints": {FINGERPRINT_KEY: hashlib.sha256(LIMIT_RULE.encode()).hexdigest()[:32]},
        "properties": {"left_out": {k: v for k, v in by_level.items() if v}, "total": total},
    }


def as_dict(report: Report, max_results: int = MAX_RESULTS) -> dict[str, Any]:
    return _document(report, _Results(report), max_results)


def _document(report: Report, all_results: _Results, max_results: int) -> dict[str, Any]:
    codes = all_results.codes
    infos = {code: rule_info(code, report) for code in codes}
    rules = [_rule(code, infos[code]) for code in codes]
    if len(all_results) > max_results:
        kept, left_out = _kept(all_results, max_results - 1)
        rules.append(_limit_rule())
        results = [*(all_results.result(i) for i in kept), _notice(all_results, left_out, len(rules) - 1)]
    else:
        results = [all_results.result(i) for i in range(len(all_results))]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "govmedia-lint",
                "semanticVersion": __version__,
                "version": __version__,
                "rules": rules,
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


def render(report: Report) -> bytes:
    """The log as UTF-8 (the command decodes it only for a terminal)."""
    results = _Results(report)
    room = MAX_RESULTS
    while True:
        data = dumps_utf8(_document(report, results, room)) + b"\n"
        if len(data) <= MAX_GZIPPED:  # text under the limit is under it gzipped: no need to compress
            break
        if len(gzip.compress(data, compresslevel=1)) <= MAX_GZIPPED * 0.9:
            # deflate's level 6 (what the upload uses) packs at least as tight as level 1, which takes half the
            # time (27 MB: 0.09 s, not 0.18 s); a tenth to spare for the odd input where it does not
            break
        size = len(gzip.compress(data, compresslevel=6))
        if size <= MAX_GZIPPED or room <= 2:
            break
        # fewer results, in proportion (a tenth to spare), until the gzipped file fits
        room = max(2, min(room, len(results)) * MAX_GZIPPED * 9 // (size * 10))
    if len(results) > room:
        print(f"govmedia-lint: 注意：SARIF 共 {len(results):,} 条结果，超过 GitHub 代码扫描的上限"
              f"（每次 {MAX_RESULTS:,} 条、压缩后 10 MB），只列出最严重的 {room - 1:,} 条和一条汇总说明；"
              "完整结果请用 --format json、csv 或 xlsx 导出。", file=sys.stderr)
    return data
