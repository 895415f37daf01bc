"""Issue 11 §2: a CLI that respects the terminal and never passes silently."""

import json

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli import app

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
