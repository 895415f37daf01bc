"""--select/--ignore (and the config's select/ignore): codes, prefixes, aliases and rule names, all checked.

A selector is a rule code (``JX-UPDATE-WEEKLY``), a retired code (``aliases``), a prefix of codes (``JX``,
``JX-UPDATE``), a rule's name (``update-weekly``: every rule of that name, in every pack) or ``ALL``. A selector
that matches nothing is a usage error with a did-you-mean, as ruff does: a typo must never silently select
nothing or ignore nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..engine.packs import PackSet


class UnknownSelector(ValueError):
    """A Chinese message naming the selector and its closest known codes or names."""


def _matches_code(pattern: str, names: Iterable[str]) -> bool:
    return any(name == pattern or name.startswith(pattern.rstrip("-") + "-") for name in names)


def resolve_selectors(patterns: Iterable[str], packset: PackSet, tool_codes: Iterable[str], where: str) -> list[str]:
    """``patterns`` as the engine matches them: names replaced by their rules' codes; raises ``UnknownSelector``."""
    rules = packset.all_rules()
    codes = [*(c.upper() for c in tool_codes), *(n.upper() for r in rules for n in (r.code, *r.aliases))]
    by_name: dict[str, list[str]] = {}
    for rule in rules:
        by_name.setdefault(rule.name.lower(), []).append(rule.code)
    resolved: list[str] = []
    for pattern in patterns:
        wanted = pattern.strip()
        if wanted.upper() == "ALL" or _matches_code(wanted.upper(), codes):
            resolved.append(wanted)
        elif wanted.lower() in by_name:
            resolved.extend(by_name[wanted.lower()])
        else:
            close = difflib.get_close_matches(wanted.upper(), codes, n=3, cutoff=0.6) or \
                difflib.get_close_matches(wanted.lower(), list(by_name), n=3, cutoff=0.6)
            hint = f"；是否是：{'、'.join(close)}？" if close else "；用 govmedia-lint rules 查看全部规则"
            raise UnknownSelector(f"{where} 中的 {wanted!r} 不是已知的规则代码、前缀或规则名称{hint}")
    return resolved
