"""Rectification (整改) items: each done by its own deadline (the 通报's or work order's, or the register's
default), and the pack's fixed ones (南通 附件3: 通报公开之日起10日内) through the ``deadline`` kind."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Iterator, Optional

from pydantic import Field

from ..engine.kinds import AccountRecord, CheckContext, Obligation, Outcome, Params, Violation, check_kind
from ..labels import value_label
from ..model import empty_list

#: ``10d`` (days) or ``5wd`` (working days), counted from the day after the notice
WITHIN = re.compile(r"^\s*(\d{1,4})\s*(d|wd)\s*$", re.IGNORECASE)


def parse_within(text: str) -> tuple[int, str]:
    """(count, ``d`` or ``wd``) of ``10d`` / ``5wd``; anything else is a ``ValueError``."""
    match = WITHIN.match(text or "")
    if not match or int(match[1]) < 1:
        raise ValueError(f"整改期限应写作天数加 d（如 10d）或工作日数加 wd（如 5wd），实际为 {text!r}")
    return int(match[1]), match[2].lower()


def due_date(start: date, within: str, ctx: CheckContext) -> date:
    count, unit = parse_within(within)
    return ctx.calendar.nth_workday_after(start, count) if unit == "wd" else start + timedelta(days=count)


def shown(within: str) -> str:
    count, unit = parse_within(within)
    return f"{count} 个工作日" if unit == "wd" else f"{count} 天"


class RectifiedByParams(Params):
    #: only items from these sources (rectifications[].source); empty: every item
    sources: list[str] = Field(default_factory=empty_list)


def item_name(item) -> str:
    source = value_label("rectifications[].source", item.source.value) if item.source else "整改"
    ref = f"（{item.ref}）" if item.ref else ""
    return f"{source}{ref}“{item.item}”"


@check_kind("rectified_by", RectifiedByParams)
def rectified_by(record: AccountRecord, params: RectifiedByParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Each rectification item is rectified by its own deadline: ``due_on``, else ``due_within`` (10d, 5wd)
    from ``notified_on``, else the register's default (``rectification-due`` in the configuration). An item
    with none of them is not judged here. Open items past the deadline are reported whatever the period;
    late ones when the deadline or the rectification falls in it.
    """
    default: Optional[str] = ctx.rectification_due
    for item in record.doc.rectifications:
        if params.sources and (item.source is None or item.source.value not in params.sources):
            continue
        if item.due_on is not None:
            due, how = item.due_on, f"限 {item.due_on} 前"
        elif item.due_within or default:
            within = item.due_within or default
            due = due_date(item.notified_on, within, ctx)
            how = f"应在 {shown(within)}内（{due} 前）" + ("" if item.due_within else "（登记默认期限）")
        else:
            continue
        head = f"{item_name(item)}于 {item.notified_on} 通知，{how}整改完毕"
        evidence = {"notified_on": item.notified_on.isoformat(), "deadline": due.isoformat(), "item": item.item}
        line = item.key_line("rectified_on") if item.rectified_on else item.line
        if item.rectified_on is None:
            if due < ctx.as_of:
                yield Violation(f"{head}，截至 {ctx.as_of} 仍未整改（逾期 {(ctx.as_of - due).days} 天）", line,
                                {**evidence, "rectified_on": None})
            yield Obligation(head, line, due, {**evidence, "rectified_on": None})
        elif item.rectified_on > due and (ctx.in_window(due) or ctx.in_window(item.rectified_on)):
            yield Violation(f"{head}，实际 {item.rectified_on} 才整改，超期 {(item.rectified_on - due).days} 天", line,
                            {**evidence, "rectified_on": item.rectified_on.isoformat(),
                             "late": (item.rectified_on - due).days})
