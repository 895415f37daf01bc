"""`calendar import`: the State Council's yearly holiday notice read into a calendar file.

The notices of 2016–2026 (tests/data/notices/, as published) are read and compared, day by day, with
chinese-calendar's data for their years; mangled notices are refused with the sentence quoted.
"""

import json
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from typer.testing import CliRunner

from govmedia_lint.calendar_notice import (
    NoticeError,
    calendar_years,
    combine,
    decode_notice,
    parse_notice,
    splice,
)
from govmedia_lint.cli.app import app
from govmedia_lint.workdays import WorkCalendar, read_calendar_years

NOTICES = Path(__file__).parents[1] / "data" / "notices"
runner = CliRunner()
NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
         "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节"}
#: 2020: the notice gave 春节 1月24日至30日 and 2月1日 (Saturday) as a working day; the State Council then
#: extended the holiday to 2月2日 (an extraordinary notice, not of the yearly form, which import does not read):
#: chinese-calendar has the extension
EXTENDED_2020 = {date(2020, 1, 31), date(2020, 2, 1)}

QIANJIANG = """\
account: {name: 黔江测试, platform: wechat, jurisdiction: qianjiang, host_unit: 黔江区测试局, status: active}
messages:
  - {received_at: 2026-12-30 10:00, acknowledged_at: 2026-12-31 09:00, replied_at: 2027-01-08 16:00, summary: 咨询}
"""


def invoke(*args, stdin=None):
    return runner.invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False, env={"COLUMNS": "400"})


def read(name: str):
    return parse_notice(decode_notice((NOTICES / name).read_bytes()))


def notice_of(year: int):
    if year == 2019:  # the notice and 《国务院办公厅关于调整2019年劳动节假期安排的通知》
        return combine([read("2019.txt"), read("2019-labour-day-adjustment.txt")])
    return read(f"{year}.txt")


def works(day, off, work):
    return day in work or (day.weekday() < 5 and day not in off)


# ── every published notice against chinese-calendar ───────────────────────────────────────────────

@pytest.mark.parametrize("year", range(2016, 2027))
def test_the_notice_of_each_year_equals_chinese_calendar_day_by_day(year):
    notice = notice_of(year)
    assert notice.year == year and notice.document_number.startswith("国办发明电")
    days = notice.days()
    off, work = days[year]
    # the days of the year, less those the next year's notice arranges (元旦 from 12月29日), plus this notice's
    # days of the year before
    following = notice_of(year + 1).days().get(year, (frozenset(), frozenset())) if year < 2026 else ({}, {})
    later = set(following[0]) | set(following[1])
    span = [day for n in range(366) if (day := date(year, 1, 1) + timedelta(days=n)).year == year]
    compared = [d for d in span if d not in later]
    for before, (b_off, b_work) in days.items():
        if before != year:
            compared += sorted(b_off | b_work)
            off, work = off | b_off, work | b_work
    differ = {d for d in compared if works(d, off, work) != chinese_calendar.is_workday(d)}
    assert differ == (EXTENDED_2020 if year == 2020 else set())
    # the same holiday, day by day, and every make-up working day
    for item in notice.items:
        for day in item.holidays:
            assert NAMES[chinese_calendar.holidays[day]] in item.names, (day, item.text)
        for day in set(item.workdays) - EXTENDED_2020:
            assert NAMES[chinese_calendar.workdays[day]] in item.names, (day, item.text)
    assert {d for d in chinese_calendar.workdays if d in compared} == set(work) - EXTENDED_2020


def test_the_2019_adjustment_replaces_the_labour_day_item():
    alone = read("2019.txt")
    labour = next(item for item in alone.items if item.names == ("劳动节",))
    assert labour.holidays == [date(2019, 5, 1)] and labour.workdays == []
    adjusted = next(item for item in notice_of(2019).items if item.names == ("劳动节",))
    assert adjusted.holidays == [date(2019, 5, d) for d in (1, 2, 3, 4)]
    assert adjusted.workdays == [date(2019, 4, 28), date(2019, 5, 5)]
    with pytest.raises(NoticeError, match="不是同一年"):
        combine([read("2018.txt"), read("2019-labour-day-adjustment.txt")])
    alone = invoke("calendar", "import", NOTICES / "2019-labour-day-adjustment.txt")
    assert alone.exit_code == 2 and "通知只安排了劳动节；日历文件按整年替换" in alone.stderr


# ── what the saved page may look like ──────────────────────────────────────────────────────────────

def _expected(year):
    return notice_of(year).days()


def test_traditional_characters_and_half_width_punctuation():
    import opencc

    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(text)
    assert "週" in traditional and "國慶節" in traditional
    half = traditional.translate(str.maketrans("（）：，；", "():,;"))
    for variant in (traditional, half, unicodedata.normalize("NFKC", half)):
        assert parse_notice(variant).days() == _expected(2026)
    wrong = traditional.replace("5月9日（週六）", "5月9日（週日）")
    with pytest.raises(NoticeError) as refused:
        parse_notice(wrong)
    assert "“四、勞動節" not in str(refused.value) and "5月9日（週日）上班。”" in str(refused.value)  # as written


def test_full_width_digits():
    text = (NOTICES / "2024.txt").read_text(encoding="utf-8")
    wide = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_notice(wide).days() == _expected(2024)


GOV_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}_国务院文件_中国政府网</title>
<script>var nav = "一、元旦：1月1日放假";</script><style>p {{ text-indent: 2em; }}</style></head>
<body><div class="header"><a href="/">首页</a> &gt; <a href="/zhengce/">政策</a></div>
<h1>{title}</h1><div id="UCAP-CONTENT">{body}</div>
<div class="related"><p>相关链接：</p><p><a href="#">国务院办公厅关于2024年部分节假日安排的通知</a></p>
<p>一、元旦：1月1日放假，与周末连休。</p></div></body></html>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_page_saved_from_the_government_site(encoding):
    lines = (NOTICES / "2025.txt").read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{line.replace('　', '&nbsp;')}</p>\n" for line in lines[1:] if line)
    page = GOV_PAGE.format(charset=encoding, title=lines[0], body=body).encode(encoding)
    assert parse_notice(decode_notice(page)).days() == _expected(2025)
    one_paragraph = GOV_PAGE.format(charset=encoding, title=lines[0], body="<p>" + "<br>".join(lines[1:]) + "</p>")
    assert parse_notice(decode_notice(one_paragraph.encode(encoding))).days() == _expected(2025)


def test_a_text_without_line_breaks():
    text = (NOTICES / "2023.txt").read_text(encoding="utf-8").replace("\n", "")
    assert parse_notice(text).days() == _expected(2023)


def test_the_encouraged_new_years_eve_of_2024_is_not_a_day_off():
    spring = next(item for item in notice_of(2024).items if item.names == ("春节",))
    assert date(2024, 2, 9) not in spring.holidays and len(spring.holidays) == 8


# ── refusals: the sentence quoted, exit 2, no traceback ────────────────────────────────────────────

MANGLED = [
    ("2026.txt", "共9天", "共8天",
     "“二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共8天。”",
     "共 9 天，通知写“共8天”"),
    ("2026.txt", "5月9日（周六）", "5月9日（周日）", "“5月9日（周日）上班。”", "2026年5月9日是星期六，通知写“周日”"),
    ("2022.txt", "1月29日（星期六）", "1月29日（星期五）", "“1月29日（星期五）、1月30日（星期日）上班。”",
     "2022年1月29日是星期六，通知写“星期五”"),
    ("2025.txt", "（农历正月初七、周二）", "（农历正月初八、周二）", "农历正月初八", "是农历正月初七"),
    ("2017.txt", "1月27日至2月2日放假调休，共7天", "1月27日至2月2日放假调休，共6天", "共6天", "共 7 天"),
    ("2021.txt", "2021年", "", "“一、元旦：1月1日至3日放假，共3天。”", "日期没有年份"),
    ("2019.txt", "2018年12月30日至2019年1月1日", "12月30日至1月1日", "“一、元旦：12月30日至1月1日放假调休，共3天。”",
     "日期跨年"),
    ("2018.txt", "6月18日放假，与周末连休", "6月20日放假，与周末连休", "6月20日", "不能“与周末连休”"),
    ("2016.txt", "9月15日至17日", "9月16日至17日", "共3天", "共 2 天"),
    ("2020.txt", "　　五、端午节：6月25日至27日放假调休，共3天。6月28日（星期日）上班。\n", "", "缺少 端午节", "条目不符"),
    ("2020.txt", "五、端午节", "六、端午节", "一、二、三、四、六、六", "条目序号不连续"),
    ("2018.txt", "（星期六）上班。\n　　三、", "（星期六）上班。请各地提前安排。4月1日（星期日）上班。\n　　三、",
     "“4月1日（星期日）上班。”", "条目中有一句既不是放假也不是上班安排（“请各地提前安排。”）"),
    ("2024.txt", "4月7日（星期日）上班", "4月7日（星期日）值班", "值班", "不是能读懂的放假或上班安排"),
    ("2026.txt", "9月25日（周五）至27日（周日）", "9月26日（周六）至28日（周一）", "中秋节", "没有包括中秋节的法定假日"),
]


@pytest.mark.parametrize("name, old, new, quoted, why", MANGLED)
def test_a_mangled_notice_is_refused_with_the_sentence_quoted(name, old, new, quoted, why):
    text = (NOTICES / name).read_text(encoding="utf-8")
    assert old in text
    mangled = text.replace(old, new) if old != "2021年" else re.sub(r"2021年(?!\d)", "", text)
    if old == "2021年":  # a notice that names no year: title and opening sentence without it
        mangled = text.replace("关于2021年", "关于").replace("现将2021年", "现将").replace("2021年1月1日", "1月1日")
    result = invoke("calendar", "import", "-", stdin=mangled.encode("utf-8"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    assert result.stderr.startswith("govmedia-lint: 错误：标准输入：")
    assert quoted in result.stderr and why in result.stderr, result.stderr


def test_a_file_that_is_not_a_notice_is_refused(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>欢迎访问</p></body></html>", encoding="utf-8")
    result = invoke("calendar", "import", page)
    assert result.exit_code == 2 and "没有找到通知的条目" in result.stderr
    missing = invoke("calendar", "import", tmp_path / "nowhere.txt")
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_two_years_of_titles_without_an_opening_sentence_are_refused():
    text = "国务院办公厅关于2025年部分节假日安排的通知\n国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。"
    with pytest.raises(NoticeError, match="多个年份"):
        parse_notice(text)


# ── the calendar file ──────────────────────────────────────────────────────────────────────────────

def test_the_printed_file_is_a_calendar_file_with_the_notice_quoted(tmp_path):
    result = invoke("calendar", "import", NOTICES / "2026.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）\n")
    assert "    # 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。\n    - 2026-05-01\n" \
        in result.stdout
    path = tmp_path / "cal.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    assert read_calendar_years(path) == {2026: _expected(2026)[2026]}


def test_stdin_and_the_output_file(tmp_path):
    path = tmp_path / "calendar.yaml"
    text = (NOTICES / "2027-constructed.txt").read_bytes()
    result = invoke("calendar", "import", "-", "-o", path, stdin=text)
    assert result.exit_code == 0 and result.stdout == ""
    assert f"已写入 {path}：2027 年放假 29 天、调休上班 5 天" in result.stderr
    assert set(read_calendar_years(path)) == {2027}
    # a second year into the same file keeps the first as written
    invoke("calendar", "import", NOTICES / "2026.txt", "-o", path)
    assert set(read_calendar_years(path)) == {2026, 2027}
    before = path.read_text(encoding="utf-8")
    assert before.index("2026:") < before.index("2027:") and "五、端午节：6月9日（周三）放假，共1天。" in before
    invoke("calendar", "import", NOTICES / "2026.txt", "-o", path)
    assert path.read_text(encoding="utf-8") == before  # again: the same file
    # never into a file that is not a calendar file
    other = tmp_path / "notes.yaml"
    other.write_text("- just a list\n", encoding="utf-8")
    refused = invoke("calendar", "import", NOTICES / "2026.txt", "-o", other)
    assert refused.exit_code == 2 and other.read_text(encoding="utf-8") == "- just a list\n"


def test_splice_replaces_a_year_and_keeps_the_others_and_their_comments():
    existing = "# 2025 by hand\n2025:\n  holidays: [2025-01-01]\n  workdays: []\n\n# old 2026\n2026:\n  holidays: []\n"
    new = "# new 2026\n2026:\n  holidays: [2026-01-01]\n  workdays: []\n"
    assert splice(existing, new) == ("# 2025 by hand\n2025:\n  holidays: [2025-01-01]\n  workdays: []\n\n"
                                     "# new 2026\n2026:\n  holidays: [2026-01-01]\n  workdays: []\n")


def test_the_days_of_the_year_before_are_written_as_that_whole_year_when_they_change_it(tmp_path):
    notice = notice_of(2019)
    # chinese-calendar already has 2018-12-29..31: nothing to write for 2018
    years, notes = calendar_years(notice, WorkCalendar(shipped={}))
    assert set(years) == {2019} and "2018" in notes[0]
    # a calendar whose 2018 does not: 2018 is written whole, its other days from that calendar
    stale = {2018: (frozenset({date(2018, 2, 15)}), frozenset({date(2018, 2, 11)}))}
    years, notes = calendar_years(notice, WorkCalendar(stale, shipped={}))
    assert years[2018] == (frozenset({date(2018, 2, 15), date(2018, 12, 30), date(2018, 12, 31)}),
                           frozenset({date(2018, 2, 11), date(2018, 12, 29)}))
    # a provisional year before cannot be completed: refused
    text = ("国务院办公厅关于2028年部分节假日安排的通知\n经国务院批准，现将2028年元旦放假调休日期的具体安排通知如下。\n"
            "一、元旦：2027年12月31日（星期五）至2028年1月2日（星期日）放假，共3天。\n")
    with pytest.raises(NoticeError, match="2027 年没有官方日历可以补全"):
        calendar_years(parse_notice(text), WorkCalendar(shipped={}))


# ── --check, and the written file in `check` ───────────────────────────────────────────────────────

def test_check_lists_the_days_that_differ_from_the_calendar_otherwise_used(tmp_path):
    result = invoke("calendar", "import", NOTICES / "2027-constructed.txt", "--check")
    assert result.exit_code == 1
    assert "2027-02-11 周四  通知：放假  现用日历（暂算（法定节假日））：上班" in result.stdout
    assert "2027-01-31 周日  通知：上班" in result.stdout
    same = invoke("calendar", "import", NOTICES / "2026.txt", "--check")
    assert same.exit_code == 0 and "通知与现用日历一致：2026 年（chinese-calendar）" in same.stdout
    old = invoke("calendar", "import", NOTICES / "2019.txt", "--check")  # without the adjustment
    assert old.exit_code == 1 and "2019-05-02 周四  通知：上班  现用日历（chinese-calendar）：放假" in old.stdout
    strict = invoke("calendar", "import", NOTICES / "2027-constructed.txt", "--check", "--strict-calendar")
    assert strict.exit_code == 1 and "2027 年：现用日历没有数据" in strict.stdout
    both = invoke("calendar", "import", NOTICES / "2026.txt", "--check", "-o", tmp_path / "x.yaml")
    assert both.exit_code == 2 and not (tmp_path / "x.yaml").exists()


def test_the_written_file_makes_a_provisional_2027_deadline_official(tmp_path):
    account = tmp_path / "黔江测试.yaml"
    account.write_text(QIANJIANG, encoding="utf-8")
    args = ["check", account, "--as-of", "2027-01-15", "--select", "QJ-MESSAGE-RESULT", "-f", "json", "--no-cache"]
    before = invoke(*args)
    report = json.loads(before.stdout)
    assert report["summary"]["provisional_calendar_years"] == [2027]
    assert [f["provisional_calendar"] for f in report["findings"]] == [True]
    assert "calendar import" in before.stderr  # the provisional notice says how to end it
    calendar = tmp_path / "calendar.yaml"
    assert invoke("calendar", "import", NOTICES / "2027-constructed.txt", "-o", calendar).exit_code == 0
    after = invoke(*args, "--calendar", calendar)
    report = json.loads(after.stdout)
    assert report["summary"]["provisional_calendar_years"] == [] and "尚未收录" not in after.output
    # 12-31, then 01-04 … 01-07 (元旦 1月1日至3日): the reply of 01-08 is late, on official days now
    assert [(f["evidence"]["deadline"], f["provisional_calendar"]) for f in report["findings"]] == [
        ("2027-01-07", False)]
    assert "用户日历 2027" in report["calendar"]
    check = invoke("calendar", "import", NOTICES / "2027-constructed.txt", "--check", "--calendar", calendar)
    assert check.exit_code == 0


def test_check_uses_the_calendar_of_the_configuration_file(tmp_path, monkeypatch):
    calendar = tmp_path / "calendar.yaml"
    invoke("calendar", "import", NOTICES / "2027-constructed.txt", "-o", calendar)
    (tmp_path / "govmedia-lint.toml").write_text('calendar = "calendar.yaml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("calendar", "import", NOTICES / "2027-constructed.txt", "--check")
    assert result.exit_code == 0 and "2027 年（用户日历）" in result.stdout


def test_calendar_show_is_the_default_of_the_group():
    assert invoke("calendar", "show", "2027").stdout == invoke("calendar", "2027").stdout
    assert "import" in invoke("calendar", "-h").stdout
