"""The formats of ``text``: drafts' findings with place, context, suggestion and clauses."""

from __future__ import annotations

import json

from ..engine.findings import SEVERITY_LABEL
from .sanitize import visible
from .wrap import terminal_width, wrap

FORMATS = ("table", "json")


def render(findings: list[dict], files: int, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"files": files, "findings": findings}, ensure_ascii=False, indent=2) + "\n"
    return render_table(findings, files) + "\n"


def render_table(findings: list[dict], files: int) -> str:
    lines = []
    for f in findings:
        first = f["clauses"][0]
        more = f"等 {len(f['clauses'])} 条" if len(f["clauses"]) > 1 else ""
        lines.append(f"{f['file']}:{f['line']}:{f['column']}  {SEVERITY_LABEL[f['severity']]}  {first['rule']}  {f['message']}")
        lines.append(f"    上下文：{f['context']}")
        if f["suggestion"]:
            lines.append(f"    建议：{f['suggestion']}")
        if f["entry_source"]:
            lines.append(f"    词条来源：{f['entry_source']}")
        lines.append(f"    依据：{first['document']} {first['article']}“{first['quote']}”{more}")
        for other in f["clauses"][1:]:
            lines.append(f"          {other['rule']}：{other['document']} {other['article']}")
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITY_LABEL}
    summary = "、".join(f"{counts[s]} 个{label}" for s, label in SEVERITY_LABEL.items() if counts[s])
    lines.append(f"检查 {files} 个文件，" + (f"发现 {len(findings)} 个问题（{summary}）" if findings else "未发现问题"))
    width = terminal_width()
    out: list[str] = []
    for line in lines:  # a draft's control characters never reach the terminal; no code or date is broken
        indent = len(line) - len(line.lstrip(" "))
        first, *rest = wrap(visible(line.lstrip(" ")), width - indent - 4) or [""]
        out += [" " * indent + first, *(" " * (indent + 4) + more for more in rest)]
    return "\n".join(out)
