"""Evaluation of packs over a register, as of a date, over a review period."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Iterator, Optional

from dateutil.relativedelta import relativedelta

from .. import conditions
from ..consistency import contradictions
from ..labels import field_label
from ..loading import InputError, LoadResult, SupervisionLoad
from ..workdays import CalendarRangeError, WorkCalendar, provisional_note
from .findings import SORT_KEY, Due, Finding, at_most
from .kinds import (KINDS, AccountRecord, CheckContext, MissingData, Obligation, SupervisionRecord, Violation,
                    release_register_caches)
from .packs import MESSAGE_FIELD, Pack, PackSet, Rule

#: Codes of findings the tool itself raises (not from a pack).
TOOL_RULES = {
    "GML-INPUT": ("input-error", "error"),
    "GML-JURISDICTION": ("unknown-jurisdiction", "error"),
    "GML-CALENDAR": ("calendar-range", "error"),
    "GML-INTERNAL": ("internal-error", "error"),
    "GML-PACK-EXPIRED": ("pack-expired", "warning"),
    "GML-FACTS": ("contradictory-facts", "warning"),
    "GML-WAIVER": ("waiver", "warning"),  # raised by waivers.py: expired, reason-less or unknown-rule waivers
}

#: What each tool code means, for ``explain``.
TOOL_RULE_DOCS = {
    "GML-INPUT": "账号文件无法读取或不符合账号格式（YAML 语法、编码、未知或重复的键、类型、日期格式……）。"
                 "报告文件、行、列和字段；其余文件照常检查，退出码为 2。",
    "GML-JURISDICTION": "账号的 jurisdiction 没有对应的规则包；用 govmedia-lint packs 查看可用的规则包，"
                        "或用 --pack 指定。退出码为 2。",
    "GML-CALENDAR": "需要的日期超出工作日历数据：早于 2004 年（chinese-calendar 覆盖 2004–2026 年），"
                    "或没有官方数据而用了 --strict-calendar（否则按《全国年节及纪念日放假办法》的法定节假日暂算，"
                    "问题附注“放假调休安排尚未收录”）；用 --calendar 提供该年的节假日与调休安排。退出码为 2。",
    "GML-INTERNAL": "某条规则检查时出错（程序缺陷），其余规则照常检查；请附上账号文件报告此问题。退出码为 2。",
    "GML-PACK-EXPIRED": "规则包所依据的文件已过有效期（如佳县办法有效期 2 年，至 2026-06-23）；仍按其规则检查，"
                        "请确认是否有新文件。",
    "GML-FACTS": "账号文件中的事实互相矛盾（关停早于上线、答复早于留言、下线结束早于开始……），"
                 "或日期晚于检查日（不计入检查）。",
    "GML-WAIVER": "豁免（waivers）缺少理由、已过期或指向不存在的规则，因而未生效；提示级别：有效的豁免没有匹配到任何问题。",
}


def default_period(as_of: date) -> tuple[date, date]:
    """The default review period: the year up to and including the as-of date."""
    return as_of - relativedelta(years=1) + relativedelta(days=1), as_of


@dataclass
class RunOptions:
    as_of: date
    since: date
    until: date
    calendar: WorkCalendar
    packs: list[str] = field(default_factory=list)  # override each account's jurisdiction
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    #: the register's default deadline of a rectification item (``rectification-due``)
    rectification_due: Optional[str] = None


@dataclass
class RunResult:
    findings: list[Finding]
    files: int
    accounts: int
    #: file -> rule codes evaluated on it (for formats that list passes, e.g. JUnit)
    evaluated: dict[str, list[str]]
    incomplete: bool  # input or calendar errors prevented a complete check
    #: findings suppressed by an account's waivers (waivers.WaivedFinding: finding + waiver)
    waived: list = field(default_factory=list)
    #: findings recorded in the --baseline file (not counted for the exit code)
    baselined: list[Finding] = field(default_factory=list)
    #: years whose working days were provisional (computed from the law) somewhere in the run
    provisional_years: list[int] = field(default_factory=list)
    #: open obligations the kinds reported (``govmedia-lint due``; not findings, never cached)
    obligations: list[Due] = field(default_factory=list)


def _code_matches(code: str, aliases: Iterable[str], patterns: list[str]) -> bool:
    names = [code.upper(), *(a.upper() for a in aliases)]
    return any(name == p or name.startswith(p.rstrip("-") + "-") or p == "ALL" for p in patterns for name in names)


def rule_enabled(code: str, aliases: Iterable[str], options: RunOptions) -> bool:
    select = [p.upper() for p in options.select]
    ignore = [p.upper() for p in options.ignore]
    if select and not _code_matches(code, aliases, select):
        return False
    return not (ignore and _code_matches(code, aliases, ignore))


def _tool_finding(code: str, file: str, line: int, account: Optional[str], message: str,
                  evidence: Optional[dict] = None) -> Finding:
    name, severity = TOOL_RULES[code]
    return Finding(code, name, None, severity, file, line, account, message, None, evidence or {})


def input_error_finding(error: InputError) -> Finding:
    return _tool_finding("GML-INPUT", error.file, error.line, None, f"{error.field + '：' if error.field else ''}{error.message}",
                         {"column": error.column, "field": error.field})


def _format_message(template: str, item: object, evidence: dict) -> str:
    """A pack's message template with each ``{field}`` filled from the evidence or the item (validated at load:
    plain names only, so no format spec, index or attribute walk ever runs)."""
    def value_of(match: re.Match) -> str:
        key = match.group(1)
        if key is None:  # {{ or }}
            return match.group()[0]
        value = evidence.get(key, conditions.get_field(item, key))
        return "?" if value is conditions._MISSING or value is None else str(getattr(value, "value", value))

    return MESSAGE_FIELD.sub(value_of, template)


_END = object()


def _outcomes_with_years(outcomes_of: Callable[[], Iterable], calendar: WorkCalendar) -> Iterator[tuple[object, set]]:
    """Each outcome of a check with the provisional years looked up to reach it (since the previous one).

    Kinds yield an item's violation right after judging it, so these are the item's years; items judged
    (and passed) since the previous outcome count too: a note too many, never one too few."""
    with calendar.recording() as upfront:  # a kind returning a list computes everything here
        outcomes = iter(outcomes_of())
    while True:
        with calendar.recording() as years:
            outcome = next(outcomes, _END)
        if outcome is _END:
            return
        yield outcome, upfront | years


def _provisional(years: set) -> dict:
    return {"provisional_calendar": True, "note": provisional_note(years)} if years else {}


def _fields_shown(paths: Iterable[str]) -> str:
    """Missing fields for people: 书面报备（filings[].written）— the label, and the field to fill in."""
    return "、".join(f"{field_label(p)}（{p}）" if field_label(p) != p else p for p in paths)


#: a collection whose log may end before the as-of date (``data_coverage``), as a message names it
COLLECTION_TEXT = {"posts": "发布", "messages": "留言"}


def evaluate_rule(rule: Rule, record: AccountRecord, ctx: CheckContext,
                  obligations: Optional[list[Due]] = None) -> list[Finding]:
    """The rule's findings on one account; its open obligations are appended to ``obligations`` when given."""
    applies = conditions.evaluate(rule.applies_to, record.account)
    if applies is False:
        return []
    file, account = record.path, record.account.name
    source = rule.source.model_dump()
    if applies is None:
        fields = conditions.missing_fields(rule.applies_to, record.account)
        return [Finding(rule.code, rule.name, ctx.pack.id, at_most(rule.severity, "warning"), file,
                        record.account.line, account,
                        f"缺少判断规则是否适用的数据：{_fields_shown('account.' + f for f in fields)}（{rule.title}）",
                        source, {"missing": fields})]
    return _judge(rule, record, ctx, file, account, record.account.host_unit, record.account.platform.value,
                  obligations)


def _judge(rule: Rule, record, ctx: CheckContext, file: str, account: Optional[str], host_unit: Optional[str],
           platform: str, obligations: Optional[list[Due]]) -> list[Finding]:
    """The findings (and obligations) of the rule's kind on ``record`` (an account, or a supervision record)."""
    source = rule.source.model_dump()
    findings = []
    outcomes = _outcomes_with_years(lambda: KINDS[rule.kind].func(record, rule.params, ctx), ctx.calendar)
    carry: set = set()
    previous: set = set()
    for outcome, years in outcomes:
        # An obligation never takes a violation's provisional years away (either may come first): its years
        # carry on to the next outcome, and it shares those of the outcome just before it.
        years = years | carry
        carry, years = (years, years | previous) if isinstance(outcome, Obligation) else (set(), years)
        previous = years
        if isinstance(outcome, MissingData) and outcome.through is not None:
            detail = f"（{outcome.detail}）" if outcome.detail else ""
            findings.append(Finding(rule.code, rule.name, ctx.pack.id, at_most(rule.severity, "warning"), file,
                                    outcome.line, account,
                                    f"数据截至 {outcome.through}，之后无法判断“{rule.title}”{detail}；"
                                    f"请导入 {outcome.through} 之后的{COLLECTION_TEXT.get(outcome.fields[0], '')}数据",
                                    source, {"missing": outcome.fields, "through": outcome.through.isoformat(),
                                             "count": outcome.count}))
        elif isinstance(outcome, MissingData):
            count = f"（共 {outcome.count} 处）" if outcome.count > 1 else ""
            findings.append(Finding(rule.code, rule.name, ctx.pack.id, at_most(rule.severity, "warning"), file,
                                    outcome.line, account,
                                    f"缺少规则所需数据：{_fields_shown(outcome.fields)}{count}，无法判断“{rule.title}”",
                                    source, {"missing": outcome.fields, "count": outcome.count}))
        elif isinstance(outcome, Violation):
            message = outcome.message
            if rule.message:
                message = _format_message(rule.message, outcome.evidence.get("_item"), outcome.evidence)
            evidence = {k: v for k, v in outcome.evidence.items() if not k.startswith("_")}
            findings.append(Finding(rule.code, rule.name, ctx.pack.id, rule.severity, file, outcome.line,
                                    account, message, source, evidence, **_provisional(years)))
        elif isinstance(outcome, Obligation) and obligations is not None:
            evidence = {k: v for k, v in outcome.evidence.items() if not k.startswith("_")}
            # a step of another rule of the pack (a closure's steps, checks/closure.py): listed, and cited, as that
            # rule's obligation, since that rule reports it once late
            owner = ctx.pack.rules.get(outcome.evidence.get("_rule") or "", rule)
            obligations.append(Due(owner.code, owner.name, ctx.pack.id, owner.severity, file, outcome.line, account,
                                   host_unit,
                                   None if outcome.undated else outcome.deadline.isoformat(), outcome.message,
                                   not outcome.undated and (outcome.deadline < ctx.as_of or (
                                       outcome.same_day and outcome.deadline == ctx.as_of)),
                                   outcome.keep, outcome.same_day,
                                   source if owner is rule else owner.source.model_dump(), evidence,
                                   **_provisional(years), platform=platform, undated=outcome.undated))
    return findings


def packs_for(account, packset: PackSet, options: RunOptions) -> list[Pack]:
    """The packs an account is checked against: ``--pack`` for every account, else its jurisdiction's."""
    if options.packs:
        return [packset.get(p) for p in options.packs]  # validated when the run was planned
    pack = packset.for_jurisdiction(account.jurisdiction)
    return [pack] if pack else []


def scope_of(rule: Rule) -> str:
    """``file`` or ``register``: what the rule's kind reads (declared when the kind is registered)."""
    return KINDS[rule.kind].scope


def judges_supervision(rule: Rule) -> bool:
    """The rule judges the register's supervision record (``supervision.yaml``), not its accounts."""
    return KINDS[rule.kind].subject == "supervision"


@dataclass
class Evaluation:
    """What evaluating some rules on some accounts found (one step of a run; ``finish`` makes a RunResult)."""

    findings: list[Finding] = field(default_factory=list)
    obligations: list[Due] = field(default_factory=list)
    evaluated: dict[str, list[str]] = field(default_factory=dict)
    incomplete: bool = False


def _evaluate_guarded(rule: Rule, record, ctx: CheckContext, out: Evaluation) -> None:
    """One rule on one account (or supervision record); a calendar gap or a bug in the kind becomes a tool finding,
    never a crash."""
    subject = record.office if isinstance(record, SupervisionRecord) else record.account
    try:
        if isinstance(record, SupervisionRecord):
            out.findings.extend(_judge(rule, record, ctx, record.path, subject.name, subject.name, "",
                                       out.obligations))
        else:
            out.findings.extend(evaluate_rule(rule, record, ctx, out.obligations))
    except CalendarRangeError as exc:
        out.incomplete = True
        out.findings.append(_tool_finding("GML-CALENDAR", record.path, subject.line, subject.name,
                                          f"{rule.code}：{exc}", {"year": exc.year}))
    except Exception as exc:  # noqa: BLE001 - a bug in one check must not hide the others
        out.incomplete = True
        out.findings.append(_tool_finding(
            "GML-INTERNAL", record.path, subject.line, subject.name,
            f"{rule.code}（{rule.kind}）检查出错：{type(exc).__name__}: {exc}；请报告此问题",
            {"rule": rule.code, "kind": rule.kind, "error": type(exc).__name__}))


def _rules(record: AccountRecord, packset: PackSet, options: RunOptions):
    """(pack, rule, start of the period under the pack) of every enabled rule of the record's packs."""
    for pack in packs_for(record.account, packset, options):
        since = max(options.since, pack.meta.in_force_from)
        for rule in pack.rules.values():
            if rule_enabled(rule.code, rule.aliases, options) and not judges_supervision(rule):
                yield pack, rule, since


def packs_of_office(office, packset: PackSet, options: RunOptions) -> list[Pack]:
    """The packs a supervision record is judged under: ``--pack``, else its office's jurisdiction's."""
    if options.packs:
        return [packset.get(p) for p in options.packs]
    pack = packset.for_jurisdiction(office.jurisdiction)
    return [pack] if pack else []


def evaluate_supervision(loaded: list[SupervisionLoad], records: list[AccountRecord], packset: PackSet,
                         options: RunOptions, out: Optional[Evaluation] = None) -> Evaluation:
    """The rules that judge the register's supervision records (``supervision.yaml``), once per record, with the
    accounts (``records``) in view: input errors as for an account file, an unknown jurisdiction likewise."""
    out = out if out is not None else Evaluation()
    for result in loaded:
        if result.errors:
            out.incomplete = True
            out.findings.extend(input_error_finding(e) for e in result.errors)
        if result.document is None:
            continue
        record = SupervisionRecord(result.path, result.document)
        office = record.office
        out.evaluated[record.path] = []
        packs = packs_of_office(office, packset, options)
        if not packs:
            out.incomplete = True
            known = ", ".join(f"{p.id}/{p.meta.name}" for p in packset.packs.values())
            out.findings.append(_tool_finding(
                "GML-JURISDICTION", record.path, office.key_line("jurisdiction"), office.name,
                f"未知的辖区 {office.jurisdiction!r}，没有对应的规则包；可用：{known}"))
            continue
        for pack in packs:
            since = max(options.since, pack.meta.in_force_from)
            for rule in pack.rules.values():
                if judges_supervision(rule) and rule_enabled(rule.code, rule.aliases, options):
                    out.evaluated[record.path].append(rule.code)
                    ctx = CheckContext(options.as_of, since, options.until, options.calendar, records, pack, rule,
                                       options.rectification_due)
                    _evaluate_guarded(rule, record, ctx, out)
    return out


def evaluate_files(loaded: list[LoadResult], packset: PackSet, options: RunOptions,
                   register: Optional[list[AccountRecord]] = None) -> tuple[Evaluation, list[AccountRecord]]:
    """Everything that can be decided file by file: input errors, contradictions, jurisdiction, expired
    packs and the rules of ``file`` scope. ``evaluated`` lists every enabled rule in pack order, those of
    ``register`` scope too (``evaluate_across`` decides them). Returns the evaluation and the records."""
    out = Evaluation()
    records = []
    for result in loaded:
        if result.errors:
            out.incomplete = True
            out.findings.extend(input_error_finding(e) for e in result.errors)
        if result.document is not None:
            records.append(AccountRecord(result.path, result.document))
    for record in records:
        out.evaluated[record.path] = []
        for message, line, evidence in contradictions(record.doc, options.as_of):
            out.findings.append(_tool_finding("GML-FACTS", record.path, line, record.account.name, message, evidence))
        packs = packs_for(record.account, packset, options)
        if not packs:
            out.incomplete = True
            known = ", ".join(f"{p.id}/{p.meta.name}" for p in packset.packs.values())
            out.findings.append(_tool_finding(
                "GML-JURISDICTION", record.path, record.account.key_line("jurisdiction"), record.account.name,
                f"未知的辖区 {record.account.jurisdiction!r}，没有对应的规则包；可用：{known}"))
            continue
        for pack in packs:
            if pack.meta.in_force_until and pack.meta.in_force_until < options.as_of:
                out.findings.append(_tool_finding(
                    "GML-PACK-EXPIRED", record.path, record.account.key_line("jurisdiction"), record.account.name,
                    f"规则包 {pack.id}（{pack.meta.document} {pack.meta.ref or ''}）有效期至 "
                    f"{pack.meta.in_force_until}，检查日 {options.as_of} 已失效；仍按其规则检查，请确认是否有新文件",
                    {"pack": pack.id, "in_force_until": pack.meta.in_force_until.isoformat(),
                     "as_of": options.as_of.isoformat()}))
        for pack, rule, since in _rules(record, packset, options):
            out.evaluated[record.path].append(rule.code)
            if scope_of(rule) == "file":
                ctx = CheckContext(options.as_of, since, options.until, options.calendar, register or records, pack,
                                   rule, options.rectification_due)
                _evaluate_guarded(rule, record, ctx, out)
    return out, records


def evaluate_across(records: list[AccountRecord], packset: PackSet, options: RunOptions,
                    out: Optional[Evaluation] = None) -> Evaluation:
    """The rules of ``register`` scope, on every account, with the whole register in view."""
    out = out if out is not None else Evaluation()
    chosen: dict[str, list[Rule]] = {}  # pack id -> its enabled rules of register scope (as ``_rules`` picks them)
    try:
        for record in records:
            for pack in packs_for(record.account, packset, options):
                rules = chosen.get(pack.id)
                if rules is None:
                    rules = chosen[pack.id] = [
                        rule for rule in pack.rules.values()
                        if rule_enabled(rule.code, rule.aliases, options) and not judges_supervision(rule)
                        and scope_of(rule) == "register"]
                since = max(options.since, pack.meta.in_force_from)
                for rule in rules:
                    ctx = CheckContext(options.as_of, since, options.until, options.calendar, records, pack, rule,
                                       options.rectification_due)
                    _evaluate_guarded(rule, record, ctx, out)
    finally:
        release_register_caches()
    return out


def finish(findings: list[Finding], options: RunOptions) -> list[Finding]:
    """The findings of a run as every output sees them: tool notices of unselected codes dropped (tool errors
    always show: they mean the check is incomplete), in file and line order."""
    kept = [f for f in findings if f.pack is not None or f.severity == "error" or rule_enabled(f.rule, (), options)]
    kept.sort(key=SORT_KEY)
    return kept


def evaluate_register(loaded: list[LoadResult], packset: PackSet, options: RunOptions,
                      supervision: Iterable[SupervisionLoad] = ()) -> RunResult:
    """Every rule on every loaded file, in this process (``run.runner.check_files`` gives the same, scheduled
    over workers and cached); ``supervision``: the register's loaded ``supervision.yaml`` files."""
    with options.calendar.recording() as provisional_years:
        out, records = evaluate_files(loaded, packset, options)
        evaluate_across(records, packset, options, out)
        evaluate_supervision(list(supervision), records, packset, options, out)
    out.obligations.sort(key=Due.sort_key)
    return RunResult(finish(out.findings, options), len(loaded), len(records), out.evaluated, out.incomplete,
                     provisional_years=sorted(provisional_years), obligations=out.obligations)
