"""The small condition language packs use in ``where``, ``require`` and ``applies_to``.

A condition maps a dotted field path to either a value (equality) or one
operator mapping::

    {original: false}                         # equality
    {host_unit_kind: {in: [internal_office]}} # membership
    {reviewers: {min_len: 3}}                 # list length
    {staff.leader: {exists: true}}            # presence

Evaluation is three-valued: ``None`` means a needed field is missing, so the
rule can report missing data instead of silently passing.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Optional

OPERATORS = ("eq", "ne", "in", "not_in", "exists", "min_len", "max_len", "contains")

_MISSING = object()


def get_field(item: Any, path: str) -> Any:
    """Follow a dotted path through models and mappings; ``_MISSING`` when absent."""
    current = item
    for part in path.split("."):
        if current is None:
            return _MISSING
        if isinstance(current, dict):
            current = current.get(part, _MISSING)
        else:
            current = getattr(current, part, _MISSING)
        if current is _MISSING:
            return _MISSING
    return current


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def validate_condition(condition: dict) -> None:
    """Raise ValueError for an operator mapping the language does not know."""
    for path, test in condition.items():
        if isinstance(test, dict):
            if len(test) != 1 or next(iter(test)) not in OPERATORS:
                raise ValueError(f"条件 {path}: {test!r} 应为单个运算符，可用 {', '.join(OPERATORS)}")


def _test(value: Any, test: Any) -> Optional[bool]:
    if not isinstance(test, dict):
        test = {"eq": test}
    op, expected = next(iter(test.items()))
    if op == "exists":
        present = value is not _MISSING and value is not None and value != []
        return present == bool(expected)
    if value is _MISSING or value is None:
        return None
    value = _plain(value)
    if op == "eq":
        return value == expected
    if op == "ne":
        return value != expected
    if op == "in":
        return value in expected
    if op == "not_in":
        return value not in expected
    if op == "min_len":
        return len(value) >= expected
    if op == "max_len":
        return len(value) <= expected
    if op == "contains":
        return expected in value
    raise ValueError(f"未知运算符 {op}")


def evaluate(condition: Optional[dict], item: Any) -> Optional[bool]:
    """True/False when every field is known, None when one it depends on is missing."""
    if not condition:
        return True
    unknown = False
    for path, test in condition.items():
        result = _test(get_field(item, path), test)
        if result is False:
            return False
        if result is None:
            unknown = True
    return None if unknown else True


def missing_fields(condition: Optional[dict], item: Any) -> list[str]:
    """The fields of ``condition`` that ``item`` lacks."""
    missing = []
    for path, test in (condition or {}).items():
        if isinstance(test, dict) and "exists" in test:
            continue
        value = get_field(item, path)
        if value is _MISSING or value is None:
            missing.append(path)
    return missing


def describe(condition: Optional[dict]) -> str:
    """Human-readable form, for explain pages."""
    parts = []
    for path, test in (condition or {}).items():
        if isinstance(test, dict):
            op, expected = next(iter(test.items()))
            parts.append(f"{path} {op} {expected!r}")
        else:
            parts.append(f"{path} = {test!r}")
    return " 且 ".join(parts)
