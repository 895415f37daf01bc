"""``check --statistics``: how many findings each rule has, most first (as ruff --statistics)."""

from __future__ import annotations

import json
from collections import Counter

from rich.cells import cell_len

from ..engine.findings import SEVERITY_LABEL, Finding
from .sanitize import visible

LABEL = SEVERITY_LABEL


def statistics(findings: list[Finding]) -> list[dict]:
    counts = Counter(f.rule for f in findings)
    first = {}
    for finding in findings:
        first.setdefault(finding.rule, finding)
    rows = [{"code": code, "name": first[code].name, "severity": first[code].severity, "count": count}
            for code, count in counts.items()]
    return sorted(rows, key=lambda r: (-r["count"], r["code"]))


def render_statistics(findings: list[Finding], fmt: str) -> str:
    rows = statistics(findings)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if not rows:
        return "没有发现问题。\n"
    count_width = max(len(str(r["count"])) for r in rows)
    code_width = max(cell_len(visible(r["code"])) for r in rows)
    lines = [f"{str(r['count']).rjust(count_width)}  {visible(r['code']).ljust(code_width)}  "
             f"{LABEL[r['severity']]}  {visible(r['name'])}" for r in rows]
    return "\n".join(lines) + "\n"
