"""The JSON document of output-contract.md."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from operator import attrgetter

from .. import __version__
from ..engine.findings import Finding
from ..policy.scoring import score_dicts
from . import Report
from .jsontext import dumps_utf8

#: a finding's fields in order: ``Finding.to_dict`` without ``asdict``'s deep copy (the dict is only written);
#: ``baselined`` is written only where it is true
_FIELDS = tuple(f.name for f in fields(Finding) if f.name != "baselined")
_VALUES = attrgetter(*_FIELDS)


def finding_dict(finding: Finding) -> dict:
    data = dict(zip(_FIELDS, _VALUES(finding)))
    if finding.baselined:
        data["baselined"] = True
    return data


def as_dict(report: Report) -> dict:
    findings = report.result.findings
    by_rule = Counter(f.rule for f in findings)
    return {
        "tool": {"name": "govmedia-lint", "version": __version__},
        "as_of": report.as_of.isoformat(),
        "period": {"since": report.since.isoformat(), "until": report.until.isoformat()},
        "calendar": report.calendar,
        "files": report.result.files,
        "accounts": report.result.accounts,
        "findings": [finding_dict(f) for f in findings],
        "scores": score_dicts(report.scores),
        # additive: findings suppressed by a waiver, each with {"waiver": {rule, reason, approval_ref, …}}
        "waived": [w.to_dict() for w in report.result.waived],
        "summary": {
            **report.counts(),
            "total": len(findings),
            "files_with_findings": len({f.file for f in findings}),
            "input_errors": by_rule.get("GML-INPUT", 0),
            "complete": not report.result.incomplete,
            "by_rule": dict(sorted(by_rule.items())),
            "waived": len(report.result.waived),
            "baselined": len(report.result.baselined),
            # additive: years of provisional working days (findings: provisional_calendar, note)
            "provisional_calendar_years": report.result.provisional_years,
        },
    }


def render(report: Report) -> bytes:
    """The document as UTF-8 (the command decodes it only for a terminal)."""
    return dumps_utf8(as_dict(report)) + b"\n"
