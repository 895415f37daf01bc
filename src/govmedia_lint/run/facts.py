"""Small per-file facts that formats need besides the findings.

The CLI collects one ``AccountFacts`` per loaded file right after loading, so
no formatter (and no baseline or waiver step) has to hold whole documents:
the account's name, jurisdiction and host unit, the number of posts per day
(for the HTML activity heatmap), the item boundaries (for line-independent
finding identities) and the waivers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Optional

from ..model import AccountFile, Node

#: For each collection of an account file: the fields that identify one of its items.
ITEM_KEYS = {
    "filings": ("type", "event_on", "filed_on"),
    "notices": ("kind", "posted_on"),
    "offline_periods": ("kind", "start"),
    "posts": ("date", "title"),
    "messages": ("received_at",),
    "policy_documents": ("issued_on", "title"),
    "incidents": ("kind", "date"),
    "waivers": ("rule",),
}


@dataclass
class WaiverFact:
    rule: str
    line: int
    reason: Optional[str]
    approval_ref: Optional[str]
    expires_on: Optional[date]
    reason_line: int = 0
    expires_line: int = 0


@dataclass
class AccountFacts:
    file: str
    account: str
    jurisdiction: str
    host_unit: str
    platform: str
    status: str
    opened_on: Optional[date] = None
    #: ISO day -> number of posts on that day
    post_days: dict[str, int] = field(default_factory=dict)
    #: (first line, identity) of every item and account key, sorted by line
    items: list[tuple[int, str]] = field(default_factory=list)
    waivers: list[WaiverFact] = field(default_factory=list)
    closed_on: Optional[date] = None
    #: (start, end or None) of approved temporary offline periods and emergency shutdowns
    offline: tuple = ()
    #: collection -> the last day its imported log covers (``data_coverage``)
    coverage: dict = field(default_factory=dict)
    #: the longest gap between updates the account's packs allow (their ``max_idle_gap`` rules that apply to it,
    #: the strictest), and that rule's code: the HTML heatmap tints longer gaps (None: no such rule applies; set
    #: by the runner, the national index's two weeks until then)
    idle_max_days: Optional[int] = 14
    idle_rule: str = ""

    def item_at(self, line: int) -> str:
        """The identity of the item (post, filing, account key …) that contains ``line``."""
        index = bisect_right(self.items, (line, "\uffff")) - 1
        return self.items[index][1] if index >= 0 else "file"


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "value", value))


def _identity(collection: str, item: Node) -> str:
    keys = ITEM_KEYS.get(collection, ())
    parts = [_text(getattr(item, key)) for key in keys if getattr(item, key, None) is not None]
    return f"{collection}[{'|'.join(parts)}]"


def collect(path: str, doc: AccountFile) -> AccountFacts:
    account = doc.account
    posts = Counter(post.day.isoformat() for post in doc.posts)
    items: list[tuple[int, str]] = [(1, "file")]
    for name in type(doc).model_fields:
        if name in doc._key_lines:
            items.append((doc.key_line(name), name))
    for name in type(account).model_fields:
        if name in account._key_lines:
            items.append((account.key_line(name), f"account.{name}"))
    for collection in ITEM_KEYS:
        for item in getattr(doc, collection):
            items.append((item.line, _identity(collection, item)))
    waivers = [WaiverFact(w.rule, w.line, w.reason, w.approval_ref, w.expires_on,
                          w.key_line("reason"), w.key_line("expires_on")) for w in doc.waivers]
    return AccountFacts(path, account.name, account.jurisdiction, account.host_unit, account.platform.value,
                        account.status.value, account.opened_on, dict(sorted(posts.items())),
                        sorted(set(items)), waivers, account.closed_on,
                        tuple((p.start, p.end) for p in doc.offline_periods
                              if p.kind.value == "emergency" or p.approved_on is not None),
                        {name: through for name in ("posts", "messages") if (through := doc.covered_through(name))})


def idle_limit(account: Any, packs: list) -> tuple[Optional[int], str]:
    """(max_days, rule code) of the strictest ``max_idle_gap`` rule of ``packs`` that applies to ``account``; a
    rule judging every gap wins a tie over one judging only the last (trailing_only)."""
    from ..conditions import evaluate

    found = [(rule.params.max_days, rule.params.trailing_only, rule.code) for pack in packs
             for rule in pack.rules.values()
             if rule.kind == "max_idle_gap" and evaluate(rule.applies_to, account) is True]
    if not found:
        return None, ""
    days, _, code = min(found)
    return days, code
