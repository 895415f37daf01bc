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


def test_the_guides_install_command_installs_a_working_tool(tmp_path):
    """`pip install ./govmedia-lint` as the guide writes it (offline here: no build isolation, no dependencies,
    which the test environment already has): the wheel ships the packs, and the installed tool checks an example."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).parents[2]
    source = tmp_path / "govmedia-lint"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (root / name).exists():
            shutil.copy(root / name, source / name)
    shutil.copytree(root / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(root / "rules", source / "rules")
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                           "--target", str(target), str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (target / "govmedia_lint" / "rules" / "jiaxian.yaml").is_file()  # the packs are inside the package
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"}
    example = root / "examples" / "nantong" / "idle-two-weeks-veto.yaml"
    run = subprocess.run([sys.executable, "-m", "govmedia_lint", "check", str(example), "--as-of", "2025-07-01",
                          "--no-cache", "-f", "json"], capture_output=True, text=True, timeout=120, env=env,
                         cwd=tmp_path)
    assert run.returncode == 1 and "NAT-NO-UPDATE-2-WEEKS" in run.stdout, run.stderr
    where = subprocess.run([sys.executable, "-c", "import govmedia_lint; print(govmedia_lint.__file__)"],
                           capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert where.stdout.startswith(str(target)), where.stdout  # the installed copy ran, not this checkout
