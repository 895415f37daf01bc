"""Working-day arithmetic on the Chinese statutory calendar (民法典 第二百零一条: the event day is not counted)."""

from datetime import date

import pytest

from govmedia_lint.workdays import CalendarFileError, CalendarRangeError, WorkCalendar, load_calendar_file


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


def test_2024_national_day_make_up_days_are_working_days(cal):
    assert cal.is_workday(date(2024, 9, 29))  # Sunday, 调休上班
    assert cal.is_workday(date(2024, 10, 12))  # Saturday, 调休上班
    assert not cal.is_workday(date(2024, 10, 1))
    assert not cal.is_workday(date(2024, 10, 7))


def test_2nd_working_day_after_eve_of_national_day_2024(cal):
    # 09-30 event; 10-01..10-07 off; 10-08 is the 1st, 10-09 the 2nd working day
    assert cal.nth_workday_after(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert cal.nth_workday_after(date(2024, 9, 30), 2) == date(2024, 10, 9)


def test_make_up_sunday_counts_before_national_day_2024(cal):
    # 09-27 (Fri) event: 09-29 (Sun) is a working day, 09-30 the 2nd
    assert cal.nth_workday_after(date(2024, 9, 27), 2) == date(2024, 9, 30)


def test_event_on_a_holiday_counts_from_the_next_working_day(cal):
    # chinese_calendar.find_workday lands one day late here; ours must not
    assert cal.nth_workday_after(date(2024, 10, 3), 1) == date(2024, 10, 8)


def test_2025_spring_festival(cal):
    assert cal.is_workday(date(2025, 1, 26))  # Sunday 调休
    assert cal.is_workday(date(2025, 2, 8))  # Saturday 调休
    assert not cal.is_workday(date(2025, 1, 28))
    assert not cal.is_workday(date(2025, 2, 4))
    # 5th working day after Friday 01-24: 01-26, 01-27, 02-05, 02-06, 02-07
    assert cal.nth_workday_after(date(2025, 1, 24), 5) == date(2025, 2, 7)


def test_2025_national_day_and_mid_autumn(cal):
    assert cal.is_workday(date(2025, 9, 28))
    assert cal.is_workday(date(2025, 10, 11))
    assert all(not cal.is_workday(date(2025, 10, d)) for d in range(1, 9))
    assert cal.nth_workday_after(date(2025, 9, 30), 1) == date(2025, 10, 9)


def test_workdays_between_excludes_start_includes_end(cal):
    assert cal.workdays_between(date(2024, 9, 30), date(2024, 10, 9)) == 2
    assert cal.workdays_between(date(2024, 10, 9), date(2024, 9, 30)) == 0


def test_year_outside_the_package_data_is_a_clear_error_in_strict_mode():
    strict = WorkCalendar(shipped={}, strict=True)
    with pytest.raises(CalendarRangeError, match="2027 年不在工作日历数据中"):
        strict.is_workday(date(2027, 1, 4))
    with pytest.raises(CalendarRangeError, match="2003"):
        strict.nth_workday_after(date(2003, 12, 30), 1)


def test_user_calendar_file_supplies_a_missing_year(tmp_path):
    path = tmp_path / "cal.yaml"
    path.write_text("2027:\n  holidays: [2027-01-01]\n  workdays: [2027-01-09]\n", encoding="utf-8")
    cal = load_calendar_file(path)
    assert not cal.is_workday(date(2027, 1, 1))  # Friday, holiday
    assert cal.is_workday(date(2027, 1, 9))  # Saturday, make-up
    assert cal.nth_workday_after(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert "2027" in cal.description


@pytest.mark.parametrize("text, message", [
    ("2027: [2027-01-01]\n", "holidays"),
    ("二〇二七:\n  holidays: []\n", "年份应为整数"),
    ("2027:\n  holidays: [2028-01-01]\n", "不是 2027 年的日期"),
    ("- 2027\n", "映射"),
])
def test_bad_calendar_file_names_the_problem(tmp_path, text, message):
    path = tmp_path / "cal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarFileError, match=message):
        load_calendar_file(path)
