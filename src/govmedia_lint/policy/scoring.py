"""Points indices (评分指标) computed from findings: the account score and the annual index.

A pack's ``score:`` section (``engine.packs.PackScore``) is data: veto items (单项否决) and
deduction items (扣分) that name rule codes. This module only counts findings:

* a veto item is hit by any finding of its rules that is not a missing-data finding; a vetoed
  subject is 不合格 and, as 南通 附件2 says, not scored further (``score`` is ``None``);
* a deduction item deducts ``points`` once, per occurrence (each finding is one case; only a recorded
  incident's ``count`` — cases recorded together — counts several: the weekly kinds' ``count`` is the
  number of posts of a short week, which is one case, 每发现一起),
  or per account beyond the first of a ``unique_per_group`` group, capped by ``cap`` and by the
  sheet's ``item_caps`` for the items that share a name;
* missing-data findings never deduct or veto: they are listed so the reader knows the score
  rests on incomplete facts; a veto item whose facts are missing leaves the verdict 待核实 (never
  合格: any veto item makes the account 不合格, and nobody knows yet that none does);
* a sheet a pack inherits (佳县, 神木, 濉溪, 黔江 on the national index) is judged by the pack's own
  rules where they override the index's (a local threshold, a wider ban): the result's document
  says so, and each such item names the local rule and clause that judged it.

The account sheet scores each account; the annual sheet scores each host unit and the whole
register (the supervising office's view), from the same findings.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any, Iterable, Optional

from ..engine.evaluate import judges_supervision
from ..engine.findings import Finding
from ..engine.kinds import ACTIVE_STATUSES
from ..engine.packs import Pack, PackSet, Rule, ScoreItem, ScoreSheet


class ScoreError(Exception):
    """A score sheet names a rule its pack does not have: a configuration error."""


@dataclass
class VetoHit:
    item: str
    detail: Optional[str]
    rule: str
    message: str
    line: int


@dataclass
class Deduction:
    item: str
    detail: Optional[str]
    rules: list[str]
    occurrences: int
    points: int  # deducted, after caps
    lines: list[int] = field(default_factory=list)


@dataclass
class ScoreResult:
    #: "account", "host_unit" or "register"
    level: str
    subject: str
    pack: str
    document: str
    total: int
    pass_mark: int
    score: Optional[int]  # None when vetoed
    passed: bool
    vetoes: list[VetoHit] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    #: rule codes that reported missing data for this subject
    missing: list[str] = field(default_factory=list)
    file: Optional[str] = None
    host_unit: Optional[str] = None
    platform: Optional[str] = None
    accounts: list[str] = field(default_factory=list)
    note: Optional[str] = None
    #: points of ``total`` the facts can show; fewer than ``total`` is a partial score, never 合格
    computable: Optional[int] = None
    #: veto items (单项否决) whose facts are missing: nothing vetoes, yet the verdict is 待核实, not 合格
    unknown_vetoes: list[str] = field(default_factory=list)
    #: sheet code -> the pack's own rule that judged it instead (an inherited sheet's local criteria)
    local_criteria: dict[str, str] = field(default_factory=dict)
    #: error findings of the subject in the pack (a 通报 shows them beside the score)
    errors: int = 0

    @property
    def partial(self) -> bool:
        return self.computable is not None and self.computable < self.total

    @property
    def failed(self) -> bool:
        """不合格: vetoed, or scored below the pass mark."""
        return bool(self.vetoes) or self.score is None or self.score < self.pass_mark

    @property
    def pending(self) -> bool:
        """待核实: not failed, but a veto item could not be judged (its facts are missing)."""
        return not self.failed and bool(self.unknown_vetoes)

    @property
    def verdict(self) -> str:
        if self.failed:
            return "不合格"
        if self.pending:
            return "待核实"
        if self.partial:
            return f"部分可计算（{self.computable}/{self.total} 分）"
        return "合格"

    def main_reasons(self, limit: int = 3) -> str:
        """Veto reasons, or the largest deductions, as one line for a 通报 table."""
        if self.vetoes:
            seen = list(dict.fromkeys(f"单项否决：{v.detail or v.item}" for v in self.vetoes))
            return "；".join(seen)
        parts = sorted((d for d in self.deductions if d.points), key=lambda d: -d.points)[:limit]
        return "；".join(f"{d.item}{'（' + d.detail + '）' if d.detail else ''} −{d.points}" for d in parts) or "—"

    def to_dict(self) -> dict[str, Any]:
        """``asdict`` without its deep copy of every value (1,000 accounts: ~0.1 s): the lists and the mapping are
        copied, the hits and deductions made dicts; the rest is text and numbers."""
        data = {name: getattr(self, name) for name in _RESULT_FIELDS}
        data["vetoes"] = [dict(vars(hit)) for hit in self.vetoes]
        data["deductions"] = [{**vars(d), "rules": list(d.rules), "lines": list(d.lines)} for d in self.deductions]
        for name in ("missing", "accounts", "unknown_vetoes"):
            data[name] = list(data[name])
        data["local_criteria"] = dict(self.local_criteria)
        data["verdict"] = self.verdict
        data["partial"] = self.partial
        data["vetoed"] = bool(self.vetoes)
        data["deducted"] = sum(d.points for d in self.deductions)
        data["pending"] = self.pending
        return data


def sheet_for(pack: Pack, packset: PackSet, which: str) -> tuple[Optional[ScoreSheet], dict[str, str]]:
    """The pack's sheet ``which`` (own or nearest ancestor's) and the code map from the sheet's
    codes to the codes this pack evaluates (following ``extends`` overrides down the chain)."""
    chain = [pack]
    while True:
        current = chain[-1]
        sheet = getattr(current.meta.score, which, None) if current.meta.score else None
        if sheet is not None or not current.meta.extends:
            break
        chain.append(packset.packs[current.meta.extends])
    if sheet is None:
        return None, {}
    codes = {code for item in [*sheet.veto, *sheet.deductions] for code in item.rules}
    mapping = {}
    for code in codes:
        mapped = code
        for descendant in reversed(chain[:-1]):
            mapped = descendant.overrides.get(mapped, mapped)
        if mapped not in pack.rules:
            raise ScoreError(f"{chain[-1].file}: score.{which} 引用了规则包 {pack.id} 中没有的规则 {code}")
        mapping[code] = mapped
    return sheet, mapping


def sheet_owner(pack: Pack, packset: PackSet, which: str) -> Pack:
    """The pack whose ``score:`` section holds the sheet ``pack`` is scored on (itself or an ancestor)."""
    current = pack
    while not (current.meta.score and getattr(current.meta.score, which, None)) and current.meta.extends:
        current = packset.packs[current.meta.extends]
    return current


def local_criteria(pack: Pack, packset: PackSet, which: str, mapping: dict[str, str]) -> dict[str, Rule]:
    """Sheet codes the pack judges with a rule of its own (an ``extends`` override): code -> that rule."""
    if sheet_owner(pack, packset, which) is pack:
        return {}
    return {code: pack.rules[mapped] for code, mapped in sorted(mapping.items()) if mapped != code}


def sheet_document(sheet: ScoreSheet, pack: Pack, owner: Pack, local: dict[str, Rule]) -> str:
    """What the score is, in its title: the sheet, and — for a sheet the pack inherits — that only the
    sheet's items count, and how many of them the pack's own rules judged."""
    document = f"{sheet.document}（{sheet.article}）" if sheet.article else sheet.document
    if owner is pack:
        return document
    how = f"，其中 {len(local)} 项按{pack.meta.name}规定判定" if local else ""
    return f"{document}得分{how}（不含指标以外的{pack.meta.name}规则）"


def _detail(item: ScoreItem, mapping: dict[str, str], local: dict[str, Rule], rule_code: str) -> Optional[str]:
    """The item's detail, or — judged by a local rule — that rule's title and clause."""
    for code in item.rules:
        if mapping.get(code, code) == rule_code and code in local:
            rule = local[code]
            return f"{rule.title}（{rule.source.article}）"
    return item.detail


def _by_rule(findings: Iterable[Finding]) -> dict[str, list[tuple[int, Finding]]]:
    """(position, finding) by rule code: each sheet item looks at its own rules' findings, not at all of them."""
    index: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for position, finding in enumerate(findings):
        index[finding.rule].append((position, finding))
    return index


def _counted(by_rule: dict[str, list[tuple[int, Finding]]], item: ScoreItem, mapping: dict[str, str],
             level: str = "") -> list[Finding]:
    """The findings (in their order) that count for ``item``."""
    if level and item.levels is not None and level not in item.levels:
        return []
    codes = {mapping.get(c, c) for c in item.rules}
    picked = [pair for code in codes for pair in by_rule.get(code, ())]
    if len(codes) > 1:
        picked.sort(key=lambda pair: pair[0])
    return [f for _, f in picked if "missing" not in f.evidence
            and not any(f.evidence.get(key) is not None for key in item.unless_evidence)
            and all(f.evidence.get(key) for key in item.if_evidence)]


def _occurrences(found: list[Finding], item: ScoreItem) -> int:
    if item.per in ("extra_in_group", "group"):
        groups: dict[str, set[str]] = defaultdict(set)
        for f in found:
            group = f.evidence.get("group") or {}
            groups[repr(sorted(group.items()))].add(f.file)
        if item.per == "group":  # 每发现一起: one group of duplicate accounts is one case
            return len(groups)
        return sum(len(files) - 1 for files in groups.values())
    return sum(_cases(f) for f in found)


def _cases(finding: Finding) -> int:
    """How many cases (起/次) one finding is: a recorded incident's ``count`` (occurrences recorded
    together); any other finding is one case — a short week's ``count`` is its number of posts."""
    if "incident" in finding.evidence:
        return max(1, int(finding.evidence.get("count") or 1))
    return 1


def score_findings(findings: list[Finding], sheet: ScoreSheet, mapping: dict[str, str], *, level: str,
                   subject: str, pack: str, local: Optional[dict[str, Rule]] = None,
                   document: Optional[str] = None, unrecorded: Iterable[str] = ()) -> ScoreResult:
    """Score one subject (an account, a host unit, a register) from its findings; ``local``: the sheet
    codes judged by the pack's own rules (``local_criteria``), ``document``: the result's title; ``unrecorded``:
    codes whose facts the register does not hold at all (no supervision record): missing, as a missing-data
    finding of theirs would be."""
    local = local or {}
    by_rule = _by_rule(findings)
    vetoes = [VetoHit(item.item, _detail(item, mapping, local, f.rule), f.rule, f.message, f.line)
              for item in sheet.veto for f in _counted(by_rule, item, mapping, level)]
    deductions = []
    for item in sheet.deductions:
        found = _counted(by_rule, item, mapping, level)
        occurrences = _occurrences(found, item)
        points = item.points * (min(occurrences, 1) if item.per == "once" else occurrences)
        if item.cap is not None:
            points = min(points, item.cap)
        detail = _detail(item, mapping, local, found[0].rule) if found else item.detail
        deductions.append(Deduction(item.item, detail, [mapping.get(c, c) for c in item.rules], occurrences,
                                    points, sorted({f.line for f in found})))
    # 单项指标扣分之和不超过本项指标总分值: items sharing a name share the item's cap, in order.
    used: dict[str, int] = defaultdict(int)
    for deduction in deductions:
        cap = sheet.item_caps.get(deduction.item)
        if cap is not None:
            deduction.points = max(0, min(deduction.points, cap - used[deduction.item]))
        used[deduction.item] += deduction.points
    scored_codes = {mapping.get(c, c) for item in [*sheet.veto, *sheet.deductions] for c in item.rules}
    missing = sorted({f.rule for f in findings if f.rule in scored_codes and "missing" in f.evidence}
                     | (set(unrecorded) & scored_codes))
    if vetoes:  # 出现单项否决即判定为不合格，不再对其他指标进行评分
        deductions = []
    score = None if vetoes else max(0, sheet.total - sum(d.points for d in deductions))
    # 如政务新媒体出现单项否决指标中的任意一种情形，即判定为不合格: a veto item not judged for want of
    # facts leaves the verdict open (待核实); it is not a pass, for a score or for the exit code.
    unknown = [] if vetoes else list(dict.fromkeys(
        item.detail or item.item for item in sheet.veto
        if {mapping.get(c, c) for c in item.rules} & set(missing)
        and (item.levels is None or level in item.levels)))
    passed = not vetoes and score is not None and score >= sheet.pass_mark and not unknown
    if document is None:
        document = f"{sheet.document}（{sheet.article}）" if sheet.article else sheet.document
    return ScoreResult(level, subject, pack, document,
                       sheet.total, sheet.pass_mark, score, passed, vetoes,
                       [d for d in deductions if d.occurrences], missing, note=sheet.note,
                       computable=sheet.computable, unknown_vetoes=unknown,
                       local_criteria={code: rule.code for code, rule in local.items()},
                       errors=sum(1 for f in findings if f.severity == "error" and "missing" not in f.evidence))


@dataclass
class ScoredAccount:
    """What scoring needs to know of a checked account."""

    file: str
    name: str
    host_unit: str
    pack: Pack
    platform: Optional[str] = None
    #: in operation (not planned, closed or cancelled): only these get an account score
    live: bool = True


def score_register(findings: list[Finding], accounts: list[ScoredAccount], packset: PackSet,
                   supervision: Optional[dict[str, list[str]]] = None) -> list[ScoreResult]:
    """Account scores (in file order), then the annual index per host unit and per register, per pack.
    ``supervision``: pack id -> the files of the register's supervision records judged under it; their findings
    count for the register (the supervising office), and without one the supervision rules' facts are missing."""
    supervision = supervision or {}
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    results: list[ScoreResult] = []
    annual: dict[str, tuple[ScoreSheet, dict[str, str], list[ScoredAccount]]] = {}
    for account in accounts:
        own = [f for f in by_file.get(account.file, []) if f.pack == account.pack.id]
        sheet, mapping = sheet_for(account.pack, packset, "account")
        if sheet is not None and account.live:
            local = local_criteria(account.pack, packset, "account", mapping)
            document = sheet_document(sheet, account.pack, sheet_owner(account.pack, packset, "account"), local)
            result = score_findings(own, sheet, mapping, level="account", subject=account.name, pack=account.pack.id,
                                    local=local, document=document)
            result.file, result.host_unit, result.accounts = account.file, account.host_unit, [account.name]
            result.platform = account.platform
            results.append(result)
        sheet, mapping = sheet_for(account.pack, packset, "annual")
        if sheet is not None:
            annual.setdefault(account.pack.id, (sheet, mapping, []))[2].append(account)
    for pack_id, (sheet, mapping, members) in annual.items():
        pack = members[0].pack
        local = local_criteria(pack, packset, "annual", mapping)
        document = sheet_document(sheet, pack, sheet_owner(pack, packset, "annual"), local)
        groups: dict[str, list[ScoredAccount]] = defaultdict(list)
        for account in members:
            groups[account.host_unit].append(account)
        for label, group, level in [*((unit, g, "host_unit") for unit, g in groups.items()),
                                    (f"全部账号（{pack_id}）", members, "register")]:
            own = [f for a in group for f in by_file.get(a.file, []) if f.pack == pack_id]
            unrecorded: list[str] = []
            if level == "register":
                own += [f for file in supervision.get(pack_id, []) for f in by_file.get(file, []) if f.pack == pack_id]
                if pack_id not in supervision:
                    unrecorded = [code for code in mapping.values() if judges_supervision(pack.rules[code])]
            result = score_findings(own, sheet, mapping, level=level, subject=label, pack=pack_id,
                                    local=local, document=document, unrecorded=unrecorded)
            if level == "register" and pack_id in supervision and result.computable is not None:
                result.computable = min(sheet.total, result.computable + _supervision_points(sheet, mapping, pack))
            result.accounts = [a.name for a in group]
            result.host_unit = label if level == "host_unit" else None
            results.append(result)
    return results


def _supervision_points(sheet: ScoreSheet, mapping: dict[str, str], pack: Pack) -> int:
    """Points of the sheet a supervision record shows (its deduction items, up to their caps): what a register's
    score can compute besides the account files' items."""
    return sum(item.cap if item.cap is not None else item.points for item in sheet.deductions
               if any(judges_supervision(pack.rules[mapping.get(code, code)]) for code in item.rules))


def _standing(result: ScoreResult) -> tuple:
    """合格 first, then 待核实, then 不合格 by score, vetoed last; higher score first within each."""
    tier = 0 if result.passed else 1 if getattr(result, "pending", False) else 3 if result.score is None else 2
    return (tier, -(result.score or 0))


def ranked(results: list[ScoreResult], level: str = "account") -> list[ScoreResult]:
    """Results of one level, best first: passed before failed, higher score first, vetoed last."""
    chosen = [r for r in results if r.level == level]
    return sorted(chosen, key=lambda r: (*_standing(r), r.subject, r.platform or ""))


def rank_numbers(ordered: list[ScoreResult]) -> list[int]:
    """Competition ranks of an already ranked list: equal scores share a rank (1, 1, 3 …)."""
    standings = sorted(_standing(r) for r in ordered)  # how many stand strictly better: a bisection, not a scan
    return [1 + bisect_left(standings, _standing(r)) for r in ordered]


def scores_for_run(loaded: Iterable[Any], findings: list[Finding], packset: PackSet,
                   pack_ids: Iterable[str] = (), supervision: Iterable[Any] = ()) -> list[ScoreResult]:
    """Scores of a run: ``loaded`` are the ``loading.LoadResult`` of the run; ``pack_ids`` the
    ``--pack`` overrides (default: each account's jurisdiction); ``supervision`` its ``loading.SupervisionLoad``."""
    chosen = [packset.get(p) for p in pack_ids]
    offices: dict[str, list[str]] = defaultdict(list)
    for result in supervision:
        if result.document is not None:
            for pack in chosen or [packset.for_jurisdiction(result.document.office.jurisdiction)]:
                if pack:
                    offices[pack.id].append(result.path)
    accounts = []
    for result in loaded:
        document = getattr(result, "document", None)
        if document is None:
            continue
        account = document.account
        packs = chosen or [packset.for_jurisdiction(account.jurisdiction)]
        live = account.status in ACTIVE_STATUSES
        accounts.extend(ScoredAccount(result.path, account.name, account.host_unit, pack, account.platform.value, live)
                        for pack in packs if pack)
    return score_register(findings, accounts, packset, offices)


#: ScoreResult's fields in order, as ``asdict`` lists them
_RESULT_FIELDS = tuple(f.name for f in fields(ScoreResult))


def score_dicts(results: list[ScoreResult]) -> list[dict[str, Any]]:
    """The ``scores`` list of the JSON report: accounts ranked, then the annual indices."""
    out = []
    for level in ("account", "host_unit", "register"):
        ordered = ranked(results, level)
        for rank, result in zip(rank_numbers(ordered), ordered):
            out.append({"rank": rank, **result.to_dict()})
    return out
