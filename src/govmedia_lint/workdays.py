"""Working days on the Chinese statutory calendar (holidays and 调休 make-up days).

Built on ``chinese_calendar.is_workday`` only: its ``find_workday`` and
``get_workdays`` helpers are wrong around holidays (see docs/field-notes.md).
Years the package does not cover can be supplied in a user calendar file::

    2027:
      holidays: [2027-01-01, 2027-02-05, ...]
      workdays: [2027-02-14, ...]        # 调休 make-up working days
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Optional

import chinese_calendar

from .loading import parse_yaml_text, read_text

_PACKAGE_YEARS = (
    min(chinese_calendar.holidays).year,
    max(chinese_calendar.holidays).year,
)


class CalendarRangeError(Exception):
    """A date lies outside every calendar we have; we never guess."""

    def __init__(self, year: int):
        self.year = year
        lo, hi = _PACKAGE_YEARS
        super().__init__(
            f"{year} 年不在工作日历数据中（chinese-calendar 覆盖 {lo}–{hi} 年），"
            f"无法计算工作日；请用 --calendar 提供该年的节假日与调休安排"
        )


class CalendarFileError(Exception):
    pass


class WorkCalendar:
    """Working-day arithmetic; user-supplied years take precedence over the package's data."""

    def __init__(self, extra_years: Optional[dict[int, tuple[frozenset[date], frozenset[date]]]] = None):
        self._extra = extra_years or {}
        self.is_workday = lru_cache(maxsize=None)(self._is_workday)

    @property
    def description(self) -> str:
        lo, hi = _PACKAGE_YEARS
        text = f"chinese-calendar {lo}–{hi}"
        if self._extra:
            text += " + 用户日历 " + ", ".join(str(y) for y in sorted(self._extra))
        return text

    def _is_workday(self, day: date) -> bool:
        if day.year in self._extra:
            holidays, workdays = self._extra[day.year]
            if day in workdays:
                return True
            return day.weekday() < 5 and day not in holidays
        if not _PACKAGE_YEARS[0] <= day.year <= _PACKAGE_YEARS[1]:
            raise CalendarRangeError(day.year)
        return chinese_calendar.is_workday(day)

    def nth_workday_after(self, day: date, n: int) -> date:
        """The N-th working day after ``day`` (the day itself is not counted; 民法典 第二百零一条)."""
        if n <= 0:
            return day
        current = day
        while n:
            current += timedelta(days=1)
            if self.is_workday(current):
                n -= 1
        return current

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many working days after ``start`` ``end`` falls."""
        if end <= start:
            return 0
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count


def load_calendar_file(path: Path) -> WorkCalendar:
    """Read a user calendar file; raises ``CalendarFileError`` with file and line."""
    try:
        parsed = parse_yaml_text(read_text(path))
    except Exception as exc:  # noqa: BLE001 - any parse problem is a config error
        raise CalendarFileError(f"{path}: 日历文件无法解析：{exc}") from None
    if not isinstance(parsed.data, dict):
        raise CalendarFileError(f"{path}:1: 日历文件应为 年份: {{holidays: [...], workdays: [...]}} 的映射")
    years: dict[int, tuple[frozenset[date], frozenset[date]]] = {}
    for year_key, entry in parsed.data.items():
        line = parsed.positions.get((year_key,), (1, 1))[0]
        try:
            year = int(year_key)
        except ValueError:
            raise CalendarFileError(f"{path}:{line}: 年份应为整数，实际为 {year_key!r}") from None
        if not isinstance(entry, dict) or set(entry) - {"holidays", "workdays"}:
            raise CalendarFileError(f"{path}:{line}: {year} 应包含 holidays 与 workdays 两个日期列表")
        sets = []
        for key in ("holidays", "workdays"):
            days = entry.get(key) or []
            if not isinstance(days, list):
                raise CalendarFileError(f"{path}:{line}: {year}.{key} 应为日期列表，实际为 {days!r}")
            for item in days:
                if not isinstance(item, date) or item.year != year:
                    raise CalendarFileError(f"{path}:{line}: {year}.{key} 中的 {item!r} 不是 {year} 年的日期")
            sets.append(frozenset(days))
        years[year] = (sets[0], sets[1])
    return WorkCalendar(years)
