"""A finding's line-independent identity and its fingerprint (what a baseline records and SARIF's
``partialFingerprints`` carry; ``policy/baseline.py`` says what is in it and why).

The fingerprint of each finding a worker finds is worked out there, with the file's facts at hand, and kept
with the file's cache entry (``FileOutcome.fingerprints``): an edited run of a large register then hashes the
findings of the edited file only (~0.25 s of an edited SARIF run of 1,000 many-findings accounts).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..engine.findings import Finding
from .facts import AccountFacts


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


def known_fingerprint(finding: Finding, facts: Optional[AccountFacts], as_of: date,
                      known: Optional[dict[int, tuple[Finding, str]]]) -> str:
    """``fingerprint``, taken from ``known`` (id -> (finding, fingerprint), ``runner.Run.fingerprints``) when
    this very finding is in it: a copy made since (masked, for instance) is worked out again."""
    if known:
        found = known.get(id(finding))
        if found is not None and found[0] is finding:
            return found[1]
    return fingerprint(finding, facts, as_of)
