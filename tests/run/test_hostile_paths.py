"""Links and permissions a pull request can plant in a register: an input error or a refusal, never a traceback,
and nothing written outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from importfiles import DATA

runner = CliRunner()
COMMANDS = [["check"], ["check", "--format", "json"], ["due"], ["score"], ["report"]]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / "accounts").mkdir(parents=True)
    shutil.copy(DATA / "jiaxian_water.yaml", root / "accounts" / "a.yaml")
    monkeypatch.chdir(root)
    return root


def test_a_symlink_loop_in_the_register_is_an_input_error_for_every_command(repo):
    os.symlink("l2.yaml", repo / "accounts" / "l1.yaml")
    os.symlink("l1.yaml", repo / "accounts" / "l2.yaml")
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "accounts"])
        assert result.exit_code == 2, (command, result.output)
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
            command, result.exception)
    out = runner.invoke(app, ["check", "accounts", "--as-of", "2025-07-01"])
    assert "accounts/l1.yaml" in out.output and "符号链接循环" in out.output


def _as_other_user(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The CLI as an unprivileged user (root ignores permissions), or as this user when it is not root."""
    script = [sys.executable, "-m", "govmedia_lint", *args]
    env = {**os.environ, "GOVMEDIA_LINT_CACHE_DIR": str(cwd / "cache"), "XDG_CACHE_HOME": str(cwd / "xdg"),
           "HOME": str(cwd)}
    extra = {"user": 65534, "group": 65534} if os.geteuid() == 0 else {}
    try:
        return subprocess.run(script, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, **extra)
    except OSError as exc:
        pytest.skip(f"the unprivileged user cannot run the tool here: {exc}")


def _closed_register(tmp_path: Path) -> tuple[Path, Path]:
    root = Path(os.path.realpath(tmp_path)) / "open"
    closed = root / "accounts" / "closed"
    closed.mkdir(parents=True)
    shutil.copy(DATA / "jiaxian_water.yaml", closed / "a.yaml")
    shutil.copy(DATA / "jiaxian_water.yaml", root / "accounts" / "b.yaml")
    for folder in (tmp_path, root, root / "accounts"):
        os.chmod(folder, 0o777)
    return root, closed


def test_a_folder_that_can_be_read_but_not_searched_is_an_input_error(tmp_path, monkeypatch):
    root, closed = _closed_register(tmp_path)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == Path("accounts/closed")
                        and mode == os.X_OK else real_access(path, mode, **kw))
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["check", "accounts", "--as-of", "2025-07-01"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    assert "accounts/closed" in result.output and "未检查" in result.output


def test_a_folder_that_can_be_read_but_not_searched_as_an_unprivileged_user(tmp_path):
    root, closed = _closed_register(tmp_path)
    os.chmod(closed, 0o744)  # r but no x for others: names listed, files unreachable
    try:
        probe = _as_other_user(["--version"], root)
        if probe.returncode != 0:
            pytest.skip(f"the unprivileged user cannot run the tool here: {probe.stderr[-300:]}")
        result = _as_other_user(["check", "accounts", "--as-of", "2025-07-01"], root)
    finally:
        os.chmod(closed, 0o755)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "accounts/closed" in result.stdout and "未检查" in result.stdout


@pytest.mark.parametrize("command", ["import", "init", "check"])
def test_nothing_is_written_through_a_symlinked_folder(repo, tmp_path, command):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(DATA / "jiaxian_water.yaml", outside / "x.yaml")
    before = (outside / "x.yaml").read_bytes()
    os.symlink(outside, repo / "linked")
    if command == "import":
        args = ["import", "wechat-analytics", str(DATA / "wechat_notified.csv"), "--account", "linked/x.yaml"]
    elif command == "init":
        args = ["init", "--jurisdiction", "jiaxian", "--platform", "wechat", "--name", "佳县水利",
                "--host-unit", "佳县水利局", "--output", "linked/x.yaml", "--force"]
    else:
        args = ["check", "accounts", "--as-of", "2025-07-01", "--format", "json", "-o", "linked/x.yaml"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "符号链接" in result.output
    assert (outside / "x.yaml").read_bytes() == before and sorted(p.name for p in outside.iterdir()) == ["x.yaml"]


def test_init_force_never_writes_through_a_symlink(repo, tmp_path):
    target = tmp_path / "target.yaml"
    target.write_text("secret: 1\n", encoding="utf-8")
    os.symlink(target, repo / "accounts" / "link.yaml")
    result = runner.invoke(app, ["init", "--jurisdiction", "jiaxian", "--platform", "wechat", "--name", "佳县水利",
                                 "--host-unit", "佳县水利局", "--output", "accounts/link.yaml", "--force"])
    assert result.exit_code == 2 and "符号链接" in result.output
    assert target.read_text(encoding="utf-8") == "secret: 1\n"
