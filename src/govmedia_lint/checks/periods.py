"""Kinds that limit how often or how long something happens."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Iterator

from pydantic import Field

from ..conditions import evaluate
from ..engine.kinds import AccountRecord, CheckContext, Obligation, Outcome, Violation, check_kind, item_day
from .common import CollectionParams, as_day


class CountParams(CollectionParams):
    max: int = Field(ge=0)
    what: str = "次"


@check_kind("max_per_year", CountParams)
def max_per_year(record: AccountRecord, params: CountParams, ctx: CheckContext) -> Iterator[Outcome]:
    """At most ``max`` selected items per calendar year, for years that reach into the review period."""
    by_year = defaultdict(list)
    for item in getattr(record.doc, params.collection):
        day = item_day(item, params.collection)
        if day is not None and day <= ctx.as_of and evaluate(params.where, item):
            by_year[day.year].append(item)
    for year, items in sorted(by_year.items()):
        if not ctx.since.year <= year <= ctx.until.year or len(items) <= params.max:
            continue
        items.sort(key=lambda i: item_day(i, params.collection))
        yield Violation(f"{year} 年共 {len(items)} {params.what}，每年不得超过 {params.max} {params.what}",
                        items[params.max].line, {"year": year, "count": len(items), "max": params.max})


class DurationParams(CollectionParams):
    start: str
    end: str
    max_days: int = Field(ge=0)
    #: ``end`` is the last day of the span (offline_periods[].end: the last offline day), so both days count
    inclusive: bool = False


def duration_text(params: DurationParams) -> str:
    """How ``max_duration`` counts a span's days: the one sentence the messages and the format doc use."""
    if params.inclusive:
        return f"{params.end} − {params.start} + 1（首尾两日都算）"
    return f"{params.end} − {params.start}（不含 {params.end} 当日）"


@check_kind("max_duration", DurationParams)
def max_duration(record: AccountRecord, params: DurationParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Each selected item lasts at most ``max_days`` days (``end`` − ``start``, plus one with ``inclusive``;
    an open end runs to the as-of date)."""
    for item in getattr(record.doc, params.collection):
        start = as_day(getattr(item, params.start))
        if start is None or start > ctx.until or not evaluate(params.where, item):
            continue
        end = as_day(getattr(item, params.end)) or ctx.as_of
        if end < ctx.since:
            continue
        days = (end - start).days + (1 if params.inclusive else 0)
        if getattr(item, params.end) is None:  # the last day it may still run (``due``)
            limit = start + timedelta(days=params.max_days - (1 if params.inclusive else 0))
            yield Obligation(f"{start} 开始，至今未结束，最迟应于 {limit} 结束（不得超过 {params.max_days} 天）", item.line,
                             limit, {"start": start.isoformat(), "max_days": params.max_days})
        if days > params.max_days:
            ongoing = "（至今未结束）" if getattr(item, params.end) is None else ""
            yield Violation(f"{start} 至 {end}{ongoing} 共 {days} 天（按 {duration_text(params)} 计），"
                            f"不得超过 {params.max_days} 天", item.line,
                            {"start": start.isoformat(), "end": end.isoformat(), "days": days,
                             "max_days": params.max_days})
