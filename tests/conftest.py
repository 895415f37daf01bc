"""Fixtures every test area shares. Tests are grouped by area (engine, checks, packs, policy, settings,
render, importing, run) and tests/e2e/ runs the command line end to end (marked ``e2e``)."""

import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from govmedia_lint import checks  # noqa: F401
from govmedia_lint.engine.evaluate import RunOptions, default_period, evaluate_register
from govmedia_lint.engine.packs import PackSet
from govmedia_lint.workdays import WorkCalendar


E2E = Path(__file__).parent / "e2e"
# a few tests share fixtures across areas (``from test_formats import report``): every area importable, so any
# subset of the suite runs on its own
for _area in sorted(p for p in Path(__file__).parent.iterdir() if p.is_dir() and any(p.glob("test_*.py"))):
    if str(_area) not in sys.path:
        sys.path.append(str(_area))


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _private_result_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own `check` result cache (none in the repository, none shared between tests)."""
    monkeypatch.setenv("GOVMEDIA_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # the per-user cache key lives in the user cache directory: a temporary one, never the real home
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture(scope="session")
def packset() -> PackSet:
    return PackSet.load()


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return WorkCalendar()


@pytest.fixture
def run(packset):
    """run(yaml, code, as_of=..., since=..., until=..., others=[...]) -> findings of that rule on the first file."""

    def _run(text, code, as_of, since=None, others=(), pack=None, until=None):
        from govmedia_lint.engine.examples import example_document

        pack = pack or packset.find_rule(code).pack
        docs = [textwrap.dedent(text), *(textwrap.dedent(o) for o in others)]
        loaded = [example_document(d, pack) for d in docs]
        for index, result in enumerate(loaded):
            assert not result.errors, result.errors
            result.path = f"f{index}.yaml"
        as_of = date.fromisoformat(as_of)
        default_since, default_until = default_period(as_of)
        since = date.fromisoformat(since) if since else default_since
        until = date.fromisoformat(until) if until else default_until
        options = RunOptions(as_of, since, until, WorkCalendar(), packs=[pack], select=[code])
        result = evaluate_register(loaded, packset, options)
        return [f for f in result.findings if f.file == "f0.yaml" and f.rule == code]

    return _run


@pytest.fixture
def register_findings(packset):
    """register_findings(folder, as_of) -> {file name: set of rule codes}, every file of the folder listed.

    For the tests that pin a sample register's intended findings; missing-data findings fail the test.
    """
    from pathlib import Path

    from govmedia_lint.loading import discover, load_account_file

    def _findings(folder: Path, as_of: str) -> dict[str, set]:
        paths = list(discover([folder]))
        day = date.fromisoformat(as_of)
        since, until = default_period(day)
        result = evaluate_register([load_account_file(p) for p in paths], packset,
                                   RunOptions(day, since, until, WorkCalendar()))
        assert not result.incomplete
        found: dict[str, set] = {p.name: set() for p in paths}
        for finding in result.findings:
            assert "missing" not in finding.evidence, (finding.file, finding.rule, finding.message)
            found[Path(finding.file).name].add(finding.rule)
        return found

    return _findings
