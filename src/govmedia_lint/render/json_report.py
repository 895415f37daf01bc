"""The JSON document of output-contract.md."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import fields
from operator import attrgetter

from .. import __version__
from ..engine.findings import Finding
from ..policy.scoring import score_dicts
from . import Report
from .jsontext import dumps_utf8

#: findings written per piece: the document is written piece by piece into one buffer, so that neither a dict per
#: finding of the whole register nor orjson's growing copy of the whole text is alive at once (10,000 accounts with
#: 342,471 findings: ~1 GB)
CHUNK = 2000
#: where the findings go in the document written without them (a key of the top level: no text holds a newline)
_EMPTY = b'\n  "findings": [],\n'

#: a finding's fields in order: ``Finding.to_dict`` without ``asdict``'s deep copy (the dict is only written);
#: ``baselined`` is written only where it is true
_FIELDS = tuple(f.name for f in fields(Finding) if f.name != "baselined")
_VALUES = attrgetter(*_FIELDS)


def finding_dict(finding: Finding) -> dict:
    data = dict(zip(_FIELDS, _VALUES(finding)))
    if finding.baselined:
        data["baselined"] = True
    return data


def as_dict(report: Report, *, with_findings: bool = True) -> dict:
    """The document; ``with_findings=False``: with an empty ``findings`` list (``render`` writes them in pieces)."""
    findings = report.result.findings
    by_rule = Counter(f.rule for f in findings)
    return {
        "tool": {"name": "govmedia-lint", "version": __version__},
        "as_of": report.as_of.isoformat(),
        "period": {"since": report.since.isoformat(), "until": report.until.isoformat()},
        "calendar": report.calendar,
        "files": report.result.files,
        "accounts": report.result.accounts,
        "findings": [finding_dict(f) for f in findings] if with_findings else [],
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
    """The document as UTF-8 (the command decodes it only for a terminal), byte for byte ``dumps_utf8`` of
    ``as_dict``: the document without its findings, and the findings ``CHUNK`` at a time, each piece as the
    list it is written as at the top level and indented one level deeper."""
    findings = report.result.findings
    document = dumps_utf8(as_dict(report, with_findings=False))
    at = document.find(_EMPTY)
    if not findings or at < 0:
        return dumps_utf8(as_dict(report)) + b"\n"
    out = io.BytesIO()  # getvalue() hands over its buffer: the text is never copied whole
    out.write(document[:at])
    out.write(b'\n  "findings": [\n')
    for start in range(0, len(findings), CHUNK):
        piece = dumps_utf8([finding_dict(f) for f in findings[start:start + CHUNK]])  # "[\n  {…},\n  {…}\n]"
        if start:
            out.write(b",\n")
        out.write(b"  ")
        out.write(piece[2:-2].replace(b"\n", b"\n  "))
    out.write(b"\n  ],\n")
    out.write(document[at + len(_EMPTY):])
    out.write(b"\n")
    return out.getvalue()
