"""Which rows of a ledger that lists many accounts (a county's 整改台账) belong to the account being imported.

A row is this account's when its 账号名称 is the account's ``name`` exactly, after normalising (full-width letters,
digits and brackets as half-width, no whitespace at all, case-insensitive), and its 平台, when the row gives one,
is the account's platform. Nothing is guessed; these rows are reported and never imported:

- a row without a name;
- a row of this name whose 平台 is not a platform the account format knows;
- a row of this name without a 平台 while the ledger has rows of this name on another platform, or another
  account file in the account's folder has this name on another platform (the unit's accounts on several
  platforms often share one name);
- a row whose name contains the account's name or is contained in it (佳县水利局 for 佳县水利): perhaps this
  account written another way, perhaps another account (unless an account file in the folder has that name).

Every other row belongs to another account: counted by name, never read further (its cells are not checked).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .presets import platform_value

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


def normal_name(text: Any) -> str:
    """An account name as routing compares it: NFKC (full-width as half-width), no whitespace, case-folded."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text or ""))).casefold()


def known_platform(text: str) -> Optional[str]:
    """The account format's platform value of a ledger's 平台 cell (微信, 微信公众号, 新浪微博 …), else None."""
    from ..model import Platform

    value = platform_value(text)
    return value if value in {p.value for p in Platform} else None


@dataclass
class Row:
    """One data row of the ledger: its line number and its values (``name``, ``platform`` as text)."""

    number: int
    values: dict[str, Any]


@dataclass
class Routed:
    mine: list[Row] = field(default_factory=list)
    #: rows of other accounts: the name as the ledger writes it (with its platform for this account's name) -> count
    others: dict[str, int] = field(default_factory=dict)
    #: rows that cannot be assigned with certainty, each said in one line
    unresolved: list[str] = field(default_factory=list)

    @property
    def other_rows(self) -> int:
        return sum(self.others.values())


_TOP_KEY = re.compile(r"^[^\s#]")


def _account_block(path: Path) -> dict:
    """The ``account:`` mapping of an account file, read from its lines alone (the posts are not parsed); ``{}``
    for a file that is not readable as one."""
    import yaml

    from ..safeio import ACCOUNT_LIMIT, read_bytes_limited

    try:
        lines = read_bytes_limited(path, ACCOUNT_LIMIT).decode("utf-8-sig").splitlines(keepends=True)
        start = next(n for n, line in enumerate(lines) if re.match(r"^account\s*:", line))
        end = next((n for n in range(start + 1, len(lines)) if _TOP_KEY.match(lines[n])), len(lines))
        data = yaml.safe_load("".join(lines[start:end]))
    except (OSError, UnicodeDecodeError, StopIteration, yaml.YAMLError):
        return {}
    account = data.get("account") if isinstance(data, dict) else None
    return account if isinstance(account, dict) else {}


def neighbours(account_file: Optional[str]) -> list[tuple[str, str]]:
    """(normalised name, platform) of the other account files in ``account_file``'s folder."""
    if not account_file:
        return []
    me = Path(account_file).resolve()
    found = []
    for other in sorted([*me.parent.glob("*.yaml"), *me.parent.glob("*.yml")]):
        if other.resolve() == me:
            continue
        account = _account_block(other)
        if account.get("name"):
            given = str(account.get("platform") or "")
            found.append((normal_name(account["name"]), known_platform(given) or given if given else ""))
    return found


def route(rows: list[Row], name: str, platform: Optional[str], origin, account_file: Optional[str] = None) -> Routed:
    """Split ``rows`` into this account's (``name`` on ``platform``), other accounts' and unresolved ones.
    ``origin(row)`` says where a row is (file and line) in the report; ``account_file``'s folder is looked at for
    accounts of the same name when a row of the name gives no platform."""
    from ..labels import value_label

    mine_name = normal_name(name)
    routed = Routed()
    folder: list[list[tuple[str, str]]] = []  # the folder's other accounts, read once when a row needs them

    def registered() -> list[tuple[str, str]]:
        if not folder:
            folder.append(neighbours(account_file))
        return folder[0]

    platforms_of_name: set[str] = set()
    for row in rows:
        given = row.values.get("platform")
        if normal_name(row.values.get("name")) == mine_name and given:
            platforms_of_name.add(known_platform(given) or given)
    if any(normal_name(row.values.get("name")) == mine_name and not row.values.get("platform") for row in rows):
        platforms_of_name |= {p for n, p in registered() if n == mine_name and p}
    others_here = sorted(p for p in platforms_of_name if p != platform)
    for row in rows:
        shown = str(row.values.get("name") or "").strip()
        theirs = normal_name(shown)
        given = str(row.values.get("platform") or "").strip()
        if not theirs:
            routed.unresolved.append(f"{origin(row)}：没有账号名称")
        elif theirs == mine_name:
            if given:
                value = known_platform(given)
                if value is None:
                    routed.unresolved.append(f"{origin(row)}：平台“{given}”无法识别")
                elif platform and value != platform:
                    label = f"{shown}（{value_label('account.platform', value)}）"
                    routed.others[label] = routed.others.get(label, 0) + 1
                else:
                    routed.mine.append(row)
            elif others_here:
                named = "、".join(value_label("account.platform", p) if known_platform(p) else p for p in others_here)
                routed.unresolved.append(f"{origin(row)}：没有写平台，而同名账号还有{named}的（台账中的行或登记库中的"
                                         "账号文件），无法确定是哪个账号")
            else:
                routed.mine.append(row)
        elif len(theirs) >= 2 and (theirs in mine_name or mine_name in theirs) and not any(
                n == theirs for n, _ in registered()):
            routed.unresolved.append(f"{origin(row)}：账号名称“{shown}”与本账号“{name}”相近但不相同")
        else:
            routed.others[shown] = routed.others.get(shown, 0) + 1
    return routed
