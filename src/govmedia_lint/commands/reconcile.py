"""``govmedia-lint reconcile``: the register against a roster (the national registry's export, a platform's
or a supervisor's list of accounts).

Each account of the register is looked up in the roster by account id, then by link, then by platform and
name; what does not match, or matches with other facts, is a ``Finding`` cited to the roster clause of the
account's pack (``roster:`` in the pack, ``commands/roster.py``): in the roster but not the register, live
in the register but not the roster, closed in the register but still in the roster, name / host unit /
platform / verification subject differing, and the same account twice. A roster row that matches nothing is
cited under the pack of its ``jurisdiction`` column, else ``--pack``, else the pack most of the register
uses. The findings render in the formats of ``check``; the exit code is ``check``'s.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..engine.evaluate import RunOptions, RunResult, input_error_finding, packs_for
from ..engine.findings import Finding, severity_rank
from ..engine.kinds import ACTIVE_STATUSES, AccountRecord
from ..engine.packs import Pack, PackError, PackSet
from ..fields import value_label
from ..loading import LoadResult, load_account_file
from ..model import Status
from ..policy.pipeline import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from ..run.plan import PlanError, plan_run
from ..settings import Settings

if TYPE_CHECKING:  # the roster's readers are imported when a roster is read, not when the CLI starts
    from .roster import Roster, RosterRow, RosterRule

#: formats of ``check`` whose rows are Finding records (the others describe rule evaluations and scores)
FORMATS = ("table", "json", "csv", "xlsx")
BINARY = {"xlsx"}

CLOSED = {Status.closed, Status.cancelled}
LABELS = {"name": "账号名称", "host_unit": "主办单位", "platform": "平台", "verified_subject": "认证主体"}


def _key(text: Optional[str]) -> str:
    """A name or id as compared: width-folded, without spaces, case-insensitive."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()


def _value(record: AccountRecord, key: str) -> Optional[str]:
    value = getattr(record.account, key, None)
    return getattr(value, "value", value)


@dataclass
class Citations:
    """The roster clauses of each pack, by finding."""

    packset: PackSet

    def __post_init__(self) -> None:
        self._by_pack: dict[str, list[RosterRule]] = {}

    def rules(self, pack: Optional[Pack], finding: str, fact: Optional[str] = None) -> list["RosterRule"]:
        if pack is None:
            return []
        if pack.id not in self._by_pack:
            from .roster import roster_rules

            self._by_pack[pack.id] = roster_rules(pack, self.packset)
        return [rule for rule in self._by_pack[pack.id]
                if rule.finding == finding and (fact is None or not rule.fields or fact in rule.fields)]


@dataclass
class Reconciliation:
    result: RunResult
    roster: "Roster"
    #: register accounts matched to a roster row
    matched: int
    as_of: date
    calendar: str = ""


class _Findings:
    def __init__(self, citations: Citations):
        self.citations = citations
        self.items: list[Finding] = []

    def add(self, pack: Optional[Pack], finding: str, file: str, line: int, account: Optional[str], message: str,
            evidence: dict, fact: Optional[str] = None) -> None:
        for rule in self.citations.rules(pack, finding, fact):
            self.items.append(Finding(rule.code, rule.name, rule.pack, rule.severity, file, line, account,
                                      f"{message}（{rule.title}）", rule.source.model_dump(), dict(evidence)))


def _pack_of(record: AccountRecord, packset: PackSet, options: RunOptions) -> Optional[Pack]:
    packs = packs_for(record.account, packset, options)
    return packs[0] if packs else None


def compare(records: list[AccountRecord], roster: "Roster", packset: PackSet, options: RunOptions) -> tuple[list[Finding], int]:
    """The findings of the register against the roster, and how many accounts matched."""
    citations = Citations(packset)
    out = _Findings(citations)
    pack_of = {record.path: _pack_of(record, packset, options) for record in records}
    used = Counter(p.id for p in pack_of.values() if p is not None)
    default_pack = (packset.get(options.packs[0]) if options.packs else
                    packset.get(used.most_common(1)[0][0]) if used else packset.get("national"))

    by_id: dict[str, list[AccountRecord]] = {}
    by_url: dict[str, list[AccountRecord]] = {}
    by_name: dict[tuple[str, str], list[AccountRecord]] = {}
    for record in records:
        account = record.account
        if account.account_id:
            by_id.setdefault(_key(account.account_id), []).append(record)
        if account.url:
            by_url.setdefault(_key(account.url), []).append(record)
        by_name.setdefault((account.platform.value, _key(account.name)), []).append(record)

    # the same account twice in the register (same platform and id, or same platform and name; closed ones aside)
    seen: dict[tuple, AccountRecord] = {}
    for record in records:
        account = record.account
        if account.status in CLOSED:
            continue
        keys = [("id", account.platform.value, _key(account.account_id))] if account.account_id else []
        keys.append(("name", account.platform.value, _key(account.name)))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            out.add(pack_of[record.path], "duplicate", record.path, record.account.line, account.name,
                    f"登记中重复：与 {first.path}（{first.account.name}）是同一平台的同一账号",
                    {"duplicate_of": first.path})
        for k in keys:
            seen.setdefault(k, record)

    def match(row: "RosterRow") -> Optional[AccountRecord]:
        if row.get("account_id"):
            found = by_id.get(_key(row.get("account_id")))
            if found:
                return found[0]
        if row.get("url"):
            found = by_url.get(_key(row.get("url")))
            if found:
                return found[0]
        platform = row.get("platform")
        for record in by_name.get((platform or "", _key(row.get("name"))), []) if platform else \
                [r for (p, n), rs in by_name.items() if n == _key(row.get("name")) for r in rs]:
            if not (row.get("account_id") and record.account.account_id):  # two different ids: two accounts
                return record
        return None

    listed: dict[str, "RosterRow"] = {}  # register path -> the roster row of the account (live rows first)
    retired: dict[str, "RosterRow"] = {}
    for row in roster.rows:
        record = match(row)
        name = row.get("name")
        where = f"名册第 {row.number} 行"
        evidence = {"roster": roster.file, "roster_row": row.number}
        if record is None:
            if not row.retired:
                pack = packset.get(row.get("jurisdiction") or "") or default_pack
                platform = row.get("platform")
                shown = f"（{value_label('account.platform', platform)}）" if platform else ""
                out.add(pack, "not_in_register", roster.file, row.number, name,
                        f"名册中有账号“{name}”{shown}" + (f"，主办单位 {row.get('host_unit')}" if row.get("host_unit") else "")
                        + "，登记中没有这个账号",
                        {**evidence, "host_unit": row.get("host_unit")})
            continue
        pack, account = pack_of[record.path], record.account
        if row.retired:
            retired.setdefault(record.path, row)
            continue
        if record.path in listed:
            first = listed[record.path]
            out.add(pack, "duplicate", roster.file, row.number, name,
                    f"名册中重复：{where}与第 {first.number} 行是同一账号（登记文件 {record.path}）",
                    {**evidence, "duplicate_of_row": first.number, "register": record.path})
            continue
        listed[record.path] = row
        if account.status in CLOSED:
            closed = f"（{account.closed_on}）" if account.closed_on else ""
            out.add(pack, "closed_in_roster", record.path, account.key_line("status"), account.name,
                    f"登记为{'已注销' if account.status == Status.cancelled else '已关停'}{closed}，"
                    f"但{where}仍列有此账号", evidence)
            continue
        for fact in ("name", "host_unit", "platform", "verified_subject"):
            theirs, ours = row.get(fact), _value(record, fact)
            if theirs is None or ours is None or _key(theirs) == _key(ours):
                continue
            if fact == "platform":
                theirs, ours = value_label("account.platform", theirs), value_label("account.platform", ours)
            out.add(pack, "differs", record.path, account.key_line(fact), account.name,
                    f"{LABELS[fact]}与名册不一致：登记为“{ours}”，{where}为“{theirs}”",
                    {**evidence, "field": fact, "register_value": ours, "roster_value": theirs}, fact)

    for record in records:
        account = record.account
        if account.status not in ACTIVE_STATUSES or record.path in listed:
            continue
        row = retired.get(record.path)
        said = f"名册第 {row.number} 行标为“{row.get('status')}”" if row else f"名册 {Path(roster.file).name} 中没有这个账号"
        out.add(pack_of[record.path], "not_in_roster", record.path, account.line, account.name,
                f"登记为{value_label('account.status', account.status.value)}，{said}",
                {"roster": roster.file, **({"roster_row": row.number} if row else {})})
    return out.items, len(listed)


def reconcile(settings: Settings, roster_path: Path, paths: Optional[list[Path]]) -> Reconciliation:
    """Read the roster and the register and compare them; a bad roster or pack is a ``PlanError`` (exit 2)."""
    from ..importing.errors import ImportFailure
    from .roster import read_roster

    plan = plan_run(settings, paths, all_rules=True, baseline=False)
    try:
        roster = read_roster(roster_path, settings.roster_preset, settings.maps)
    except ImportFailure as exc:
        raise PlanError(str(exc)) from None
    findings: list[Finding] = []
    incomplete = False
    records = []
    for path in plan.files:
        loaded: LoadResult = load_account_file(path, settings.encoding)
        if loaded.errors:
            incomplete = True
            findings.extend(input_error_finding(error) for error in loaded.errors)
        if loaded.document is not None:
            records.append(AccountRecord(loaded.path, loaded.document))
    unknown = [r for r in records if _pack_of(r, plan.packset, plan.options) is None]
    for record in unknown:
        incomplete = True
        findings.append(Finding("GML-JURISDICTION", "unknown-jurisdiction", None, "error", record.path,
                                record.account.key_line("jurisdiction"), record.account.name,
                                f"未知的辖区 {record.account.jurisdiction!r}，没有对应的规则包；可用："
                                f"{', '.join(plan.packset.packs)}"))
    try:
        found, matched = compare(records, roster, plan.packset, plan.options)
    except PackError as exc:
        raise PlanError(str(exc)) from None
    findings.extend(found)
    findings.sort(key=Finding.sort_key)
    result = RunResult(findings, len(plan.files), len(records), {}, incomplete)
    # the register's own policy, as for check: [severity] re-levels, an account's approved waiver takes a finding out
    from types import SimpleNamespace

    from ..policy.pipeline import judge
    from ..run.facts import collect as collect_facts

    facts = {r.path: collect_facts(r.path, r.doc) for r in records}
    result = judge(SimpleNamespace(result=result, facts=facts, loaded=[]), plan, scores=False).result
    return Reconciliation(result, roster, matched, plan.options.as_of, plan.options.calendar.description)


def exit_code(result: RunResult, fail_on: str) -> int:
    if result.incomplete:
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    floor = severity_rank(fail_on)
    return EXIT_FINDINGS if any(severity_rank(f.severity) >= floor for f in result.findings) else EXIT_OK


def rendered(settings: Settings, done: Reconciliation) -> str | bytes:
    from ..render import Report, render

    title = settings.title or f"登记与名册 {Path(done.roster.file).name} 核对"
    report = Report(done.result, done.as_of, done.as_of, done.as_of, done.calendar, mask=not settings.no_mask, fail_on=settings.fail_on,
                    title=title)
    return render(report, settings.format)


def run_roster_example(rule: "RosterRule", example, packset: PackSet) -> list[Finding]:
    """The findings of ``rule`` on one of its documented examples (a roster CSV and account fragments)."""
    import csv
    import io

    from ..engine.examples import example_document
    from ..importing.readers import Table
    from ..workdays import WorkCalendar
    from .roster import roster_of

    rows = [row for row in csv.reader(io.StringIO(example.roster))]
    roster = roster_of(Table("roster.csv", "csv", rows, list(range(1, len(rows) + 1))), "roster")
    records = []
    for index, text in enumerate(example.accounts):
        loaded = example_document(text, rule.pack)
        assert loaded.document is not None, loaded.errors
        records.append(AccountRecord(f"account-{index + 1}.yaml", loaded.document))
    options = RunOptions(example.as_of, example.as_of, example.as_of, WorkCalendar(), packs=[rule.pack])
    found, _ = compare(records, roster, packset, options)
    return [f for f in found if f.rule == rule.code]
