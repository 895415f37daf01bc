"""check --history: each pack's clause for a change (or closure) in git history that no filing records."""

from __future__ import annotations

import pytest

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.commands.history import all_history_rules, run_history_example
from govmedia_lint.engine.packs import PackSet

from test_quotes_verbatim import is_quoted_from, seed

PACKSET = PackSet.load()
RULES = all_history_rules(PACKSET)


def _id(rule):
    return f"{rule.code}[{rule.source.article}]"


def test_the_clauses_the_packs_cite():
    cited = {(rule.pack, rule.finding, rule.source.article) for rule in RULES}
    assert {("jiaxian", "change", "第八条（五）"), ("shenmu", "change", "第六条"), ("shenmu", "closure", "第六条"),
            ("suixi", "change", "三（二）"), ("nantong", "change", "第十五条"), ("qianjiang", "change", "第八条")} <= cited


@pytest.mark.parametrize("rule", RULES, ids=[_id(r) for r in RULES])
def test_history_clause_fails_and_passes_on_its_examples(rule):
    assert run_history_example(rule, rule.examples.fail, PACKSET), f"{rule.code}: the failing example found nothing"
    assert run_history_example(rule, rule.examples.pass_, PACKSET) == [], f"{rule.code}: the passing example failed"


@pytest.mark.parametrize("rule", RULES, ids=[_id(r) for r in RULES])
def test_history_quote_is_verbatim(rule):
    assert is_quoted_from(rule.source.quote, seed(rule.pack)), rule.source.quote


def test_explain_prints_a_history_clause():
    from typer.testing import CliRunner

    from govmedia_lint.cli.app import app

    done = CliRunner().invoke(app, ["explain", "NT-HISTORY-CLOSURE-NOT-FILED"])
    assert done.exit_code == 0 and "第十五条" in done.output and "check --history" in done.output
