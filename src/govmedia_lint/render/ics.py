"""Open obligations as an iCalendar file (RFC 5545, the ``icalendar`` package): one all-day event per deadline.

Officials import it into the calendar app they already use (Outlook, WPS, DingTalk, phones). Each event's
description cites the rule and clause, as findings do; its UID is stable (file, rule, line, deadline), so
importing a newer file updates an event instead of duplicating it (a deadline that moves is a new event).
A duty without a deadline (未定期限) has no day to go on: it is left out, and the calendar's description and
``due``'s table summary say how many.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from .. import __version__
from ..engine.findings import Due
from ..labels import account_label
from .rules import clause
from .sanitize import visible


def _uid(item: Due) -> str:
    """Stable while the obligation is the same one: its file, rule, line (or window), deadline and channel; not the
    message (it counts the posts so far)."""
    window = item.evidence.get("from")  # a window's line moves to its first post: the window names it instead
    parts = (item.file, item.rule, str(window) if window else str(item.line), item.deadline,
             "keep" if item.keep else "act", str(item.evidence.get("channel", "")))
    key = "\x1f".join(parts)
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@govmedia-lint"


def _summary(item: Due) -> str:
    head = "【逾期】" if item.overdue else "【保留】" if item.keep else ""
    return visible(f"{head}{account_label(item.account, item.platform) or item.file}：{item.message}")


def _description(item: Due) -> str:
    lines = [item.message, f"规则：{item.rule} {item.name}", f"依据：{clause(item.source)}",
             f"账号：{account_label(item.account, item.platform)}（{item.host_unit or ''}）", f"文件：{item.file}:{item.line}"]
    if item.note:
        lines.append(f"注：{item.note}")
    return "\n".join(visible(line) for line in lines)


def render(items: list[Due], as_of: date) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//govmedia-lint {__version__}//due//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "政务新媒体待办期限")
    stamp = datetime.combine(as_of, datetime.min.time(), tzinfo=timezone.utc)
    undated = sum(item.undated for item in items)
    if undated:
        calendar.add("x-wr-caldesc", f"另有未定期限的待办 {undated} 项未列入日历，请运行 due 查看")
    for item in items:
        if item.undated:
            continue
        day = date.fromisoformat(item.deadline)
        event = Event()
        event.add("uid", _uid(item))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", _summary(item))
        event.add("description", _description(item))
        event.add("categories", [item.rule])
        event.add("transp", "TRANSPARENT")
        if not item.overdue and not item.keep:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _summary(item))
            alarm.add("trigger", timedelta(days=-1))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
