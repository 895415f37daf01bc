"""CI integration: pre-commit hook, CI examples, `schema`, the progress bar."""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path

import jsonschema
import pytest
import typer
import yaml
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.render import FORMATS
from govmedia_lint.render.progress import THRESHOLD, wanted
from govmedia_lint.settings.config_file import tomllib

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
CHECK = typer.main.get_command(app).commands["check"]


def _commands() -> list[tuple[str, list[str]]]:
    """Every `govmedia-lint check …` command line in the CI examples and the pre-commit hook."""
    found = []
    for path in sorted((ROOT / "examples" / "ci").glob("**/*.yml")) + [ROOT / "examples" / "ci" / ".gitlab-ci.yml"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip().lstrip("-").strip()
            if line.startswith("run:"):
                line = line[4:].strip()
            if line.startswith("govmedia-lint check"):
                found.append((path.name, shlex.split(line)[2:]))
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        found.append((hook["id"], shlex.split(hook["entry"])[2:] + hook.get("args", [])))
    return found


def test_ci_examples_are_yaml_and_use_the_tool():
    github = yaml.safe_load((ROOT / "examples" / "ci" / ".github" / "workflows" / "govmedia-lint.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["govmedia-lint"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "govmedia-lint.sarif"
    assert github["permissions"]["security-events"] == "write"
    gitlab = yaml.safe_load((ROOT / "examples" / "ci" / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["govmedia-lint"]["artifacts"]["reports"]["junit"] == "govmedia-lint-junit.xml"
    formats = {args[args.index("--format") + 1] for _, args in _commands() if "--format" in args}
    assert {"sarif", "junit", "github", "html"} <= formats


@pytest.mark.parametrize("where, args", _commands())
def test_every_example_command_line_is_valid(where, args):
    context = CHECK.make_context("check", list(args))  # raises on an unknown option
    assert context.params["format"] in FORMATS, where


def test_pre_commit_hook_definition():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "govmedia-lint" and hook["language"] == "python"
    assert hook["entry"].split()[0] in tomllib.loads(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert hook["pass_filenames"] is False  # register-level rules need every file


class _EditorLoader(yaml.SafeLoader):
    """YAML as yaml-language-server sees it for validation: dates and times stay strings."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def test_schema_command_validates_the_sample_files():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "$defs" in schema and schema["properties"]["account"]
    validator = jsonschema.Draft202012Validator(schema)
    sample = yaml.load((ROOT / "accounts" / "jiaxian" / "佳县教育.yaml").read_text(encoding="utf-8"),
                       Loader=_EditorLoader)
    assert not list(validator.iter_errors(sample))
    for folder in sorted((ROOT / "accounts").iterdir()):  # a file `check` accepts, per jurisdiction
        path = min((p for p in folder.glob("*.yaml") if p.name != "supervision.yaml"), key=lambda p: p.stat().st_size)
        assert not list(validator.iter_errors(yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader))), path
    sample["account"]["opend_on"] = "2024-08-01"
    sample["account"]["staff"] = {"leader": "高建军", "operators": [{"name": "刘小燕", "phone": 13800000000}]}
    errors = list(validator.iter_errors(sample))
    assert len(errors) == 1 and "opend_on" in errors[0].message


def test_schema_rejects_what_check_rejects():
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    validator = jsonschema.Draft202012Validator(schema)
    base = {"account": {"name": "a", "platform": "wechat", "jurisdiction": "jiaxian", "host_unit": "b",
                        "status": "active"}}
    assert not list(validator.iter_errors(base))
    assert list(validator.iter_errors({**base, "posts": [{"date": "2025/06/02"}]}))
    assert list(validator.iter_errors({"account": {**base["account"], "platform": "wexin"}}))
    assert not list(validator.iter_errors({**base, "posts": None, "waivers": [{"rule": "JX-UPDATE-WEEKLY"}]}))


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize("count, fmt, tty, env, expected", [
    (THRESHOLD + 1, "table", True, {}, True),
    (THRESHOLD + 1, "html", True, {}, True),
    (THRESHOLD, "table", True, {}, False),          # a few hundred files or fewer
    (THRESHOLD + 1, "table", False, {}, False),     # stderr is not a terminal
    (THRESHOLD + 1, "table", True, {"CI": "true"}, False),
    (THRESHOLD + 1, "sarif", True, {}, False),      # machine formats
    (THRESHOLD + 1, "json", True, {}, False),
])
def test_progress_bar_only_for_people_at_a_terminal(count, fmt, tty, env, expected):
    assert wanted(count, fmt, _Stream(tty), env) is expected
