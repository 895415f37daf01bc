"""Facts in one account file that contradict each other or lie after the as-of date.

They are reported as ``GML-FACTS`` findings of their own: a rule never crashes
on them and never passes silently because of them.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator, Optional

from .model import AccountFile, Status


def _day(value) -> Optional[date]:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def contradictions(doc: AccountFile, as_of: date) -> Iterator[tuple[str, int, dict]]:
    """(message, line, evidence) for each contradiction."""
    account = doc.account
    if account.opened_on and account.closed_on and account.closed_on < account.opened_on:
        yield (f"关停日期 {account.closed_on} 早于上线日期 {account.opened_on}", account.key_line("closed_on"),
               {"opened_on": str(account.opened_on), "closed_on": str(account.closed_on)})
    if account.status in (Status.active, Status.offline) and account.closed_on and account.closed_on <= as_of:
        yield (f"状态为 {account.status.value}，但已于 {account.closed_on} 关停", account.key_line("status"),
               {"status": account.status.value, "closed_on": str(account.closed_on)})
    for period in doc.offline_periods:
        if period.end and period.end < period.start:
            yield (f"下线期间结束日 {period.end} 早于开始日 {period.start}", period.line,
                   {"start": str(period.start), "end": str(period.end)})
    for notice in doc.notices:
        if notice.removed_on and notice.removed_on < notice.posted_on:
            yield (f"公告撤下日期 {notice.removed_on} 早于发布日期 {notice.posted_on}", notice.line,
                   {"posted_on": str(notice.posted_on), "removed_on": str(notice.removed_on)})
    for message in doc.messages:
        for field, label in (("acknowledged_at", "受理回复"), ("replied_at", "答复")):
            moment = getattr(message, field)
            if moment and moment < message.received_at:
                yield (f"留言的{label}时间 {moment:%Y-%m-%d %H:%M} 早于收到时间 {message.received_at:%Y-%m-%d %H:%M}",
                       message.line, {"received_at": str(message.received_at), field: str(moment)})
    for document in doc.policy_documents:
        if document.interpretation_published_on and document.interpretation_published_on < document.issued_on:
            yield (f"政策解读发布日期 {document.interpretation_published_on} 早于文件印发日期 {document.issued_on}",
                   document.line, {"issued_on": str(document.issued_on),
                                   "interpretation_published_on": str(document.interpretation_published_on)})
    later = [("posts", p.line, p.day) for p in doc.posts] + \
            [("messages", m.line, m.received_at.date()) for m in doc.messages] + \
            [("filings", f.line, f.filed_on or f.event_on) for f in doc.filings] + \
            [("notices", n.line, n.posted_on) for n in doc.notices]
    future = [(what, line, day) for what, line, day in later if day and day > as_of]
    if future:
        what, line, day = min(future, key=lambda item: item[1])
        yield (f"{len(future)} 条记录的日期晚于检查日 {as_of}（最早一处是 {what} 中的 {day}），检查时未计入；"
               f"请核对日期或 --as-of", line, {"count": len(future), "as_of": str(as_of)})
