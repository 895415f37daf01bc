"""``govmedia-lint due``: every open obligation of every account, with its deadline, as of a date.

The obligations are not computed here: each check kind that has a deadline yields an ``Obligation``
(engine/kinds.py) next to its violations, on the same working-day calendar, and the engine collects
them (``RunResult.obligations``) while it checks. An obligation due on day D is therefore exactly what
``check --as-of`` reports the day after D if the file stays as it is (tests/e2e/test_due.py proves it for
every kind). Overdue obligations (still open, deadline passed: already findings) come first; duties the document
sets no deadline for (undated, 未定期限) come last.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from ..engine.findings import Due
from ..policy.pipeline import judge
from ..render.due import Agenda
from ..run.plan import PlanError, plan_run
from ..settings import Settings
from ..workdays import WorkCalendar

_WITHIN = re.compile(r"^\s*(\d{1,4})\s*(d|wd)\s*$", re.IGNORECASE)


def horizon(as_of: date, within: str, calendar: WorkCalendar) -> date:
    """The last deadline shown: N calendar days (``7d``) or N working days (``5wd``) after the as-of date."""
    match = _WITHIN.match(within)
    if not match:
        raise ValueError(f"--within 应为天数加 d（如 7d）或工作日数加 wd（如 5wd），实际为 {within!r}")
    count = int(match[1])
    if match[2].lower() == "wd":
        return calendar.nth_workday_after(as_of, count)
    return as_of + timedelta(days=count)


def _matches(value: Optional[str], wanted: list[str]) -> bool:
    return not wanted or any(w in (value or "") for w in wanted)


def distinct(items: list[Due]) -> list[Due]:
    """One item per rule, file, line and deadline: a step of a closure (``closure_steps``) that its own rule also
    lists is listed once, as that rule lists it."""
    seen: set = set()
    kept = []
    for item in sorted(items, key=lambda i: "step" in i.evidence):  # the rule's own obligation first
        key = (item.rule, item.file, item.line, item.deadline)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def select(items: list[Due], last: Optional[date], accounts: list[str], units: list[str]) -> list[Due]:
    """Overdue items, undated ones (open now, whatever the horizon) and those due up to ``last``, of the accounts and host units named (substrings)."""
    return sorted((item for item in distinct(items)
                   if (item.overdue or item.undated or last is None or date.fromisoformat(item.deadline) <= last)
                   and _matches(item.account, accounts) and _matches(item.host_unit, units)), key=Due.sort_key)


def agenda(settings: Settings, paths: Optional[list[Path]]) -> Agenda:
    """The open obligations of the register, after the shared judgement (severity overrides, waivers): the
    ones ``check`` would report the day after their deadline. Every rule counts, whatever --select says."""
    plan = plan_run(settings, paths, all_rules=True, baseline=False)
    try:
        last = horizon(plan.options.as_of, settings.within, plan.options.calendar) if settings.within else None
    except ValueError as exc:
        raise PlanError(str(exc)) from None
    from ..run.runner import check_files

    run = check_files(plan.files, plan.packset, plan.options, load_kwargs={"encoding": settings.encoding},
                      obligations=True, supervision=plan.supervision)
    result = judge(run, plan, scores=False).result
    items = select(result.obligations, last, settings.accounts, settings.units)
    return Agenda(items, plan.options.as_of, last, settings.within, result, plan.options.calendar.description)


