"""The per-file result cache: hits when nothing changed, never stale, bypassed by --no-cache."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cache import DIR_NAME, ENV_DIR, Cache, default_dir
from govmedia_lint.cli import app
from govmedia_lint.engine.evaluate import RunOptions, default_period
from govmedia_lint.engine.packs import PackSet, builtin_pack_dir
from govmedia_lint.runner import check_files
from govmedia_lint.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 6, 30)


def options(as_of: date = AS_OF, **kw) -> RunOptions:
    since, until = default_period(as_of)
    return RunOptions(as_of, since, until, WorkCalendar(), **kw)


@pytest.fixture
def register(tmp_path, monkeypatch):
    """A copy of the 佳县 sample register, checked from its parent folder."""
    shutil.copytree(ROOT / "accounts" / "jiaxian", tmp_path / "accounts")
    monkeypatch.chdir(tmp_path)
    return sorted((tmp_path / "accounts").glob("*.yaml"))


def run(files, packset, cache_dir, opts=None, jobs=1):
    return check_files(files, packset, opts or options(), jobs=jobs, parallel_min_bytes=0, cache_dir=cache_dir)


def test_second_run_hits_and_gives_the_same_result(register, packset, tmp_path):
    cache = tmp_path / "cache"
    cold = run(register, packset, cache)
    assert (cold.stats.cache_hits, cold.stats.parsed) == (0, len(register))
    for jobs in (1, 2):
        warm = run(register, packset, cache, jobs=jobs)
        assert (warm.stats.cache_hits, warm.stats.parsed) == (len(register), 0)
        assert warm.result == cold.result and warm.facts == cold.facts
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_edited_file_is_checked_again_and_its_neighbours_see_the_edit(register, packset, tmp_path):
    cache = tmp_path / "cache"
    opts = options(select=["JX-ONE-PER-PLATFORM", "JX-NAME-CONSISTENT", "JX-UPDATE-WEEKLY"])
    before = run(register, packset, cache, opts)
    flagged_before = {f.file for f in before.result.findings if f.rule == "JX-ONE-PER-PLATFORM"}
    active = [p for p in register if "  status: active" in p.read_text(encoding="utf-8")]
    wechat = next(p for p in active if "  platform: wechat" in p.read_text(encoding="utf-8")
                  and "accounts/" + p.name not in flagged_before)
    # an edit of the account section: another account of the register now shares unit and platform
    other = next(p for p in active if p != wechat and "  platform: wechat" not in p.read_text(encoding="utf-8"))
    text = other.read_text(encoding="utf-8")
    unit = next(line.split(":", 1)[1].strip() for line in wechat.read_text(encoding="utf-8").splitlines()
                if line.strip().startswith("host_unit:"))
    lines = []
    for line in text.splitlines():
        if line.strip().startswith("host_unit:"):
            line = line.split("host_unit:")[0] + f"host_unit: {unit}"
        elif line.strip().startswith("platform:"):
            line = line.split("platform:")[0] + "platform: wechat"
        lines.append(line)
    other.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = run(register, packset, cache, opts)
    assert (again.stats.cache_hits, again.stats.parsed) == (len(register) - 1, 1)
    fresh = run(register, packset, None, opts)
    assert again.result == fresh.result
    flagged = {f.file for f in fresh.result.findings if f.rule == "JX-ONE-PER-PLATFORM"}
    assert "accounts/" + wechat.name in flagged  # the unchanged, cached file gets the cross-account finding


def test_edited_pack_is_checked_again(register, packset, tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    pack = packs / "county.yaml"
    source = (builtin_pack_dir() / "jiaxian.yaml").read_text(encoding="utf-8")
    pack_text = source.replace("id: jiaxian", "id: county", 1).replace("name: 佳县", "name: 某县", 1)
    pack.write_text(pack_text, encoding="utf-8")
    cache = tmp_path / "cache"
    opts = options(packs=["county"], select=["JX-UPDATE-WEEKLY"])
    first = run(register, PackSet.load([packs]), cache, opts)
    assert run(register, PackSet.load([packs]), cache, opts).stats.parsed == 0
    assert "min: 2" in pack_text
    pack.write_text(pack_text.replace("min: 2", "min: 7", 1), encoding="utf-8")
    edited_packs = PackSet.load([packs])
    edited = run(register, edited_packs, cache, opts)
    assert edited.stats.parsed == len(register)
    assert edited.result == run(register, edited_packs, None, opts).result
    assert len(edited.result.findings) > len(first.result.findings)


@pytest.mark.parametrize("change", [
    {"as_of": date(2025, 12, 31)},
    {"select": ["JX-UPDATE"]},
    {"ignore": ["JX-UPDATE-WEEKLY"]},
    {"packs": ["national"]},
])
def test_changed_options_miss(register, packset, tmp_path, change):
    cache = tmp_path / "cache"
    run(register, packset, cache)
    as_of = change.pop("as_of", AS_OF)
    changed = options(as_of, **change)
    again = run(register, packset, cache, changed)
    assert again.stats.parsed == len(register)
    assert again.result == run(register, packset, None, changed).result


def test_calendar_contents_are_part_of_the_key(register, packset, tmp_path):
    cache = tmp_path / "cache"
    run(register, packset, cache)
    opts = options()
    opts.calendar = WorkCalendar({2027: (frozenset({date(2027, 1, 1)}), frozenset())})
    assert run(register, packset, cache, opts).stats.parsed == len(register)


def test_damaged_entry_is_a_miss(register, packset, tmp_path):
    cache = tmp_path / "cache"
    cold = run(register, packset, cache)
    entries = sorted((cache / "v1").rglob("*.pickle"))
    assert len(entries) == len(register)
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(entries[2].read_bytes())  # another file's entry under this key
    again = run(register, packset, cache)
    assert again.result == cold.result
    assert again.stats.cache_hits == len(register) - 2


def test_atomic_writes_leave_no_temporary_files(tmp_path):
    cache = Cache(tmp_path / "c")
    for _ in range(3):
        cache.write("ab" + "0" * 62, Cache.encode("ab" + "0" * 62, {"x": 1}))
    assert [p.name for p in (tmp_path / "c" / "v1" / "ab").iterdir()] == ["ab" + "0" * 62 + ".pickle"]
    assert Cache.decode("ab" + "0" * 62, cache.read("ab" + "0" * 62)) == {"x": 1}


def test_cli_no_cache_and_cache_dir(register, monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DIR, raising=False)
    cli = CliRunner()
    args = ["check", "accounts", "--as-of", "2026-06-30", "--format", "json"]
    bypass = cli.invoke(app, [*args, "--no-cache"], catch_exceptions=False)
    assert not (tmp_path / DIR_NAME).exists()
    default = cli.invoke(app, args, catch_exceptions=False)
    assert (tmp_path / DIR_NAME / "v1").is_dir() and default_dir() == tmp_path / DIR_NAME
    chosen = cli.invoke(app, [*args, "--cache-dir", str(tmp_path / "elsewhere")], catch_exceptions=False)
    assert len(list((tmp_path / "elsewhere" / "v1").rglob("*.pickle"))) == len(register)
    warm = cli.invoke(app, [*args, "--cache-dir", str(tmp_path / "elsewhere")], catch_exceptions=False)
    assert bypass.output == default.output == chosen.output == warm.output
    assert bypass.exit_code == warm.exit_code == 1


def test_prune_deletes_entries_unused_for_a_month(tmp_path):
    import os
    import time

    cache = Cache(tmp_path / "c")
    old, recent = "aa" + "1" * 62, "aa" + "2" * 62
    for key in (old, recent):
        cache.write(key, Cache.encode(key, key))
    month_ago = time.time() - 31 * 86400
    os.utime(cache.entries / "aa" / f"{old}.pickle", (month_ago, month_ago))
    assert cache.prune() == 1
    assert cache.read(old) is None and Cache.decode(recent, cache.read(recent)) == recent
    assert cache.prune() == 0  # once a day
