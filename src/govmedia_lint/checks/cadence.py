"""Weekly update minimums with an averaged variant for platforms that limit pushes (微信服务号)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import timedelta
from typing import Iterator

from pydantic import Field

from ..engine.kinds import AccountRecord, CheckContext, MissingData, Obligation, Outcome, Params, Violation, check_kind
from ..model import empty_list
from .activity import FrequencyParams, live_through, posts_through, update_frequency


class WeeklyParams(Params):
    min: int = Field(ge=1)
    #: account.platform_kind values judged on the weekly average instead of week by week
    average_for: list[str] = Field(default_factory=empty_list)


@check_kind("weekly_update", WeeklyParams)
def weekly_update(record: AccountRecord, params: WeeklyParams, ctx: CheckContext) -> Iterator[Outcome]:
    """At least ``min`` posts in every complete ISO week the account was live (as ``update_frequency``);
    accounts whose ``platform_kind`` is in ``average_for`` need ``min`` posts per week on average instead.
    """
    if record.account.platform_kind not in params.average_for:
        yield from update_frequency(record, FrequencyParams(min=params.min), ctx)
        return
    first, last, pauses = replace(ctx, since=ctx.window_start()).active_days(record)  # weeks ending in the period
    if first is None:
        return
    days = sorted(post.day for post in record.doc.posts if post.day <= last)
    week = first + timedelta(days=(7 - first.weekday()) % 7)
    weeks = total = blind = blind_posts = 0
    start = None
    through = posts_through(record)
    while week + timedelta(days=6) <= last:
        end = week + timedelta(days=6)
        if through is not None and end > through:
            blind += 1  # a week after the imported data: not known, not averaged
            blind_posts += bisect_right(days, end) - bisect_left(days, week)
        elif not any(s <= end and e >= week for s, e in pauses):
            weeks += 1
            total += bisect_right(days, end) - bisect_left(days, week)
            start, counted_to = start or week, end
        week += timedelta(days=7)
    yield from _average_in_progress(record, params, ctx, week, start, weeks, total)
    if blind and total + blind_posts < params.min * (weeks + blind):  # enough even so: nothing unknown
        yield MissingData(["posts"], record.doc.key_line("posts") or record.account.line, blind, through,
                          f"其后 {blind} 个完整周未计入平均")
    if weeks and total < params.min * weeks:
        kind = record.account.platform_kind
        end = counted_to
        yield Violation(f"{kind} {start} 至 {end} 共 {weeks} 个完整周更新 {total} 次，平均每周 {total / weeks:.2f} 次，"
                        f"要求平均每周不少于 {params.min} 次", record.doc.key_line("posts") or record.account.line,
                        {"weeks": weeks, "count": total, "average": round(total / weeks, 2), "required": params.min,
                         "from": start.isoformat(), "to": end.isoformat()})


def _average_in_progress(record: AccountRecord, params: WeeklyParams, ctx: CheckContext, week, first_week,
                         weeks: int, total: int) -> Iterator[Obligation]:
    """The week running on the as-of date: posts it needs to keep the weekly average (none while it is already short)."""
    end = week + timedelta(days=6)
    if total < params.min * weeks or not live_through(record, ctx, week, end):
        return
    this_week = sum(1 for post in record.doc.posts if week <= post.day <= end)
    need = params.min * (weeks + 1) - total - this_week
    if need > 0:
        yield Obligation(f"本周（{week} 至 {end}）还需发布 {need} 次，才能保持平均每周不少于 {params.min} 次，截至 {end}",
                         record.doc.key_line("posts") or record.account.line, end,
                         {"from": (first_week or week).isoformat(), "to": end.isoformat(), "count": this_week,
                          "required": need}, same_day=True)
