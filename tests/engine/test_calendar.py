"""The working-day calendar after the package's data ends.

Sources, first that has the year: user --calendar file > calendar file shipped in the package > chinese-calendar >
provisional days computed from 《全国年节及纪念日放假办法》 (2024 revision, in force 2025-01-01).
"""

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from typer.testing import CliRunner

from govmedia_lint import statutory
from govmedia_lint.cli.app import app
from govmedia_lint.engine.evaluate import RunOptions
from govmedia_lint.engine.packs import PackSet
from govmedia_lint.run.runner import calendar_key, check_files
from govmedia_lint.workdays import (
    PACKAGE,
    PROVISIONAL,
    SHIPPED,
    USER,
    CalendarFileError,
    CalendarRangeError,
    WorkCalendar,
    load_calendar,
    shipped_years,
)

runner = CliRunner()
NEW_YEAR_2027 = (frozenset({date(2027, 1, 1)}), frozenset())

QIANJIANG = """\
account: {name: 黔江测试, platform: wechat, jurisdiction: qianjiang, host_unit: 黔江区测试局, status: active}
messages:
  - {received_at: 2026-12-30 10:00, acknowledged_at: 2026-12-31 09:00, replied_at: 2027-01-08 16:00, summary: 咨询}
  - {received_at: 2026-11-02 10:00, acknowledged_at: 2026-11-05 09:00, replied_at: 2026-11-05 16:00, summary: 反映}
"""


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "400"})


# ── the law: statutory days, computed, against the years chinese-calendar knows ───────────────────────

@pytest.mark.parametrize("year", range(2020, 2027))
def test_every_statutory_day_of_the_law_in_force_is_a_day_off_in_chinese_calendar(year):
    # 2020–2024 under the 2013 revision (春节 初一至初三, 劳动节 5月1日), 2025– under the 2024 revision
    days = [day for _name, group in statutory.statutory_days(year) for day in group]
    assert len(days) == (13 if year >= 2025 else 11)
    assert [d for d in days if chinese_calendar.is_workday(d)] == []


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_2024_revision_adds_new_years_eve_and_2_may(year):
    names = dict(statutory.statutory_days(year))
    eve = names["春节"][0]
    assert names["春节"][1] - eve == timedelta(days=1)
    assert date(year, 5, 2) in names["劳动节"]
    assert not chinese_calendar.is_workday(eve)


def test_lunar_and_solar_term_days_of_2027():
    days = dict(statutory.statutory_days(2027))
    assert days["春节"] == (date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8))
    assert days["清明节"] == (date(2027, 4, 5),)
    assert days["端午节"] == (date(2027, 6, 9),)
    assert days["中秋节"] == (date(2027, 9, 15),)


@pytest.mark.parametrize("year", range(2020, 2027))
def test_every_provisional_day_off_was_a_day_off_in_the_official_calendar(year):
    # the 补休 model never rests on a day the State Council's notice made a working day
    assert sorted(d for d in statutory.provisional_days_off(year) if chinese_calendar.is_workday(d)) == []


def test_a_holiday_on_a_weekend_is_made_up_on_the_next_weekdays():
    off = statutory.provisional_days_off(2027)
    # 春节 2027: 初一 Saturday, 初二 Sunday -> Tuesday 9th and Wednesday 10th (初三 is Monday 8th)
    assert {date(2027, 2, 9), date(2027, 2, 10)} <= off and date(2027, 2, 11) not in off
    # 劳动节 Saturday/Sunday -> Monday/Tuesday; 国庆 Friday–Sunday -> Monday/Tuesday
    assert {date(2027, 5, 3), date(2027, 5, 4), date(2027, 10, 4), date(2027, 10, 5)} <= off
    assert date(2027, 10, 6) not in off


def test_a_holiday_on_another_holiday_is_also_made_up():
    # 2028: 中秋 falls on 10月3日 (Tuesday), a 国庆 day; 10月1日 is Sunday: two days are owed after 10月3日
    off = statutory.provisional_days_off(2028)
    assert dict(statutory.statutory_days(2028))["中秋节"] == (date(2028, 10, 3),)
    assert {date(2028, 10, 4), date(2028, 10, 5)} <= off and date(2028, 10, 6) not in off


def test_no_weekend_is_a_working_day_in_a_provisional_year():
    cal = WorkCalendar(shipped={})
    assert not cal.is_workday(date(2027, 2, 13)) and not cal.is_workday(date(2027, 2, 14))
    assert cal.is_workday(date(2027, 2, 11))


# ── layering and strictness ────────────────────────────────────────────────────────────────────────

def test_user_file_over_shipped_file_over_chinese_calendar_over_provisional():
    shipped = {2026: (frozenset({date(2026, 3, 2)}), frozenset()), 2027: NEW_YEAR_2027}
    user = {2027: (frozenset({date(2027, 1, 4)}), frozenset())}
    cal = WorkCalendar(user, shipped=shipped)
    assert [cal.source(y) for y in (2025, 2026, 2027, 2028)] == [PACKAGE, SHIPPED, USER, PROVISIONAL]
    assert not cal.is_workday(date(2027, 1, 4)) and cal.is_workday(date(2027, 1, 1))  # the user's year, whole
    # the shipped 2026, not the package's (which has 02-14, a Saturday, as a make-up working day)
    assert not cal.is_workday(date(2026, 3, 2)) and not cal.is_workday(date(2026, 2, 14))
    assert not cal.is_workday(date(2028, 1, 3))  # 元旦 2028 is a Saturday: made up on Monday


def test_strict_calendar_refuses_to_compute_a_year_without_data():
    cal = WorkCalendar(shipped={}, strict=True)
    with pytest.raises(CalendarRangeError, match="2027 年不在工作日历数据中.*--strict-calendar"):
        cal.nth_workday_after(date(2026, 12, 30), 5)
    assert WorkCalendar({2027: NEW_YEAR_2027}, shipped={}, strict=True).is_workday(date(2027, 1, 4))


def test_no_year_before_the_law_in_force_is_computed():
    with pytest.raises(CalendarRangeError, match="2003"):
        WorkCalendar(shipped={}).nth_workday_after(date(2003, 12, 30), 1)


def test_provisional_lookups_are_recorded_and_official_ones_not():
    cal = WorkCalendar(shipped={})
    with cal.recording() as outer:
        with cal.recording() as inner:
            cal.nth_workday_after(date(2026, 12, 1), 3)
        assert inner == set()
        cal.nth_workday_after(date(2026, 12, 30), 5)
    assert outer == {2027}


def test_shipped_calendar_files_are_read_from_a_folder(tmp_path):
    (tmp_path / "2027.yaml").write_text("2027:\n  holidays: [2027-01-01]\n  workdays: [2027-01-09]\n",
                                        encoding="utf-8")
    assert shipped_years(tmp_path) == {2027: (frozenset({date(2027, 1, 1)}), frozenset({date(2027, 1, 9)}))}
    (tmp_path / "again.yaml").write_text("2027:\n  holidays: []\n", encoding="utf-8")
    with pytest.raises(CalendarFileError, match="另一个随包日历文件"):
        shipped_years(tmp_path)


def test_the_packs_folder_ignores_its_calendar_subfolder(tmp_path):
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "2027.yaml").write_text("2027:\n  holidays: [2027-01-01]\n", encoding="utf-8")
    assert "national" in PackSet.load([tmp_path]).packs


def test_the_package_ships_only_well_formed_calendar_files():
    for year, (holidays, workdays) in shipped_years().items():
        assert all(d.year == year for d in holidays | workdays)


def test_cache_key_covers_user_and_shipped_years_and_strictness():
    keys = {repr(calendar_key(cal)) for cal in (
        WorkCalendar(shipped={}), WorkCalendar(shipped={}, strict=True), WorkCalendar(shipped={2027: NEW_YEAR_2027}),
        WorkCalendar({2027: NEW_YEAR_2027}, shipped={}))}
    assert len(keys) == 4


# ── the engine: findings on provisional days keep their rule and say so ─────────────────────────────

@pytest.fixture
def qianjiang(tmp_path):
    path = tmp_path / "黔江测试.yaml"
    path.write_text(QIANJIANG, encoding="utf-8")
    return path


def test_a_deadline_on_provisional_days_keeps_its_rule_and_carries_the_note(qianjiang, tmp_path):
    options = RunOptions(date(2027, 1, 15), date(2026, 1, 16), date(2027, 1, 15), WorkCalendar(shipped={}),
                         select=["QJ-MESSAGE"])
    for hits in (0, 1):  # the second run is served from the cache
        run = check_files([qianjiang], PackSet.load(), options, cache_dir=tmp_path / "cache")
        result = run.result
        assert run.stats.cache_hits == hits
        late = [f for f in result.findings if f.rule == "QJ-MESSAGE-RESULT-5-WORKDAYS"]
        assert [(f.severity, f.evidence["deadline"], f.provisional_calendar) for f in late] == [
            ("error", "2027-01-07", True)]  # 12-31, 01-04 … 01-07: 元旦 (Friday) off
        assert late[0].note == "2027 年放假调休安排尚未收录，按法定节假日暂算"
        assert not result.incomplete and result.provisional_years == [2027]
    ack = [f for f in result.findings if f.rule == "QJ-MESSAGE-ACK-1-WORKDAY"]
    assert [f.provisional_calendar for f in ack] == [False]  # 11-02's deadline needs no 2027 day


# ── the command line ───────────────────────────────────────────────────────────────────────────────

def test_installed_cli_checks_across_the_new_year_completely_with_provisional_notes(qianjiang):
    exe = Path(sys.executable).with_name("govmedia-lint")
    done = subprocess.run([str(exe), "check", str(qianjiang), "--as-of", "2027-01-15", "-f", "json", "--no-cache"],
                          capture_output=True, text=True, env={**os.environ, "CI": "true"}, timeout=60)
    assert done.returncode == 1, done.stderr  # complete: findings, not "检查不完整"
    report = json.loads(done.stdout)  # the notice is not in the machine output
    assert report["summary"]["complete"] and report["summary"]["provisional_calendar_years"] == [2027]
    noted = [f["rule"] for f in report["findings"] if f["provisional_calendar"]]
    assert noted == ["QJ-MESSAGE-RESULT-5-WORKDAYS"]
    assert "GML-CALENDAR" not in {f["rule"] for f in report["findings"]}
    assert done.stderr.count("2027 年放假调休安排尚未收录") == 1


def test_strict_calendar_keeps_the_calendar_error_and_exit_2(qianjiang):
    result = invoke("check", qianjiang, "--as-of", "2027-01-15", "--select", "QJ-MESSAGE", "--strict-calendar",
                    "-f", "json", "--no-cache")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    error = next(f for f in report["findings"] if f["rule"] == "GML-CALENDAR")
    assert "QJ-MESSAGE-RESULT-5-WORKDAYS" in error["message"] and "--strict-calendar" in error["message"]
    assert not report["summary"]["complete"] and not any(f["provisional_calendar"] for f in report["findings"])


def test_a_user_calendar_file_replaces_the_provisional_year(qianjiang, tmp_path):
    calendar = tmp_path / "cal.yaml"
    calendar.write_text("2027:\n  holidays: [2027-01-01, 2027-01-04]\n  workdays: []\n", encoding="utf-8")
    result = invoke("check", qianjiang, "--as-of", "2027-01-15", "--select", "QJ-MESSAGE", "--calendar", calendar,
                    "-f", "json", "--no-cache")
    report = json.loads(result.stdout)
    # 01-04 off too: due 01-08, replied 01-08; only the late acknowledgement of 11-02 is left
    assert [f["rule"] for f in report["findings"]] == ["QJ-MESSAGE-ACK-1-WORKDAY"]
    assert report["summary"]["provisional_calendar_years"] == [] and "尚未收录" not in result.output


@pytest.mark.parametrize("fmt, expected", [
    ("sarif", '"provisional_calendar": true'),
    ("csv", "2027 年放假调休安排尚未收录，按法定节假日暂算"),
    ("github", "（注：2027 年放假调休安排尚未收录"),
])
def test_machine_formats_carry_the_provisional_flag(qianjiang, fmt, expected):
    result = invoke("check", qianjiang, "--as-of", "2027-01-15", "--select", "QJ-MESSAGE", "-f", fmt, "--no-cache")
    assert result.exit_code == 1 and expected in result.stdout


def test_calendar_command_says_which_source_covers_which_year(tmp_path):
    result = invoke("calendar")
    assert result.exit_code == 0
    assert "2004–2026" in result.stdout and "chinese-calendar" in result.stdout
    assert "2027" in result.stdout and "暂算" in result.stdout
    calendar = tmp_path / "cal.yaml"
    calendar.write_text("2027:\n  holidays: [2027-01-01]\n  workdays: []\n", encoding="utf-8")
    rows = json.loads(invoke("calendar", "--calendar", calendar, "-f", "json").stdout)
    assert {(r["from"], r["to"], r["source"]) for r in rows} >= {(2004, 2026, PACKAGE), (2027, 2027, USER)}
    strict = json.loads(invoke("calendar", "--strict-calendar", "-f", "json").stdout)
    assert strict[-1]["source"] is None


def test_calendar_command_lists_a_provisional_year_in_the_calendar_file_format():
    result = invoke("calendar", "2027")
    assert result.exit_code == 0
    assert "2027:\n  holidays: [2027-01-01, 2027-02-05, 2027-02-08" in result.stdout
    assert "# 法定 春节：2027-02-05、2027-02-06、2027-02-07、2027-02-08" in result.stdout


def test_load_calendar_without_a_file_uses_the_shipped_ones():
    assert load_calendar().listed_years() == sorted(shipped_years())


@pytest.fixture
def shipped_fixture(monkeypatch):
    """The package's calendar folder replaced by tests/data/calendar (a fixture, not real 2027 data)."""
    folder = Path(__file__).parents[1] / "data" / "calendar"
    monkeypatch.setattr("govmedia_lint.workdays.shipped_calendar_dir", lambda: folder)
    return folder


def test_a_shipped_calendar_file_replaces_the_provisional_year_from_the_cli(qianjiang, shipped_fixture, tmp_path):
    result = invoke("check", qianjiang, "--as-of", "2027-01-15", "--select", "QJ-MESSAGE-RESULT", "-f", "json",
                    "--no-cache")
    report = json.loads(result.stdout)
    # fixture: 01-01 and 01-04 off -> 12-31, 01-05, 01-06, 01-07, 01-08: replied 01-08 is on time
    assert result.exit_code == 0 and report["findings"] == [] and "随包日历 2027" in report["calendar"]
    assert "尚未收录" not in result.output
    shown = json.loads(invoke("calendar", "-f", "json").stdout)
    assert (2027, 2027, SHIPPED) in {(r["from"], r["to"], r["source"]) for r in shown}
    # and a user file still wins over the shipped one
    calendar = tmp_path / "cal.yaml"
    calendar.write_text("2027:\n  holidays: [2027-01-01]\n  workdays: []\n", encoding="utf-8")
    user = invoke("check", qianjiang, "--as-of", "2027-01-15", "--select", "QJ-MESSAGE-RESULT", "-f", "json",
                  "--no-cache", "--calendar", calendar)
    assert user.exit_code == 1 and json.loads(user.stdout)["findings"][0]["evidence"]["deadline"] == "2027-01-07"


def test_strict_calendar_from_the_configuration_file(qianjiang, tmp_path):
    (tmp_path / "govmedia-lint.toml").write_text("strict-calendar = true\n", encoding="utf-8")
    result = invoke("check", qianjiang, "--as-of", "2027-01-15", "--select", "QJ-MESSAGE-RESULT", "--no-cache")
    assert result.exit_code == 2 and "GML-CALENDAR" in result.stdout
    shown = invoke("check", qianjiang, "--show-config").stdout
    assert "strict-calendar = true" in shown
    (tmp_path / "govmedia-lint.toml").write_text("strict-calendar = \"yes\"\n", encoding="utf-8")
    bad = invoke("check", qianjiang, "--as-of", "2027-01-15")
    assert bad.exit_code == 2 and "strict-calendar 应为 true 或 false" in bad.output


def test_the_cache_key_names_the_lunar_library_version_importlib_metadata_names():
    """The version is read from the package's .dist-info folder (no importlib.metadata import on a cached run):
    the same answer as importlib.metadata's."""
    from importlib.metadata import version

    from govmedia_lint.workdays import WorkCalendar, _lunar_version

    assert _lunar_version() == version("lunar_python")
    assert WorkCalendar().cache_key()[-1] == version("lunar_python")
