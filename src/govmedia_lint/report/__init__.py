"""Output formats: one module per format, each a function ``render(report) -> str``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..engine.evaluate import RunResult
from ..engine.findings import SEVERITIES


@dataclass
class Report:
    """A finished run, as every formatter sees it."""

    result: RunResult
    as_of: date
    since: date
    until: date
    calendar: str
    color: bool = False

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in SEVERITIES}
        for finding in self.result.findings:
            counts[finding.severity] += 1
        return counts


def render(report: Report, fmt: str) -> str:
    from . import json_report, table

    formatters = {"table": table.render, "json": json_report.render}
    return formatters[fmt](report)


FORMATS = ("table", "json")
