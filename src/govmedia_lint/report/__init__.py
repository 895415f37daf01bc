"""Output formats: one module per format, each with ``render(report) -> str``.

To add a format, write ``report/<name>.py`` with ``render`` and list it in ``FORMATS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date

from ..engine.evaluate import RunResult
from ..engine.findings import SEVERITIES

#: format name -> module in this package
FORMATS = {"table": "table", "json": "json_report"}


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
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(report)
