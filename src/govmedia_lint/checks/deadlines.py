"""Kinds about the order and spacing of two dates on one item."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Literal, Optional

from dateutil.relativedelta import relativedelta
from pydantic import Field

from ..conditions import evaluate, get_field, missing_fields
from ..engine.kinds import AccountRecord, CheckContext, MissingData, Obligation, Outcome, Violation, check_kind
from ..model import empty_list
from .common import CollectionParams, MissingTally, as_day, item_label, label

UNIT_TEXT = {"workdays": "个工作日", "days": "天", "months": "个月"}


def _selected(record: AccountRecord, params: CollectionParams, tally: MissingTally):
    items = [record.account] if params.collection == "account" else getattr(record.doc, params.collection)
    for item in items:
        selected = evaluate(params.where, item)
        if selected is None:
            tally.add(missing_fields(params.where, item), item.line)
        elif selected:
            yield item


def _day(item, field: str) -> Optional[date]:
    value = get_field(item, field)
    return as_day(value) if isinstance(value, date) else None


def _line(item, params: CollectionParams, field: str) -> int:
    return item.key_line(field) if params.collection == "account" else item.line


def _what(item, params: CollectionParams) -> str:
    return "" if params.collection == "account" else item_label(item) + "："


class DeadlineParams(CollectionParams):
    start: str
    end: str
    within: int
    unit: Literal["workdays", "days", "months"] = "workdays"
    #: other date fields that also meet the deadline, the earliest counting (黔江: a reply within the
    #: acknowledgement deadline is the acknowledgement)
    satisfied_by: list[str] = Field(default_factory=empty_list)
    #: judge only items still without ``end`` once ``within`` has run (濉溪 “不闻不问”: a late reply is still an
    #: answer); an ``end`` after the period is not a violation
    outstanding_only: bool = False


def deadline_for(start: date, params: DeadlineParams, ctx: CheckContext) -> date:
    if params.unit == "workdays":
        return ctx.calendar.nth_workday_after(start, params.within)
    if params.unit == "months":
        return start + relativedelta(months=params.within)
    return start + relativedelta(days=params.within)


@check_kind("deadline", DeadlineParams)
def deadline(record: AccountRecord, params: DeadlineParams, ctx: CheckContext) -> Iterator[Outcome]:
    """``end`` happens within N working days / days / months after ``start`` (the start day not counted).

    Judged for items that started or ended in the review period, and for items
    still outstanding at the as-of date; one whose deadline has not yet passed is pending.
    With ``outstanding_only`` only items still without ``end`` are judged (a late ``end`` passes).
    """
    tally = MissingTally()
    unit = UNIT_TEXT[params.unit]
    through = record.doc.covered_through(params.collection) if params.collection in ("posts", "messages") else None
    blind: list[int] = []
    for item in _selected(record, params, tally):
        start = _day(item, params.start)
        if start is None:
            tally.add([params.start], item.line)
            continue
        if start < ctx.pack.meta.in_force_from:
            continue  # before the document took effect
        due = deadline_for(start, params, ctx)
        end = min((d for d in (_day(item, f) for f in [params.end, *params.satisfied_by]) if d), default=None)
        # Judged when it happened in the review period, or when it is still outstanding.
        if not (ctx.in_window(start) or ctx.in_window(end) or end is None):
            continue
        if params.outstanding_only and end is not None:
            continue
        evidence = {params.start: start.isoformat(), "deadline": due.isoformat(),
                    "within": params.within, "unit": params.unit, "_item": item}
        line = _line(item, params, params.end)
        head = f"{_what(item, params)}{label(params.start)}于 {start}，应在 {params.within} {unit}内（{due} 前）{label(params.end)}"
        if end is None and through is not None and through < due < ctx.as_of:
            blind.append(item.line)  # due after the imported log ends: done or not, the file cannot say
            continue
        if end is None:
            if due < ctx.as_of:
                yield Violation(f"{head}，截至 {ctx.as_of} 仍未{label(params.end)}", line,
                                {**evidence, params.end: None})
            yield Obligation(head, line, due, {**evidence, params.end: None})
        elif end > due and not params.outstanding_only:
            late = ctx.calendar.workdays_between(due, end) if params.unit == "workdays" else (end - due).days
            late_text = f"超期 {late} {UNIT_TEXT['workdays'] if params.unit == 'workdays' else '天'}"
            yield Violation(f"{head}，实际 {end}，{late_text}", line,
                            {**evidence, params.end: end.isoformat(), "late": late})
    if blind:
        yield MissingData([params.collection], blind[0], len(blind), through,
                          f"{len(blind)} 项的期限在此日之后，是否已{label(params.end)}未导入")
    yield from tally.outcome()


class PrecedesParams(CollectionParams):
    earlier: str
    later: str


@check_kind("precedes", PrecedesParams)
def precedes(record: AccountRecord, params: PrecedesParams, ctx: CheckContext) -> Iterator[Outcome]:
    """``earlier`` (e.g. an approval) is on or before ``later`` (the act it allows).

    Judged for items whose ``later`` date lies in the review period.
    """
    tally = MissingTally()
    for item in _selected(record, params, tally):
        later = _day(item, params.later)
        if later is None or not ctx.in_window(later):
            continue
        earlier = _day(item, params.earlier)
        if earlier is None:
            tally.add([params.earlier], _line(item, params, params.later))
        elif earlier > later:
            yield Violation(
                f"{_what(item, params)}{label(params.later)}于 {later}，而{label(params.earlier)}在 {earlier}，"
                f"应先{label(params.earlier)}后{label(params.later)}",
                _line(item, params, params.earlier),
                {params.earlier: earlier.isoformat(), params.later: later.isoformat(), "_item": item})
    yield from tally.outcome()
