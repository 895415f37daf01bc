"""Kinds that judge the register's supervision record (``supervision.yaml``): the supervising office's own
quarterly duties, not an account's.

南通 附件3 (抽查检查, 定期检查) sets two: a check of the register's accounts every quarter, and its 检查整改情况
sent to the 市政府办公室 by the 5th of the next quarter's first month. Quarters are the calendar's: 1月1日、
4月1日、7月1日、10月1日 begin them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator, Literal, Optional

from pydantic import Field

from ..engine.kinds import CheckContext, MissingData, Obligation, Outcome, Params, SupervisionRecord, Violation, \
    check_kind

#: the date field of each collection of a supervision record
DATE_FIELD = {"submissions": "submitted_on", "checks": "done_on"}
WHAT = {"submissions": "检查整改情况报送", "checks": "政务新媒体检查"}
NUMERALS = "一二三四"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_text(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]}年第{NUMERALS[quarter[1] - 1]}季度"


def quarter_key(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]}Q{quarter[1]}"


def next_quarter(quarter: tuple[int, int]) -> tuple[int, int]:
    year, number = quarter
    return (year + 1, 1) if number == 4 else (year, number + 1)


def first_day(quarter: tuple[int, int]) -> date:
    return date(quarter[0], 3 * quarter[1] - 2, 1)


class QuarterlyParams(Params):
    collection: Literal["submissions", "checks"]
    #: the quarter's duty is due on this day of the next quarter's first month (附件3 “下一季度首月5日前”: 5);
    #: not given: within the quarter itself (by its last day)
    day_of_next_quarter: Optional[int] = Field(default=None, ge=1, le=28)
    #: whether that day itself is still in time (“5日前”: read as including the 5th, docs/severity-policy.md)
    day_included: bool = True
    #: said of the year's fourth quarter (附件3: 第四季度报送内容应包括全年情况)
    fourth_quarter_note: Optional[str] = None
    #: to whom (附件3: 向市政府办公室报送), for the message
    to: Optional[str] = None


def deadline_of(quarter: tuple[int, int], params: QuarterlyParams) -> date:
    """The last day in time for the quarter's duty."""
    if params.day_of_next_quarter is None:
        return first_day(next_quarter(quarter)) - timedelta(days=1)
    day = first_day(next_quarter(quarter)).replace(day=params.day_of_next_quarter)
    return day if params.day_included else day - timedelta(days=1)


def _texts(quarter: tuple[int, int], deadline: date, params: QuarterlyParams) -> tuple[str, str]:
    """(what is due by ``deadline``, how its record is missing) for the quarter, in Chinese."""
    name = quarter_text(quarter)
    if params.collection == "checks":
        return f"{name}的政务新媒体检查应在 {deadline} 前完成", "未见检查记录"
    note = f"（{params.fourth_quarter_note}）" if params.fourth_quarter_note and quarter[1] == 4 else ""
    to = f"向{params.to}" if params.to else ""
    return f"{name}政务新媒体检查整改情况应于 {deadline} 前{to}报送{note}", "未见报送记录"


@check_kind("quarterly_record", QuarterlyParams, scope="register", subject="supervision")
def quarterly_record(record: SupervisionRecord, params: QuarterlyParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Every quarter the supervision record holds the duty of ``collection`` (``submissions``: the quarter's
    检查整改情况 sent on; ``checks``: the quarter's check done), dated no later than its deadline: the
    ``day_of_next_quarter``-th day of the next quarter's first month (that day in time with ``day_included``),
    or the quarter's last day. A quarter is judged when its deadline falls in the review period: missing once
    the deadline has passed, late when dated after it. The quarter running and one whose deadline is still
    ahead are listed by ``due``."""
    field = DATE_FIELD[params.collection]
    items = getattr(record.doc, params.collection)
    line = record.doc.key_line(params.collection)
    undated = [item for item in items if getattr(item, field) is None]
    if undated:
        yield MissingData([f"{params.collection}[].{field}"], undated[0].line, len(undated))
    done: dict[str, object] = {}
    for item in items:
        day = getattr(item, field)
        if day is not None and day <= ctx.as_of and (item.quarter not in done or day < getattr(done[item.quarter], field)):
            done[item.quarter] = item
    # every quarter whose deadline may fall in the period, up to the one running on the as-of date
    quarter = quarter_of(ctx.since - timedelta(days=100))
    last = quarter_of(ctx.as_of)
    while quarter <= last:
        deadline = deadline_of(quarter, params)
        key = quarter_key(quarter)
        evidence = {"quarter": key, "deadline": deadline.isoformat(), "from": key}
        item = done.get(key)
        duty, absent = _texts(quarter, deadline, params)
        if ctx.in_window(deadline) and deadline < ctx.as_of:
            if item is None:
                yield Violation(f"{duty}，至检查日 {ctx.as_of} {absent}", line, evidence)
                yield Obligation(f"{duty}，已逾期", line, deadline, evidence)
            elif getattr(item, field) > deadline:
                late = getattr(item, field)
                yield Violation(f"{duty}，实际于 {late} {'完成' if params.collection == 'checks' else '报送'}，"
                                f"晚了 {(late - deadline).days} 天", item.line,
                                {**evidence, field: late.isoformat(), "late": True})
        elif deadline >= ctx.as_of and deadline >= ctx.since and item is None:
            yield Obligation(duty, line, deadline, evidence)
        quarter = next_quarter(quarter)
