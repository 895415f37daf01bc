"""Per-account and per-jurisdiction summaries shared by the xlsx and HTML formats."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any, Optional

from . import Report

SCORE_KEYS = ("score", "total", "points", "value")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


def score_for(report: Report, file: str, account: Optional[str]) -> Optional[dict[str, Any]]:
    """The 南通-style score of an account, if the run computed scores (``Report.scores``), as a dict.

    Accepts scores keyed by file or account name, or a list of records naming their file/account;
    a record is a number or a mapping/dataclass with ``score`` (or ``total``) and optional
    ``pass_mark``, ``passed``, ``vetoed``/``veto`` and ``deductions``.
    """
    scores = getattr(report, "scores", None)
    if not scores:
        return None
    record = None
    if isinstance(scores, dict):
        record = scores.get(file, scores.get(account) if account else None)
    else:
        for item in scores:
            plain = _plain(item)
            if isinstance(plain, dict) and (plain.get("file") == file or (account and plain.get("account") == account)):
                record = item
                break
    if record is None:
        return None
    plain = _plain(record)
    if isinstance(plain, (int, float)):
        return {"score": plain}
    if not isinstance(plain, dict):
        return None
    value = next((plain[k] for k in SCORE_KEYS if isinstance(plain.get(k), (int, float))), None)
    if value is None:
        return None
    return {**plain, "score": value}


def score_text(score: Optional[dict[str, Any]]) -> str:
    if not score:
        return ""
    value = score["score"]
    text = f"{value:g} 分" if isinstance(value, (int, float)) else str(value)
    veto = score.get("vetoed") or score.get("veto")
    if veto:
        text += "（单项否决）"
    elif score.get("passed") is False or (score.get("pass_mark") is not None and value < score["pass_mark"]):
        text += "（不合格）"
    return text


def account_rows(report: Report) -> list[dict[str, Any]]:
    """One row per file: jurisdiction, account, counts by severity, waived, score."""
    result = report.result
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"error": 0, "warning": 0, "info": 0, "waived": 0})
    names: dict[str, Optional[str]] = {}
    packs: dict[str, Optional[str]] = {}
    for finding in result.findings:
        counts[finding.file][finding.severity] += 1
        names.setdefault(finding.file, finding.account)
        if finding.pack:
            packs.setdefault(finding.file, finding.pack)
    for waived in result.waived:
        counts[waived.finding.file]["waived"] += 1
    rows = []
    for file in sorted(set(report.facts) | set(counts)):
        facts = report.facts.get(file)
        account = facts.account if facts else names.get(file)
        rows.append({
            "file": file,
            "jurisdiction": facts.jurisdiction if facts else (packs.get(file) or "（无法读取）"),
            "account": account or "",
            "host_unit": facts.host_unit if facts else "",
            "platform": facts.platform if facts else "",
            "status": facts.status if facts else "",
            "posts": sum(facts.post_days.values()) if facts else 0,
            **counts[file],
            "score": score_for(report, file, account),
        })
    return rows


def jurisdiction_rows(report: Report) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for row in account_rows(report):
        group = grouped.setdefault(row["jurisdiction"], {"jurisdiction": row["jurisdiction"], "accounts": 0,
                                                          "with_findings": 0, "error": 0, "warning": 0, "info": 0,
                                                          "waived": 0, "scores": []})
        group["accounts"] += 1
        group["with_findings"] += 1 if row["error"] + row["warning"] + row["info"] else 0
        for key in ("error", "warning", "info", "waived"):
            group[key] += row[key]
        if row["score"]:
            group["scores"].append(row["score"]["score"])
    return [grouped[key] for key in sorted(grouped)]
