"""Rows for people (table, HTML, XLSX, their counts): one row per rule per account, worst first.

Machine formats (JSON, SARIF, JUnit, CSV, GitHub) keep one finding per short week, so baselines and
fingerprints stay stable. A reader wants one line per problem: the weekly (or N-weekly) minimum of a
rule becomes one row that lists the short weeks as dates people use ("7月20日—26日", consecutive
weeks merged into one span). Missing-data findings are 待补充 (fill in the register), not 待整改;
the expired-pack notice concerns the run, not a unit (待确认).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Optional

from ..engine.findings import Finding, severity_rank
from ..labels import field_label
from .rules import rule_info

#: statuses of a row in the people formats
TO_FIX, TO_FILL, TO_CONFIRM = "待整改", "待补充", "待确认"
#: a finding recorded in the baseline: reported and scored as usual, left out of the exit code only
KNOWN = "已知未整改"

#: tool codes about the run rather than an account
RUN_CODES = {"GML-PACK-EXPIRED"}


@dataclass
class Row:
    file: str
    line: int
    account: Optional[str]
    severity: str
    rule: str
    title: str
    message: str
    status: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def first(self) -> Finding:
        return self.findings[0]


#: the evidence of a finding about one counting window
_WINDOW_KEYS = frozenset(("week", "from", "to", "count", "required"))


def periodic(finding: Finding) -> bool:
    """A finding about one counting window (a week, two weeks) of a minimum-updates rule."""
    return finding.evidence.keys() >= _WINDOW_KEYS


def day_span(start: date, end: date) -> str:
    """7月20日—26日, 7月27日—8月2日, 2025年12月29日—2026年1月4日."""
    if start.year != end.year:
        return f"{start.year}年{start.month}月{start.day}日—{end.year}年{end.month}月{end.day}日"
    if start.month != end.month:
        return f"{start.month}月{start.day}日—{end.month}月{end.day}日"
    return f"{start.month}月{start.day}日—{end.day}日"


def week_spans(findings: list[Finding]) -> str:
    """The windows of ``findings`` as dates, consecutive windows merged, grouped by year."""
    windows = sorted((date.fromisoformat(f.evidence["from"]), date.fromisoformat(f.evidence["to"])) for f in findings)
    merged: list[list[Any]] = []
    for start, end in windows:
        if merged and merged[-1][1] + timedelta(days=1) == start:
            merged[-1][1], merged[-1][2] = end, merged[-1][2] + 1
        else:
            merged.append([start, end, 1])
    by_year: dict[int, list[str]] = defaultdict(list)
    length = (windows[0][1] - windows[0][0]).days + 1
    for start, end, count in merged:
        run = "" if count == 1 else f"（连续 {count} 周）" if length == 7 else f"（连续 {count} 个周期）"
        by_year[start.year].append(day_span(start, end) + run)
    return "；".join(f"{year}年：{'、'.join(spans)}" for year, spans in sorted(by_year.items()))


def _weekly_message(title: str, group: list[Finding]) -> str:
    first = group[0].evidence
    days = (date.fromisoformat(first["to"]) - date.fromisoformat(first["from"])).days + 1
    per, unit = ("每周", "周") if days == 7 else (f"每 {days // 7} 周", f"个 {days // 7} 周周期")
    counts = sorted({int(f.evidence["count"]) for f in group})
    shown = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
    return (f"{len(group)} {unit}未达到“{title}”（{per}要求不少于 {first['required']} 次，实际 {shown} 次）："
            f"{week_spans(group)}")


#: how many items a folded row names by date before it counts the rest
SHOWN_DAYS = 12
#: a rule's findings on one account up to this many are one row in their own words, joined; more are counted
FEW = 3
_ITEM = re.compile(r"^(\w+)\[(\d{4}-\d{2}-\d{2})")
_UNITS_OF = {"posts": "篇信息", "messages": "条留言", "filings": "项备案", "notices": "项公告",
             "policy_documents": "份政策文件", "incidents": "起事件", "offline_periods": "次下线"}


def item_day(finding: Finding, report: Any) -> tuple[str, Optional[date]]:
    """(collection, day) of the item a finding is about, from the file's item boundaries ("", None: unknown)."""
    facts = getattr(report, "facts", {}).get(finding.file) if report is not None else None
    if facts is None:
        return "", None
    item = facts.item_at(finding.line)
    match = _ITEM.match(item)
    if match:
        return match[1], date.fromisoformat(match[2])
    return item.split("[")[0], None


def _items_message(title: str, group: list[Finding], report: Any) -> str:
    """``23 篇信息不符合“信息发布前经审核”：3月4日、3月6日……`` (the days of the items, by year)."""
    found = [item_day(f, report) for f in group]
    kinds = {kind for kind, _ in found if kind}
    unit = _UNITS_OF.get(next(iter(kinds)), "处") if len(kinds) == 1 else "处"
    days = sorted(day for _, day in found if day)
    head = f"{len(group)} {unit}不符合“{title}”"
    if len(group) <= FEW or len(kinds) != 1 or len(days) != len(group):  # few, or not dated items of one kind
        shown = "；".join(f.full_message for f in group[:FEW])
        return shown if len(group) <= FEW else f"{head}：{shown}……（逐条见明细）"
    counted: dict[date, int] = {}
    for day in days:
        counted[day] = counted.get(day, 0) + 1
    by_year: dict[int, list[str]] = defaultdict(list)
    for day, count in list(counted.items())[:SHOWN_DAYS]:
        by_year[day.year].append(f"{day.month}月{day.day}日" + (f"（{count} {unit[:1]}）" if count > 1 else ""))
    years = sorted(by_year)
    shown = "；".join((f"{year}年：" if len(years) > 1 else "") + "、".join(by_year[year]) for year in years)
    more = f"等 {len(counted)} 天" if len(counted) > SHOWN_DAYS else ""
    if len(years) == 1 and not more:
        shown = f"{years[0]}年" + shown
    return f"{head}：{shown}{more}（逐条见明细）"


def _status(finding: Finding) -> str:
    if finding.rule in RUN_CODES:
        return TO_CONFIRM
    if finding.baselined:
        return KNOWN
    return TO_FILL if "missing" in finding.evidence else TO_FIX


def rows_for(findings: list[Finding], report: Any) -> list[Row]:
    """People rows of one account's (or any) findings: weekly windows folded per (file, rule), worst first."""
    titles: dict[str, str] = {}

    def title(code: str) -> str:
        if code not in titles:
            titles[code] = rule_info(code, report)["title"]
        return titles[code]

    rows: list[Row] = []
    folded: dict[tuple[str, str, bool], list[Finding]] = defaultdict(list)
    items: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if periodic(finding):  # known weeks (in the baseline) and new weeks are separate rows
            folded[(finding.file, finding.rule, finding.baselined)].append(finding)
        else:  # per post, per message …: one row per rule, account and status
            items[(finding.file, finding.rule, _status(finding))].append(finding)
    for (file, rule, status), group in items.items():
        if len(group) == 1 or rule.startswith("GML-"):  # input errors and the tool's own: each where it is
            for finding in group:
                rows.append(Row(finding.file, finding.line, finding.account, finding.severity, finding.rule,
                                title(finding.rule), finding.full_message, status, [finding]))
            continue
        group.sort(key=lambda f: (f.line, f.message))
        worst = max(group, key=lambda f: severity_rank(f.severity))
        notes = sorted({f.note for f in group if f.note})
        message = _items_message(title(rule), group, report) + "".join(f"（注：{note}）" for note in notes)
        rows.append(Row(file, group[0].line, worst.account, worst.severity, rule, title(rule), message, status, group))
    for (file, rule, _known), group in folded.items():
        group.sort(key=lambda f: f.evidence["from"])
        worst = max(group, key=lambda f: severity_rank(f.severity))
        notes = sorted({f.note for f in group if f.note})
        message = _weekly_message(title(rule), group) + "".join(f"（注：{note}）" for note in notes)
        rows.append(Row(file, min(f.line for f in group), worst.account, worst.severity, rule, title(rule), message,
                        _status(worst), group))
    rows.sort(key=lambda r: (r.file, -severity_rank(r.severity), r.line, r.rule))
    return rows


#: (id(report), what) -> (report, value) while a format renders (``rows_remembered``), else None
_remembered: dict[tuple[int, str], tuple[Any, Any]] | None = None


@contextmanager
def rows_remembered() -> Iterator[None]:
    """Within this block what ``remembered`` is asked is worked out once per report: a format asks for its people
    rows several times (the counts, the baseline's known rows, the accounts' summary, the rows themselves)."""
    global _remembered
    previous, _remembered = _remembered, {}
    try:
        yield
    finally:
        _remembered = previous


def remembered(report: Any, what: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, once per report and ``what`` within ``rows_remembered`` (every time outside it)."""
    memo = _remembered
    if memo is None:
        return compute()
    found = memo.get((id(report), what))
    if found is not None and found[0] is report:
        return found[1]
    value = compute()
    memo[(id(report), what)] = (report, value)
    return value


def people_rows(report: Any) -> list[Row]:
    """Every account's rows (file order, worst first within a file), the run notices excluded."""
    return list(remembered(report, "people_rows",
                           lambda: rows_for([f for f in report.result.findings if f.rule not in RUN_CODES], report)))


def run_notices(report: Any) -> list[Row]:
    """Findings about the run itself (an expired pack), shown once at the top of a report."""
    return rows_for([f for f in report.result.findings if f.rule in RUN_CODES], report)


def people_counts(report: Any) -> dict[str, int]:
    """Rows by severity: what a reader counts (a rule's short weeks are one problem)."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for row in people_rows(report) + run_notices(report):
        counts[row.severity] += 1
    return counts


def people_known(report: Any) -> int:
    """Rows of problems known from the baseline (已知未整改), counted as ``people_counts`` counts."""
    return sum(1 for row in people_rows(report) if row.status == KNOWN)


#: evidence keys read by people, besides the field labels
EVIDENCE_LABELS = {
    "week": "统计周", "from": "起", "to": "止", "count": "次数", "required": "要求", "deadline": "期限",
    "within": "时限", "unit": "单位", "late": "超期", "days": "天数", "max_days": "最多天数", "kept": "保留天数",
    "event": "事件日期", "year": "年份", "max": "上限", "people": "人员", "others": "其他账号", "group": "分组",
    "missing": "缺少的数据", "in_force_until": "有效期至", "as_of": "检查日", "pack": "规则包", "expected": "应有记录",
    "weeks": "周数", "average": "平均每周", "menu": "菜单", "missing_items": "缺少的菜单项", "incident": "事件类型",
    "shared": "相同的字", "min_shared": "至少相同", "own_reviewers": "本单位审核人员", "near_matches": "相近名单",
    "notice_kind": "公告类型", "types": "备案类型", "column": "列", "field": "字段", "waiver_rule": "豁免规则",
    "approval_ref": "批准文号", "expires_on": "到期日", "rule": "规则", "kind": "类型", "error": "错误",
}
_UNITS = {"workdays": "工作日", "days": "天", "months": "个月"}


def _value(value: Any) -> str:
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "，".join(f"{field_label(str(k))}：{_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(_value(v) for v in value) or "无"
    return _UNITS.get(str(value), str(value))


def evidence_text(findings: list[Finding]) -> str:
    """Readable evidence: 次数：0；要求：2 … (a folded row: each window's count)."""
    if len(findings) > 1 and all(periodic(f) for f in findings):
        return "；".join(f"{f.evidence['from']}～{f.evidence['to']}：{f.evidence['count']} 次" for f in findings)
    evidence = findings[0].evidence if findings else {}
    parts = []
    for key, value in evidence.items():
        name = EVIDENCE_LABELS.get(key) or field_label(key)
        parts.append(f"{name}：{_value(value)}")
    return "；".join(parts)
