"""Every rule of every pack: its documented failing example fails and its passing example passes.

This is the guarantee that no pack lists a rule that is not implemented, and that
``govmedia-lint explain`` shows examples that are true.
"""

import pytest

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.engine.examples import example_obligations, run_example
from govmedia_lint.engine.kinds import KINDS
from govmedia_lint.engine.packs import PackSet

PACKSET = PackSet.load()
CASES = [(pack.id, rule) for pack in PACKSET.packs.values() for code in pack.own for rule in [pack.rules[code]]]


def _id(case):
    pack_id, rule = case
    return f"{rule.code}[{rule.source.article}]"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_failing_example_fails(case):
    pack_id, rule = case
    if KINDS[rule.kind].plan:  # lists the steps of other rules for `due`: it fails by leaving steps open
        assert example_obligations(rule, rule.examples.fail, PACKSET, pack_id), rule.code
        assert run_example(rule, rule.examples.fail, PACKSET, pack_id) == [], rule.code
        return
    findings = run_example(rule, rule.examples.fail, PACKSET, pack_id)
    assert not [f for f in findings if f.rule == "GML-INPUT"], findings
    violations = [f for f in findings if f.rule == rule.code and "missing" not in f.evidence]
    assert violations, f"{rule.code}: the failing example produced no finding"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_passing_example_passes(case):
    pack_id, rule = case
    findings = run_example(rule, rule.examples.pass_, PACKSET, pack_id)
    assert findings == [], f"{rule.code}: the passing example produced {[f.message for f in findings]}"
    if KINDS[rule.kind].plan:
        assert example_obligations(rule, rule.examples.pass_, PACKSET, pack_id) == [], rule.code
