"""Statutory holidays computed from the law, for years no official calendar covers ("provisional").

《全国年节及纪念日放假办法》 fixes the days of each holiday; the State Council's yearly notice then adds the
调休 (working Saturdays/Sundays that lengthen the breaks), which no rule can predict. ``LAWS`` holds each
revision's days as data; lunar dates and the 清明 solar term come from ``lunar_python`` (pure Python, no
compiled parts, maintained; imported only when a provisional year is needed).

补休 (how a holiday on a weekend is made up) — 第六条: "全体公民放假的假日，如果适逢星期六、星期日，应当在
工作日补假". We model it as: every statutory day of a holiday that falls on a Saturday or Sunday, or on a day
that is already a day off for another holiday (中秋 on 10月1日–3日, as in 2020), is made up on the first
weekday (Monday–Friday) after the holiday's last statutory day that is not already a day off — the
practice of the notices when no 调休 is arranged (2015 清明 4月5日 Sunday → 4月6日 Monday; 2017 元旦
Sunday → 1月2日 Monday). No Saturday or Sunday is ever a working day in this model.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

#: the revision a year is computed by: (first year in force, name, holidays)
#: a day is ("solar", month, day), ("lunar", month, day), ("lunar-eve",) (the day before 正月初一) or
#: ("term", name) (a solar term)
LAWS = (
    (2014, "《全国年节及纪念日放假办法》（2013 年修订）", (
        ("元旦", (("solar", 1, 1),)),
        ("春节", (("lunar", 1, 1), ("lunar", 1, 2), ("lunar", 1, 3))),
        ("清明节", (("term", "清明"),)),
        ("劳动节", (("solar", 5, 1),)),
        ("端午节", (("lunar", 5, 5),)),
        ("中秋节", (("lunar", 8, 15),)),
        ("国庆节", (("solar", 10, 1), ("solar", 10, 2), ("solar", 10, 3))),
    )),
    (2025, "《全国年节及纪念日放假办法》（2024 年修订）", (
        ("元旦", (("solar", 1, 1),)),
        ("春节", (("lunar-eve",), ("lunar", 1, 1), ("lunar", 1, 2), ("lunar", 1, 3))),
        ("清明节", (("term", "清明"),)),
        ("劳动节", (("solar", 5, 1), ("solar", 5, 2))),
        ("端午节", (("lunar", 5, 5),)),
        ("中秋节", (("lunar", 8, 15),)),
        ("国庆节", (("solar", 10, 1), ("solar", 10, 2), ("solar", 10, 3))),
    )),
)

#: provisional days are computed only under the law in force now, and not past lunar_python's tested range
PROVISIONAL_FROM = LAWS[-1][0]
PROVISIONAL_UNTIL = 2100
LAW_NAME = LAWS[-1][1]


def law_for(year: int) -> tuple[int, str, tuple]:
    """The revision in force in ``year`` (ValueError before the first one we hold)."""
    for law in reversed(LAWS):
        if year >= law[0]:
            return law
    raise ValueError(f"{year} 年早于所收录的放假办法")


def _day(year: int, spec: tuple) -> date:
    from lunar_python import Lunar, Solar

    kind = spec[0]
    if kind == "solar":
        return date(year, spec[1], spec[2])
    if kind in ("lunar", "lunar-eve"):
        month, day = (1, 1) if kind == "lunar-eve" else spec[1:]
        solar = Lunar.fromYmd(year, month, day).getSolar()
        found = date(solar.getYear(), solar.getMonth(), solar.getDay())
        return found - timedelta(days=1) if kind == "lunar-eve" else found
    if kind == "term":
        term = Solar.fromYmd(year, 6, 30).getLunar().getJieQiTable()[spec[1]]
        found = date(term.getYear(), term.getMonth(), term.getDay())
        if found.year != year:  # pragma: no cover - the table spans the lunar year around mid-year
            raise ValueError(f"{year} 年的{spec[1]}不在该年")
        return found
    raise ValueError(f"未知的日期类型 {spec!r}")


@lru_cache(maxsize=None)
def statutory_days(year: int) -> tuple[tuple[str, tuple[date, ...]], ...]:
    """Each holiday of ``year`` with its statutory days, under the law in force that year (no 补休, no 调休)."""
    _first, _name, holidays = law_for(year)
    return tuple((name, tuple(_day(year, spec) for spec in specs)) for name, specs in holidays)


@lru_cache(maxsize=None)
def provisional_days_off(year: int) -> frozenset[date]:
    """The statutory days of ``year`` plus their 补休 (see the module docstring); weekends are not listed."""
    off: set[date] = set()
    for _name, days in sorted(statutory_days(year), key=lambda item: min(item[1])):
        owed = 0
        for day in days:
            if day.weekday() >= 5 or day in off:
                owed += 1
            off.add(day)
        cursor = max(days)
        while owed:
            cursor += timedelta(days=1)
            if cursor.weekday() < 5 and cursor not in off:
                off.add(cursor)
                owed -= 1
    return frozenset(off)
