"""Configuration files, their discovery, and command-line precedence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.settings import resolve
from govmedia_lint.settings.config_file import Config, ConfigError, load_config, parse, period_bounds, tomllib
from samples import TEST_ACCOUNT

runner = CliRunner()

ACCOUNT = TEST_ACCOUNT + "  interaction_enabled: false\n"
RULES = "JX-INTERACTION-ENABLED,JX-DEDICATED-STAFF"  # both warnings on ACCOUNT


@pytest.fixture
def tree(tmp_path):
    """tmp/registry/accounts/jiaxian/a.yaml"""
    folder = tmp_path / "registry" / "accounts" / "jiaxian"
    folder.mkdir(parents=True)
    (folder / "a.yaml").write_text(ACCOUNT, encoding="utf-8")
    return tmp_path / "registry"


def check(path, *args):
    result = runner.invoke(app, ["check", str(path), "--as-of", "2025-07-01", "-f", "json", *args])
    return result.exit_code, (json.loads(result.stdout) if result.stdout.startswith("{") else result.output)


def rules(report):
    return sorted({f["rule"] for f in report["findings"]})


def test_config_is_found_by_walking_up_from_the_checked_path(tree):
    (tree / "govmedia-lint.toml").write_text(f'select = ["{RULES}"]\nfail-on = "warning"\n', encoding="utf-8")
    code, report = check(tree / "accounts" / "jiaxian" / "a.yaml")
    assert rules(report) == ["JX-DEDICATED-STAFF", "JX-INTERACTION-ENABLED"]
    assert code == 1  # fail-on warning from the file


def test_command_line_overrides_the_file(tree):
    (tree / "govmedia-lint.toml").write_text(f'select = ["{RULES}"]\nfail-on = "warning"\n', encoding="utf-8")
    code, report = check(tree / "accounts", "--fail-on", "error", "--select", "JX-DEDICATED-STAFF")
    assert rules(report) == ["JX-DEDICATED-STAFF"] and code == 0


def test_pyproject_table_and_precedence_of_files(tree):
    (tree / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.govmedia-lint]\nselect = ["JX-DEDICATED-STAFF"]\n',
                                         encoding="utf-8")
    _, report = check(tree / "accounts")
    assert rules(report) == ["JX-DEDICATED-STAFF"]
    # a pyproject.toml without the table is skipped on the way up
    (tree / "accounts" / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    _, report = check(tree / "accounts")
    assert rules(report) == ["JX-DEDICATED-STAFF"]
    # govmedia-lint.toml beats pyproject.toml in the same directory
    (tree / "govmedia-lint.toml").write_text('select = ["JX-INTERACTION-ENABLED"]\n', encoding="utf-8")
    _, report = check(tree / "accounts")
    assert rules(report) == ["JX-INTERACTION-ENABLED"]


def test_explicit_config_file(tree, tmp_path):
    other = tmp_path / "elsewhere.toml"
    other.write_text('select = ["JX-INTERACTION-ENABLED"]\n', encoding="utf-8")
    (tree / "govmedia-lint.toml").write_text('select = ["JX-DEDICATED-STAFF"]\n', encoding="utf-8")
    _, report = check(tree / "accounts", "--config", other)
    assert rules(report) == ["JX-INTERACTION-ENABLED"]


def test_severity_overrides_change_findings_and_exit_code(tree):
    (tree / "govmedia-lint.toml").write_text(
        f'select = ["{RULES}"]\n[severity]\nJX-INTERACTION-ENABLED = "error"\njx-dedicated-staff = "info"\n',
        encoding="utf-8")
    code, report = check(tree / "accounts")
    severity = {f["rule"]: f["severity"] for f in report["findings"]}
    assert severity == {"JX-INTERACTION-ENABLED": "error", "JX-DEDICATED-STAFF": "info"} and code == 1


def test_severity_override_of_an_unknown_code_is_a_configuration_error(tree):
    (tree / "govmedia-lint.toml").write_text('[severity]\nJX-INTERACTION-ENABLD = "error"\n', encoding="utf-8")
    code, output = check(tree / "accounts")
    assert code == 2 and "JX-INTERACTION-ENABLED" in output


def test_default_review_period_from_the_file(tree):
    (tree / "govmedia-lint.toml").write_text(f'select = ["{RULES}"]\nperiod = "calendar-year"\n', encoding="utf-8")
    _, report = check(tree / "accounts")
    assert report["period"] == {"since": "2025-01-01", "until": "2025-07-01"}
    _, report = check(tree / "accounts", "--since", "2025-03-01")
    assert report["period"]["since"] == "2025-03-01"


def test_paths_in_the_file_are_relative_to_it(tree):
    (tree / "cal").mkdir()
    (tree / "cal" / "2027.yaml").write_text("2027:\n  holidays: [2027-01-01]\n  workdays: []\n", encoding="utf-8")
    (tree / "govmedia-lint.toml").write_text('calendar = "cal/2027.yaml"\npack-dirs = ["no-such-dir"]\n',
                                             encoding="utf-8")
    config = load_config(None, [tree / "accounts"])
    assert config.calendar == tree / "cal" / "2027.yaml" and config.pack_dirs == [tree / "no-such-dir"]


@pytest.mark.parametrize("text, message", [
    ('selct = ["JX"]\n', "是否应为 'select'"),
    ('fail-on = "sometimes"\n', "fail-on"),
    ('period = "fortnight"\n', "period"),
    ('select = 3\n', "select"),
    ('[severity]\nJX-UPDATE-WEEKLY = "fatal"\n', "severity"),
    ('select = [\n', "TOML"),
])
def test_bad_files_are_configuration_errors(tree, text, message):
    (tree / "govmedia-lint.toml").write_text(text, encoding="utf-8")
    code, output = check(tree / "accounts")
    assert code == 2 and message in output


def test_show_config_prints_the_effective_values_and_their_origin(tree):
    (tree / "govmedia-lint.toml").write_text('select = ["JX"]\nfail-on = "warning"\n[severity]\nJX-UPDATE-WEEKLY = "info"\n',
                                             encoding="utf-8")
    result = runner.invoke(app, ["check", str(tree / "accounts"), "--show-config", "--fail-on", "never"])
    assert result.exit_code == 0
    text = result.stdout
    assert 'select = ["JX"]  # 配置文件' in text
    assert 'fail-on = "never"  # 命令行' in text
    assert 'period = "rolling-year"  # 默认值' in text
    assert '"JX-UPDATE-WEEKLY" = "info"' in text
    parsed = tomllib.loads(text)  # the output is itself valid TOML
    assert parsed["fail-on"] == "never" and parsed["severity"] == {"JX-UPDATE-WEEKLY": "info"}


def test_resolve_precedence_unit():
    config = parse({"select": ["A"], "ignore": "B,C", "fail_on": "info"}, Path("/x/govmedia-lint.toml"))
    settings = resolve(config, select=["Z"], ignore=[], fail_on=None)
    assert settings.select == ["Z"] and settings.ignore == ["B", "C"] and settings.fail_on == "info"
    assert settings.origins["select"] == "命令行" and settings.origins["ignore"].startswith("配置文件")
    assert resolve(Config()).fail_on == "error"
    with pytest.raises(ConfigError):
        parse({"packs": [1]}, Path("/x/govmedia-lint.toml"))


@pytest.mark.parametrize("period, since", [
    (None, date(2024, 5, 16)),
    ("rolling-year", date(2024, 5, 16)),
    ("calendar-year", date(2025, 1, 1)),
    ("calendar-quarter", date(2025, 4, 1)),
    ("calendar-month", date(2025, 5, 1)),
    ("90d", date(2025, 2, 15)),
])
def test_period_bounds(period, since):
    assert period_bounds(date(2025, 5, 15), period) == (since, date(2025, 5, 15))


def test_exclude_skips_names_and_relative_paths_when_walking(tree):
    drafts = tree / "accounts" / "drafts"
    drafts.mkdir()
    (drafts / "wip.yaml").write_text("account: {name: 半成品}\n", encoding="utf-8")
    (tree / "accounts" / "jiaxian" / "old.bak.yaml").write_text("not: [an account\n", encoding="utf-8")
    code, report = check(tree / "accounts")
    assert code == 2 and report["files"] == 3
    code, report = check(tree / "accounts", "--exclude", "drafts,*.bak.yaml")
    assert report["files"] == 1 and code != 2
    (tree / "govmedia-lint.toml").write_text('exclude = ["jiaxian/old.bak.yaml", "drafts"]\n', encoding="utf-8")
    code, report = check(tree / "accounts")
    assert report["files"] == 1
    # a file named on the command line is always checked
    code, report = check(tree / "accounts" / "drafts" / "wip.yaml")
    assert report["files"] == 1 and code == 2


def test_exclude_shows_in_the_effective_config(tree):
    result = runner.invoke(app, ["check", str(tree), "--exclude", "drafts", "--show-config"])
    assert 'exclude = ["drafts"]  # 命令行' in result.output


def test_a_review_period_longer_than_ten_years_is_refused(tmp_path):
    (tmp_path / "govmedia-lint.toml").write_text('period = "99999d"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="period"):
        load_config(None, [tmp_path])
    (tmp_path / "govmedia-lint.toml").write_text('period = "3660d"\n', encoding="utf-8")
    assert load_config(None, [tmp_path]).values["period"] == "3660d"


def test_a_configuration_file_that_is_a_link_to_a_device_is_refused_not_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.govmedia-lint]\nfail-on = "never"\n', encoding="utf-8")
    inner = tmp_path / "accounts"
    inner.mkdir()
    (inner / "govmedia-lint.toml").symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="不是普通文件"):
        load_config(None, [inner])


# period = "calendar-year" in January: 神木 第八条 开设后 5 个工作日内备案 for an account opened on 2025-12-29 falls
# due on 2026-01-06 (元旦 1月1日至3日 off, Sunday 4 January a working day); December's period saw it pending, so January's period judges it
def test_calendar_year_in_january_judges_obligations_due_in_it_whatever_year_their_event(tmp_path):
    folder = tmp_path / "accounts"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "account: {name: 神木发布, platform: wechat, jurisdiction: shenmu, host_unit: 神木市人民政府办公室, "
        "status: active, opened_on: 2025-12-29}\n", encoding="utf-8")
    (tmp_path / "govmedia-lint.toml").write_text('period = "calendar-year"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--as-of", "2026-01-20", "-f", "json",
                                 "--select", "SM-OPEN-FILED-5-WORKDAYS,SM-UPDATE-TWICE-WEEKLY"])
    report = json.loads(result.stdout)
    assert report["period"] == {"since": "2026-01-01", "until": "2026-01-20"}
    found = {(f["rule"], f["evidence"].get("deadline") or f["evidence"].get("week")) for f in report["findings"]}
    assert ("SM-OPEN-FILED-5-WORKDAYS", "2026-01-06") in found
    # the week 2025-12-29 to 2026-01-04 ends in the period: judged in it, not in neither
    assert ("SM-UPDATE-TWICE-WEEKLY", "2026-W01") in found
    december = runner.invoke(app, ["check", str(folder), "--as-of", "2025-12-31", "-f", "json",
                                   "--select", "SM-OPEN-FILED-5-WORKDAYS,SM-UPDATE-TWICE-WEEKLY"])
    assert json.loads(december.stdout)["findings"] == []
