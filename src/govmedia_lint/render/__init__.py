"""Output formats: one module per format, each with ``render(report) -> str``.

To add a format, write ``report/<name>.py`` with ``render`` and list it in ``FORMATS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Union

from ..engine.evaluate import RunResult
from ..engine.findings import SEVERITIES

#: format name -> module in this package
FORMATS = {"table": "table", "json": "json_report", "sarif": "sarif", "junit": "junit", "github": "github",
           "csv": "csv_report", "xlsx": "xlsx", "html": "html"}

#: formats whose ``render`` returns bytes
BINARY_FORMATS = {"xlsx"}


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
    return module.render(report)
