"""The per-file result cache: hits when nothing changed, never stale, bypassed by --no-cache."""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.engine.evaluate import RunOptions, default_period
from govmedia_lint.engine.packs import PackSet, builtin_pack_dir
from govmedia_lint.run.cache import ENV_DIR, Cache, default_dir, load_secret, user_cache_dir
from govmedia_lint.run.runner import check_files
from govmedia_lint.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]
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
    entries = sorted((cache / "v2").rglob("*.json"))
    assert len(entries) == len(register)
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(entries[2].read_bytes())  # another file's entry under this key
    again = run(register, packset, cache)
    assert again.result == cold.result
    assert again.stats.cache_hits == len(register) - 2


def test_atomic_writes_leave_no_temporary_files(tmp_path):
    cache = Cache(tmp_path / "c", load_secret())
    for _ in range(3):
        cache.write("ab" + "0" * 62, cache.encode("ab" + "0" * 62, {"x": 1}))
    assert [p.name for p in (tmp_path / "c" / "v2" / "ab").iterdir()] == ["ab" + "0" * 62 + ".json"]
    assert cache.decode("ab" + "0" * 62, cache.read("ab" + "0" * 62)) == {"x": 1}


def test_cli_no_cache_and_cache_dir(register, monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DIR, raising=False)
    cli = CliRunner()
    args = ["check", "accounts", "--as-of", "2026-06-30", "--format", "json"]
    bypass = cli.invoke(app, [*args, "--no-cache"], catch_exceptions=False)
    default = cli.invoke(app, args, catch_exceptions=False)
    assert (default_dir() / "v2").is_dir() and default_dir().is_relative_to(user_cache_dir())
    chosen = cli.invoke(app, [*args, "--cache-dir", str(tmp_path / "elsewhere")], catch_exceptions=False)
    assert len(list((tmp_path / "elsewhere" / "v2").rglob("*.json"))) == len(register)
    warm = cli.invoke(app, [*args, "--cache-dir", str(tmp_path / "elsewhere")], catch_exceptions=False)
    assert bypass.output == default.output == chosen.output == warm.output
    assert bypass.exit_code == warm.exit_code == 1


def test_prune_deletes_entries_unused_for_a_month(tmp_path):
    import os
    import time

    cache = Cache(tmp_path / "c", load_secret())
    old, recent = "aa" + "1" * 62, "aa" + "2" * 62
    for key in (old, recent):
        cache.write(key, cache.encode(key, key))
    month_ago = time.time() - 31 * 86400
    os.utime(cache.entries / "aa" / f"{old}.json", (month_ago, month_ago))
    assert cache.prune() == 1
    assert cache.read(old) is None and cache.decode(recent, cache.read(recent)) == recent
    assert cache.prune() == 0  # once a day


# --- a pull request must not run code, forge results or delete files through the cache ---------------

def _json_report(cli, *extra):
    result = cli.invoke(app, ["check", "accounts", "--as-of", "2026-06-30", "--format", "json", *extra],
                        catch_exceptions=False)
    return result.exit_code, result.stdout


def _entry_names(tmp_path, register, packset) -> list[Path]:
    """The entry paths a real run writes (names are predictable: an attacker can compute them too)."""
    probe = tmp_path / "probe"
    run(register, packset, probe)
    return [p.relative_to(probe) for p in sorted(probe.rglob("*.json"))]


def test_committed_pickle_entries_never_run_and_never_forge_results(register, packset, tmp_path, monkeypatch):
    import pickle

    monkeypatch.delenv(ENV_DIR, raising=False)
    cli = CliRunner()
    truth = _json_report(cli, "--no-cache")
    planted = tmp_path / ".govmedia-lint-cache"
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    names = _entry_names(tmp_path, register, packset)
    for name in names:  # every entry the run will look up, as pickles and as old-format pickles
        for target in (planted / name, planted / "v1" / name.relative_to("v2").with_suffix(".pickle")):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pickle.dumps((name.stem, Exploit())))
    for cache_dir in (None, planted):
        assert _json_report(cli, *(["--cache-dir", str(cache_dir)] if cache_dir else [])) == truth
    assert not marker.exists()


def test_forged_json_entry_without_this_users_key_is_a_miss(register, packset, tmp_path):
    cache_dir = tmp_path / "cache"
    cold = run(register, packset, cache_dir)
    entry = next(cache_dir.rglob("*.json"))
    # the attacker writes a well-formed entry saying "no findings", signed with another key
    forged = Cache(cache_dir, b"k" * 32)
    value = Cache(cache_dir, load_secret()).decode(entry.stem, entry.read_bytes())
    value.findings = []
    entry.write_bytes(forged.encode(entry.stem, value))
    again = run(register, packset, cache_dir)
    assert again.result == cold.result and again.stats.parsed == 1


def test_default_cache_is_outside_the_working_tree(register, monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DIR, raising=False)
    (tmp_path / ".git").mkdir()
    assert not default_dir().is_relative_to(tmp_path)
    assert default_dir() == default_dir(tmp_path / "accounts")  # one folder per repository
    _json_report(CliRunner())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".govmedia")] == []


def test_cache_key_is_private_to_the_user():
    load_secret()
    key = user_cache_dir() / "cache-secret.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32


@pytest.mark.parametrize("attack", ["symlink", "tracked", "foreign"])
def test_planted_cache_directory_is_not_used_and_said_once(register, packset, tmp_path, attack):
    import subprocess

    real = tmp_path / "elsewhere"
    real.mkdir()
    cache_dir = tmp_path / ".govmedia-lint-cache"
    if attack == "symlink":
        cache_dir.symlink_to(real)
    elif attack == "tracked":
        cache_dir.mkdir()
        (cache_dir / "README").write_text("x", encoding="utf-8")
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
        subprocess.run(["git", "-C", str(tmp_path), "add", ".govmedia-lint-cache/README"], check=True)
    else:
        if os.getuid() != 0:
            pytest.skip("only root can give a folder to another user")
        cache_dir.mkdir()
        os.chown(cache_dir, 4242, -1)
    result = CliRunner().invoke(
        app, ["check", "accounts", "--as-of", "2026-06-30", "--format", "json", "--cache-dir", str(cache_dir)])
    assert result.stderr.count("本次不使用结果缓存") == 1, result.stderr
    assert not list(real.rglob("*.json")) and not list(cache_dir.rglob("*.json"))
    assert result.exit_code == 1


def test_prune_never_follows_planted_symlinks(tmp_path):
    import time

    outside = tmp_path / "home" / ".ssh"
    outside.mkdir(parents=True)
    victim = outside / "id_ed25519"
    victim.write_text("secret", encoding="utf-8")
    same_name = outside / ("ab" + "0" * 62 + ".json")
    same_name.write_text("x", encoding="utf-8")
    month_ago = time.time() - 40 * 86400
    for path in (victim, same_name):
        os.utime(path, (month_ago, month_ago))
    cache = Cache(tmp_path / "c", load_secret())
    cache.write("cd" + "0" * 62, cache.encode("cd" + "0" * 62, 1))
    (cache.entries / "zz").symlink_to(outside)                 # v2/zz -> ~/.ssh
    (cache.entries / "ab").symlink_to(outside)                 # a folder named like an entry folder
    (cache.entries / "cd" / ("cd" + "1" * 62 + ".json")).symlink_to(victim)  # an entry that is a link
    assert cache.prune() == 0
    assert victim.exists() and same_name.exists()
    # the whole entries folder replaced by a link to the register
    register = tmp_path / "register"
    register.mkdir()
    (register / "ab").mkdir()
    old = register / "ab" / ("ab" + "2" * 62 + ".json")
    old.write_text("account file", encoding="utf-8")
    os.utime(old, (month_ago, month_ago))
    linked = Cache(tmp_path / "d", load_secret())
    (tmp_path / "d").mkdir()
    linked.entries.symlink_to(register)
    assert linked.prune() == 0 and old.exists()


def test_the_code_digest_covers_every_module_of_the_package(monkeypatch):
    """An edited check, renderer or label must miss the cache, not only an edited cache module."""
    from pathlib import Path

    from govmedia_lint.run import cache

    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.as_posix()) or original(self))
    cache._code_digest()
    for module in ("render/people.py", "checks/activity.py", "fields.yaml", "run/cache.py"):
        assert any(path.endswith("govmedia_lint/" + module) for path in read), module
