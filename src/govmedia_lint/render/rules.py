"""What formats say about a rule (title, source clause, help), from the run's packs."""

from __future__ import annotations

from typing import Any

from ..engine.evaluate import TOOL_RULES

#: descriptions of the tool's own codes (they have no pack and no source document)
TOOL_TITLES = {
    "GML-INPUT": "账号文件无法读取或不符合账号格式",
    "GML-JURISDICTION": "账号的辖区没有对应的规则包",
    "GML-CALENDAR": "日期超出工作日历数据范围",
    "GML-PACK-EXPIRED": "规则包依据的文件已过有效期",
    "GML-WAIVER": "豁免无效：已过期、缺少理由或规则代码不存在",
}


def clause(source: dict[str, Any] | None) -> str:
    """《document》ref article：“quote”."""
    if not source:
        return ""
    head = " ".join(p for p in (f"《{source.get('document')}》" if source.get("document") else "",
                               source.get("ref") or "", source.get("article") or "") if p)
    quote = source.get("quote")
    return f"{head}：“{quote}”" if quote else head


def rule_info(code: str, report: Any) -> dict[str, Any]:
    """name, title, severity, pack, clause and help text of a rule or tool code."""
    if code in TOOL_RULES:
        name, severity = TOOL_RULES[code]
        title = TOOL_TITLES.get(code, name)
        return {"name": name, "title": title, "severity": severity, "pack": None, "clause": "",
                "help": f"{title}（govmedia-lint 工具代码）"}
    packset = getattr(report, "packset", None)
    rule = packset.find_rule(code) if packset is not None else None
    if rule is None:
        finding = next((f for f in report.result.findings if f.rule == code), None)
        source = finding.source if finding else None
        return {"name": finding.name if finding else code, "title": finding.name if finding else code,
                "severity": finding.severity if finding else "warning", "pack": finding.pack if finding else None,
                "clause": clause(source), "help": clause(source) or code}
    source = rule.source.model_dump()
    text = f"{rule.title}\n\n依据：{clause(source)}\n\n{rule.explain.strip()}\n\n详见 govmedia-lint explain {rule.code}"
    return {"name": rule.name, "title": rule.title, "severity": rule.severity, "pack": rule.origin or rule.pack,
            "clause": clause(source), "help": text}
