"""Kinds about public notices (公告) that must accompany an event."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator, Literal, Optional

from pydantic import Field

from ..engine.kinds import AccountRecord, CheckContext, MissingData, Obligation, Outcome, Params, Violation, check_kind
from ..labels import value_label
from ..model import FilingType, Notice, NoticeKind, OfflineKind, Status

TRIGGER_TEXT = {"opened": "开通", "closed": "关停", "offline": "临时下线"}


CHANNEL_TEXT = {"portal": "门户网站", "account": "政务新媒体账号"}


class NoticeParams(Params):
    #: which event needs the notice
    trigger: Literal["opened", "closed", "offline"]
    kinds: list[NoticeKind]
    min_days: int = Field(default=0, ge=0)
    unit: Literal["days", "workdays"] = "days"
    placement: Optional[list[str]] = None
    channel: Optional[list[str]] = None
    #: every channel of ``channel`` needs its own notice (佳县: 门户网站与政务新媒体上), judged one by one
    each_channel: bool = False
    #: ``min_days`` is a notice period before the event (南通: 公告时间不少于15个工作日, then closure):
    #: counted from posted_on to the event day (or removed_on, if earlier)
    before_event: bool = False
    #: the notice may follow the event by this many days (an option: no document gives a tolerance)
    grace_days: int = Field(default=0, ge=0)


def _events(record: AccountRecord, params: NoticeParams, ctx: CheckContext) -> list[tuple[date, int, bool]]:
    """(day, line, pending) of each triggering event in the review period; pending closures use the as-of date."""
    account = record.account
    grace = timedelta(days=params.grace_days)
    if params.trigger == "opened":
        if account.opened_on and account.opened_on <= ctx.until and ctx.judged(account.opened_on, account.opened_on + grace):
            return [(account.opened_on, account.key_line("opened_on"), False)]
        return []
    if params.trigger == "closed":
        if account.closed_on and account.closed_on <= ctx.until and ctx.judged(account.closed_on, account.closed_on + grace):
            return [(account.closed_on, account.key_line("closed_on"), False)]
        if account.status in (Status.closing, Status.closed, Status.cancelled) and not account.closed_on:
            return [(ctx.as_of, account.key_line("status"), True)]
        return []
    return [(p.start, p.line, False) for p in record.doc.offline_periods
            if p.kind == OfflineKind.temporary and p.start <= ctx.until and ctx.judged(p.start, p.start + grace)]


def _closure_filed(record: AccountRecord) -> bool:
    """A closure or cancellation filing submitted to the supervising unit (filings[].type close/cancel, filed_on)."""
    return any(f.type in (FilingType.close, FilingType.cancel) and f.filed_on is not None for f in record.doc.filings)


def _kept(notice: Notice, event_day: date, params: NoticeParams, ctx: CheckContext) -> tuple[Optional[date], int]:
    """(end, kept): how long the notice counts, or (None, 0) when it cannot yet be judged."""
    if params.before_event:
        end = min(notice.removed_on or event_day, event_day)
    elif notice.removed_on is not None:
        end = notice.removed_on
    else:
        return None, 0  # still up: counts to the as-of date, so never yet too short
    kept = (ctx.calendar.workdays_between(notice.posted_on, end) if params.unit == "workdays"
            else (end - notice.posted_on).days)
    return end, kept


@check_kind("notice_kept", NoticeParams)
def notice_kept(record: AccountRecord, params: NoticeParams, ctx: CheckContext) -> Iterator[Outcome]:
    """An event (opening, closure, offline) has a notice of the given kind, placement and channel,
    posted by the event day (plus ``grace_days``) and kept up at least ``min_days``.

    A notice still up counts up to the as-of date; one posted fewer than ``min_days`` ago is not yet a failure.
    A notice whose ``placement`` or ``channel`` is not recorded is missing data, not a notice missing or misplaced.
    With ``each_channel`` every listed channel needs its own notice; with ``before_event`` the
    ``min_days`` run from the notice to the event (a notice period), so a notice posted on the event day fails.
    """
    event_name = TRIGGER_TEXT[params.trigger]
    kinds = "/".join(k.value for k in params.kinds)  # the evidence keeps the values; messages say it in Chinese
    kinds_text = "或".join(value_label("notices[].kind", k) for k in params.kinds)
    groups = [[c] for c in params.channel] if params.each_channel and params.channel else [None]
    for event_day, event_line, pending in _events(record, params, ctx):
        unplaced: set[int] = set()  # notices without a channel, reported once as missing data
        for channels in groups:
            candidates = [n for n in record.doc.notices if n.kind in params.kinds and n.posted_on <= ctx.as_of
                          and (channels is None or (n.channel is not None and n.channel.value in channels))]
            where = f"在{CHANNEL_TEXT.get(channels[0], channels[0])}上" if channels else ""
            unknown = [n for n in record.doc.notices if channels is not None and not candidates
                       and n.kind in params.kinds and n.posted_on <= ctx.as_of and n.channel is None]
            if unknown:
                # a notice whose channel is not recorded may be this one: missing data, never "no notice"
                for notice in unknown:
                    if notice.line not in unplaced:
                        unplaced.add(notice.line)
                        yield MissingData(["notices[].channel"], notice.line)
                continue
            if not candidates:
                # due by the event day plus the grace days; with no grace, on the event day itself
                post_by = event_day + timedelta(days=params.grace_days)
                evidence = {"event": event_day.isoformat(), "notice_kind": kinds,
                            **({"channel": channels[0]} if channels else {}),
                            **({"closure_filed": _closure_filed(record)} if params.trigger == "closed" else {})}
                # 拟关停 (status: closing) with no closure filed: the closure has not happened and is not yet
                # reported (已报关停), so a missing notice is not yet a violation
                intended = pending and record.account.status == Status.closing and not _closure_filed(record)
                if not intended and (pending or post_by < ctx.as_of or (not params.grace_days and event_day == ctx.as_of)):
                    yield Violation(f"{event_name}（{event_day}）没有{where}发布{kinds_text}", event_line, evidence)
                if not pending:
                    yield Obligation(f"{event_name}于 {event_day}，应在 {post_by} 前{where}发布{kinds_text}", event_line,
                                     post_by, evidence, same_day=not params.grace_days)
                elif intended:
                    # no closure day yet, so no deadline: the duty is open, undated (due: 未定期限)
                    unit = "个工作日" if params.unit == "workdays" else "天"
                    ahead = (f"，{event_name}前公告不少于 {params.min_days} {unit}" if params.before_event and params.min_days
                             else f"，最迟在{event_name}当天发布" if not params.grace_days else "")
                    yield Obligation(f"拟{event_name}（尚未报{event_name}备案）：应{where}发布{kinds_text}{ahead}",
                                     event_line, None, evidence, undated=True)
                continue
            notice = min(candidates, key=lambda n: abs((n.posted_on - event_day).days))
            yield from _judge(notice, event_day, pending, event_name, params, ctx)


def _judge(notice: Notice, event_day: date, pending: bool, event_name: str, params: NoticeParams,
           ctx: CheckContext) -> Iterator[Outcome]:
    evidence = {"event": event_day.isoformat(), "posted_on": notice.posted_on.isoformat()}
    if (notice.posted_on - event_day).days > params.grace_days:
        yield Violation(f"{event_name}于 {event_day}，公告迟至 {notice.posted_on} 才发布", notice.line, evidence)
    # a placement or channel not recorded is missing data (缺少规则所需数据), not a notice in the wrong place
    if params.placement and notice.placement is None:
        yield MissingData(["notices[].placement"], notice.line)
    elif params.placement and notice.placement.value not in params.placement:
        shown = notice.placement.value
        yield Violation(f"{event_name}公告位置为{value_label('placement', shown)}，应为"
                        f"{'或'.join(value_label('placement', p) for p in params.placement)}", notice.line,
                        {**evidence, "placement": shown, "required": params.placement})
    if params.channel and not params.each_channel and notice.channel is None:
        yield MissingData(["notices[].channel"], notice.line)
    elif params.channel and not params.each_channel and notice.channel.value not in params.channel:
        shown = notice.channel.value
        yield Violation(f"{event_name}公告发布渠道为{value_label('channel', shown)}，应为"
                        f"{'或'.join(value_label('channel', c) for c in params.channel)}", notice.line,
                        {**evidence, "channel": shown, "required": params.channel})
    if params.min_days and params.before_event and pending and notice.removed_on is None:
        yield from _keep_until(notice, event_name, params, ctx, evidence, before_event=True)
    if not params.min_days or (params.before_event and pending):
        return
    if not params.before_event and notice.removed_on is None:
        yield from _keep_until(notice, event_name, params, ctx, evidence)
    end, kept = _kept(notice, event_day, params, ctx)
    unit = "个工作日" if params.unit == "workdays" else "天"
    if end is not None and kept < params.min_days:
        if params.before_event:
            text = (f"{event_name}公告 {notice.posted_on} 发布，至{event_name}（{event_day}）"
                    f"{'或撤下' if end != event_day else ''}仅公告 {kept} {unit}，{event_name}前应公告不少于 "
                    f"{params.min_days} {unit}")
        else:
            text = (f"{event_name}公告 {notice.posted_on} 至 {notice.removed_on} 仅保留 {kept} {unit}，"
                    f"应不少于 {params.min_days} {unit}")
        yield Violation(text, notice.line, {**evidence, "removed_on": notice.removed_on.isoformat()
                                            if notice.removed_on else None, "kept": kept,
                                            "required": params.min_days})


def _keep_until(notice: Notice, event_name: str, params: NoticeParams, ctx: CheckContext, evidence: dict,
                before_event: bool = False) -> Iterator[Obligation]:
    """A notice still up must stay until the day removing it keeps it ``min_days``; with ``before_event``, the
    event (a closure still pending) may not come before that day either (``due``: keep, not act)."""
    keep_until = (ctx.calendar.nth_workday_after(notice.posted_on, params.min_days) if params.unit == "workdays"
                  else notice.posted_on + timedelta(days=params.min_days))
    if keep_until > ctx.as_of:
        unit = "个工作日" if params.unit == "workdays" else "天"
        what = (f"{event_name}前应公告不少于 {params.min_days} {unit}：最早 {keep_until} {event_name}，此前公告不得撤下"
                if before_event else f"应保留不少于 {params.min_days} {unit}，{keep_until} 前不得撤下")
        yield Obligation(f"{event_name}公告 {notice.posted_on} 发布，{what}", notice.line, keep_until,
                         {**evidence, "required": params.min_days}, keep=True)
