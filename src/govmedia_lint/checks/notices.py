"""Kinds about public notices (公告) that must accompany an event."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Literal, Optional

from pydantic import Field

from ..engine.kinds import AccountRecord, CheckContext, Outcome, Params, Violation, check_kind
from ..labels import value_label
from ..model import NoticeKind, OfflineKind, Status

TRIGGER_TEXT = {"opened": "开通", "closed": "关停", "offline": "临时下线"}


class NoticeParams(Params):
    #: which event needs the notice
    trigger: Literal["opened", "closed", "offline"]
    kinds: list[NoticeKind]
    min_days: int = Field(default=0, ge=0)
    unit: Literal["days", "workdays"] = "days"
    placement: Optional[list[str]] = None
    channel: Optional[list[str]] = None
    #: the notice may follow the event by this many days
    grace_days: int = Field(default=0, ge=0)


def _events(record: AccountRecord, params: NoticeParams, ctx: CheckContext) -> list[tuple[date, int]]:
    """(day, line) of each triggering event in the review period; pending closures use the as-of date."""
    account = record.account
    if params.trigger == "opened":
        if account.opened_on and ctx.in_window(account.opened_on):
            return [(account.opened_on, account.key_line("opened_on"))]
        return []
    if params.trigger == "closed":
        if account.closed_on and ctx.in_window(account.closed_on):
            return [(account.closed_on, account.key_line("closed_on"))]
        if account.status in (Status.closing, Status.closed, Status.cancelled) and not account.closed_on:
            return [(ctx.as_of, account.key_line("status"))]
        return []
    return [(p.start, p.line) for p in record.doc.offline_periods
            if p.kind == OfflineKind.temporary and ctx.in_window(p.start)]


@check_kind("notice_kept", NoticeParams)
def notice_kept(record: AccountRecord, params: NoticeParams, ctx: CheckContext) -> Iterator[Outcome]:
    """An event (opening, closure, offline) has a notice of the given kind, placement and channel,
    posted by the event day (plus ``grace_days``) and kept up at least ``min_days``.

    A notice still up counts up to the as-of date; one posted fewer than ``min_days`` ago is not yet a failure.
    """
    event_name = TRIGGER_TEXT[params.trigger]
    kinds = "/".join(k.value for k in params.kinds)
    for event_day, event_line in _events(record, params, ctx):
        candidates = [n for n in record.doc.notices if n.kind in params.kinds and n.posted_on <= ctx.as_of]
        if not candidates:
            if (event_day - ctx.as_of).days + params.grace_days < 0 or event_day == ctx.as_of:
                yield Violation(f"{event_name}（{event_day}）没有发布 {kinds} 公告", event_line,
                                {"event": event_day.isoformat(), "notice_kind": kinds})
            continue
        notice = min(candidates, key=lambda n: abs((n.posted_on - event_day).days))
        evidence = {"event": event_day.isoformat(), "posted_on": notice.posted_on.isoformat()}
        if (notice.posted_on - event_day).days > params.grace_days:
            yield Violation(f"{event_name}于 {event_day}，公告迟至 {notice.posted_on} 才发布", notice.line, evidence)
        if params.placement and (notice.placement is None or notice.placement.value not in params.placement):
            shown = notice.placement.value if notice.placement else "未注明"
            yield Violation(f"{event_name}公告位置为{value_label('placement', shown)}，应为"
                            f"{'或'.join(value_label('placement', p) for p in params.placement)}", notice.line,
                            {**evidence, "placement": shown, "required": params.placement})
        if params.channel and (notice.channel is None or notice.channel.value not in params.channel):
            shown = notice.channel.value if notice.channel else "未注明"
            yield Violation(f"{event_name}公告发布渠道为{value_label('channel', shown)}，应为"
                            f"{'或'.join(value_label('channel', c) for c in params.channel)}", notice.line,
                            {**evidence, "channel": shown, "required": params.channel})
        if params.min_days:
            end = notice.removed_on or ctx.as_of
            kept = (ctx.calendar.workdays_between(notice.posted_on, end) if params.unit == "workdays"
                    else (end - notice.posted_on).days)
            unit = "个工作日" if params.unit == "workdays" else "天"
            if kept < params.min_days and notice.removed_on is not None:
                yield Violation(f"{event_name}公告 {notice.posted_on} 至 {notice.removed_on} 仅保留 {kept} {unit}，"
                                f"应不少于 {params.min_days} {unit}", notice.line,
                                {**evidence, "removed_on": notice.removed_on.isoformat(), "kept": kept,
                                 "required": params.min_days})
