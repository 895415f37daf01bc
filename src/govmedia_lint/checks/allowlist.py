"""Kinds that compare an account with a list of accounts a document allows (保留名单).

The list lives in the pack's params; matching is by host unit, name and platform
(and the platform kind where the list names one). Host-unit names are written in
many ways (区财政局 / 黔江区财政局 / 重庆市黔江区财政局), so a pack lists the
prefixes to ignore and any other official names of a unit.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..engine.kinds import AccountRecord, CheckContext, MissingData, Obligation, Outcome, Params, Violation, check_kind
from ..labels import value_label
from ..model import Platform, Status, empty_list

_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）]")


def normalize(text: Optional[str]) -> str:
    """Compare names without width, spacing or quotation differences."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or ""))


class ListedAccount(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host_unit: str
    #: other names of the same unit, e.g. 重庆市公安局黔江区分局 for 区公安局
    host_unit_aliases: list[str] = Field(default_factory=empty_list)
    name: str
    #: other names of the same account, e.g. 重庆市黔江区人民政府 for a portal listed as 黔江区人民政府
    name_aliases: list[str] = Field(default_factory=empty_list)
    platform: Platform
    #: e.g. 订阅号 / 服务号; when set, an account that states another kind is a different account
    platform_kind: Optional[str] = None

    def label(self) -> str:
        kind = f"，{self.platform_kind}" if self.platform_kind else ""
        return f"{self.host_unit}“{self.name}”（{self.platform.value}{kind}）"


class AllowedAccountsParams(Params):
    accounts: list[ListedAccount] = Field(min_length=1)
    #: prefixes ignored when comparing host units, longest tried first (e.g. 重庆市黔江区, 黔江区, 区)
    strip_prefixes: list[str] = Field(default_factory=empty_list)
    #: the date of the list; unlisted accounts may run until ``grace_workdays`` working days after it
    listed_on: Optional[date] = None
    grace_workdays: int = Field(default=0, ge=0)
    #: unlisted accounts approved and opened on or after this date are new accounts, judged by the approval rules
    approved_since: Optional[date] = None
    #: how the list is called in messages
    list_name: str = "保留名单"


def _unit(text: str, params: AllowedAccountsParams) -> str:
    value = normalize(text)
    for prefix in sorted((normalize(p) for p in params.strip_prefixes), key=len, reverse=True):
        if prefix and value.startswith(prefix) and len(value) > len(prefix):
            return value[len(prefix):]
    return value


def _units(entry: ListedAccount, params: AllowedAccountsParams) -> set[str]:
    return {_unit(u, params) for u in (entry.host_unit, *entry.host_unit_aliases)}


def _mismatch(record: AccountRecord, entry: ListedAccount, params: AllowedAccountsParams) -> list[str]:
    """What differs between the account and a listed entry (empty: it is that entry)."""
    account = record.account
    problems = []
    if _unit(account.host_unit, params) not in _units(entry, params):
        problems.append(f"主办单位为“{account.host_unit}”，名单为“{entry.host_unit}”")
    if account.platform != entry.platform:
        problems.append(f"平台为 {account.platform.value}，名单为 {entry.platform.value}")
    elif entry.platform_kind and account.platform_kind \
            and normalize(account.platform_kind) != normalize(entry.platform_kind):
        problems.append(f"账号类型为 {account.platform_kind}，名单为 {entry.platform_kind}")
    return problems


def match_listed(record: AccountRecord, params: AllowedAccountsParams) -> tuple[Optional[ListedAccount], list[str]]:
    """(the listed entry the account is, None) or (None, why the closest same-name entries differ)."""
    name = normalize(record.account.name)
    near = []
    for entry in params.accounts:
        if name not in {normalize(n) for n in (entry.name, *entry.name_aliases)}:
            continue
        problems = _mismatch(record, entry, params)
        if not problems:
            return entry, []
        near.append(f"{entry.label()}：{'；'.join(problems)}")
    return None, near


@check_kind("allowed_accounts", AllowedAccountsParams)
def allowed_accounts(record: AccountRecord, params: AllowedAccountsParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Only the accounts listed in ``accounts`` may run; any other account live after the grace
    period (``grace_workdays`` working days after ``listed_on``) is a violation.

    An account matches an entry when its name, host unit (ignoring ``strip_prefixes``, or one of
    the entry's aliases), platform and, where both state it, platform kind agree. Accounts not yet
    live (planned, approved) are not judged, nor unlisted accounts approved and opened on or after
    ``approved_since`` (new accounts, whose approval other rules check).
    """
    account = record.account
    entry, near = match_listed(record, params)
    if entry is not None:
        return
    if params.approved_since and account.approved_on and account.approved_on >= params.approved_since \
            and (account.opened_on is None or account.opened_on >= params.approved_since):
        return  # a new account opened under the document's approval procedure
    if account.status in (Status.planned, Status.approved):
        return
    if account.status in (Status.closed, Status.cancelled) and account.closed_on is None:
        yield MissingData(["account.closed_on"], account.key_line("status"))
        return
    deadline = ctx.calendar.nth_workday_after(params.listed_on, params.grace_workdays) if params.listed_on else None
    if deadline is not None and not (account.closed_on and account.closed_on <= ctx.as_of):
        yield Obligation(f"“{account.name}”（{account.host_unit}，{account.platform.value}）不在{params.list_name}中，"
                         f"应于 {deadline} 前关停注销", account.key_line("name"), deadline,
                         {"deadline": deadline.isoformat(), "status": account.status.value})
    # The span the account occupies, closing day included: a closure completed after the deadline is late.
    first = max(ctx.since, account.opened_on or ctx.since)
    last = min(ctx.until, ctx.as_of, account.closed_on or ctx.until)
    if deadline is not None:
        first = max(first, deadline + timedelta(days=1))
    if first > last:
        return
    why = f"；{'；'.join(near)}" if near else ""
    head = f"“{account.name}”（{account.host_unit}，{value_label('platform', account.platform)}）不在{params.list_name}中{why}"
    due = f"，应于 {deadline} 前关停注销" if deadline else ""
    if account.closed_on and account.closed_on <= ctx.until:
        tail = f"{due}，迟至 {account.closed_on} 才关停"
        line = account.key_line("closed_on")
    else:
        tail = f"{due}，截至 {min(ctx.as_of, ctx.until)} 仍在运行（账号状态：{value_label('status', account.status)}）"
        line = account.key_line("name")
    evidence = {"deadline": deadline.isoformat() if deadline else None, "status": account.status.value,
                "closed_on": account.closed_on.isoformat() if account.closed_on else None,
                "near_matches": near}
    yield Violation(head + tail, line, evidence)
