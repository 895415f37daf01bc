"""Issue 11 §4: the CI templates run as written — their own shell lines, executed on a small register.

The install line is not run (no network in tests beyond PyPI, and the tool is installed already); its
wheel name is checked against the project's version. Every other line of the GitHub workflow's `run:`
steps, the GitLab job's script and the pre-commit hook's entry runs as the CI would run it, with the
installed `govmedia-lint` first on PATH.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from govmedia_lint import __version__

ROOT = Path(__file__).resolve().parents[2]
CI = ROOT / "examples" / "ci"
WHEEL = f"tools/govmedia_lint-{__version__}-py3-none-any.whl"
COMMIT_DATE = "2026-11-26T10:00:00+08:00"
#: the `if:` expressions the GitHub workflow uses, as this test evaluates them
GITHUB_IF = {"always()": lambda ctx: True,
             "vars.GOVMEDIA_LINT_SARIF == 'true'": lambda ctx: ctx["sarif"],
             "github.event_name != 'schedule'": lambda ctx: ctx["event"] != "schedule"}

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                                reason="needs git and bash, as the CI runners have")


@pytest.fixture
def register(tmp_path):
    """A register repository with one account, committed on COMMIT_DATE."""
    (tmp_path / "accounts").mkdir()
    shutil.copy(ROOT / "accounts" / "jiaxian" / "佳县卫健.yaml", tmp_path / "accounts" / "佳县卫健.yaml")
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "register"]):
        subprocess.run(command, cwd=tmp_path, env=env, check=True)
    return tmp_path


def _env(**extra: str) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)  # the installed govmedia-lint
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_", "GOVMEDIA"))}
    return {**env, "PATH": bin_dir + os.pathsep + env.get("PATH", ""), **extra}


def _not_install(script: str) -> str:
    return "\n".join(line for line in script.splitlines() if "pip install" not in line)


def test_templates_install_the_pinned_wheel_of_this_version():
    github = yaml.safe_load((CI / ".github" / "workflows" / "govmedia-lint.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((CI / ".gitlab-ci.yml").read_text(encoding="utf-8"))["govmedia-lint"]
    assert github["env"]["GOVMEDIA_LINT_WHEEL"] == WHEEL == gitlab["variables"]["GOVMEDIA_LINT_WHEEL"]
    assert gitlab["cache"]["key"]["files"] == [WHEEL] and gitlab["variables"]["PIP_CACHE_DIR"]
    setup = next(s for s in github["jobs"]["govmedia-lint"]["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    for text in (CI / ".github" / "workflows" / "govmedia-lint.yml", CI / ".gitlab-ci.yml"):
        content = text.read_text(encoding="utf-8")
        assert "git+" not in content and re.search(r"pip install \"\$GOVMEDIA_LINT_WHEEL\"", content)
        assert "PIP_INDEX_URL" in content  # the mirror note for government networks


def _run_github(register: Path, event: str, sarif: bool) -> list[tuple[str, int]]:
    workflow = yaml.safe_load((CI / ".github" / "workflows" / "govmedia-lint.yml").read_text(encoding="utf-8"))
    github_env = register / "github-env"
    github_env.write_text("", encoding="utf-8")
    env = _env(GITHUB_EVENT_NAME=event, GITHUB_ENV=str(github_env), **workflow["env"])
    ran = []
    for step in workflow["jobs"]["govmedia-lint"]["steps"]:
        if "run" not in step or (step.get("if") and not GITHUB_IF[step["if"]]({"event": event, "sarif": sarif})):
            continue
        done = subprocess.run(["bash", "-e", "-c", _not_install(step["run"])], cwd=register, env=env,
                              capture_output=True, text=True)
        ran.append((step["name"], done.returncode))
        for line in github_env.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            env[key] = value
    return ran


def test_github_workflow_runs_as_written_on_a_push(register):
    ran = dict(_run_github(register, "push", sarif=True))
    assert ran["Check date"] == 0 and ran["Check (SARIF)"] == 0 and ran["Reports for leaders"] == 0
    assert ran["Check (annotations, gate)"] == 1  # the register has errors: the gate fails, with findings, not 2
    for name in ("govmedia-lint.sarif", "govmedia-lint-report.html", "govmedia-lint-report.xlsx"):
        assert (register / name).stat().st_size > 0, name
    assert "检查日 2026-11-26" in (register / "govmedia-lint-report.html").read_text(encoding="utf-8")


def test_github_weekly_job_only_writes_reports():
    workflow = yaml.safe_load((CI / ".github" / "workflows" / "govmedia-lint.yml").read_text(encoding="utf-8"))
    weekly = [s["name"] for s in workflow["jobs"]["govmedia-lint"]["steps"]
              if "run" in s and (not s.get("if") or GITHUB_IF[s["if"]]({"event": "schedule", "sarif": False}))]
    assert "Reports for leaders" in weekly and not [name for name in weekly if "gate" in name or "SARIF" in name]


def test_gitlab_job_runs_as_written_without_git(register):
    job = yaml.safe_load((CI / ".gitlab-ci.yml").read_text(encoding="utf-8"))["govmedia-lint"]
    shutil.rmtree(register / ".git")  # python:3.12-slim has no git, and the job needs none
    script = _not_install("\n".join(job["before_script"] + job["script"]))
    env = _env(CI_COMMIT_TIMESTAMP=COMMIT_DATE, CI_PIPELINE_SOURCE="merge_request_event", CI_PROJECT_DIR=str(register),
               GOVMEDIA_LINT_WHEEL=job["variables"]["GOVMEDIA_LINT_WHEEL"])
    done = subprocess.run(["sh", "-e", "-c", script], cwd=register, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # the last line is the gate: findings, not a usage error
    junit = (register / "govmedia-lint-junit.xml").read_text(encoding="utf-8")
    assert "<failure" in junit and (register / "govmedia-lint-report.xlsx").exists()
    assert "检查日 2026-11-26" in (register / "govmedia-lint-report.html").read_text(encoding="utf-8")


def test_pre_commit_hook_with_a_baseline_passes_on_old_findings(register):
    config = yaml.safe_load((CI / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = config["repos"][0]["hooks"]
    (register / "govmedia-lint.toml").write_text("as-of = 2026-11-26\n", encoding="utf-8")
    env = _env()
    subprocess.run(["govmedia-lint", "check", "accounts/", "--write-baseline", "govmedia-lint-baseline.json"],
                   cwd=register, env=env, check=True, capture_output=True)
    done = subprocess.run(shlex.split(hook["entry"]), cwd=register, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_readme_shows_the_pre_commit_snippet_as_shipped():
    snippet = (CI / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    repos = snippet[snippet.index("repos:"):]
    assert repos in (ROOT / "README.md").read_text(encoding="utf-8")
