"""Waivers: approved, expiring exceptions to a rule for one account.

An entry of an account file's ``waivers`` list suppresses the findings of one
rule (by code or alias) for that account while ``as_of <= expires_on``. Waived
findings move from ``RunResult.findings`` to ``RunResult.waived`` with the
waiver that covers them, so every report can say which approval document
(``approval_ref``) waived what. A waiver that cannot be honoured is itself a
finding under the tool code ``GML-WAIVER`` at the waiver's line:

- no ``reason``: not applied (warning);
- past ``expires_on``: not applied, the findings are reported again (warning);
- a rule code no pack knows: not applied (warning);
- valid but matching no finding of a rule that was evaluated: stale (info).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..engine.evaluate import RunOptions, RunResult, rule_enabled
from ..engine.findings import FINDING_ORDER, Finding
from ..engine.packs import PackSet
from ..run.facts import AccountFacts, WaiverFact

CODE = "GML-WAIVER"
NAME = "waiver"

#: tool codes a waiver can never hide: they mean the check itself is incomplete
UNWAIVABLE = {"GML-INPUT", "GML-JURISDICTION", "GML-CALENDAR", CODE}


@dataclass
class WaivedFinding:
    finding: Finding
    waiver: WaiverFact

    def waiver_dict(self) -> dict[str, Any]:
        w = self.waiver
        return {"rule": w.rule, "reason": w.reason, "approval_ref": w.approval_ref,
                "expires_on": w.expires_on.isoformat() if w.expires_on else None, "line": w.line}

    def to_dict(self) -> dict[str, Any]:
        return {**self.finding.to_dict(), "waiver": self.waiver_dict()}


def _finding(facts: AccountFacts, line: int, severity: str, message: str, waiver: WaiverFact) -> Finding:
    evidence = {"waiver_rule": waiver.rule, "approval_ref": waiver.approval_ref,
                "expires_on": waiver.expires_on.isoformat() if waiver.expires_on else None}
    return Finding(CODE, NAME, None, severity, facts.file, line, facts.account, message, None, evidence)


def _codes_of(finding: Finding, packset: PackSet) -> set[str]:
    """The code of a finding's rule and its aliases, upper-case."""
    codes = {finding.rule.upper()}
    pack = packset.packs.get(finding.pack or "")
    rule = pack.rules.get(finding.rule) if pack else None
    if rule is not None:
        codes.update(alias.upper() for alias in rule.aliases)
    return codes


def _known(code: str, packset: PackSet) -> Optional[str]:
    """The canonical code a waiver names, or None if no pack or tool code has it."""
    from ..engine.evaluate import TOOL_RULES

    if code.strip().upper() in TOOL_RULES:
        return code.strip().upper()
    rule = packset.find_rule(code)
    if rule is not None:
        return rule.code
    wanted = code.strip().upper()
    return next((c for c, name in packset.clause_codes().items() if wanted in (c.upper(), name.upper())), None)


def apply_waivers(result: RunResult, facts: dict[str, AccountFacts], packset: PackSet,
                  options: RunOptions) -> RunResult:
    """Move waived findings to ``result.waived`` and add ``GML-WAIVER`` findings; returns ``result``."""
    report_problems = rule_enabled(CODE, (), options)
    problems: list[Finding] = []
    active: dict[str, list[WaiverFact]] = {}
    for file, fact in facts.items():
        for waiver in fact.waivers:
            canonical = _known(waiver.rule, packset)
            if canonical is None:
                problems.append(_finding(fact, waiver.line, "warning",
                                         f"豁免的规则代码 {waiver.rule!r} 不存在，豁免无效", waiver))
            elif not (waiver.reason or "").strip():
                problems.append(_finding(fact, waiver.reason_line or waiver.line, "warning",
                                         f"对 {waiver.rule} 的豁免缺少理由（reason），豁免无效", waiver))
            elif waiver.expires_on is not None and waiver.expires_on < options.as_of:
                ref = f"（{waiver.approval_ref}）" if waiver.approval_ref else ""
                problems.append(_finding(fact, waiver.expires_line or waiver.line, "warning",
                                         f"对 {waiver.rule} 的豁免{ref}已于 {waiver.expires_on} 到期，"
                                         f"相关问题恢复报告；请续批或删除该豁免", waiver))
            else:
                active.setdefault(file, []).append(waiver)

    kept: list[Finding] = []
    used: set[int] = set()
    for finding in result.findings:
        waiver = None
        if finding.rule not in UNWAIVABLE and finding.file in active:  # most files waive nothing
            codes = _codes_of(finding, packset)
            waiver = next((w for w in active[finding.file]
                           if w.rule.strip().upper() in codes
                           or (_known(w.rule, packset) or "").upper() in codes), None)
        if waiver is None:
            kept.append(finding)
        else:
            used.add(id(waiver))
            result.waived.append(WaivedFinding(finding, waiver))

    for file, waivers in active.items():
        evaluated = {code.upper() for code in result.evaluated.get(file, [])}
        for waiver in waivers:
            canonical = (_known(waiver.rule, packset) or "").upper()
            if id(waiver) not in used and canonical in evaluated:
                problems.append(_finding(facts[file], waiver.line, "info",
                                         f"对 {waiver.rule} 的豁免没有匹配到任何问题，可以删除", waiver))

    result.findings = sorted(kept + (problems if report_problems else []), key=FINDING_ORDER)
    return result



def waive_obligations(obligations: list, result: RunResult, facts: dict[str, AccountFacts], packset: PackSet,
                      options: RunOptions) -> list:
    """The obligations no approved waiver of their account covers (as ``check`` would not report them)."""
    as_findings = [Finding(o.rule, o.name, o.pack, o.severity, o.file, o.line, o.account, o.message)
                   for o in obligations]
    probe = RunResult(list(as_findings), result.files, result.accounts, result.evaluated, False)
    apply_waivers(probe, facts, packset, options)
    waived = {id(w.finding) for w in probe.waived}
    return [o for o, f in zip(obligations, as_findings) if id(f) not in waived]
