"""Severity overrides: ``[severity]`` in the configuration re-levels rules by code or alias."""

from __future__ import annotations

import difflib
from typing import Iterable, Optional

from ..engine.findings import at_most


class UnknownRuleCode(ValueError):
    """A ``[severity]`` entry for a code no pack or tool has: a configuration error (exit 2)."""


def check_codes(overrides: dict[str, str], known: Iterable[str], config_file: Optional[object]) -> None:
    names = {code.upper() for code in known}
    for code in overrides:
        if code not in names:
            close = difflib.get_close_matches(code, sorted(names), n=1)
            hint = f"，是否应为 {close[0]}？" if close else ""
            raise UnknownRuleCode(f"{config_file}: [severity] 中的规则代码 {code} 不存在{hint}")


def apply_severity(items: Iterable, overrides: dict[str, str], aliases: dict[str, set[str]]) -> None:
    """Set the severity of findings (or obligations) of overridden rules; missing-data findings stay ≤ warning."""
    if not overrides:
        return
    for item in items:
        names = {item.rule.upper(), *aliases.get(item.rule, set())}
        level = next((overrides[n] for n in names if n in overrides), None)
        if level is None:
            continue
        evidence = getattr(item, "evidence", None) or {}
        item.severity = at_most(level, "warning") if "missing" in evidence else level
