"""清理退出: an account that is being closed, or that has gone idle past its pack's limit (a 僵尸号), as the list
of steps its pack states for closing it (approval, the 关停备案, the notice, the entry in the registry system).

The kind decides nothing ``check`` reports: each step is judged by its own rule (named in the step), which also
reports it once it is late. What the kind adds is the plan, for ``govmedia-lint due``: every step not yet done, as
an obligation of that step's rule, dated where the step's deadline counts from an event the file records (the
close filing's ``filed_on``: 南通 "主管单位应在3个工作日内…备案"), else undated (未定期限), as the documents give no
day for it or the event has not happened yet.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Iterator, Literal, Optional

from pydantic import Field

from ..conditions import evaluate
from ..engine.kinds import KINDS, AccountRecord, CheckContext, Obligation, Outcome, Params, Violation, check_kind
from ..model import NoticeKind, Status

#: the filings that close an account
CLOSING = ("close", "cancel")
#: notices that announce a closure (停更公告 / 关停迁移公告)
CLOSURE_NOTICES = (NoticeKind.closure, NoticeKind.migration)
UNIT = {"workdays": "个工作日", "days": "天"}


class ClosureStep(Params):
    #: the pack's rule that states and judges the step (the obligation is listed under it)
    rule: str
    #: what completes the step: the close/cancel filing submitted (``filed_on``), approved (``approved_on`` or
    #: ``approved_by``), entered in the registry system (``registered_on``), or a closure notice posted
    done: Literal["filing", "approval", "registered", "notice"]
    #: the step's deadline, counted from ``after`` (the day itself not counted), where the document gives one
    within: Optional[int] = Field(default=None, ge=1)
    unit: Literal["workdays", "days"] = "workdays"
    after: Optional[Literal["filed_on", "closed_on"]] = None
    #: the step in the document's words (due's message); default: the rule's title
    text: Optional[str] = None


class ClosureParams(Params):
    steps: list[ClosureStep] = Field(min_length=1)


def _closing_filing(record: AccountRecord, as_of: date):
    """The close or cancel filing the file records (the first submitted by the as-of date, else the first)."""
    filings = [f for f in record.doc.filings if f.type.value in CLOSING]
    submitted = [f for f in filings if f.filed_on is not None and f.filed_on <= as_of]
    return (submitted or filings or [None])[0]


def _done(step: ClosureStep, record: AccountRecord, filing, as_of: date) -> bool:
    def by(day: Optional[date]) -> bool:
        return day is not None and day <= as_of

    if step.done == "notice":
        return any(n.kind in CLOSURE_NOTICES and by(n.posted_on) for n in record.doc.notices)
    if filing is None:
        return False
    if step.done == "filing":
        return by(filing.filed_on)
    if step.done == "approval":
        return by(filing.approved_on) or bool(filing.approved_by) or any(by(a.on) for a in filing.approvals)
    return by(filing.registered_on)


def idle_past_limit(record: AccountRecord, ctx: CheckContext) -> Optional[Violation]:
    """The trailing idle gap of the pack's own idle rules (kind ``max_idle_gap``) that is too long, if any: the
    account is a 僵尸号 by its pack's measure (the same finding ``check`` reports under that rule)."""
    rules = [rule for rule in ctx.pack.rules.values()
             if rule.kind == "max_idle_gap" and evaluate(rule.applies_to, record.account) is True]
    if not rules:
        return None
    # a post within the shortest limit before the as-of date: no trailing gap is too long (offline days only
    # shorten a gap), so the rules need not run (most accounts)
    shortest = min(rule.params.max_days for rule in rules)
    recent = ctx.as_of - timedelta(days=shortest)
    for post in record.doc.posts:
        day = post.date.date() if hasattr(post.date, "hour") else post.date
        if recent <= day <= ctx.as_of:
            return None
    for rule in rules:
        for outcome in KINDS[rule.kind].func(record, rule.params, replace(ctx, rule=rule)):
            if isinstance(outcome, Violation) and outcome.evidence.get("to") == ctx.as_of.isoformat():
                return outcome
    return None


@check_kind("closure_steps", ClosureParams, plan=True)
def closure_steps(record: AccountRecord, params: ClosureParams, ctx: CheckContext) -> Iterator[Outcome]:
    """An account being closed (``status: closing``), or live and idle past the pack's limit (its ``max_idle_gap``
    rules: a 僵尸号), has each of ``steps`` still to do, listed by ``due`` under the step's own rule: dated when
    the step has a deadline (``within`` ``unit`` after ``after``) and that event is recorded, otherwise undated.
    Yields no violation: each step's rule reports it once late."""
    account = record.account
    if account.status == Status.closing:
        why = "拟关停"
    elif account.status in (Status.active, Status.offline) and not account.closed_on:
        idle = idle_past_limit(record, ctx)
        if idle is None:
            return
        why = (f"长期未更新（{idle.evidence['from']} 以来，超过 {idle.evidence['max_days']} 天），"
               f"应恢复更新或按程序关停注销")
    else:
        return
    filing = _closing_filing(record, ctx.as_of)
    for step in params.steps:
        rule = ctx.pack.rules.get(step.rule)
        if rule is None:
            raise ValueError(f"步骤引用了规则包 {ctx.pack.id} 中没有的规则 {step.rule}")
        if _done(step, record, filing, ctx.as_of):
            continue
        text = step.text or rule.title
        line = filing.line if filing is not None and step.done != "notice" else account.line
        evidence = {"_rule": rule.code, "step": step.done, "reason": "closing" if why == "拟关停" else "idle"}
        start = None
        if step.after == "filed_on" and filing is not None and filing.filed_on and filing.filed_on <= ctx.as_of:
            start = filing.filed_on
        elif step.after == "closed_on" and account.closed_on:
            start = account.closed_on
        if step.within is not None and start is not None:
            due = ctx.calendar.nth_workday_after(start, step.within) if step.unit == "workdays" \
                else start + timedelta(days=step.within)
            evidence[step.after] = start.isoformat()
            evidence["deadline"] = due.isoformat()
            yield Obligation(f"{why}：{text}（{step.after and _EVENT[step.after]} {start} 后 {step.within} "
                             f"{UNIT[step.unit]}内，{due} 前）", line, due, evidence)
            continue
        when = ""
        if step.within is not None and step.after is not None:
            when = f"（{_EVENT[step.after]}后 {step.within} {UNIT[step.unit]}内；尚未{_EVENT[step.after]}，无从起算）"
        yield Obligation(f"{why}：{text}{when}", line, None, evidence, undated=True)


_EVENT = {"filed_on": "提交关停备案", "closed_on": "关停"}
