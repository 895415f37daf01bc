"""Shortcuts a re-import takes give what the long way gives: an export's day number read without its text, a
file's day read without ``to_when``."""

from datetime import date, datetime

import pytest

from govmedia_lint.importing import merge
from govmedia_lint.importing.values import to_when


def long_way(text):
    try:
        return to_when(text)
    except ValueError as exc:
        return str(exc)


def short_way(number):
    try:
        return to_when(number)
    except ValueError as exc:
        return str(exc)


@pytest.mark.parametrize("number", [20250602, 19000101, 29991231, 20240229, 20250229, 20251301, 20250000, 20250132,
                                    20250631, 19991231])
def test_a_day_number_is_the_day_its_eight_digits_name(number):
    assert short_way(number) == long_way(str(number))
    assert short_way(float(number)) == long_way(str(number))


@pytest.mark.parametrize("value", [date(2025, 6, 2), datetime(2025, 6, 2, 9, 30), "2025-06-02", "2025-06-02 09:30",
                                   "不是日期", 20250602, None])
def test_a_file_value_is_read_as_to_when_reads_it(value):
    try:
        expected = to_when(value)
    except ValueError:
        expected = None  # the merge reads a date it cannot read as none
    got = merge._read("date", value)
    assert (got, type(got)) == (expected, type(expected))
    assert merge._read("title", value) == value
