"""Kinds that look across every account of the run (the register)."""

from __future__ import annotations

from typing import Iterator, Optional

from pydantic import Field

from .. import conditions
from ..conditions import get_field
from ..engine.kinds import (ACTIVE_STATUSES, AccountRecord, CheckContext, Outcome, Params, Violation, check_kind,
                            register_cache)
from ..labels import field_label, value_label


def _value(record: AccountRecord, field: str):
    value = get_field(record.account, field)
    return getattr(value, "value", value)


def _live(record: AccountRecord) -> bool:
    return record.account.status in ACTIVE_STATUSES


#: (register, its length, {group_by fields: {key: live records}}) of the register seen last
_GROUPS: list = []
register_cache(_GROUPS.clear)
_INDEX_FROM = 64


def _group(record: AccountRecord, fields: list[str], ctx: CheckContext) -> list[AccountRecord]:
    """Live records of ``ctx.register`` with ``record``'s values of ``fields``, in register order.

    The register is indexed once per run and field list, so a rule over N accounts costs
    O(N) instead of comparing every account with every other (10,000 accounts: 10⁸ comparisons).
    """
    register, fields_key = ctx.register, tuple(fields)
    key = tuple(_value(record, f) for f in fields_key)
    if len(register) < _INDEX_FROM:  # small registers (and single files) are scanned, never held
        return [r for r in register if _live(r) and tuple(_value(r, f) for f in fields_key) == key]
    if not _GROUPS or _GROUPS[0] is not register or _GROUPS[1] != len(register):
        _GROUPS[:] = [register, len(register), {}]
    index = _GROUPS[2].get(fields_key)
    try:
        if index is None:
            index = {}
            for other in register:
                if _live(other):
                    index.setdefault(tuple(_value(other, f) for f in fields_key), []).append(other)
            _GROUPS[2][fields_key] = index
        return index.get(key, [])
    except TypeError:  # an unhashable value: compare one by one
        return [r for r in register if _live(r) and tuple(_value(r, f) for f in fields_key) == key]


class UniqueParams(Params):
    group_by: list[str] = Field(min_length=1)
    #: an account that the pack's own list of retained accounts names (its ``allowed_accounts`` rules, e.g. 黔江
    #: 第七条（一）: two 微信小程序 of 区公安局) is not reported: the pack itself decided it stays
    except_listed: bool = False


def listed_by_pack(record: AccountRecord, ctx: CheckContext) -> Optional[str]:
    """The code of the pack's retained-accounts rule (kind ``allowed_accounts``) that names the account, if any."""
    from .allowlist import match_listed

    for rule in ctx.pack.rules.values():
        if rule.kind == "allowed_accounts" and conditions.evaluate(rule.applies_to, record.account) is not False \
                and match_listed(record, rule.params)[0] is not None:
            return rule.code
    return None


@check_kind("unique_per_group", UniqueParams, scope="register")
def unique_per_group(record: AccountRecord, params: UniqueParams, ctx: CheckContext) -> Iterator[Outcome]:
    """No other live account of the register shares the ``group_by`` values (e.g. host unit and platform).
    With ``except_listed``, an account the pack's own retained-accounts list names is not reported."""
    if not _live(record):
        return
    if params.except_listed and listed_by_pack(record, ctx):
        return
    key = tuple(_value(record, f) for f in params.group_by)
    others = [r for r in _group(record, params.group_by, ctx) if r is not record]
    if others:
        names = "、".join(f"{r.account.name}（{r.path}）" for r in others)
        shown = "在".join(value_label(f, v) for f, v in zip(params.group_by, key))
        yield Violation(f"{shown}已有其他账号：{names}", record.account.line,
                        {"group": dict(zip(params.group_by, key)), "others": [r.path for r in others]})


class ConsistentParams(Params):
    group_by: list[str] = Field(min_length=1)
    field: str
    #: compare only with accounts that differ in this field (``platform``: "在不同平台上开设的……名称原则上应保持
    #: 一致" — two accounts on one platform are the one-per-platform rule's case, not this one's)
    across: Optional[str] = None


@check_kind("consistent_across_group", ConsistentParams, scope="register")
def consistent_across_group(record: AccountRecord, params: ConsistentParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Live accounts sharing ``group_by`` (e.g. one host unit on several platforms) agree on ``field``; with
    ``across``, only accounts that differ in that field (another platform) are compared."""
    if not _live(record):
        return
    mine = _value(record, params.field)
    differing = [r for r in _group(record, params.group_by, ctx)
                 if r is not record and _value(r, params.field) != mine
                 and (params.across is None or _value(r, params.across) != _value(record, params.across))]
    if differing:
        names = "、".join(f"{_value(r, params.field)}（{value_label('platform', r.account.platform)}）" for r in differing)
        yield Violation(f"{field_label(params.field)}为“{mine}”，与同一{'、'.join(map(field_label, params.group_by))}"
                        f"的其他账号不一致：{names}",
                        record.account.key_line(params.field.split(".")[0]),
                        {params.field: mine, "others": [r.path for r in differing]})
