"""Baselines: adopt the tool on an old register and fail only on new findings.

A finding's identity is its rule, its file and its account's name and platform
(two same-named accounts are two accounts), the item it is about (the post, filing, notice … named by its own
fields such as ``posts[2025-06-02 09:30|title]``, or ``account.<key>``) and the
stable part of its evidence (ISO weeks, dates, field names; never counts, nor
the as-of date). Line numbers are not part of it, so inserting posts above an
old finding does not make it new. ``--write-baseline FILE`` records the
identities of the current findings; ``--baseline FILE`` marks findings whose
identity is recorded (as many times as recorded) as known (``Finding.baselined``):
still reported and scored, left out of the exit code only.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from .. import __version__
from ..engine.evaluate import RunResult
from ..engine.findings import Finding
from ..run.facts import AccountFacts
from ..run.masking import mask_value
from ..safeio import DATA_LIMIT, read_bytes_limited, write_atomic

FORMAT = "govmedia-lint-baseline/v2"
#: the first format's identity had no file or platform: a baseline written for one of two same-named accounts
#: hid the other's findings, so it is refused with the command that rewrites it
RETIRED = {"govmedia-lint-baseline/v1"}

#: findings that mean the check was incomplete are never baselined
NEVER = {"GML-INPUT", "GML-JURISDICTION", "GML-CALENDAR"}


class BaselineError(Exception):
    """An unreadable baseline file: a configuration error (exit 2)."""


def _stable(value: Any, as_of: str) -> Optional[Any]:
    if isinstance(value, str):
        return None if value == as_of else value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None  # counts, durations, booleans and nested data change without the item changing


@lru_cache(maxsize=16384)
def _posix(file: str) -> str:
    """A finding's file as the identity writes it (every finding of a file asks: worked out once per file)."""
    return Path(file).as_posix()


#: ``json.dumps(…, ensure_ascii=False, sort_keys=True)`` without building an encoder for every finding
_IDENTITY_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def identity(finding: Finding, facts: Optional[AccountFacts], as_of: date) -> dict[str, Any]:
    """The line-independent identity of a finding."""
    day = as_of.isoformat()
    detail = {key: kept for key, value in sorted(finding.evidence.items())
              if (kept := _stable(value, day)) is not None}
    return {
        "rule": finding.rule,
        "file": _posix(finding.file),
        "account": finding.account or (facts.account if facts else None) or finding.file,
        "platform": facts.platform if facts else None,
        "item": facts.item_at(finding.line) if facts else f"line {finding.line}",
        "detail": detail,
    }


def fingerprint(finding: Finding, facts: Optional[AccountFacts], as_of: date) -> str:
    text = _IDENTITY_JSON.encode(identity(finding, facts, as_of))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def write_baseline(path: Path, result: RunResult, facts: dict[str, AccountFacts], as_of: date) -> int:
    entries = []
    for finding in result.findings:
        if finding.rule in NEVER:
            continue
        entry = identity(finding, facts.get(finding.file), as_of)
        # the fingerprint is what matches; the readable part is masked like every export (no staff phones)
        entries.append({**mask_value(entry), "fingerprint": fingerprint(finding, facts.get(finding.file), as_of)})
    entries.sort(key=lambda e: (e["account"], e["rule"], e["item"], e["fingerprint"]))
    document = {"format": FORMAT, "tool": f"govmedia-lint {__version__}", "as_of": as_of.isoformat(),
                "findings": entries}
    write_atomic(path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return len(entries)


def load_baseline(path: Path) -> Counter:
    try:
        document = json.loads(read_bytes_limited(path, DATA_LIMIT).decode("utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise BaselineError(f"无法读取基线文件 {path}：{exc}") from None
    if isinstance(document, dict) and document.get("format") in RETIRED:
        raise BaselineError(f"{path} 是旧格式（{document['format']}）的基线：它不区分同名账号，可能掩盖另一账号的问题。"
                            f"请用 govmedia-lint check --write-baseline {path} 重新生成")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"{path} 不是 govmedia-lint 基线文件（format 应为 {FORMAT!r}）")
    try:
        return Counter(entry["fingerprint"] for entry in document["findings"])
    except (KeyError, TypeError):
        raise BaselineError(f"{path}：基线文件的 findings 格式不正确") from None


def mark_baselined(result: RunResult, known: Counter, facts: dict[str, AccountFacts], as_of: date) -> RunResult:
    """Mark the findings recorded in the baseline (as many times as recorded) as known: ``baselined`` is set
    and ``result.baselined`` lists them. They stay in ``result.findings``: reports and scores show them as
    已知未整改, only the exit code leaves them out. Returns ``result``."""
    remaining = Counter(known)
    for finding in result.findings:
        if finding.rule in NEVER:
            continue
        key = fingerprint(finding, facts.get(finding.file), as_of)
        if remaining[key] > 0:
            remaining[key] -= 1
            finding.baselined = True
            result.baselined.append(finding)
    return result
