"""Kinds that test each item of a collection against a condition."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Iterator, Literal

from ..conditions import Condition, describe, evaluate, missing_fields
from ..engine.kinds import AccountRecord, CheckContext, Obligation, Outcome, Violation, check_kind, items_in_window
from ..labels import collection_label, field_label
from .common import CollectionParams, MissingTally, item_label


class MustParams(CollectionParams):
    require: Condition
    #: what a missing field means: ``report`` it as missing data, or ``ignore`` the item
    missing: Literal["report", "ignore"] = "report"



class MustNotParams(CollectionParams):
    forbid: Condition
    missing: Literal["report", "ignore"] = "report"



def _item_name(collection: str) -> str:
    return "account" if collection == "account" else f"{collection}[]"


def _items(record: AccountRecord, params: CollectionParams, ctx: CheckContext, tally: MissingTally):
    for item in items_in_window(record, params.collection, ctx):
        selected = evaluate(params.where, item)
        if selected is None and getattr(params, "missing", "report") == "report":
            tally.add([f"{_item_name(params.collection)}.{f}" for f in missing_fields(params.where, item)], item.line)
        if selected:
            yield item


def _line(item: Any, condition: dict, collection: str) -> int:
    """Account facts point at the key concerned; list items at the item itself."""
    if collection == "account":
        return item.key_line(next(iter(condition)).split(".")[0])
    return item.line


@check_kind("item_must", MustParams)
def item_must(record: AccountRecord, params: MustParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Every selected item (``where``) satisfies ``require``."""
    tally = MissingTally()
    for item in _items(record, params, ctx, tally):
        result = evaluate(params.require, item, facts=True)
        if result is None:
            if params.missing == "report":
                tally.add([f"{_item_name(params.collection)}.{f}"
                           for f in missing_fields(params.require, item, facts=True)],
                          item.line)
        elif not result:
            yield Violation(f"{item_label(item)}不符合“{ctx.rule.title}”：应{describe(params.require)}",
                            _line(item, params.require, params.collection), {"_item": item})
    yield from tally.outcome()


@check_kind("item_must_not", MustNotParams)
def item_must_not(record: AccountRecord, params: MustNotParams, ctx: CheckContext) -> Iterator[Outcome]:
    """No selected item (``where``) matches ``forbid``."""
    tally = MissingTally()
    for item in _items(record, params, ctx, tally):
        result = evaluate(params.forbid, item, facts=True)
        if result is None:
            if params.missing == "report":
                tally.add([f"{_item_name(params.collection)}.{f}"
                           for f in missing_fields(params.forbid, item, facts=True)],
                          item.line)
        elif result:
            yield Violation(f"{item_label(item)}违反“{ctx.rule.title}”：{describe(params.forbid)}",
                            _line(item, params.forbid, params.collection), {"_item": item})
    yield from tally.outcome()


class RecordParams(CollectionParams):
    #: the account date that makes the record necessary, e.g. opened_on
    trigger: str
    #: days after the trigger before a missing record is a failure
    grace_days: int = 0


@check_kind("record_required", RecordParams)
def record_required(record: AccountRecord, params: RecordParams, ctx: CheckContext) -> Iterator[Outcome]:
    """When the account's ``trigger`` date (or the day ``grace_days`` after it) falls in the review period, a
    matching record exists (e.g. an open filing)."""
    day = getattr(record.account, params.trigger, None)
    if day is None or day > ctx.until or not ctx.judged(day, day + timedelta(days=params.grace_days)):
        return
    if any(evaluate(params.where, item) for item in getattr(record.doc, params.collection)):
        return
    limit = day + timedelta(days=params.grace_days)
    yield Obligation(f"{field_label(params.trigger)}为 {day}，应于 {limit} 前在{collection_label(params.collection)}中有"
                     f"{describe(params.where)}的记录", record.account.key_line(params.trigger), limit,
                     {params.trigger: day.isoformat()})
    if (ctx.as_of - day).days > params.grace_days:
        yield Violation(f"{field_label(params.trigger)}为 {day}，但{collection_label(params.collection)}中没有"
                        f"{describe(params.where)}的记录",
                        record.account.key_line(params.trigger),
                        {params.trigger: day.isoformat(), "expected": params.where})
