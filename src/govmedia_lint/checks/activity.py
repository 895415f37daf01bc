"""Kinds about how often an account publishes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import date, timedelta
from typing import Iterator, Optional

from pydantic import Field, field_validator

from ..conditions import Condition, evaluate
from ..engine.kinds import AccountRecord, CheckContext, MissingData, Obligation, Outcome, Params, Violation, check_kind


def posts_through(record: AccountRecord) -> Optional[date]:
    """The last day the file's posts are known to be complete (``data_coverage.posts.through``), or None."""
    return record.doc.covered_through("posts")


def _post_days(record: AccountRecord, until: date, where: Optional[dict] = None) -> list[tuple[date, int]]:
    """(day, line) of every post up to ``until`` matching ``where``, sorted; once per file (several rules ask)."""
    known = ("post days", until, id(where))
    found = record.windows.get(known)
    if found is None or found[0] is not where:  # the condition held with the result: its id is never reused
        days = sorted((day, post.line) for post in record.doc.posts
                      if (day := post.day) <= until and (not where or evaluate(where, post)))
        found = record.windows[known] = (where, days)
    return found[1]


class FrequencyParams(Params):
    min: int = Field(ge=1)
    #: length of each counting window in ISO weeks (南通: one original post per two weeks)
    weeks: int = Field(default=1, ge=1)
    #: which posts count, e.g. {original: true}
    where: Optional[Condition] = None
    #: windows of several weeks are counted from this Monday, so they never move with --since
    anchor: date = date(2000, 1, 3)

    @field_validator("anchor")
    @classmethod
    def _monday(cls, value: date) -> date:
        if value.weekday() != 0:
            raise ValueError(f"anchor {value} 应为星期一")
        return value



@check_kind("update_frequency", FrequencyParams)
def update_frequency(record: AccountRecord, params: FrequencyParams, ctx: CheckContext) -> Iterator[Outcome]:
    """At least ``min`` posts in every window of ``weeks`` ISO weeks (Monday–Sunday).

    Only complete windows ending in the review period (the one running on its first day included) in which the
    account was live throughout (opened, not closed, not in an approved offline period) are counted.
    Windows of several weeks are fixed on the calendar (counted from ``anchor``), so a verdict
    never depends on where the review period starts. A window is judged as of its last day
    (that day's posts count); until then it is an obligation.
    """
    # the window running when the period begins ends in it: judged here (the period before saw it unfinished)
    early = ctx.window_start(params.weeks, params.anchor)
    first, last, pauses = replace(ctx, since=min(early, ctx.since)).active_days(record)
    if first is None:
        return
    posts = _post_days(record, last, params.where)
    days = [d for d, _ in posts]
    span = timedelta(weeks=params.weeks)
    window = first + timedelta(days=(7 - first.weekday()) % 7)  # first Monday on or after `first`
    offset = ((window - params.anchor).days // 7) % params.weeks
    if offset:
        window += timedelta(weeks=params.weeks - offset)  # first window start on the fixed grid
    per = "每周" if params.weeks == 1 else f"每 {params.weeks} 周"
    what = "条符合条件的信息" if params.where else "次"
    through = posts_through(record)
    blind: list[str] = []  # windows ending after the imported data: not known, so not judged
    while window + span - timedelta(days=1) <= last:
        end = window + span - timedelta(days=1)
        paused_window = any(start <= end and stop >= window for start, stop in pauses)
        if through is not None and end > through and not paused_window:
            # a window ending after the imported data: short by the file, unknown in fact (enough is a pass)
            if bisect_right(days, end) - bisect_left(days, window) < params.min:
                iso = window.isocalendar()
                blind.append(f"{iso.year}-W{iso.week:02d}" if params.weeks == 1 else f"{window}~{end}")
        elif not paused_window:
            lo, hi = bisect_left(days, window), bisect_right(days, end)
            count = hi - lo
            if count < params.min:
                iso = window.isocalendar()
                label = f"{iso.year}-W{iso.week:02d}" if params.weeks == 1 else f"{window}~{end}"
                line = posts[lo][1] if count else record.doc.key_line("posts")
                yield Violation(f"{label} 只更新 {count} {what}，要求{per}不少于 {params.min} {what}",
                                line, {"week": label, "from": window.isoformat(), "to": end.isoformat(),
                                       "count": count, "required": params.min})
        window += span
    if blind:
        shown = blind[0] if len(blind) == 1 else f"{blind[0]} 至 {blind[-1]}，共 {len(blind)} 个统计周期"
        yield MissingData(["posts"], record.doc.key_line("posts") or record.account.line, len(blind), through, shown)
    yield from _window_in_progress(record, params, ctx, window, window + span - timedelta(days=1), per, what)


def live_through(record: AccountRecord, ctx: CheckContext, start: date, end: date) -> bool:
    """Whether a check as of ``end`` (the period running to it) sees the account live and unpaused
    from ``start`` to ``end``: the window it then judges."""
    if not start <= ctx.as_of < end or ctx.until < ctx.as_of:
        return False
    first, last, pauses = replace(ctx, as_of=end, until=end).active_days(record)
    return first is not None and first <= start and end <= last and \
        not any(s <= end and e >= start for s, e in pauses)


def _window_in_progress(record: AccountRecord, params: FrequencyParams, ctx: CheckContext, window: date, end: date,
                        per: str, what: str) -> Iterator[Obligation]:
    """The window running on the as-of date: how many more posts it needs by its last day."""
    if not live_through(record, ctx, window, end):
        return
    posts = _post_days(record, end, params.where)  # the file as it stands: nothing else done
    days = [d for d, _ in posts]
    lo, hi = bisect_left(days, window), bisect_right(days, end)
    need = params.min - (hi - lo)
    if need > 0:
        name = ("本周" if params.weeks == 1 else "本期") + f"（{window} 至 {end}）"
        yield Obligation(f"{name}还需发布 {need} {what}（已发布 {hi - lo} {what}，要求{per}不少于 {params.min} {what}），"
                         f"截至 {end}", posts[lo][1] if hi > lo else record.doc.key_line("posts"), end,
                         {"from": window.isoformat(), "to": end.isoformat(), "count": hi - lo, "required": params.min},
                         same_day=True)


class IdleParams(Params):
    max_days: int = Field(ge=1)
    #: only judge the gap from the last post to the as-of date (南通 单项否决: 检查前2周无更新)
    trailing_only: bool = False


def _paused_days(start: date, end: date, pauses: list[tuple[date, date]]) -> int:
    """Days in (start, end) covered by pauses."""
    total = 0
    for p_start, p_end in pauses:
        lo, hi = max(p_start, start + timedelta(days=1)), min(p_end, end - timedelta(days=1))
        if lo <= hi:
            total += (hi - lo).days + 1
    return total


@check_kind("max_idle_gap", IdleParams)
def max_idle_gap(record: AccountRecord, params: IdleParams, ctx: CheckContext) -> Iterator[Outcome]:
    """No gap of more than ``max_days`` days between consecutive posts, or from the last post to the as-of date.

    A gap is the difference of the two dates; days in approved offline periods do not count.
    Gaps are judged where they reach into the review period while the account was live.
    """
    first, last, _ = ctx.active_days(record)
    if first is None:
        return
    account = record.account
    # Every post the file holds up to the as-of date counts, even after the review period ends
    # (--until before --as-of): a post is never "missing" because of where the period stops.
    end_day = min(ctx.as_of, account.closed_on) if account.closed_on else ctx.as_of
    _, _, pauses = ctx.active_days(record, until=max(last, end_day - timedelta(days=1)))
    opened = account.opened_on
    posts = _post_days(record, end_day - timedelta(days=1) if account.closed_on else end_day)
    points = [(d, line) for d, line in posts]
    # Start from the opening day (a new account must start posting) or the last post before the period.
    if opened and (not points or points[0][0] > opened):
        points.insert(0, (opened, account.key_line("opened_on")))
    elif not points:
        points.insert(0, (first, account.line))
    gaps = [(a, b, line_b) for (a, _), (b, line_b) in zip(points, points[1:])]
    gaps.append((points[-1][0], end_day, points[-1][1] if posts else record.doc.key_line("posts")))
    if params.trailing_only:
        gaps = gaps[-1:]
    if not record.account.closed_on:
        yield from _next_post_due(record, params, ctx, points[-1][0], gaps[-1][2])
    through = posts_through(record)
    blind = None  # the first gap that reaches past the imported data without being too long before it ends
    for start, end, line in gaps:
        if end < first or start > last:
            continue
        trailing = end == end_day and (start, end, line) == gaps[-1]
        if through is not None and end > through and \
                (end - start).days - _paused_days(start, end, pauses) > params.max_days:
            # Posts after ``through`` are not imported: the gap is known only up to that day.
            known = (through - start).days - _paused_days(start, through + timedelta(days=1), pauses)
            if start < through and known > params.max_days:
                yield Violation(f"{'最后一次更新 ' if trailing else ''}{start} 至数据截至日 {through} 间隔 {known} 天"
                                f"未更新，超过 {params.max_days} 天", line,
                                {"from": start.isoformat(), "to": through.isoformat(), "days": known,
                                 "max_days": params.max_days})
            elif blind is None:
                blind = (start, end, line)
            continue
        days = (end - start).days - _paused_days(start, end, pauses)
        if days > params.max_days:
            what = f"最后一次更新 {start} 至检查日 {end}" if trailing else f"{start} 至 {end}"
            yield Violation(f"{what} 间隔 {days} 天未更新，超过 {params.max_days} 天", line,
                            {"from": start.isoformat(), "to": end.isoformat(), "days": days,
                             "max_days": params.max_days})
    if blind is not None:
        start, end, line = blind
        yield MissingData(["posts"], line, 1, through, f"最后一次更新 {start}，{through} 之后是否更新未导入")


#: how far past the gap limit approved offline periods may push the next-post deadline before it is not listed
_IDLE_SCAN_DAYS = 400


def _next_post_due(record: AccountRecord, params: IdleParams, ctx: CheckContext, start: date,
                   line: int) -> Iterator[Obligation]:
    """The last day the next post may come after ``start`` (the last post) before the gap is too long:
    the day a check would still pass, with the offline periods that check would see."""
    def too_long(day: date) -> bool:
        _, _, pauses = replace(ctx, as_of=day, until=max(day, ctx.since)).active_days(record)
        return (day - start).days - _paused_days(start, day, pauses) > params.max_days

    if ctx.until < ctx.as_of:
        return
    day = start + timedelta(days=params.max_days)
    for _ in range(_IDLE_SCAN_DAYS):
        if too_long(day + timedelta(days=1)):
            yield Obligation(f"最后一次更新 {start}，应在 {day} 前再次更新（间隔不超过 {params.max_days} 天）", line,
                             day, {"from": start.isoformat(), "max_days": params.max_days})
            return
        day += timedelta(days=1)
