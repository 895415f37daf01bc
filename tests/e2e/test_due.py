"""`govmedia-lint due`: open obligations come from the check kinds themselves.

The equivalence: an obligation that `due` lists as due on day D is exactly what `check --as-of`
reports as a violation the day after D if nothing is done; one that is overdue is a violation already.
Proved below for every kind with a deadline, by sweeping the as-of date across each deadline.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.commands.due import horizon
from govmedia_lint.engine.evaluate import RunOptions, evaluate_register, judges_supervision
from govmedia_lint.engine.examples import example_document, example_supervision
from govmedia_lint.engine.kinds import KINDS
from govmedia_lint.workdays import WorkCalendar

SAMPLE = Path(__file__).resolve().parents[2] / "accounts"
JIAXIAN = SAMPLE / "jiaxian"


@pytest.fixture
def small_register(tmp_path):
    """Two 佳县 accounts: one with an unanswered message (overdue), one with a change to file (pending)."""
    folder = tmp_path / "accounts"
    folder.mkdir()
    head = "account: {{name: {name}, platform: wechat, jurisdiction: jiaxian, host_unit: {unit}, status: active, " \
           "opened_on: 2020-01-01}}\n"
    (folder / "a.yaml").write_text(head.format(name="佳县发布", unit="佳县人民政府办公室") + textwrap.dedent("""\
        messages:
          - {received_at: 2026-11-02 09:00, summary: 咨询社保 13812345678}
        """), encoding="utf-8")
    (folder / "b.yaml").write_text(head.format(name="佳县教育", unit="佳县教育局") + textwrap.dedent("""\
        filings:
          - {type: change, event_on: 2026-11-25}
        """), encoding="utf-8")
    return folder
ACTIVE = "account: {status: active, opened_on: 2020-01-01}\n"

#: (id, rule, account text, first day of the sweep, days swept, review period start)
SCENARIOS = [
    # deadline, working days across the National Day holiday: 留言 answered within 5 working days
    ("deadline-workdays", "JX-MESSAGE-REPLY-5-WORKDAYS", ACTIVE + textwrap.dedent("""
        messages:
          - {received_at: 2026-09-28 09:00, summary: 咨询社保}
          - {received_at: 2026-10-09 16:00, summary: 咨询户籍, replied_at: 2026-10-10 09:00}
        """), "2026-09-28", 20, "2026-01-01"),
    # rectified_by: a 通报's 5 working days across the National Day holiday, one item done in time
    ("rectified_by", "SX-RECTIFY-BY-DEADLINE", ACTIVE + textwrap.dedent("""
        rectifications:
          - {item: 9月以来未更新, source: notice, notified_on: 2026-09-29, due_within: 5wd}
          - {item: 留言未答复, source: work_order, notified_on: 2026-09-29, due_on: 2026-10-12, rectified_on: 2026-10-09}
        """), "2026-09-29", 20, "2026-01-01"),
    # deadline in months: go live within 6 months of approval
    ("deadline-months", "JX-GO-LIVE-WITHIN-6-MONTHS", "account: {status: approved, approved_on: 2026-03-31}\n",
     "2026-09-20", 20, "2026-01-01"),
    # deadline on policy documents: interpretation within 20 working days
    ("deadline-policy", "QJ-INTERPRETATION-20-WORKDAYS", ACTIVE + textwrap.dedent("""
        policy_documents:
          - {title: 关于促进就业的若干措施, issued_on: 2026-11-02, needs_interpretation: true}
        """), "2026-11-20", 15, "2026-01-01"),
    # event_filed: an opening filed within 5 working days
    ("event_filed", "SM-OPEN-FILED-5-WORKDAYS", "account: {status: active, opened_on: 2026-09-29}\n",
     "2026-09-29", 20, "2026-01-01"),
    # notice_kept: the opening notice on the portal and the account by the opening day: a finding on the day
    # itself, so never pending (an opening dated after the as-of date is not judged, nor listed) …
    ("notice_kept", "JX-OPENING-NOTICE-30-DAYS", "account: {status: active, opened_on: 2026-06-01}\n",
     "2026-06-01", 5, "2026-01-01"),
    # … and, under a pack that allows a few days (grace_days: 7, tests/data pack below), within them
    ("notice_kept-grace", "TG-OPENING-NOTICE-GRACE", "account: {status: active, opened_on: 2026-06-01}\n",
     "2026-06-01", 12, "2026-01-01"),
    # weekly_update, week by week, with posts only in some weeks
    ("weekly_update", "JX-UPDATE-WEEKLY", ACTIVE + textwrap.dedent("""
        posts:
          - {date: 2026-06-02 10:00, title: 一}
          - {date: 2026-06-03 10:00, title: 二}
          - {date: 2026-06-09 10:00, title: 三}
        """), "2026-06-01", 22, "2026-06-01"),
    # weekly_update on the average (服务号)
    ("weekly_update-average", "NAT-UPDATE-WEEKLY", """
        account: {status: active, opened_on: 2020-01-01, platform_kind: 服务号}
        posts:
          - {date: 2026-06-02 10:00, title: 一}
          - {date: 2026-06-03 10:00, title: 二}
          - {date: 2026-06-04 10:00, title: 三}
        """, "2026-06-01", 35, "2026-06-01"),
    # update_frequency over two-week windows, original posts only
    ("update_frequency", "NT-ORIGINAL-BIWEEKLY", ACTIVE + textwrap.dedent("""
        posts:
          - {date: 2026-06-02 10:00, title: 原创, original: true}
          - {date: 2026-06-16 10:00, title: 转载, original: false, source: 新华社, source_credited: true}
        """), "2026-06-01", 40, "2026-06-01"),
    # max_idle_gap, with an approved offline period inside the gap (its days do not count)
    ("max_idle_gap", "JX-IDLE-OVER-14-DAYS", ACTIVE + textwrap.dedent("""
        posts:
          - {date: 2026-06-01 10:00, title: 一}
        offline_periods:
          - {kind: temporary, start: 2026-06-05, end: 2026-06-09, approved_on: 2026-06-04, reason: 系统升级}
        """), "2026-06-10", 15, "2026-01-01"),
    # max_idle_gap, trailing gap only (national: 2 weeks)
    ("max_idle_gap-trailing", "NAT-NO-UPDATE-2-WEEKS", ACTIVE + textwrap.dedent("""
        posts:
          - {date: 2026-06-01 10:00, title: 一}
        """), "2026-06-10", 10, "2026-01-01"),
    # max_duration: a temporary offline period of at most 30 days
    ("max_duration", "JX-TEMP-OFFLINE-MAX-30-DAYS", """
        account: {status: offline, opened_on: 2020-01-01}
        offline_periods:
          - {kind: temporary, start: 2026-06-10, approved_on: 2026-06-09, reason: 整改}
        """, "2026-07-05", 10, "2026-01-01"),
    # refiled_after_effective: accounts older than the 南通 document re-filed within 20 working days
    ("refiled_after_effective", "NT-LEGACY-REFILED-20-WORKDAYS", "account: {status: active, opened_on: 2018-01-01}\n",
     "2019-10-28", 15, "2019-01-01"),
    # record_required: a closure filing once the account is closed
    ("record_required", "JX-CLOSURE-FILED", "account: {status: closed, opened_on: 2020-01-01, closed_on: 2026-06-10}\n",
     "2026-06-10", 4, "2026-01-01"),
    # allowed_accounts: an account not on the 黔江 list closed within 15 working days of the list
    ("allowed_accounts", "QJ-RETAINED-ACCOUNTS-ONLY", """
        account: {name: 黔江某某局, host_unit: 黔江区某某局, status: active, opened_on: 2020-01-01}
        """, "2023-07-25", 12, "2023-01-01"),
    # closure_steps: a 南通 account being closed, its close filing submitted on 9月29日: the 主管单位's entry in the
    # provincial system within 3 working days (NT-REGISTRY-3-WORKDAYS, across 国庆), the other steps undated
    ("closure_steps", "NT-CLOSURE-STEPS", """
        account: {status: closing, opened_on: 2020-01-01}
        filings:
          - {type: close, event_on: 2026-11-02, filed_on: 2026-09-29, approved_on: 2026-09-28}
        """, "2026-09-29", 14, "2026-01-01"),
    # quarterly_record (a supervision.yaml, not an account): the quarter's 检查整改情况 sent by the 5th of the next
    # quarter's first month (南通 附件3), the 5th in time; one quarter sent, the next not
    ("quarterly_record", "NT-QUARTERLY-REPORT-5TH", """
        submissions:
          - {quarter: 2026Q2, submitted_on: 2026-07-03}
        """, "2026-09-26", 14, "2026-01-01"),
    # … and the quarter's own check, by its last day
    ("quarterly_record-checks", "NT-QUARTERLY-CHECK", """
        checks:
          - {quarter: 2026Q2, done_on: 2026-06-19}
        """, "2026-09-26", 10, "2026-01-01"),
]


#: a pack for what no shipped rule has: a notice tolerance (grace_days) and a notice kept N working days
TEST_PACK = """\
id: testgrace
name: 测试
document: 测试用规则包（不是真实文件）
issued: 2026-01-01
in_force_from: 2020-01-01
extends: jiaxian
rules:
  - code: TG-OPENING-NOTICE-GRACE
    extends: JX-OPENING-NOTICE-30-DAYS
    params: {grace_days: 7}
    source: {article: 测试, quote: 开通后 7 天内发布开通公告。}
  - code: TG-CLOSURE-NOTICE-15-WORKDAYS
    extends: JX-CLOSURE-NOTICE-30-DAYS
    params: {min_days: 15, unit: workdays}
    source: {article: 测试, quote: 关停公告保留不少于 15 个工作日。}
"""


@pytest.fixture(scope="module")
def packset(tmp_path_factory):
    """The shipped packs and TEST_PACK."""
    from govmedia_lint.engine.packs import PackSet

    folder = tmp_path_factory.mktemp("packs")
    (folder / "testgrace.yaml").write_text(TEST_PACK, encoding="utf-8")
    return PackSet.load([folder])


def _run(packset, text: str, rule: str, as_of: date, since: date):
    found = packset.find_rule(rule)
    pack = found.pack
    # a plan's steps are obligations of the steps' own rules, which report them once late
    steps = [step.rule for step in found.params.steps] if KINDS[found.kind].plan else []
    options = RunOptions(as_of, since, as_of, WorkCalendar(), packs=[pack], select=[rule, *steps])
    if judges_supervision(found):  # the register's supervision.yaml
        record = example_supervision(textwrap.dedent(text), pack)
        assert not record.errors, record.errors
        return evaluate_register([], packset, options, [record])
    loaded = example_document(textwrap.dedent(text), pack)
    assert not loaded.errors, loaded.errors
    return evaluate_register([loaded], packset, options)


def _key(rule: str, line: int, evidence: dict) -> tuple:
    return rule, line, evidence.get("from")


def _violations(result) -> set:
    return {_key(f.rule, f.line, f.evidence) for f in result.findings if "missing" not in f.evidence}


@pytest.mark.parametrize("rule,text,first,days,since", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_due_on_day_d_is_the_violation_of_day_d_plus_one(packset, rule, text, first, days, since):
    since = date.fromisoformat(since)
    start = date.fromisoformat(first)
    results = {start + timedelta(days=i): _run(packset, text, rule, start + timedelta(days=i), since)
               for i in range(days + 1)}
    def shows(obligation) -> str:
        """The first as-of date whose check reports it if nothing is done: the day after its deadline, or the
        deadline itself when that day's facts count (a weekly window ending on its Sunday, a notice due on the
        event day)."""
        return (date.fromisoformat(obligation.deadline) + timedelta(days=0 if obligation.same_day else 1)).isoformat()

    listed = falls_due = 0
    for result in results.values():  # an undated duty (未定期限) is never due on a day: no violation to foresee
        result.obligations = [o for o in result.obligations if not o.undated]
    for offset in range(days):
        day = start + timedelta(days=offset)
        today, tomorrow = results[day], results[day + timedelta(days=1)]
        open_items = [o for o in today.obligations if not o.keep]
        next_day = (day + timedelta(days=1)).isoformat()
        due = {_key(o.rule, o.line, o.evidence) for o in open_items if shows(o) == next_day}
        overdue = {_key(o.rule, o.line, o.evidence) for o in open_items if o.overdue}
        # listed as due <=> a violation tomorrow that today's check did not report
        assert due <= _violations(tomorrow), (day, due, tomorrow.findings)
        assert _violations(tomorrow) - _violations(today) <= due, (day, tomorrow.findings, today.obligations)
        # overdue: a violation already
        assert overdue <= _violations(today), (day, overdue, today.findings)
        assert all(o.overdue == (shows(o) <= day.isoformat()) for o in open_items)
        # nothing still pending is a violation yet
        pending = {_key(o.rule, o.line, o.evidence) for o in open_items if not o.overdue}
        assert not pending & _violations(today), (day, pending, today.findings)
        listed += len(open_items)
        falls_due += len(due)
    born_overdue = rule == "JX-OPENING-NOTICE-30-DAYS"  # see its scenario
    assert listed and (falls_due or born_overdue), "the sweep must cross at least one deadline"


def _kinds_yielding_obligations() -> set[str]:
    """Kinds whose function, or a function of its module that it calls (transitively), yields an Obligation."""
    import inspect

    yielding = set()
    for name, kind in KINDS.items():
        module = inspect.getmodule(kind.func)
        functions = {n: inspect.getsource(f) for n, f in inspect.getmembers(module, inspect.isfunction)
                     if f.__module__ == module.__name__}
        found = {n for n, source in functions.items() if "Obligation(" in source}
        while True:
            more = {n for n, source in functions.items() if any(f"{h}(" in source for h in found)} - found
            if not more:
                break
            found |= more
        if kind.func.__name__ in found:
            yielding.add(name)
    return yielding


def test_every_kind_with_a_deadline_has_a_scenario(packset):
    """A new kind that yields obligations needs its scenario above, or the equivalence is unproved for it."""
    covered = {packset.find_rule(s[1]).kind for s in SCENARIOS}
    yielding = _kinds_yielding_obligations()
    assert {"deadline", "event_filed", "notice_kept", "weekly_update", "update_frequency", "max_idle_gap",
            "max_duration", "refiled_after_effective", "record_required", "allowed_accounts"} <= yielding
    assert yielding <= covered, yielding - covered


@pytest.mark.parametrize("rule,opened,posted,unit_days", [
    ("JX-OPENING-NOTICE-30-DAYS", "2026-06-01", "2026-06-02", None),  # 30 days
    ("TG-CLOSURE-NOTICE-15-WORKDAYS", "2026-09-25", "2026-09-25", 15),  # 15 working days, across 国庆
])
def test_a_notice_kept_until_the_listed_day_passes_and_one_removed_the_day_before_fails(packset, rule, opened, posted,
                                                                                       unit_days):
    trigger = "opened_on" if "OPENING" in rule else "closed_on"
    kind = "opening" if "OPENING" in rule else "closure"
    status = "active" if trigger == "opened_on" else "closed"
    head = (f"account: {{status: {status}, opened_on: {'2020-01-01' if status == 'closed' else opened}"
            + (f", closed_on: {opened}" if status == "closed" else "") + "}\n")
    notice = f"notices:\n  - {{kind: {kind}, posted_on: {posted}, placement: homepage_pinned, channel: portal"
    since, as_of = date(2026, 1, 1), date.fromisoformat(posted) + timedelta(days=3)
    keep = [o for o in _run(packset, head + notice + "}\n", rule, as_of, since).obligations if o.keep]
    assert len(keep) == 1 and keep[0].rule == rule
    until = date.fromisoformat(keep[0].deadline)
    later = until + timedelta(days=5)

    def removed(day: date) -> set:
        return {f.rule for f in _run(packset, head + notice + f", removed_on: {day}}}\n", rule, later, since).findings
                if "kept" in f.evidence}

    assert removed(until - timedelta(days=1)) == {rule}
    assert removed(until) == set()


def test_a_closure_announced_n_working_days_ahead_may_come_on_the_listed_day_not_before(packset):
    """南通 第十六条: 关停、注销 … 向社会公告，公告时间不少于15个工作日 (a notice period before the closure)."""
    rule, since = "NT-CLOSURE-NOTICE-15-WORKDAYS", date(2026, 1, 1)
    notice = "notices:\n  - {kind: closure, posted_on: 2026-09-25, channel: account}\n"
    closing = "account: {status: closing, opened_on: 2020-01-01}\n" + notice
    keep = [o for o in _run(packset, closing, rule, date(2026, 9, 28), since).obligations if o.keep]
    assert len(keep) == 1 and "最早" in keep[0].message
    earliest = date.fromisoformat(keep[0].deadline)
    assert earliest > date(2026, 10, 15)  # 15 working days after 9-25: the 国庆 break does not count

    def closed(day: date) -> set:
        text = f"account: {{status: closed, opened_on: 2020-01-01, closed_on: {day}}}\n" + notice
        return {f.rule for f in _run(packset, text, rule, earliest + timedelta(days=5), since).findings
                if "kept" in f.evidence}

    assert closed(earliest - timedelta(days=1)) == {rule}
    assert closed(earliest) == set()


def test_within_counts_calendar_or_working_days(calendar):
    assert horizon(date(2026, 9, 30), "7d", calendar) == date(2026, 10, 7)
    assert horizon(date(2026, 9, 30), "1wd", calendar) == date(2026, 10, 8)  # after the 国庆 break
    with pytest.raises(ValueError):
        horizon(date(2026, 9, 30), "7 weeks", calendar)


# --- the command, end to end ---------------------------------------------------------------------------------

def _due(*args: str):
    return CliRunner().invoke(app, ["due", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def sample_due():
    return _due(str(SAMPLE), "--as-of", "2026-11-26", "--within", "7d", "-f", "json")


def test_due_on_the_sample_register_lists_overdue_first(sample_due):
    assert sample_due.exit_code == 1  # some obligations are overdue
    data = json.loads(sample_due.stdout)
    items = data["obligations"]
    assert items and data["until"] == "2026-12-03"
    flags = [i["overdue"] for i in items]
    assert flags == sorted(flags, reverse=True) and any(flags) and not all(flags)
    assert all(i["undated"] or i["deadline"] <= "2026-12-03" for i in items)
    assert all(i["source"] and i["source"].get("article") for i in items)  # each cites its clause
    weekly = [i for i in items if i["rule"] == "JX-UPDATE-WEEKLY"]
    assert weekly and weekly[0]["deadline"] == "2026-11-29" and "本周" in weekly[0]["message"]


def test_due_filters_by_unit_and_account(sample_due):
    everyone = json.loads(sample_due.stdout)["obligations"]
    data = json.loads(_due(str(SAMPLE), "--as-of", "2026-11-26", "--within", "7d", "-f", "json",
                           "--unit", "佳县", "--account", "卫健,发布").stdout)
    assert data["obligations"] and data["obligations"] == [
        i for i in everyone if "佳县" in i["host_unit"] and ("卫健" in i["account"] or "发布" in i["account"])]


def test_due_ics_parses_back_with_one_event_per_deadline(small_register, tmp_path):
    target = tmp_path / "due.ics"
    args = (str(small_register), "--as-of", "2026-11-26", "--within", "5wd")
    assert _due(*args, "-f", "ics", "-o", str(target)).exit_code == 1
    listed = [i for i in json.loads(_due(*args, "-f", "json").stdout)["obligations"] if not i["undated"]]
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert len(events) == len(listed) >= 2
    assert len({str(e["UID"]) for e in events}) == len(events)
    for item, event in zip(listed, events):
        assert event.decoded("DTSTART") == date.fromisoformat(item["deadline"])
        assert item["rule"] in str(event["DESCRIPTION"]) and item["source"]["article"] in str(event["DESCRIPTION"])
    assert str(events[0]["SUMMARY"]).startswith("【逾期】佳县发布")
    assert "13812345678" not in target.read_text(encoding="utf-8")


def test_due_table_csv_and_xlsx(small_register, tmp_path):
    args = (str(small_register), "--as-of", "2026-11-26", "--within", "3d")
    table = _due(*args).stdout
    assert "逾期" in table and "项待办" in table and "佳县教育" in table
    csv_text = _due(*args, "-f", "csv").stdout
    assert csv_text.startswith("\ufeff状态,截止日")
    assert "138****5678" in csv_text and "13812345678" not in csv_text  # phone numbers masked, as in check
    target = tmp_path / "due.xlsx"
    _due(*args, "-f", "xlsx", "-o", str(target))
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    assert sheet.title == "待办期限" and sheet.max_row >= 3 and sheet["A2"].value == "逾期"


def test_an_approved_waiver_hides_the_obligation_as_it_hides_the_finding(small_register):
    args = (str(small_register), "--as-of", "2026-11-26", "-f", "json")
    assert "JX-MESSAGE-REPLY-5-WORKDAYS" in _due(*args).stdout
    path = small_register / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + textwrap.dedent("""\
        waivers:
          - {rule: JX-MESSAGE-REPLY-5-WORKDAYS, reason: 留言转交县长信箱办理, approval_ref: 佳政务函〔2026〕9号}
        """), encoding="utf-8")
    assert "JX-MESSAGE-REPLY-5-WORKDAYS" not in _due(*args).stdout


@pytest.mark.parametrize("args,message", [
    (["--within", "soon"], "--within"),
    (["--format", "pdf"], "--format"),
    (["--output", "/nonexistent-dir/x.ics", "-f", "ics"], "/nonexistent-dir"),
])
def test_due_bad_options_are_exit_2(small_register, args, message):
    result = _due(str(small_register), "--as-of", "2026-11-26", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_an_ics_event_keeps_its_uid_while_the_obligation_progresses(small_register, tmp_path):
    """Re-importing a newer file updates the week's event (one post more) instead of adding a second one."""
    def weekly_events() -> dict:
        target = tmp_path / "due.ics"
        _due(str(small_register), "--as-of", "2026-11-26", "-f", "ics", "-o", str(target))
        events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        return {str(e["UID"]): str(e["SUMMARY"]) for e in events
                if "JX-UPDATE-WEEKLY" in str(e["CATEGORIES"].to_ical()) and "佳县发布" in str(e["SUMMARY"])}

    before = weekly_events()
    path = small_register / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "posts:\n  - {date: 2026-11-24 10:00, title: 一}\n",
                    encoding="utf-8")
    after = weekly_events()
    assert len(before) == 1 and before.keys() == after.keys() and before != after


# 南通 第十六条: the notice of a closure not yet filed has no deadline; every format lists it as 未定期限, last
def test_an_undated_duty_is_listed_as_undated_after_the_dated_ones_and_left_out_of_the_ics(small_register, tmp_path):
    (small_register / "c.yaml").write_text(
        "account: {name: 南通旧号, platform: wechat, jurisdiction: nantong, host_unit: 南通市某局, status: closing, "
        "opened_on: 2020-01-01}\n", encoding="utf-8")
    args = (str(small_register), "--as-of", "2026-11-26", "--within", "5wd")
    data = json.loads(_due(*args, "-f", "json").stdout)
    items = data["obligations"]
    undated = [i for i in items if i["undated"]]
    # the closure's steps (NT-CLOSURE-STEPS), the notice among them once; the two idle 佳县 accounts have theirs
    assert sorted(i["rule"] for i in undated if i["account"] == "南通旧号") == [
        "NT-CLOSURE-APPROVED", "NT-CLOSURE-FILED", "NT-CLOSURE-NOTICE-15-WORKDAYS", "NT-REGISTRY-3-WORKDAYS"]
    assert all(i["deadline"] is None and not i["overdue"] for i in undated)
    assert items[-len(undated):] == undated and data["summary"]["undated"] == len(undated)
    table = _due(*args).stdout
    assert "待办  未定期限  南通旧号（微信）" in table and f"未定期限 {len(undated)} 项）" in table
    assert "未定期限的待办没有日期，不列入 .ics 日历" in table
    csv_rows = _due(*args, "-f", "csv").stdout.splitlines()
    assert csv_rows[-1].startswith("待办,未定期限,未定期限,南通旧号")
    target = tmp_path / "due.ics"
    _due(*args, "-f", "ics", "-o", str(target))
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == len(items) - len(undated)
    assert f"未定期限的待办 {len(undated)} 项" in str(calendar["X-WR-CALDESC"])
    xlsx = tmp_path / "due.xlsx"
    _due(*args, "-f", "xlsx", "-o", str(xlsx))
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet.cell(sheet.max_row, 2).value == "未定期限"
