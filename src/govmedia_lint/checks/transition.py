"""Kinds for transitional clauses: accounts that existed before a document took effect."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Literal, Optional

from dateutil.relativedelta import relativedelta

from ..conditions import Condition, describe, evaluate
from ..engine.kinds import AccountRecord, CheckContext, MissingData, Obligation, Outcome, Params, Violation, check_kind
from ..model import Status


class RefiledParams(Params):
    #: the day the document was published (the period starts the day after)
    effective: date
    within: int
    unit: Literal["workdays", "days"] = "workdays"
    #: which filings count as the re-filing
    where: Optional[Condition] = None



@check_kind("refiled_after_effective", RefiledParams)
def refiled_after_effective(record: AccountRecord, params: RefiledParams, ctx: CheckContext) -> Iterator[Outcome]:
    """An account opened before ``effective`` has a filing (``where``) filed after ``effective`` and
    within N working days / days of it (the publication day not counted).

    A missing filing is reported at every check after the deadline (the account is still not filed);
    a late one when the deadline lies in the review period.
    """
    account = record.account
    if account.status in (Status.planned, Status.approved):
        return
    if account.opened_on is None:
        yield MissingData(["account.opened_on"], account.line)
        return
    if account.opened_on >= params.effective or (account.closed_on and account.closed_on <= params.effective):
        return
    due = (ctx.calendar.nth_workday_after(params.effective, params.within) if params.unit == "workdays"
           else params.effective + relativedelta(days=params.within))
    unit = "个工作日" if params.unit == "workdays" else "天"
    head = (f"账号于 {account.opened_on} 开设，早于 {params.effective} 施行的办法，应在 {params.within} {unit}内"
            f"（{due} 前）补办备案")
    filed = sorted(f.filed_on for f in record.doc.filings
                   if f.filed_on and f.filed_on >= params.effective and evaluate(params.where, f))
    # A one-off duty: the evidence says whether its deadline lies in the review period, so an annual
    # index can count it in that year only (the finding itself repeats while the account stays unfiled).
    evidence = {"opened_on": account.opened_on.isoformat(), "effective": params.effective.isoformat(),
                "deadline": due.isoformat(), "within": params.within, "unit": params.unit,
                "due_in_period": ctx.in_window(due)}
    if not filed:
        yield Obligation(head, account.key_line("opened_on"), due, {**evidence, "filed_on": None})
    if ctx.as_of <= due:
        return
    if not filed:
        yield Violation(f"{head}，截至 {ctx.as_of} 没有 {describe(params.where) or '备案'} 的补办记录",
                        account.key_line("opened_on"), {**evidence, "filed_on": None})
    elif filed[0] > due and ctx.in_window(due):
        line = next(f.line for f in record.doc.filings if f.filed_on == filed[0])
        yield Violation(f"{head}，实际 {filed[0]} 才补办", line, {**evidence, "filed_on": filed[0].isoformat()})
