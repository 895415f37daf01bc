"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

``::error file=F,line=L,col=C,title=CODE::message``. In the message ``%``, CR
and LF are escaped; in properties also ``:`` and ``,`` (field-notes.md).
"""

from __future__ import annotations

from . import Report
from .sanitize import visible
from .table import summary_line

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    # CR and LF escaped as the workflow-command rules say; any other control made visible (no raw escape sequence)
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for finding in report.result.findings:
        column = finding.evidence.get("column") if finding.rule == "GML-INPUT" else None
        props = [f"file={escape_property(finding.file)}", f"line={max(finding.line, 1)}"]
        if isinstance(column, int) and column > 0:
            props.append(f"col={column}")
        props.append(f"title={escape_property(finding.rule)}")
        message = finding.full_message + (f"（{finding.account}）" if finding.account else "")
        command = COMMAND[finding.severity]
        if finding.baselined:  # known (in the baseline): an annotation, not a new error
            command, message = "notice", f"（已知未整改）{message}"
        lines.append(f"::{command} {','.join(props)}::{escape_data(message)}")
    lines.append(visible(summary_line(report)))
    return "\n".join(lines) + "\n"
