"""Working days on the Chinese statutory calendar (holidays and 调休 make-up days).

A year's days off and make-up working days come from the first of these sources that has the year:

1. a user calendar file (``--calendar``);
2. a calendar file shipped in the package (``rules/calendar/*.yaml``: a new State Council notice is a data
   file and a release, not a wait for ``chinese-calendar``);
3. ``chinese_calendar.is_workday`` (2004–2026 in 1.11.0); its ``find_workday`` and ``get_workdays``
   helpers are wrong around holidays (see the field notes), so only ``is_workday`` is used;
4. provisional: the statutory holidays of 《全国年节及纪念日放假办法》 with 补休 (``statutory.py``), for years
   from 2025 (the revision in force) — unless ``strict``, where such a year raises ``CalendarRangeError``.

Calendar files map years to dates::

    2027:
      holidays: [2027-01-01, 2027-02-05, ...]
      workdays: [2027-02-14, ...]        # 调休 make-up working days

Every lookup of a provisional year is recorded in the open ``recording()`` sets, so the engine can say
which findings (and which run) rest on provisional days.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Optional

import chinese_calendar

from . import statutory
from .loading import parse_yaml_text, read_text
from .shipped import builtin_pack_dir

_PACKAGE_YEARS = (
    min(chinese_calendar.holidays).year,
    max(chinese_calendar.holidays).year,
)

#: year -> (days off, make-up working days)
Years = dict[int, tuple[frozenset[date], frozenset[date]]]

USER, SHIPPED, PACKAGE, PROVISIONAL = "user", "shipped", "chinese-calendar", "provisional"
SOURCE_LABELS = {USER: "用户日历", SHIPPED: "随包日历", PACKAGE: "chinese-calendar", PROVISIONAL: "暂算（法定节假日）"}


class CalendarRangeError(Exception):
    """A date lies outside every calendar we may use; we never guess beyond what we say we guess."""

    def __init__(self, year: int, strict: bool = False):
        self.year = year
        lo, hi = _PACKAGE_YEARS
        if strict and statutory.PROVISIONAL_FROM <= year <= statutory.PROVISIONAL_UNTIL:
            why = "--strict-calendar 下不按法定节假日暂算"
        else:
            why = (f"暂算只适用于 {statutory.PROVISIONAL_FROM}–{statutory.PROVISIONAL_UNTIL} 年"
                   f"（{statutory.LAW_NAME}施行后）")
        super().__init__(
            f"{year} 年不在工作日历数据中（chinese-calendar 覆盖 {lo}–{hi} 年，{why}），"
            f"无法计算工作日；请用 --calendar 提供该年的节假日与调休安排"
        )


class CalendarFileError(Exception):
    pass


def provisional_note(years: "Iterator[int] | list[int] | set[int]") -> str:
    """The note a finding (or a run) computed on provisional days carries."""
    shown = "、".join(str(y) for y in sorted(years))
    return f"{shown} 年放假调休安排尚未收录，按法定节假日暂算"


def _lunar_version() -> str:
    """The installed lunar_python's version: from the name of its ``.dist-info`` folder beside the package
    (``importlib.metadata`` imports email, csv, zipfile and socket for it: ~20 ms of every cached run), else
    as ``importlib.metadata`` finds it."""
    import importlib.util

    spec = importlib.util.find_spec("lunar_python")
    if spec is not None and spec.origin:
        found = sorted(Path(spec.origin).parent.parent.glob("lunar_python-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("lunar_python-"):-len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lunar_python")
    except PackageNotFoundError:  # pragma: no cover
        return "?"


class WorkCalendar:
    """Working-day arithmetic over the layered sources (user file > shipped file > chinese-calendar > provisional)."""

    def __init__(self, extra_years: Optional[Years] = None, *, shipped: Optional[Years] = None,
                 strict: bool = False, user_file: Optional[Path] = None):
        self._extra = extra_years or {}
        self._shipped = shipped_years() if shipped is None else shipped
        self.strict = strict
        self.user_file = user_file
        self._sources: dict[int, Optional[str]] = {}
        self._recorders: list[set[int]] = []
        self._lookup = lru_cache(maxsize=None)(self._is_workday)

    def source(self, year: int) -> Optional[str]:
        """Which source covers ``year`` (None: none may)."""
        if year not in self._sources:
            if year in self._extra:
                found: Optional[str] = USER
            elif year in self._shipped:
                found = SHIPPED
            elif _PACKAGE_YEARS[0] <= year <= _PACKAGE_YEARS[1]:
                found = PACKAGE
            elif not self.strict and statutory.PROVISIONAL_FROM <= year <= statutory.PROVISIONAL_UNTIL:
                found = PROVISIONAL
            else:
                found = None
            self._sources[year] = found
        return self._sources[year]

    package_years = _PACKAGE_YEARS

    def listed_years(self) -> list[int]:
        """The years of the user and shipped calendar files."""
        return sorted({*self._extra, *self._shipped})

    @property
    def description(self) -> str:
        lo, hi = _PACKAGE_YEARS
        parts = []
        if self._extra:
            parts.append("用户日历 " + ", ".join(str(y) for y in sorted(self._extra)))
        if self._shipped:
            parts.append("随包日历 " + ", ".join(str(y) for y in sorted(self._shipped)))
        parts.append(f"chinese-calendar {lo}–{hi}")
        if self.strict:
            parts.append("严格（不暂算）")
        else:
            parts.append(f"其后按法定节假日暂算（{statutory.PROVISIONAL_FROM}–{statutory.PROVISIONAL_UNTIL}）")
        return " + ".join(parts)

    def cache_key(self) -> tuple:
        """Everything the calendar's answers depend on besides the code (for the result cache)."""
        def years(data: Years) -> list:
            return [(y, sorted(off), sorted(work)) for y, (off, work) in sorted(data.items())]

        return (years(self._extra), years(self._shipped), self.strict, _lunar_version())

    @contextmanager
    def recording(self) -> Iterator[set[int]]:
        """Collect the provisional years looked up inside the block (blocks may nest)."""
        years: set[int] = set()
        self._recorders.append(years)
        try:
            yield years
        finally:
            del self._recorders[next(i for i, r in enumerate(self._recorders) if r is years)]

    def is_workday(self, day: date) -> bool:
        source = self._sources.get(day.year) or self.source(day.year)
        if source == PROVISIONAL:
            for years in self._recorders:
                years.add(day.year)
        return self._lookup(day)

    def _is_workday(self, day: date) -> bool:
        source = self.source(day.year)
        if source in (USER, SHIPPED):
            holidays, workdays = (self._extra if source == USER else self._shipped)[day.year]
            if day in workdays:
                return True
            return day.weekday() < 5 and day not in holidays
        if source == PACKAGE:
            return chinese_calendar.is_workday(day)
        if source == PROVISIONAL:
            return day.weekday() < 5 and day not in statutory.provisional_days_off(day.year)
        raise CalendarRangeError(day.year, self.strict)

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


def read_calendar_years(path: Path) -> Years:
    """Read a calendar file (user or shipped); raises ``CalendarFileError`` with file and line."""
    try:
        parsed = parse_yaml_text(read_text(path))
    except Exception as exc:  # noqa: BLE001 - any parse problem is a config error
        raise CalendarFileError(f"{path}: 日历文件无法解析：{exc}") from None
    if not isinstance(parsed.data, dict):
        raise CalendarFileError(f"{path}:1: 日历文件应为 年份: {{holidays: [...], workdays: [...]}} 的映射")
    years: Years = {}
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
    return years


def shipped_calendar_dir() -> Path:
    """``calendar/`` beside the shipped packs (the packs themselves are only ``rules/*.yaml``)."""

    return builtin_pack_dir() / "calendar"


def shipped_years(directory: Optional[Path] = None) -> Years:
    """Every year of the calendar files shipped in the package; a year in two files is an error."""
    directory = shipped_calendar_dir() if directory is None else directory
    files = sorted(Path(directory).glob("*.yaml"))
    return _read_shipped(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))


@lru_cache(maxsize=8)
def _read_shipped(files: tuple[tuple[str, int, int], ...]) -> Years:
    years: Years = {}
    for name, _mtime, _size in files:
        for year, days in read_calendar_years(Path(name)).items():
            if year in years:
                raise CalendarFileError(f"{name}: {year} 年已在另一个随包日历文件中")
            years[year] = days
    return years


def load_calendar(path: Optional[Path] = None, *, strict: bool = False) -> WorkCalendar:
    """The run's calendar: the user file (if any) over the shipped files, chinese-calendar and provisional days."""
    return WorkCalendar(read_calendar_years(path) if path else None, strict=strict, user_file=path)


def load_calendar_file(path: Path) -> WorkCalendar:
    """Read a user calendar file; raises ``CalendarFileError`` with file and line."""
    return load_calendar(path)
