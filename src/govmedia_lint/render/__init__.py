"""Output formats of ``check``: one module per format, each with ``render(report) -> str | bytes``.

To add a format, write ``render/<module>.py`` with ``render`` and add a ``Format`` to ``CHECK_FORMATS``;
the command's ``--format`` choices, its help and the binary-output guard follow from it. ``due`` and
``report`` declare theirs the same way (``render/due.py``, ``commands/report.py``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Union

from ..engine.evaluate import RunResult
from ..engine.findings import SEVERITIES


@dataclass(frozen=True)
class Format:
    """An output format: its name, the module of this package that renders it, and what it is for."""

    name: str
    module: str
    #: ``render`` returns bytes: written to a file, never to a terminal
    binary: bool = False
    #: read by people (rows folded per rule and account, Chinese labels) rather than by a machine
    people: bool = False


CHECK_FORMATS = (
    Format("table", "table", people=True), Format("json", "json_report"), Format("sarif", "sarif"),
    Format("junit", "junit"), Format("github", "github"), Format("csv", "csv_report"),
    Format("xlsx", "xlsx", binary=True, people=True), Format("html", "html", people=True),
)
#: format name -> module in this package
FORMATS = {f.name: f.module for f in CHECK_FORMATS}
#: formats whose ``render`` returns bytes
BINARY_FORMATS = {f.name for f in CHECK_FORMATS if f.binary}


@dataclass
class Report:
    """A finished run, as every formatter sees it."""

    result: RunResult
    as_of: date
    since: date
    until: date
    calendar: str
    color: bool = False
    #: columns for the table format (the terminal's, $COLUMNS, or 120 when written to a file or a CI log)
    width: int = 120
    #: -q: findings only (no summary line)
    quiet: bool = False
    #: file -> report.facts.AccountFacts (account, jurisdiction, post days, items, waivers)
    facts: dict = field(default_factory=dict)
    #: mask staff phone numbers (138****0000) in every format; --no-mask turns it off
    mask: bool = True
    #: the run's engine.packs.PackSet, for rule titles, clauses and help text (SARIF, HTML)
    packset: object = None
    #: the --fail-on level: JUnit marks findings at or above it as failures
    fail_on: str = "error"
    #: scoring.ScoreResult of each scored account and annual index (packs with a ``score:`` sheet)
    scores: list = field(default_factory=list)
    #: the heading of a people report (``--title``, e.g. "佳县2026年第四季度政务新媒体检查情况")
    title: Optional[str] = None
    #: id -> finding, for findings known to hold nothing to mask (``runner.Run.nothing_to_mask``): masking
    #: passes them as they are; any other finding (cross-account, or copied since) is masked as usual
    nothing_to_mask: dict = field(default_factory=dict)
    #: id -> (finding, fingerprint) the workers worked out (``runner.Run.fingerprints``; SARIF)
    fingerprints: dict = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in SEVERITIES}
        for finding in self.result.findings:
            counts[finding.severity] += 1
        return counts


def render(report: Report, fmt: str) -> Union[str, bytes]:
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    if report.mask:
        from ..run.masking import mask_report

        report = mask_report(report)
    from .people import rows_remembered

    with rows_remembered():
        return module.render(report)
