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

import json
from collections import Counter
from datetime import date
from pathlib import Path

from .. import __version__
from ..engine.evaluate import RunResult
from ..run.facts import AccountFacts
from ..run.identity import fingerprint, identity, known_fingerprint
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


def mark_baselined(result: RunResult, known: Counter, facts: dict[str, AccountFacts], as_of: date,
                   fingerprints: dict | None = None) -> RunResult:
    """Mark the findings recorded in the baseline (as many times as recorded) as known: ``baselined`` is set
    and ``result.baselined`` lists them. They stay in ``result.findings``: reports and scores show them as
    已知未整改, only the exit code leaves them out. ``fingerprints``: those the workers worked out
    (``runner.Run.fingerprints``). Returns ``result``."""
    remaining = Counter(known)
    for finding in result.findings:
        if finding.rule in NEVER:
            continue
        key = known_fingerprint(finding, facts.get(finding.file), as_of, fingerprints)
        if remaining[key] > 0:
            remaining[key] -= 1
            finding.baselined = True
            result.baselined.append(finding)
    return result
