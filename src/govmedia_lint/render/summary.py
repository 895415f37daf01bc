"""Per-account and per-jurisdiction summaries shared by the xlsx and HTML formats."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Optional

from ..fields import field_docs
from . import Report
from .people import people_rows, remembered


def score_for(report: Report, file: str, account: Optional[str]) -> Optional[dict[str, Any]]:
    """The 南通-style account score of a file, if the run computed scores (``Report.scores``).

    ``Report.scores`` is the list of ``scoring.ScoreResult`` (levels account, host_unit, register);
    the account-level one of ``file`` is returned as a dict (``score`` is None when vetoed).
    """
    result = remembered(report, "account_scores", lambda: _account_scores(getattr(report, "scores", None) or [])).get(file)
    if result is None:
        return None
    data = result.to_dict() if hasattr(result, "to_dict") else dict(vars(result))
    if hasattr(result, "main_reasons"):
        data["reasons"] = result.main_reasons()
    return data


def _account_scores(scores: list) -> dict[Any, Any]:
    """File -> the first account-level result of ``scores`` (each account asks: one pass, not a scan each time)."""
    index: dict[Any, Any] = {}
    for result in scores:
        if getattr(result, "level", None) == "account":
            index.setdefault(getattr(result, "file", None), result)
    return index


def score_text(score: Optional[dict[str, Any]]) -> str:
    if not score:
        return ""
    if score.get("score") is None:
        return "单项否决（不合格）"
    verdict = score.get("verdict") or ("合格" if score.get("passed") else "不合格")
    return f"{score['score']} 分（{verdict}）"


#: Chinese names of platforms and statuses, from the field documentation (fields.yaml)
PLATFORMS = {v.value: v.label for v in field_docs()["account.platform"].values}
STATUSES = {v.value: v.label for v in field_docs()["account.status"].values}


def jurisdiction_name(report: Report, jurisdiction: str) -> str:
    """The Chinese name of the pack a jurisdiction (id or name) resolves to, else as written."""
    packset = getattr(report, "packset", None)
    pack = packset.for_jurisdiction(jurisdiction) if packset is not None else None
    return pack.meta.name if pack is not None else jurisdiction


def account_rows(report: Report) -> list[dict[str, Any]]:
    """One row per file: jurisdiction, account, counts by severity, waived, score."""
    return [dict(row) for row in remembered(report, "account_rows", lambda: _account_rows(report))]


def _account_rows(report: Report) -> list[dict[str, Any]]:
    result = report.result
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"error": 0, "warning": 0, "info": 0, "waived": 0})
    names: dict[str, Optional[str]] = {}
    packs: dict[str, Optional[str]] = {}
    for row in people_rows(report):  # problems as people count them: a rule's short weeks are one
        counts[row.file][row.severity] += 1
        names.setdefault(row.file, row.account)
        if row.first.pack:
            packs.setdefault(row.file, row.first.pack)
    for waived in result.waived:
        counts[waived.finding.file]["waived"] += 1
    rows = []
    for file in sorted(set(report.facts) | set(counts)):
        facts = report.facts.get(file)
        account = facts.account if facts else names.get(file)
        rows.append({
            "file": file,
            "jurisdiction": jurisdiction_name(report, facts.jurisdiction) if facts else (packs.get(file) or "（无法读取）"),
            "account": account or "",
            "host_unit": facts.host_unit if facts else "",
            "platform": PLATFORMS.get(facts.platform, facts.platform) if facts else "",
            "status": STATUSES.get(facts.status, facts.status) if facts else "",
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
                                                          "waived": 0, "scores": [], "vetoed": 0})
        group["accounts"] += 1
        group["with_findings"] += 1 if row["error"] + row["warning"] + row["info"] else 0
        for key in ("error", "warning", "info", "waived"):
            group[key] += row[key]
        if row["score"] and row["score"].get("score") is None:
            group["vetoed"] += 1
        elif row["score"]:
            group["scores"].append(row["score"]["score"])
    return [grouped[key] for key in sorted(grouped)]
