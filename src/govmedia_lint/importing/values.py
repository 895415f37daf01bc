"""Cell values of exports and ledgers to the values an account file holds.

Dates come in every shape the platforms give: ``20250602`` (number or text, the WeChat export), an Excel date serial,
a spreadsheet date or datetime cell, ``2025-06-02 09:30[:SS]``, ``2025/6/2``, ``2025年6月2日``, Weibo's
``Tue May 31 17:46:55 +0800 2011`` and unix seconds (converted to Asia/Shanghai). A value without a time of day stays
a ``date``: no importer invents a time. A value that is not a real date raises ``ValueError`` with a Chinese message.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any, Optional, Union

from ..model import SHANGHAI

When = Union[date, datetime]

_DATE_TEXT = re.compile(
    r"^(?P<y>\d{4})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*(?:[-/.月])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?:\s+|T)(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\s*(?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2}))?)?$")
_WEIBO = "%a %b %d %H:%M:%S %z %Y"
#: Excel's day 0 in the 1900 date system (the 1900 leap-year bug makes it 1899-12-30 for every date after February 1900)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(SHANGHAI).replace(tzinfo=None)
    return moment


def from_epoch(seconds: Any) -> datetime:
    """Unix seconds (milliseconds when 13 digits) as local Asia/Shanghai time."""
    if isinstance(seconds, bool):
        raise ValueError(f"不是有效的时间戳 {seconds!r}")
    try:
        number = float(seconds)
    except OverflowError:
        raise ValueError("不是有效的时间戳（数值过大）") from None
    if number > 1e11:
        number /= 1000
    if not 0 < number < 1e10:
        raise ValueError(f"不是有效的时间戳 {seconds!r}")
    return datetime.fromtimestamp(number, SHANGHAI).replace(tzinfo=None)


def _number_to_when(number: float, original: Any) -> When:
    if number.is_integer() and 19000101 <= number <= 29991231:
        year, rest = divmod(int(number), 10000)
        try:
            return date(year, *divmod(rest, 100))  # what ``_COMPACT`` reads from its eight digits
        except ValueError:
            return to_when(str(int(number)))  # not a real day: the message names it
    if 1 <= number < 2958466:  # an Excel serial (up to 9999-12-31)
        moment = _EXCEL_EPOCH + timedelta(days=number)
        if number.is_integer():
            return moment.date()
        return moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
    if 1e8 <= number < 1e10 or 1e11 <= number < 1e13:
        return from_epoch(number)
    raise ValueError(f"无法识别为日期：{original!r}")


def _built(match: re.Match, original: Any) -> When:
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        if match["H"] is None:
            return day
        moment = datetime(day.year, day.month, day.day, int(match["H"]), int(match["M"]), int(match["S"] or 0))
    except ValueError:
        raise ValueError(f"不是真实存在的日期或时间：{original!r}") from None
    tz = match.groupdict().get("tz")
    if tz:
        offset = timedelta(0) if tz == "Z" else timedelta(hours=int(tz[1:3]), minutes=int(tz[-2:])) * (
            1 if tz[0] == "+" else -1)
        moment = (moment - offset).replace(tzinfo=None) + timedelta(hours=8)
    return moment


def to_when(value: Any) -> Optional[When]:
    """A date (no time of day given) or a local datetime; ``None`` for an empty cell."""
    try:
        return _to_when(value)
    except OverflowError:  # 0001-01-01 with a time zone, 9999-12-31 23:00 +08:00 moved to local time …
        raise ValueError(f"日期超出可表示的范围：{str(value)[:40]!r}") from None


def _to_when(value: Any) -> Optional[When]:
    if blank(value):
        return None
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"无法识别为日期：{value!r}")
    if isinstance(value, (int, float)):
        return _number_to_when(float(value), value)
    text = str(value).strip()
    for pattern in (_DATE_TEXT, _COMPACT):
        match = pattern.match(text)
        if match:
            return _built(match, value)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _number_to_when(float(text), value)
    try:
        return _local(datetime.strptime(text, _WEIBO))
    except ValueError:
        pass
    raise ValueError(f"无法识别为日期：{value!r}（可用 20250602、2025-06-02、2025-06-02 09:30 等）")


def day_of(value: When) -> date:
    return value.date() if isinstance(value, datetime) else value


def to_text(value: Any) -> Optional[str]:
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


_TRUE = {"true", "yes", "y", "1", "是", "对", "有", "√", "✓", "原创", "已留存", "留存", "已审批", "合规"}
_FALSE = {"false", "no", "n", "0", "否", "不是", "无", "×", "✗", "非原创", "转载", "未留存", "未审批", "不合规"}


def to_bool(value: Any) -> Optional[bool]:
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"无法识别为“是/否”：{value!r}（可用 是/否、true/false、1/0）")


_LIST_SPLIT = re.compile(r"\s*[;；、,，/|\n]\s*")


def to_list(value: Any) -> Optional[list[str]]:
    text = to_text(value)
    if text is None:
        return None
    return [part for part in _LIST_SPLIT.split(text) if part]


def to_body(value: Any) -> Optional[str]:
    """A post's text (HTML or plain) as the text store keeps it: ``text.documents.post_text``."""
    if blank(value):
        return None
    from ..text.documents import post_text

    return post_text(str(value)) or None


CONVERTERS = {"when": to_when, "text": to_text, "bool": to_bool, "list": to_list, "body": to_body}

#: the value type of every field an import can set
FIELD_TYPES = {
    # posts
    "date": "when", "title": "text", "original": "bool", "source": "text", "source_credited": "bool",
    "source_approved": "bool", "commercial_ad": "bool", "personal_opinion": "bool", "editor": "text",
    "reviewers": "list", "review_record_kept": "bool", "declared_date": "when", "url": "text", "post_id": "text",
    "deleted": "bool",
    # the post's text: kept in the account's text store, the post gets ``text_ref``
    "text": "body",
    # messages
    "received_at": "when", "acknowledged_at": "when", "replied_at": "when", "channel": "text", "summary": "text",
    "inappropriate_reply": "bool",
    # which account a row of a multi-account file belongs to (compared, never written)
    "platform": "text", "account_id": "text",
    # a Weibo post's short code (``bid``, base 62 of its id): read as its ``post_id``, never written itself
    "bid": "text",
}

#: fields of a row that select the account instead of being written
FILTER_FIELDS = ("platform", "account_id")


# ── 整改台账 (rectification ledgers) ──────────────────────────────────────────────────────────────────────────────

def to_day(value: Any) -> Optional[date]:
    """A day (a time of day, if given, is dropped: a 通报 or a completion is dated by day)."""
    when = to_when(value)
    return day_of(when) if when is not None else None


#: what a ledger writes in 整改完成日期 for an item not yet done
_NOT_DONE = {"未完成", "未整改", "整改中", "正在整改", "持续整改", "长期整改", "待整改", "否", "无", "-", "—", "/", "／"}
#: words around a deadline: 限2026年11月12日前, 10个工作日内
_DUE_AFFIXES = re.compile(r"^(?:限|于|在)?(?P<core>.*?)(?:之前|以前|前|以内|之内|内|止)?$")
_SPAN = re.compile(r"^(?P<n>\d{1,4}|[一二两三四五六七八九十]{1,3})个?(?P<unit>工作日|自然日|日|天)$")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_number(text: str) -> Optional[int]:
    """1–99 written in Chinese numerals (十, 十五, 二十, 三十五); None for anything else."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    if (tens and tens not in _DIGITS) or (units and units not in _DIGITS) or len(text) > 3:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def to_done_day(value: Any) -> Optional[date]:
    """整改完成日期: a day, or empty for an item not yet done (未完成, 整改中 …)."""
    if isinstance(value, str) and unicodedata.normalize("NFKC", value).strip() in _NOT_DONE:
        return None
    return to_day(value)


def to_due(value: Any) -> Optional[tuple[str, Any]]:
    """整改期限 as the account file holds it: ``("due_on", day)`` for a date (2026-11-12, 限2026年11月12日前), or
    ``("due_within", "10wd")`` / ``("due_within", "10d")`` for a span (10个工作日, 十个工作日内, 10日, 10天)."""
    if blank(value):
        return None
    if not isinstance(value, str):
        return "due_on", to_day(value)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    core = _DUE_AFFIXES.match(text)["core"]
    span = _SPAN.match(core)
    if span:
        count = _chinese_number(span["n"])
        if count and count <= 9999:
            return "due_within", f"{count}{'wd' if span['unit'] == '工作日' else 'd'}"
    try:
        day = to_day(core)
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"整改期限无法识别：{value!r}（可写日期 2026-11-12，或时限 10个工作日、10日）")
    return "due_on", day


CONVERTERS.update({"day": to_day, "done": to_done_day, "due": to_due})

#: the fields a rectification ledger's columns map to (``collection: rectifications`` presets): the account's
#: ``rectifications[]`` fields (``due`` is ``due_on`` or ``due_within``, as the cell says), and ``name`` /
#: ``platform`` of the account the row belongs to (compared, never written), ``number`` the ledger's 序号 (shown)
RECTIFICATION_FIELDS = {
    "name": "text", "platform": "text", "number": "text", "item": "text", "source": "text", "ref": "text",
    "notified_on": "day", "due": "due", "rectified_on": "done", "evidence": "text",
}
