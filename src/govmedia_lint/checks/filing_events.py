"""Kinds that tie an account event (opening, closure) or the account's existence to records on file.

``event_filed`` covers "开设、关停、注销须在 N 个工作日内备案" (the event date is an
account fact, so an account with no filing at all is caught, not only a late one)
and "未经报备，不得向第三方平台申请开设账号" (the filing must precede the event).
``record_on_file`` covers standing obligations such as "所有政务新媒体均应纳入全国
政务新媒体信息报送系统": every live account holds a matching record, whenever it opened.
"""

from __future__ import annotations

from typing import Any, Iterator, Literal, Optional

from pydantic import Field

from ..conditions import Condition, describe, evaluate
from ..engine.kinds import (
    ACTIVE_STATUSES,
    AccountRecord,
    CheckContext,
    MissingData,
    Obligation,
    Outcome,
    Params,
    Violation,
    check_kind,
)
from ..labels import collection_label, value_label
from ..model import FilingType, Status
from .common import label

TYPE_TEXT = {
    FilingType.open: "开设",
    FilingType.change: "变更",
    FilingType.offline: "下线",
    FilingType.close: "关停",
    FilingType.cancel: "注销",
    FilingType.emergency_shutdown: "紧急关停",
    FilingType.exit_supervision: "退出监管",
}

#: statuses in which an account must have the trigger date
TRIGGER_STATUSES = {
    "opened_on": {Status.active, Status.offline, Status.closing, Status.closed, Status.cancelled},
    "closed_on": {Status.closed, Status.cancelled},
}


class EventFiledParams(Params):
    #: the account date of the event: opened_on (开设) or closed_on (关停/注销)
    trigger: Literal["opened_on", "closed_on"]
    #: filing types that record the event
    types: list[FilingType] = Field(min_length=1)
    #: filed on or before the N-th working day after the event (the event day not counted)
    within: int = Field(default=0, ge=0)
    #: the filing must come first (报备在先): filed on or before the event day (a filing dated the same
    #: day is no proof of the wrong order); ``within`` is then ignored
    before: bool = False


@check_kind("event_filed", EventFiledParams)
def event_filed(record: AccountRecord, params: EventFiledParams, ctx: CheckContext) -> Iterator[Outcome]:
    """An account event (``trigger`` date) has a filing of ``types`` filed within N working days, or before it.

    When the account's ``trigger`` date or its deadline falls in the review period, a filing of one of ``types``
    exists and its ``filed_on`` is within ``within`` working days after the event (or, with
    ``before``, on or before the event day).

    An account with no filing is reported once the deadline has passed; an account whose status
    implies the event but that has no ``trigger`` date is reported as missing data.
    """
    account = record.account
    event = getattr(account, params.trigger)
    kinds = "/".join(TYPE_TEXT[t] for t in params.types)
    if event is None:
        if account.status in TRIGGER_STATUSES[params.trigger]:
            yield MissingData([f"account.{params.trigger}"], account.key_line("status"))
        return
    line = account.key_line(params.trigger)
    if params.before:
        due = event
        rule_text = f"应在{label(params.trigger)}（{event}）之前{kinds}备案"
    else:
        # N working days never span more than 2N + 15 calendar days (the longest holiday with its weekends)
        if event > ctx.until or (ctx.since - event).days > 2 * params.within + 15:
            return
        due = ctx.calendar.nth_workday_after(event, params.within)
        rule_text = f"应在 {params.within} 个工作日内（{due} 前）{kinds}备案"
    if not ctx.judged(event, due):  # the event or its deadline in the review period
        return
    evidence: dict[str, Any] = {params.trigger: event.isoformat(), "deadline": due.isoformat(),
                                "types": [t.value for t in params.types]}
    filings = [f for f in record.doc.filings if f.type in params.types]
    if not filings:
        if due < ctx.as_of:
            yield Violation(f"{label(params.trigger)}于 {event}，{rule_text}，但 filings 中没有{kinds}备案记录",
                            line, {**evidence, "filed_on": None})
        if not params.before:  # filing late still ends the omission; filing after the event never makes it "before"
            yield Obligation(f"{label(params.trigger)}于 {event}，{rule_text}", line, due, {**evidence, "filed_on": None})
        return
    dated = [f for f in filings if f.filed_on is not None]
    if not dated:
        yield MissingData(["filings[].filed_on"], filings[0].line)
        return
    filing = min(dated, key=lambda f: abs((f.filed_on - event).days))
    if filing.filed_on > due:
        if params.before:
            late = f"实际 {filing.filed_on} 才备案（先开设后备案）"
        else:
            late = f"实际 {filing.filed_on}，超期 {ctx.calendar.workdays_between(due, filing.filed_on)} 个工作日"
        yield Violation(f"{label(params.trigger)}于 {event}，{rule_text}，{late}", filing.line,
                        {**evidence, "filed_on": filing.filed_on.isoformat()})


class RecordOnFileParams(Params):
    collection: Literal["filings", "notices", "offline_periods"] = "filings"
    #: the record that must exist, e.g. {type: open, registered_on: {exists: true}}
    match: Condition
    #: a readable name for the record, used in messages
    what: str
    #: account statuses the obligation applies to (default: live accounts)
    statuses: Optional[list[Status]] = None



@check_kind("record_on_file", RecordOnFileParams)
def record_on_file(record: AccountRecord, params: RecordOnFileParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Every live account holds at least one record matching ``match`` (a standing obligation).

    Accounts in one of ``statuses`` (default: active, offline, closing) need at least one item of
    ``collection`` matching ``match``, however long ago the account opened.
    """
    statuses = set(params.statuses) if params.statuses else ACTIVE_STATUSES
    account = record.account
    if account.status not in statuses:
        return
    items = getattr(record.doc, params.collection)
    if any(evaluate(params.match, item) for item in items):
        return
    line = items[0].line if items else record.doc.key_line(params.collection)
    yield Violation(f"账号状态为{value_label('status', account.status)}，但没有{params.what}"
                    f"（{collection_label(params.collection)}中没有{describe(params.match)}的记录）", line or account.line,
                    {"status": account.status.value, "expected": params.match})


class ApprovalLevel(Params):
    #: how the level is called in messages, e.g. 本单位主要负责人
    level: str
    #: ``approvals[].by`` values that are this level (names compared without spacing or width)
    names: list[str] = Field(min_length=1)


class ApprovalChainParams(Params):
    where: Optional[Condition] = None
    #: every level must have approved, each on or before ``before`` (the act the approvals allow)
    levels: list[ApprovalLevel] = Field(min_length=1)
    before: str = "event_on"


@check_kind("approval_chain", ApprovalChainParams)
def approval_chain(record: AccountRecord, params: ApprovalChainParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Each selected filing holds an approval (``approvals[]``) of every level, dated on or before
    the act (``before``, e.g. event_on): "经本单位主要负责人同意后报区政府办公室、市政府办公厅批准后方可进行".

    Judged for filings whose act lies in the review period; a filing with no ``approvals`` at all
    is missing data, a level absent from a filing's approvals is a violation.
    """
    from .allowlist import normalize

    missing = []
    for filing in record.doc.filings:
        act = getattr(filing, params.before, None)
        if not evaluate(params.where, filing) or act is None or not ctx.in_window(act):
            continue
        if not filing.approvals:
            missing.append(filing)
            continue
        for level in params.levels:
            names = {normalize(n) for n in level.names}
            found = [a for a in filing.approvals if normalize(a.by) in names]
            what = f"{TYPE_TEXT[filing.type]}（{act}）"
            if not found:
                yield Violation(f"{what}缺少{level.level}的批准（approvals 中没有 {'/'.join(level.names)}）",
                                filing.line, {"level": level.level, params.before: act.isoformat()})
            elif all(a.on is not None and a.on > act for a in found):
                first = min(a.on for a in found)
                yield Violation(f"{what}：{level.level}于 {first} 才批准，应在{label(params.before)}之前批准",
                                found[0].line, {"level": level.level, "approved_on": first.isoformat(),
                                                params.before: act.isoformat()})
    if missing:
        yield MissingData(["filings[].approvals"], missing[0].line, len(missing))
