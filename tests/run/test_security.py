"""Issue 9: files from a pull request must not run code, hide a violation, write outside the outputs or hang the tool.

Each test builds the hostile repository, file, link or FIFO inside its temporary directory and runs the CLI on it.
(The cache attacks are in test_cache.py.)"""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint import safeio
from govmedia_lint.cli.app import app

GOOD = "account: {name: 佳县水利, platform: wechat, jurisdiction: jiaxian, host_unit: 佳县水利局, status: active}\n"
AS_OF = ["--as-of", "2025-07-01"]
cli = CliRunner()


def invoke(*args, **kw):
    return cli.invoke(app, [str(a) for a in args], catch_exceptions=False, **kw)


def run_cli(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, so a hang is a failed test (TimeoutExpired), never a stuck suite."""
    code = "from govmedia_lint.cli.app import app; app(prog_name='govmedia-lint')"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "200"})


def account(name: str) -> str:
    return GOOD.replace("name: 佳县水利,", f"name: {json.dumps(name, ensure_ascii=False)},")


# --- 3. unbounded reads and hangs --------------------------------------------------------------------------------

@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_account_file_linked_to_dev_zero_is_refused_not_read(tmp_path, cache):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "ok.yaml").write_text(GOOD, encoding="utf-8")
    done = run_cli(tmp_path, "check", ".", "-f", "json", *AS_OF, *cache)
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    errors = [f for f in report["findings"] if f["rule"] == "GML-INPUT"]
    assert [e["file"] for e in errors] == ["zero.yaml"] and "设备文件" in errors[0]["message"]
    assert report["accounts"] == 1  # the other file is still checked


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("where", ["account", "calendar", "pack", "config-calendar"])
def test_a_fifo_never_hangs_the_tool(tmp_path, where):
    (tmp_path / "ok.yaml").write_text(GOOD, encoding="utf-8")
    args = ["check", "ok.yaml", "-f", "json", *AS_OF]
    if where == "account":
        os.mkfifo(tmp_path / "pipe.yaml")
        args[1] = "."
    elif where == "calendar":
        os.mkfifo(tmp_path / "cal.yaml")
        args += ["--calendar", "cal.yaml"]
    elif where == "pack":
        (tmp_path / "packs").mkdir()
        os.mkfifo(tmp_path / "packs" / "evil.yaml")
        args += ["--pack-dir", "packs"]
    else:
        os.mkfifo(tmp_path / "cal.yaml")
        (tmp_path / "govmedia-lint.toml").write_text('calendar = "cal.yaml"\n', encoding="utf-8")
    done = run_cli(tmp_path, *args, timeout=60)
    assert done.returncode == 2
    assert "命名管道" in done.stdout + done.stderr


@pytest.mark.parametrize("where", ["--calendar", "--pack-dir"])
def test_oversized_calendar_and_pack_are_refused(tmp_path, where):
    (tmp_path / "packs").mkdir()
    big = tmp_path / ("packs/big.yaml" if where == "--pack-dir" else "cal.yaml")
    big.write_text("# padding\n" * (safeio.SMALL_LIMIT // 10 + 1), encoding="utf-8")
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    result = invoke("check", tmp_path / "a.yaml", where, big if where == "--calendar" else big.parent, *AS_OF)
    assert result.exit_code == 2 and "文件超过 5 MB" in result.stderr


# --- 4. terminal output: data is never markup or escape sequences ------------------------------------------------

HOSTILE_NAMES = {
    "markup": "佳县[/]水利[link=https://evil.example]点我[/link][bold red]",
    "ansi": "佳县\x1b[2J\x1b]0;owned\x07水利",
    "workflow": "佳县水利\n::notice::forged\n::stop-commands::tok",
    "bidi": "佳县\u202egnp.exe\u202c水利",
}


@pytest.mark.parametrize("attack", HOSTILE_NAMES)
@pytest.mark.parametrize("fmt", ["table", "github"])
def test_hostile_account_name_is_shown_as_plain_visible_text(tmp_path, attack, fmt):
    (tmp_path / "a.yaml").write_text(account(HOSTILE_NAMES[attack]), encoding="utf-8")
    result = invoke("check", tmp_path / "a.yaml", "-f", fmt, *AS_OF, env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output  # findings, not a crash
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert not any(line.startswith("::notice::forged") or line.startswith("::stop-commands") for line in out.splitlines())
    if attack == "markup" and fmt == "table":
        assert "[link=https://evil.example]" in out  # shown literally, not a link
    if attack == "bidi":
        assert "<U+202E>" in out


def test_explain_and_rules_show_pack_markup_literally(tmp_path):
    from govmedia_lint.engine.packs import builtin_pack_dir

    text = (builtin_pack_dir() / "suixi.yaml").read_text(encoding="utf-8")
    text = text.replace("id: suixi", "id: evil", 1).replace("name: 濉溪", "name: 恶意[/]县", 1)
    text = text.replace("SX-", "EV-")
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "evil.yaml").write_text(text, encoding="utf-8")
    for args in (["packs"], ["rules", "--pack", "evil"], ["explain", "EV-NO-COMMERCIAL-ADS"]):
        result = invoke(*args, "--pack-dir", tmp_path / "packs")
        assert result.exit_code == 0, result.output
    assert "恶意[/]县" in invoke("packs", "--pack-dir", tmp_path / "packs", env={"COLUMNS": "300"}).stdout


# --- 5. XML outputs survive control characters -------------------------------------------------------------------

def test_vertical_tab_from_word_keeps_xlsx_and_junit_readable(tmp_path):
    from openpyxl import load_workbook

    (tmp_path / "a.yaml").write_text(account("佳县\u000b水利\u001f局"), encoding="utf-8")
    xlsx, junit = tmp_path / "r.xlsx", tmp_path / "r.xml"
    assert invoke("check", tmp_path / "a.yaml", "-f", "xlsx", "-o", xlsx, *AS_OF).exit_code == 1
    assert invoke("check", tmp_path / "a.yaml", "-f", "junit", "-o", junit, *AS_OF).exit_code == 1
    sheet = load_workbook(xlsx)["问题清单"]
    assert any("佳县␋水利␟局" == row[2] for row in sheet.iter_rows(min_row=2, values_only=True))
    suites = ET.parse(junit).getroot()
    assert "佳县␋水利␟局" in suites.find("testsuite").get("name")


# --- 6. writing outputs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("problem", ["missing-folder", "a-folder", "read-only", "symlink", "device"])
def test_bad_output_path_is_exit_2_before_the_run(tmp_path, problem):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    target = {"missing-folder": tmp_path / "no" / "r.json", "a-folder": tmp_path, "read-only": tmp_path / "ro.json",
              "symlink": tmp_path / "link.json", "device": Path("/dev/null")}[problem]
    if problem == "read-only":
        target.write_text("", encoding="utf-8")
        target.chmod(0o444)
        if os.access(target, os.W_OK):
            pytest.skip("root can write a read-only file")
    if problem == "symlink":
        target.symlink_to(victim)
    result = invoke("check", tmp_path / "a.yaml", "-f", "json", "-o", target, *AS_OF)
    assert result.exit_code == 2 and "输出" in result.stderr
    assert result.stdout == ""  # refused before the check ran
    assert victim.read_text(encoding="utf-8") == "keep"


def test_disk_full_leaves_no_truncated_report(tmp_path, monkeypatch):
    import errno

    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "report.html"
    out.write_text("previous report", encoding="utf-8")

    def full_disk(handle, data, durable=True):
        handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safeio, "_write_all", full_disk)
    result = invoke("check", tmp_path / "a.yaml", "-f", "html", "-o", out, *AS_OF)
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "report.html"]


# --- 7. silent passes and double counting --------------------------------------------------------------------------

def test_file_given_twice_or_linked_is_checked_once(tmp_path):
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "accounts" / "alias.yaml").symlink_to(tmp_path / "accounts" / "a.yaml")
    result = invoke("check", tmp_path / "accounts", tmp_path / "accounts" / "a.yaml", "-f", "json", *AS_OF)
    report = json.loads(result.stdout)
    assert report["files"] == 1
    assert not [f for f in report["findings"] if f["rule"].endswith("ONE-PER-PLATFORM")]


def test_unreadable_folder_is_an_input_error(tmp_path, monkeypatch):
    (tmp_path / "ok.yaml").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.yaml").write_text(GOOD, encoding="utf-8")
    real_scandir, real_iterdir = os.scandir, Path.iterdir

    def scandir(path=None):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def iterdir(self):
        if self.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(os, "scandir", scandir)  # root ignores chmod 000: discovery lists a folder with scandir,
    monkeypatch.setattr(Path, "iterdir", iterdir)  # the loader says why it cannot be read with iterdir
    result = invoke("check", tmp_path, "-f", "json", "--no-cache", *AS_OF)
    report = json.loads(result.stdout)
    assert result.exit_code == 2
    errors = [f for f in report["findings"] if f["rule"] == "GML-INPUT"]
    assert len(errors) == 1 and errors[0]["file"].endswith("locked") and "目录无法读取" in errors[0]["message"]


# --- 8. errors with their line, and no tracebacks ------------------------------------------------------------------

@pytest.mark.parametrize("value, field", [
    ("opened_on: 2025-02-30", "account.opened_on"),
    ("opened_on: 2025-13-01", "account.opened_on"),
    ("verified_on: 99999999999999999999999999999999", "account.verified_on"),
])
def test_impossible_unquoted_values_are_reported_at_their_field(tmp_path, value, field):
    text = "account:\n  name: 佳县水利\n  platform: wechat\n  jurisdiction: jiaxian\n  host_unit: 佳县水利局\n" \
           f"  status: active\n  {value}\n"
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    report = json.loads(invoke("check", tmp_path / "a.yaml", "-f", "json", *AS_OF).stdout)
    error = next(f for f in report["findings"] if f["rule"] == "GML-INPUT")
    assert (error["line"], error["evidence"]["field"]) == (7, field)


@pytest.mark.parametrize("moment", ["2025-01-01 24:00:00", "2025-01-01 10:00:00 +25:00"])
def test_impossible_times_are_reported_at_their_post(tmp_path, moment):
    (tmp_path / "a.yaml").write_text(GOOD + f"posts:\n  - {{date: 2025-01-02 10:00:00}}\n  - {{date: {moment}}}\n",
                                     encoding="utf-8")
    report = json.loads(invoke("check", tmp_path / "a.yaml", "-f", "json", *AS_OF).stdout)
    error = next(f for f in report["findings"] if f["rule"] == "GML-INPUT")
    assert (error["line"], error["evidence"]["field"]) == (4, "posts[1].date")


@pytest.mark.parametrize("content, expected", [
    ('fail-on = "warning"\n'.encode("utf-8-sig"), 1),  # a BOM (Notepad) is accepted: the warning fails
    ('# 配置\nfail-on = "warning"\n'.encode("gbk"), 2),
])
def test_config_encodings(tmp_path, content, expected):
    (tmp_path / "a.yaml").write_text(GOOD.replace("status: active", "status: closed"), encoding="utf-8")
    (tmp_path / "govmedia-lint.toml").write_bytes(content)
    result = invoke("check", tmp_path / "a.yaml", "--select", "JX-NO-SPECIAL", *AS_OF)
    assert result.exit_code == expected, result.output
    if expected == 2:
        assert "UTF-8" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("args, words", [
    (["--as-of", "0001-01-01"], "--as-of 应在"),
    (["--as-of", "9999-12-31", "-f", "html"], "--as-of 应在"),
    (["--pack-dir", "no-such-dir"], "规则包目录"),
])
def test_out_of_range_options_are_usage_errors(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    result = invoke("check", "a.yaml", *args)
    assert result.exit_code == 2 and words in result.stderr


def test_calendar_file_with_a_number_for_a_list(tmp_path):
    (tmp_path / "cal.yaml").write_text("2027:\n  holidays: 5\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    result = invoke("check", tmp_path / "a.yaml", "--calendar", tmp_path / "cal.yaml", *AS_OF)
    assert result.exit_code == 2 and "应为日期列表" in result.stderr


def test_data_in_year_9999_is_reported_not_a_crash(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD + "posts:\n  - {date: 9999-12-31 10:00:00}\n", encoding="utf-8")
    for fmt in ("json", "html", "table"):
        result = invoke("check", tmp_path / "a.yaml", "-f", fmt, *AS_OF)
        assert result.exit_code == 1


def _pack(tmp_path, pack_id, extends, message=None):
    rule = ("rules:\n  - code: T-X\n    name: t-x\n    title: t\n    severity: info\n    kind: record_required\n"
            "    params: {field: account.name}\n") if message else "rules: []\n"
    text = (f"id: {pack_id}\nname: {pack_id}\ndocument: d\nissued: 2020-01-01\nin_force_from: 2020-01-01\n"
            + (f"extends: {extends}\n" if extends else "") + rule)
    (tmp_path / f"{pack_id}.yaml").write_text(text, encoding="utf-8")


def test_long_extends_chain_and_cycle_are_configuration_errors(tmp_path):
    for index in range(40):
        _pack(tmp_path, f"p{index}", f"p{index + 1}" if index < 39 else "p0")
    result = invoke("packs", "--pack-dir", tmp_path)
    assert result.exit_code == 2 and ("继承" in result.stderr)


@pytest.mark.parametrize("template", ["{y:>300000000}", "{x.__class__.__mro__}", "{0}", "{}", "{name!r}"])
def test_pack_message_templates_are_plain_field_names(template):
    from pydantic import ValidationError

    from govmedia_lint.engine.packs import Rule

    with pytest.raises(ValidationError, match="message 模板只能用"):
        Rule.model_validate({"code": "T", "name": "t", "title": "t", "severity": "info", "kind": "record_required",
                             "message": template, "source": {"document": "d", "article": "a", "quote": "q"},
                             "explain": "e", "examples": {"fail": {"as_of": "2025-01-01", "yaml": "x"},
                                                          "pass": {"as_of": "2025-01-01", "yaml": "x"}}})


def test_message_template_fills_fields_and_keeps_literal_braces():
    from govmedia_lint.engine.evaluate import _format_message

    assert _format_message("{{x}} {summary} {missing}", None, {"summary": "留言"}) == "{x} 留言 ?"


def test_html_anchors_are_unique_per_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a-b.yaml").write_text(GOOD.replace("佳县水利", "佳县水务"), encoding="utf-8")
    out = tmp_path / "r.html"
    invoke("check", tmp_path, "-f", "html", "-o", out, *AS_OF)
    import re

    ids = re.findall(r'<section class="account" id="([^"]+)"', out.read_text(encoding="utf-8"))
    assert len(ids) == 2 and len(set(ids)) == 2


def test_jobs_capped_at_files_and_cores(tmp_path):
    from datetime import date

    from govmedia_lint.engine.evaluate import RunOptions, default_period
    from govmedia_lint.engine.packs import PackSet
    from govmedia_lint.run.runner import check_files, default_jobs
    from govmedia_lint.workdays import WorkCalendar

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(GOOD.replace("佳县水利", f"佳县{name}"), encoding="utf-8")
    since, until = default_period(date(2025, 7, 1))
    run = check_files(sorted(tmp_path.glob("*.yaml")), PackSet.load(), RunOptions(date(2025, 7, 1), since, until,
                      WorkCalendar()), jobs=1000, parallel_min_bytes=0)
    assert run.stats.jobs <= min(3, default_jobs())


def test_imported_titles_are_shown_as_plain_visible_text(tmp_path):
    """An export is untrusted too: a title carrying escape sequences or markup is shown, never run."""
    import csv
    import io

    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    csv.writer(out).writerows([["标题", "发布时间"], ["通知\x1b]0;owned\x07[link=http://evil]\u202e", "2025-06-02"]])
    (tmp_path / "export.csv").write_text(out.getvalue(), encoding="utf-8")
    result = invoke("import", "csv", tmp_path / "export.csv", "--account", tmp_path / "a.yaml",
                    "--map", "标题=title", "--map", "发布时间=date", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    assert "[link=http://evil]" in result.stdout and "<U+202E>" in result.stdout
