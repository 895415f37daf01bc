"""Issue 13: the same command on an unchanged register writes its stored report again, and nothing else does."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.run import runner
from govmedia_lint.cli.app import app
from govmedia_lint.run.cache import Cache, load_secret, open_cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def register(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "accounts" / "jiaxian", tmp_path / "accounts")
    monkeypatch.chdir(tmp_path)
    return sorted((tmp_path / "accounts").glob("*.yaml"))


@pytest.fixture
def no_check(monkeypatch):
    """Make any checking fail: a run served from the stored report never gets that far."""
    def refuse(*args, **kwargs):
        raise AssertionError("the register was checked")

    def arm():
        monkeypatch.setattr(runner, "check_files", refuse)

    return arm


def check(tmp_path, *extra, fmt="json"):
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(app, ["check", "accounts", "--as-of", "2026-06-30", "--format", fmt, "-o", str(out),
                                      "--cache-dir", str(tmp_path / "cache"), *extra], catch_exceptions=False)
    return result, out.read_bytes() if out.exists() else None


@pytest.mark.parametrize("fmt", ["json", "table", "xlsx", "html"])
def test_unchanged_register_gets_the_same_report_and_exit_code_without_checking(register, tmp_path, no_check, fmt):
    first, report = check(tmp_path, fmt=fmt)
    assert first.exit_code == 1 and report
    no_check()
    again, same = check(tmp_path, fmt=fmt)
    assert (again.exit_code, same) == (first.exit_code, report)


def test_an_edited_account_is_checked_again_and_its_new_violation_reported(register, tmp_path):
    first, report = check(tmp_path)
    target = next(p for p in register if "host_unit:" in p.read_text(encoding="utf-8"))
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("  status: active", "  status: active\n  opend_on: 2020-01-01", 1), encoding="utf-8")
    second, changed = check(tmp_path)
    assert second.exit_code == 2 and changed != report
    assert any(f["rule"] == "GML-INPUT" and "opend_on" in f["message"] for f in json.loads(changed)["findings"])


@pytest.mark.parametrize("extra", [["--no-mask"], ["--title", "佳县检查"], ["--fail-on", "never"], ["--select", "JX"],
                                   ["--ignore", "JX-UPDATE-WEEKLY"], ["--since", "2026-01-01"]])
def test_any_other_option_is_a_different_report(register, tmp_path, monkeypatch, extra):
    check(tmp_path, fmt="html")
    calls = []
    real = runner.check_files
    monkeypatch.setattr(runner, "check_files", lambda *a, **k: calls.append(1) or real(*a, **k))
    check(tmp_path, *extra, fmt="html")
    assert calls == [1]


def test_config_and_baseline_contents_are_part_of_the_key(register, tmp_path, monkeypatch):
    first, report = check(tmp_path)
    (tmp_path / "govmedia-lint.toml").write_text('[severity]\n"JX-UPDATE-WEEKLY" = "info"\n', encoding="utf-8")
    relevelled, changed = check(tmp_path)
    assert changed != report
    baseline = tmp_path / "baseline.json"
    assert check(tmp_path, "--write-baseline", str(baseline))[0].exit_code == 0
    with_baseline, quiet = check(tmp_path, "--baseline", str(baseline))
    assert with_baseline.exit_code == 0
    document = json.loads(baseline.read_text(encoding="utf-8"))
    document["findings"] = []  # no finding known any more: all are new again
    baseline.write_text(json.dumps(document), encoding="utf-8")
    assert check(tmp_path, "--baseline", str(baseline))[0].exit_code == 1


def test_a_report_not_written_by_this_user_is_never_used(register, tmp_path, monkeypatch):
    first, report = check(tmp_path)
    stored = next((tmp_path / "cache" / "reports").glob("*.report"))
    # the same entry re-signed with another user's secret: the attacker's forged "clean" report
    forged = Cache(tmp_path / "cache", b"x" * 32)
    magic, key, _mac, payload = stored.read_bytes().split(b"\n", 3)
    header, _, body = payload.partition(b"\n")
    clean = json.loads(body)
    clean["findings"] = []
    forged.write_report(stored.stem, key.decode(), {**json.loads(header), "exit": 0}, json.dumps(clean).encode())
    second, again = check(tmp_path)
    assert (second.exit_code, again) == (1, report)


def test_one_report_is_kept_per_format_and_output(register, tmp_path):
    check(tmp_path)
    check(tmp_path, "--title", "x")
    check(tmp_path, "--no-mask")
    check(tmp_path, fmt="csv")
    assert len(list((tmp_path / "cache" / "reports").glob("*.report"))) == 2


def test_no_cache_and_write_baseline_neither_read_nor_store_reports(register, tmp_path):
    check(tmp_path, "--no-cache")
    check(tmp_path, "--write-baseline", str(tmp_path / "b.json"))
    assert not (tmp_path / "cache" / "reports").exists()


def test_serving_a_report_renews_the_entries_behind_it_once_a_day(register, tmp_path):
    check(tmp_path)
    cache = open_cache(tmp_path / "cache")
    month_ago = time.time() - 31 * 86400
    entries = list(cache.entries.rglob("*.json"))
    stored = next((tmp_path / "cache" / "reports").glob("*.report"))
    for path in (*entries, stored):
        os.utime(path, (month_ago, month_ago))
    check(tmp_path)
    assert cache.prune() == 0
    assert all(time.time() - p.stat().st_mtime < 3600 for p in (*entries, stored))


def test_prune_deletes_reports_unused_for_a_month_but_never_through_a_link(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / ("ab" * 32 + ".report")
    victim.write_text("not ours", encoding="utf-8")
    cache = Cache(tmp_path / "c", load_secret())
    cache.write_report("cd" * 32, "k" * 64, {"binary": False, "exit": 0, "provisional": []}, b"old")
    month_ago = time.time() - 40 * 86400
    for path in (victim, cache.directory / "reports" / ("cd" * 32 + ".report")):
        os.utime(path, (month_ago, month_ago))
    (cache.directory / "reports" / ("ab" * 32 + ".report")).symlink_to(victim)
    assert cache.prune() == 1
    assert victim.exists() and cache.read_report("cd" * 32, "k" * 64) is None


def test_phone_numbers_are_masked_whether_checked_now_or_taken_from_the_cache(register, tmp_path, monkeypatch):
    """The workers note which findings hold a phone number (``FileOutcome.maskable``); the report masks those,
    and the findings they found nothing in go through untouched (masking 35,000 findings in the report
    took a second)."""
    target = register[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("  status: active", '  status: active\n  opened_on: "13812345678"', 1)
                      if "  opened_on:" not in text else
                      "\n".join('  opened_on: "13812345678"' if line.startswith("  opened_on:") else line
                                for line in text.splitlines()) + "\n", encoding="utf-8")
    outputs = []
    for extra in ([], ["--title", "warm: from the per-file entries"], ["--no-mask"]):
        outputs.append(check(tmp_path, *extra, fmt="csv")[1].decode("utf-8-sig"))
    assert "138****5678" in outputs[0] and "138****5678" in outputs[1]
    assert "13812345678" not in outputs[0] + outputs[1] and "13812345678" in outputs[2]


def test_a_stored_report_is_written_in_parts_as_one_signed_entry(tmp_path):
    """The body is written after the header line, not copied into one blob with it (a report of hundreds of
    megabytes): the file is magic, key, MAC of the whole payload, then the payload, and reads back whole."""
    import hashlib
    import hmac

    secret = load_secret()
    cache = Cache(tmp_path / "c", secret)
    body = "第一行\n第二行\n".encode() * 1000
    cache.write_report("cd" * 32, "k" * 64, {"binary": False, "exit": 1, "provisional": [2027]}, body)
    blob = (cache.directory / "reports" / ("cd" * 32 + ".report")).read_bytes()
    magic, key, mac, payload = blob.split(b"\n", 3)
    assert (magic, key) == (b"govmedia-lint-report 1", b"k" * 64)
    assert mac == hmac.new(secret, key + b"\0" + payload, hashlib.sha256).hexdigest().encode()
    assert payload.partition(b"\n")[2] == body
    header, stored = cache.read_report("cd" * 32, "k" * 64)
    assert stored == body and (header["exit"], header["provisional"]) == (1, [2027])


def test_a_stored_report_of_another_key_is_refused_from_its_first_line(tmp_path, monkeypatch):
    """An edited run's stored report is another run's: told from the key on its second line, the rest (tens of
    megabytes of report) is neither read nor signed; a report under the key but altered is still refused."""
    cache = Cache(tmp_path / "c", load_secret())
    body = b"x" * 100_000
    cache.write_report("cd" * 32, "k" * 64, {"binary": True, "exit": 0, "provisional": []}, body)
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    assert cache.read_report("cd" * 32, "j" * 64) is None
    assert sum(read) < 100
    monkeypatch.undo()
    assert cache.read_report("cd" * 32, "k" * 64)[1] == body
    path = cache.directory / "reports" / ("cd" * 32 + ".report")
    path.write_bytes(path.read_bytes()[:-1] + b"y")
    assert cache.read_report("cd" * 32, "k" * 64) is None
