"""The check kinds' modules are imported when a rule names one of their kinds (``engine.kinds.KINDS``,
``checks.MODULES``); going through the table imports them all and lists every kind as importing them all does."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govmedia_lint import checks
from govmedia_lint.engine.kinds import KINDS


def in_fresh_interpreter(code: str):
    """What ``code`` prints (JSON) in a new interpreter: the modules a test imported already are not imported there."""
    done = subprocess.run([sys.executable, "-c", "import json, sys\nfrom govmedia_lint import checks\n"
                           "from govmedia_lint.engine.kinds import KINDS\n" + code],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_the_table_names_the_module_of_every_kind_and_nothing_else():
    registered = in_fresh_interpreter(
        "checks.import_all()\n"
        "print(json.dumps({name: kind.func.__module__.rsplit('.', 1)[1] for name, kind in KINDS.items()}))")
    missing = {name: module for name, module in registered.items() if checks.MODULES.get(name) != module}
    assert missing == {}, f"add these to checks.MODULES (kind: module): {missing}"
    assert set(checks.MODULES) == set(registered)


def test_a_kind_asked_for_imports_its_own_module_and_what_that_imports():
    imported = in_fresh_interpreter(
        "KINDS['no_incident']\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('govmedia_lint.checks.'))))")
    assert imported == ["govmedia_lint.checks.common", "govmedia_lint.checks.incidents"]


def test_going_through_the_table_after_some_kinds_lists_every_kind_in_the_order_importing_all_gives():
    everything_first = in_fresh_interpreter("checks.import_all()\nprint(json.dumps(list(KINDS)))")
    some_first = in_fresh_interpreter("KINDS['text_links'], KINDS['deadline'], KINDS['update_frequency']\n"
                                      "print(json.dumps(list(KINDS)))")
    assert some_first == everything_first
    assert len(everything_first) == len(checks.MODULES)


def test_an_unknown_kind_is_not_in_the_table():
    assert "no_such_kind" not in KINDS
    assert KINDS.get("no_such_kind") is None
    with pytest.raises(KeyError):
        KINDS["no_such_kind"]
    assert "deadline" in KINDS and KINDS["deadline"].name == "deadline"
