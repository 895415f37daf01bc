"""One severity policy (docs/severity-policy.md), applied to every rule of every pack.

Each rule names its ``basis``; the basis fixes the severity, and the basis must fit the rule:
a 原则上/鼓励 clause is never an error, an obligation's quote carries no 原则上/鼓励, index items
(否决/扣分) are the national index's own, self-declared organisational facts are warnings, and
only a heuristic check is info.
"""

import re

import pytest

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.engine.packs import PackSet

POLICY = {"obligation": "error", "veto": "error", "principle": "warning", "declared": "warning",
          "deduction": "warning", "heuristic": "info"}
SOFT = re.compile("原则上|鼓励")
#: the facts a unit declares about itself: who does the work, money, rules in place
DECLARED = re.compile(r"\bstaff\b|management\.")
HEURISTIC_KINDS = {"name_matches_unit", "text_caution", "text_near_miss", "text_outside_links", "text_ad_phrases"}

PACKSET = PackSet.load()
CASES = [pack.rules[code] for pack in PACKSET.packs.values() for code in pack.own]


#: kinds that read only staff facts
DECLARED_KINDS = {"staff_trained"}


def _reads(rule) -> str:
    return f"{rule.params!r} {rule.applies_to!r}" + (" staff" if rule.kind in DECLARED_KINDS else "")


def violations(rule) -> list[str]:
    """What in ``rule`` contradicts the policy (empty: it follows it)."""
    basis, quote, article = rule.basis, rule.source.quote, rule.source.article
    if basis is None:
        return ["no basis"]
    problems = []
    if rule.severity != POLICY[basis]:
        problems.append(f"{basis} is {POLICY[basis]}, not {rule.severity}")
    index_item = article.startswith(("否决", "扣分", "年度考核"))
    if basis == "veto" and not article.startswith("否决"):
        problems.append("veto outside the index's 单项否决 items")
    if basis == "deduction" and not (index_item and not article.startswith("否决")):
        problems.append("deduction outside the index's 扣分 items")
    if index_item and basis not in ("veto", "deduction"):
        problems.append("an index item is a veto or a deduction")
    if basis == "principle" and not SOFT.search(quote):
        problems.append("principle without 原则上/鼓励 in the quote")
    if basis == "obligation" and SOFT.search(quote):
        problems.append("obligation quoting a 原则上/鼓励 clause (quote the clause the rule checks)")
    if basis == "declared" and not DECLARED.search(_reads(rule)):
        problems.append("declared, but reads no staff/management fact")
    if basis != "declared" and DECLARED.search(_reads(rule)) and basis not in ("principle",):
        problems.append("reads self-declared staff/management facts: declared")
    if basis == "heuristic" and rule.kind not in HEURISTIC_KINDS:
        problems.append("heuristic, but the kind is exact")
    if rule.kind in HEURISTIC_KINDS and basis != "heuristic":
        problems.append("a heuristic kind is info")
    return problems


@pytest.mark.parametrize("rule", CASES, ids=[f"{r.code}[{r.source.article}]" for r in CASES])
def test_rule_follows_the_severity_policy(rule):
    assert violations(rule) == [], rule.code


def test_policy_catches_a_principle_reported_as_an_error():
    rule = PACKSET.packs["qianjiang"].rules["QJ-UPDATE-3-PER-WEEK"]
    assert violations(rule.model_copy(update={"severity": "error"})) == ["principle is warning, not error"]
    assert violations(rule.model_copy(update={"basis": "obligation", "severity": "error"}))


def test_the_national_veto_is_not_lowered_by_a_local_pack():
    for pack in PACKSET.packs.values():
        for code, local in pack.overrides.items():
            if PACKSET.packs["national"].rules.get(code) and PACKSET.packs["national"].rules[code].basis == "veto":
                assert pack.rules[local].severity == "error", (pack.id, local)


def test_the_policy_document_names_every_basis():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "severity-policy.md").read_text(encoding="utf-8")
    for basis, severity in POLICY.items():
        assert f"`{basis}`" in text and severity in text
