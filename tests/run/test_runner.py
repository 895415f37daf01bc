"""The parallel runner gives exactly what evaluate_register gives over all files at once."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.run import runner as runner_module
from govmedia_lint.cli.app import app
from govmedia_lint.engine.evaluate import RunOptions, default_period, evaluate_register
from govmedia_lint.loading import discover, load_account_file
from govmedia_lint.run.facts import collect
from govmedia_lint.engine.kinds import KINDS
from govmedia_lint.run.runner import check_files
from govmedia_lint.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 6, 30)


def options(**kw) -> RunOptions:
    since, until = default_period(AS_OF)
    return RunOptions(AS_OF, since, until, WorkCalendar(), **kw)


def account(name: str, host_unit: str, platform: str = "wechat", status: str = "active", posts: int = 3) -> str:
    header = (f"account: {{name: {name}, platform: {platform}, jurisdiction: jiaxian, host_unit: {host_unit}, "
              f"host_unit_kind: department, status: {status}, opened_on: 2020-01-01, interaction_enabled: true}}")
    lines = [header, "posts:"]
    lines += [f"  - {{date: 2026-0{1 + i % 6}-1{i % 10} 09:00, title: t{i}, original: true, reviewers: [甲]}}"
              for i in range(posts)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def reference(files, packset, opts):
    loaded = [load_account_file(f) for f in files]
    return evaluate_register(loaded, packset, opts), loaded


@pytest.mark.parametrize("jobs", [1, 2])
def test_runner_equals_evaluate_register_on_the_sample_register(in_root, packset, jobs):
    files = list(discover([Path("accounts")]))
    expected, loaded = reference(files, packset, options())
    run = check_files(files, packset, options(), jobs=jobs, parallel_min_bytes=0)
    assert run.stats.jobs == jobs
    assert run.result.findings == expected.findings
    assert run.result.evaluated == expected.evaluated
    assert list(run.result.evaluated) == list(expected.evaluated)
    assert (run.result.files, run.result.accounts, run.result.incomplete) == \
        (expected.files, expected.accounts, expected.incomplete)
    # the facts the report needs, with posts and messages pruned to those findings point at
    full = {r.path: collect(r.path, r.document) for r in loaded if r.document is not None}
    assert list(run.facts) == list(full)
    for finding in expected.findings:
        if finding.file in full:
            assert run.facts[finding.file].item_at(finding.line) == full[finding.file].item_at(finding.line)
    for path, facts in run.facts.items():
        assert facts.post_days == full[path].post_days and facts.waivers == full[path].waivers
    # scoring reads the name, host unit, jurisdiction, platform and status of each account: with workers, the
    # register's rules are evaluated in one of them and only these come back
    def scored(account):
        return account.name, account.host_unit, account.jurisdiction, account.platform, account.status

    assert [(r.path, scored(r.document.account)) for r in run.loaded] == \
        [(r.path, scored(r.document.account)) for r in loaded if r.document is not None]
    if jobs == 1:
        assert [(r.path, r.document.account) for r in run.loaded] == \
            [(r.path, r.document.account) for r in loaded if r.document is not None]


def test_serial_and_parallel_cli_output_identical(in_root, monkeypatch):
    monkeypatch.setattr(runner_module, "PARALLEL_MIN_BYTES", 0)
    cli = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        result = cli.invoke(app, ["check", "accounts", "--as-of", "2026-06-30", "--format", "json", "--no-cache",
                                  "--jobs", jobs], catch_exceptions=False)
        assert result.exit_code in (1, 2), result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["findings"]


def test_cross_account_rules_see_every_file(tmp_path, packset):
    (tmp_path / "a.yaml").write_text(account("佳县教育", "佳县教育局"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(account("佳县教育发布", "佳县教育局", "weibo"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(account("佳县卫健", "佳县卫健局", status="closed"), encoding="utf-8")
    (tmp_path / "d.yaml").write_text(account("佳县教育", "佳县教育局"), encoding="utf-8")
    files = sorted(tmp_path.glob("*.yaml"))
    opts = options(select=["JX-ONE-PER-PLATFORM", "JX-NAME-CONSISTENT"])
    expected, _ = reference(files, packset, opts)
    assert {f.rule for f in expected.findings} == {"JX-ONE-PER-PLATFORM", "JX-NAME-CONSISTENT"}
    for jobs in (1, 2):
        assert check_files(files, packset, opts, jobs=jobs, parallel_min_bytes=0).result.findings == expected.findings


def test_register_index_matches_pairwise_comparison(tmp_path, packset):
    """Registers of 64+ accounts are grouped by an index; the findings are those of comparing every pair."""
    units = [f"单位{i % 40}" for i in range(90)]
    platforms = ["wechat", "weibo", "douyin"]
    for i, unit in enumerate(units):
        status = "closed" if i % 17 == 0 else "active"
        (tmp_path / f"{i:03d}.yaml").write_text(
            account(f"{unit}{'号' if i % 11 == 0 else ''}", unit, platforms[i % 2 if i < 60 else i % 3], status, 0),
            encoding="utf-8")
    files = sorted(tmp_path.glob("*.yaml"))
    loaded = [load_account_file(f) for f in files]
    opts = options(select=["JX-ONE-PER-PLATFORM", "JX-NAME-CONSISTENT"])
    result = evaluate_register(loaded, packset, opts)
    accounts = [(r.path, r.document.account) for r in loaded]
    live = [(p, a) for p, a in accounts if a.status.value in ("active", "offline", "closing")]
    dup = {p for p, a in live if any(q != p and (b.host_unit, b.platform) == (a.host_unit, a.platform) for q, b in live)}
    odd = {p for p, a in live if any(q != p and b.host_unit == a.host_unit and b.name != a.name
                                     and b.platform != a.platform for q, b in live)}
    assert {f.file for f in result.findings if f.rule == "JX-ONE-PER-PLATFORM"} == dup
    assert {f.file for f in result.findings if f.rule == "JX-NAME-CONSISTENT"} == odd
    assert dup and odd
    assert check_files(files, packset, opts, jobs=2, parallel_min_bytes=0).result.findings == result.findings


def test_only_kinds_declared_of_register_scope_read_the_register():
    """The runner evaluates file by file every kind declared with ``scope="file"``: none of them may look across."""
    register_scope = {name for name, kind in KINDS.items() if kind.scope == "register"}
    # quarterly_record judges the register's supervision.yaml (subject "supervision"), beside the accounts
    assert register_scope == {"unique_per_group", "consistent_across_group", "quarterly_record"}
    modules = {KINDS[name].func.__module__.rsplit(".", 1)[1] + ".py" for name in register_scope}
    for path in (ROOT / "src" / "govmedia_lint" / "checks").glob("*.py"):
        if path.name not in modules:
            assert not re.search(r"\.register\b", path.read_text(encoding="utf-8")), path.name


def test_unreadable_and_invalid_files_are_reported_like_a_serial_run(tmp_path, packset):
    (tmp_path / "ok.yaml").write_text(account("佳县教育", "佳县教育局"), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("account: {name: x\n", encoding="utf-8")
    (tmp_path / "gbk.yaml").write_bytes("account: {name: 佳县}\n".encode("gb18030"))
    (tmp_path / "typo.yaml").write_text(account("佳县卫健", "佳县卫健局").replace("opened_on", "opend_on"),
                                        encoding="utf-8")
    files = sorted(tmp_path.glob("*.yaml"))
    expected, _ = reference(files, packset, options())
    for cache_dir in (None, tmp_path / "cache", tmp_path / "cache"):
        run = check_files(files, packset, options(), jobs=2, parallel_min_bytes=0, cache_dir=cache_dir)
        assert run.result.findings == expected.findings and run.result.incomplete
        assert set(run.facts) == set(expected.evaluated)


@pytest.mark.parametrize("cached", [False, True])
def test_the_fingerprints_workers_work_out_are_the_findings_own(in_root, packset, tmp_path, cached):
    """SARIF and the baseline take a finding's fingerprint from its worker (kept in the cache entry): it is the
    one worked out from the finding and its file's full facts, for every finding a file's own rules find."""
    from govmedia_lint.run.identity import fingerprint, known_fingerprint

    files = list(discover([Path("accounts")]))
    cache = tmp_path / "cache"
    if cached:  # a run that does not ask for them keeps none (a json report reads none)
        assert check_files(files, packset, options(), jobs=1, cache_dir=cache).fingerprints == {}
    run = check_files(files, packset, options(), jobs=1, cache_dir=cache, fingerprints=True)
    assert run.stats.cache_hits == (len(files) if cached else 0)
    full = {str(f): collect(r.path, r.document) for f in files if (r := load_account_file(f)).document is not None}
    known = [f for f in run.result.findings if id(f) in run.fingerprints]
    assert len(known) > len(run.result.findings) // 2  # all but the cross-account rules' findings
    for finding in run.result.findings:
        expected = fingerprint(finding, full.get(finding.file), AS_OF)
        assert known_fingerprint(finding, run.facts.get(finding.file), AS_OF, run.fingerprints) == expected
    # a copy (a masked finding) is never given the fingerprint of the finding it was copied from
    import dataclasses

    original = known[0]
    copy = dataclasses.replace(original, evidence={**original.evidence, "changed": "x"})
    assert known_fingerprint(copy, run.facts.get(copy.file), AS_OF, run.fingerprints) == \
        fingerprint(copy, run.facts.get(copy.file), AS_OF) != run.fingerprints[id(original)][1]


def test_what_recurs_from_file_to_file_is_held_once(in_root, packset):
    """Each worker's outcome brings its own copy of the rule codes, names, clauses and evaluated codes; the runner
    keeps one of each for the whole run (10,000 files: ~70 MB), the findings equal to a serial run's."""
    files = list(discover([Path("accounts")]))
    expected, _ = reference(files, packset, options())
    run = check_files(files, packset, options(), jobs=2, parallel_min_bytes=0)
    assert run.result.findings == expected.findings
    first: dict[str, object] = {}
    sources: dict[tuple, object] = {}
    across = {rule.code for rule in packset.all_rules() if KINDS[rule.kind].scope == "register"}  # found here
    for finding in run.result.findings:
        if finding.rule in across:
            continue
        assert first.setdefault(finding.rule, finding.rule) is finding.rule
        if finding.source and all(type(v) is str for v in finding.source.values()):
            assert sources.setdefault(tuple(finding.source.items()), finding.source) is finding.source
    assert len({finding.file for finding in run.result.findings}) > 10
    lists: dict[tuple, list] = {}
    for codes in run.result.evaluated.values():
        assert lists.setdefault(tuple(codes), codes) is codes


def test_the_runner_shares_only_texts_not_values_equal_to_them():
    """A clause whose values are not all texts is kept as it came (1, 1.0 and True are equal but write differently)."""
    from govmedia_lint.engine.findings import Finding

    def outcome(source):
        finding = Finding("R", "n", "p", "error", "a.yaml", 1, "甲", "m", source)
        return runner_module.FileOutcome("a.yaml", [finding], ["R"], False)

    sharing = runner_module._Sharing()
    one, other, text, same = outcome({"n": 1}), outcome({"n": True}), outcome({"n": "1"}), outcome({"n": "1"})
    for value in (one, other, text, same):
        sharing.outcome(value)
    assert other.findings[0].source == {"n": True} and type(other.findings[0].source["n"]) is bool
    assert same.findings[0].source is text.findings[0].source
    assert same.evaluated is text.evaluated


def test_no_kind_keeps_the_register_after_it_was_evaluated(in_root, packset, monkeypatch):
    """The index of the register's accounts that the group kinds build is emptied once the register is evaluated:
    the accounts are not kept alive by a module to the end of the command."""
    from govmedia_lint.checks import register

    monkeypatch.setattr(register, "_INDEX_FROM", 0)  # index the sample register too
    built = []
    group = register._group
    monkeypatch.setattr(register, "_group", lambda *args: built.append(1) or group(*args))
    files = list(discover([Path("accounts")]))
    loaded = [load_account_file(f) for f in files]
    evaluate_register(loaded, packset, options())
    assert built and register._GROUPS == []
