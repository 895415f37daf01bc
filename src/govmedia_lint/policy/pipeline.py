"""The judgement of a run: what the engine found, after the register's own policy, in one declared order.

Every command (``check``, ``score``, ``due``, ``report``) and every output format reads a ``Judgement``;
none of them applies a step of its own, so the same register and settings get the same verdict everywhere.

``STEPS``, in order:

1. ``expired-packs``: one GML-PACK-EXPIRED per expired pack; acknowledged packs' findings are waived.
2. ``severity``: ``[severity]`` overrides re-level findings and obligations (by code or alias).
3. ``waivers``: an account's approved waivers take findings (and obligations) out; bad waivers are
   GML-WAIVER findings.
4. ``baseline``: findings recorded in the baseline are *marked* known (已知未整改). They stay in every
   report and in the scores; only the exit-code decision leaves them out.
5. ``scores``: the packs' score sheets (南通 附件2/附件3), on the full judgement — identical with or without
   a baseline. Only when every rule was evaluated (no --select/--ignore).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.evaluate import TOOL_RULES, RunResult
from ..engine.findings import Finding, severity_rank
from ..run.plan import PlanError, RunPlan
from .baseline import mark_baselined
from .expired_packs import fold_expired
from .severity import UnknownRuleCode, apply_severity, check_codes
from .waivers import apply_waivers, waive_obligations

STEPS = ("expired-packs", "severity", "waivers", "baseline", "scores")

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class Judgement:
    """A finished run as every command and format sees it."""

    result: RunResult
    #: file -> run.facts.AccountFacts
    facts: dict[str, Any]
    #: one LoadResult per checked account (account sections only), for scores
    loaded: list
    #: policy.scoring.ScoreResult of each scored account and annual index (empty without every rule)
    scores: list = field(default_factory=list)
    #: id -> finding known to hold nothing to mask (``run.runner.Run.nothing_to_mask``)
    nothing_to_mask: dict = field(default_factory=dict)
    #: id -> (finding, fingerprint) the workers worked out (``runner.Run.fingerprints``)
    fingerprints: dict = field(default_factory=dict)

    def counting(self, fail_on: str) -> list[Finding]:
        """The findings that decide the exit code: at or above ``fail_on``, not in the baseline."""
        if fail_on == "never":
            return []
        floor = severity_rank(fail_on)
        return [f for f in self.result.findings if not f.baselined and severity_rank(f.severity) >= floor]

    def exit_code(self, fail_on: str) -> int:
        if self.result.incomplete:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.counting(fail_on) else EXIT_OK


def judge(run: Any, plan: RunPlan, *, scores: bool = True) -> Judgement:
    """The steps of ``STEPS`` over a finished ``run.runner.Run``; a step that cannot apply (an unknown code
    in ``[severity]``, a score sheet that does not fit) is a ``PlanError``."""
    result, facts, packset, options = run.result, run.facts, plan.packset, plan.options
    fold_expired(result, plan.acknowledged)
    severity = plan.settings.severity
    if severity:
        aliases = {r.code: {a.upper() for a in (r.name, *r.aliases)} for r in packset.all_rules()}
        aliases.update({code: {name.upper()} - {""} for code, name in packset.clause_codes().items()})
        try:
            check_codes(severity, [*TOOL_RULES, *aliases, *(a for names in aliases.values() for a in names)],
                        plan.settings.config_file)
        except UnknownRuleCode as exc:
            raise PlanError(str(exc)) from None
        apply_severity(result.findings, severity, aliases)
        apply_severity(result.obligations, severity, aliases)
    apply_waivers(result, facts, packset, options)
    if result.obligations:
        result.obligations = waive_obligations(result.obligations, result, facts, packset, options)
    if plan.baseline is not None:
        mark_baselined(result, plan.baseline, facts, options.as_of, getattr(run, "fingerprints", None))
    judgement = Judgement(result, facts, run.loaded, nothing_to_mask=getattr(run, "nothing_to_mask", {}),
                          fingerprints=getattr(run, "fingerprints", {}))
    if scores and plan.all_rules:
        from .scoring import ScoreError, scores_for_run  # here: the table format without --score has none (~3 ms)

        try:
            judgement.scores = scores_for_run(run.loaded, result.findings, packset, options.packs,
                                              getattr(run, "supervision", ()))
        except ScoreError as exc:
            raise PlanError(str(exc)) from None
    return judgement
