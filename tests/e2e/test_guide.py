"""The Chinese guide's commands are real: each `govmedia-lint …` line of docs/使用指南.md runs (no usage error)."""

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "使用指南.md"


def _commands():
    for block in re.findall(r"```(?:sh|powershell)\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            line = re.sub(r"^(\.venv[\\/](?:bin|Scripts)[\\/])", "", line)
            if line.startswith("govmedia-lint "):
                yield line


@pytest.mark.parametrize("command", list(_commands()))
def test_guide_command_runs(command, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "accounts", tmp_path / "accounts")
    shutil.copy(ROOT / "tests" / "data" / "notices" / "2026.txt", tmp_path / "通知.html")  # a saved notice
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command.replace("\\", "/"))[1:]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), (command, result.output)


def test_the_guides_install_commands_name_what_exists():
    """The guide installs from the source directory (no PyPI package), and that directory is installable."""
    import re
    from pathlib import Path

    root = Path(__file__).parents[2]
    guide = (root / "docs" / "使用指南.md").read_text(encoding="utf-8")
    installs = re.findall(r"pip install (\S+)$", guide, re.M)
    assert installs and not re.search(r"pip install (-i \S+ )?govmedia-lint\s*$", guide, re.M)
    assert all(target.rstrip("`。").endswith(("govmedia-lint", ".whl")) for target in installs), installs
    assert (root / "pyproject.toml").is_file() and 'name = "govmedia-lint"' in (root / "pyproject.toml").read_text()
