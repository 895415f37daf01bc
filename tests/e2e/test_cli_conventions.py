"""Issue 11 §2: a CLI that respects the terminal and never passes silently."""

import json

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app

GOOD = "account: {name: 佳县水利, platform: wechat, jurisdiction: jiaxian, host_unit: 佳县水利局, status: active}\n"
AS_OF = ["--as-of", "2025-07-01"]
cli = CliRunner()


def invoke(*args, env=None):
    return cli.invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "100", **(env or {})})


@pytest.fixture
def account_file(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_selector_is_a_usage_error_with_a_suggestion(account_file, option):
    result = invoke("check", account_file, option, "JX-UPDATE-WEEKYL", *AS_OF)
    assert result.exit_code == 2
    assert "JX-UPDATE-WEEKYL" in result.stderr and "JX-UPDATE-WEEKLY" in result.stderr


def test_unknown_selector_in_the_config_is_a_usage_error(account_file):
    (account_file.parent / "govmedia-lint.toml").write_text('ignore = ["JX-NONEXISTENT"]\n', encoding="utf-8")
    result = invoke("check", account_file, *AS_OF)
    assert result.exit_code == 2 and "JX-NONEXISTENT" in result.stderr


def test_prefixes_aliases_and_all_are_selectors(account_file):
    for selector in ("JX", "JX-UPDATE", "GML", "ALL"):
        assert invoke("check", account_file, "--select", selector, *AS_OF).exit_code in (0, 1)


def test_a_rules_name_works_where_its_code_does(account_file):
    by_code = json.loads(invoke("check", account_file, "-f", "json", "--select", "JX-NO-SPECIAL-EVENT-ACCOUNT",
                                *AS_OF).stdout)
    from govmedia_lint.engine.packs import PackSet

    name = PackSet.load().find_rule("JX-NO-SPECIAL-EVENT-ACCOUNT").name
    by_name = json.loads(invoke("check", account_file, "-f", "json", "--select", name, "--pack", "jiaxian",
                                *AS_OF).stdout)
    assert by_code["findings"] and by_name["findings"] == by_code["findings"]
    (account_file.parent / "govmedia-lint.toml").write_text(f'[severity]\n{name} = "error"\n', encoding="utf-8")
    relevelled = json.loads(invoke("check", account_file, "-f", "json", "--select", name, *AS_OF).stdout)
    assert {f["severity"] for f in relevelled["findings"]} <= {"error", "warning"}  # missing data stays ≤ warning


def test_zero_files_is_exit_2(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = invoke("check", tmp_path)
    assert result.exit_code == 2 and "没有找到账号文件" in result.stderr


# --- the terminal --------------------------------------------------------------------------------------------------

def _sample(tmp_path):
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "accounts" / "jiaxian", tmp_path / "jiaxian")
    return tmp_path / "jiaxian"


@pytest.mark.parametrize("columns", [80, 100, 200])
def test_table_fits_the_terminal_and_never_breaks_a_code(tmp_path, columns):
    from rich.cells import cell_len

    result = invoke("check", _sample(tmp_path), "--as-of", "2026-11-26", env={"COLUMNS": str(columns)})
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    text = result.stdout
    # messages name no fields any more: codes and dates are the tokens that must stay whole
    for token in ("JX-NO-INTERNAL-OR-PERSONAL-SUBJECT", "JX-MESSAGE-REPLY-5-WORKDAYS", "2026-06-23"):
        assert token in text  # whole on one line, never 'JX-NO-INTERNAL-' / 'OR-PERSONAL-SUBJECT'
    import re

    assert not re.search(r"\d{4}-W\n", text) and not re.search(r"\d{4}-\n", text)


def test_wrap_breaks_between_chinese_characters_and_keeps_tokens():
    from govmedia_lint.render.wrap import wrap

    lines = wrap("账号违反“内设机构和个人不得作为账号主体”：host_unit_kind 为 internal_office/individual 之一", 30)
    assert all(len(line) > 0 for line in lines)
    assert "host_unit_kind" in "".join(lines) and any("internal_office/individual" in line for line in lines)
    assert not any(line.startswith(("，", "。", "）", "”", "：")) for line in lines)


@pytest.mark.parametrize("choice, env, colored", [
    ("always", {}, True), ("never", {"FORCE_COLOR": "1"}, False), ("auto", {"FORCE_COLOR": "1"}, True),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False), ("auto", {}, False),
])
def test_color_option_and_environment(account_file, choice, env, colored):
    result = invoke("check", account_file, "--color", choice, *AS_OF, env=env)
    assert ("\x1b[" in result.stdout) == colored


def test_quiet_prints_findings_only(account_file):
    loud = invoke("check", account_file, *AS_OF).stdout
    quiet = invoke("check", account_file, "-q", *AS_OF).stdout
    assert "检查 1 个文件" in loud and "检查 1 个文件" not in quiet
    assert "JX-NO-SPECIAL-EVENT-ACCOUNT" in quiet


def test_statistics_counts_per_rule(tmp_path):
    result = invoke("check", _sample(tmp_path), "--as-of", "2026-11-26", "--statistics")
    first = result.stdout.splitlines()[0].split()
    assert first[0].isdigit() and first[1].startswith(("JX-", "GML-"))
    data = json.loads(invoke("check", tmp_path / "jiaxian", "--as-of", "2026-11-26", "--statistics", "-f", "json").stdout)
    full = json.loads(invoke("check", tmp_path / "jiaxian", "--as-of", "2026-11-26", "-f", "json").stdout)
    assert sum(row["count"] for row in data) == len(full["findings"])
    assert [row["count"] for row in data] == sorted((row["count"] for row in data), reverse=True)


def test_table_in_a_pty_at_80_columns(tmp_path):
    """What a person sees: the real CLI in a pseudo-terminal 80 columns wide, coloured, nothing wider."""
    import fcntl
    import os
    import pty
    import re
    import struct
    import subprocess
    import sys
    import termios

    folder = _sample(tmp_path)
    main, replica = pty.openpty()
    fcntl.ioctl(replica, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "CI")}
    code = "from govmedia_lint.cli.app import app; app(prog_name='govmedia-lint')"
    process = subprocess.Popen([sys.executable, "-c", code, "check", str(folder), "--as-of", "2026-11-26"],
                               stdin=replica, stdout=replica, stderr=replica, env=env, close_fds=True)
    os.close(replica)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=120)
    os.close(main)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[" in screen  # coloured in a terminal
    from rich.cells import cell_len

    plain = re.sub(r"\x1b\[[0-9;]*m", "", screen).replace("\r", "")
    assert plain.count("JX-") > 10
    assert max(cell_len(line) for line in plain.splitlines()) <= 80


# --- help, versions, usage errors, explain and rules -----------------------------------------------------------------

@pytest.mark.parametrize("args", [["-h"], ["check", "-h"], ["explain", "--help"], ["score", "-h"]])
def test_help_is_in_chinese(args):
    result = invoke(*args, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    text = result.stdout
    assert "用法：" in text and "选项：" in text and "显示本帮助并退出。" in text
    for english in ("Usage:", "Options:", "Show this message", "[default:", "<list[", "<str>", "<path>"):
        assert english not in text


def test_short_version_flag():
    from govmedia_lint import __version__

    assert invoke("-V").stdout.strip() == f"govmedia-lint {__version__}"


@pytest.mark.parametrize("args, words", [
    (["check", "--bogus"], "没有选项 --bogus"),
    (["chek"], "没有命令 'chek'"),
    (["check", "--jobs", "x"], "应为整数"),
    (["explain"], "缺少参数"),
])
def test_usage_errors_are_chinese_and_exit_2(args, words):
    result = invoke(*args)
    assert result.exit_code == 2 and words in result.stderr
    assert "Error:" not in result.stderr and "Try '" not in result.stderr


def test_shell_completion_script_is_available():
    import subprocess
    import sys

    code = "from govmedia_lint.cli.app import app; app(prog_name='govmedia-lint')"
    done = subprocess.run([sys.executable, "-c", code, "--show-completion", "bash"], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and "complete" in done.stdout and "Traceback" not in done.stderr


def test_explain_examples_print_whole_at_any_width():
    from govmedia_lint.engine.packs import PackSet

    rule = PackSet.load().find_rule("JX-CHANGE-FILED-2-WORKDAYS")
    text = invoke("explain", "JX-CHANGE-FILED-2-WORKDAYS", env={"COLUMNS": "50"}).stdout
    for example in (rule.examples.fail, rule.examples.pass_):
        assert example.yaml.rstrip() in text  # copy-pasteable, line for line


def test_rules_are_readable_at_80_columns():
    from rich.cells import cell_len

    text = invoke("rules", "--pack", "jiaxian", env={"COLUMNS": "80"}).stdout
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "JX-CHANGE-FILED-2-WORKDAYS" in text and "第八条（五）" in text


def test_packs_are_readable_at_80_columns():
    from rich.cells import cell_len

    text = invoke("packs", env={"COLUMNS": "80"}).stdout
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "佳政办发〔2024〕27号" in text and "有效期至 2026-06-23" in text


def test_wrap_keeps_a_number_with_its_unit():
    from govmedia_lint.render.wrap import wrap

    for width in range(8, 30):  # narrower than a date, a date is cut like any over-long token
        for line in wrap("未达到要求：7月20日—9月13日、12月1日，共14天", width):
            assert not line.startswith(("月", "日", "天")) and not line.endswith("月"), (width, line)


@pytest.mark.parametrize("command", [["due", "--as-of", "2026-11-26"], ["report", "--period", "2026Q3"]])
def test_due_and_report_fit_80_columns(tmp_path, command):
    from rich.cells import cell_len

    folder = _sample(tmp_path)
    text = invoke(command[0], folder, *command[1:], env={"COLUMNS": "80"}).stdout
    assert text and max(cell_len(line) for line in text.splitlines()) <= 80


def test_notice_messages_name_the_notice_in_chinese(tmp_path):
    text = invoke("check", _sample(tmp_path), "--as-of", "2026-11-26", "-f", "json").stdout
    messages = [f["message"] for f in json.loads(text)["findings"] if "NOTICE" in f["rule"]]
    assert messages and not any(" opening" in m or "closure" in m for m in messages)
