"""Every file in examples/ shows what its header names, by the command line its header gives.

Each example starts with ``# CODE: …`` (a rule code, or a prefix ending in ``-*``)
and carries a ``# govmedia-lint check …`` or ``# govmedia-lint score …`` line; that
exact command is run through the CLI, so the documentation users copy is tested.
"""

import json
import re
import shlex
from pathlib import Path
from typing import Optional

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml") if not any(part.startswith(".") for part in p.parts))
runner = CliRunner()


def _header(path: Path) -> tuple[Optional[str], list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    match = re.match(r"# ([A-Z]+-[A-Z0-9-]+)", lines[0])
    command = next(line[2:] for line in lines if re.match(r"# govmedia-lint (check|score) ", line))
    return (match.group(1) if match else None), shlex.split(command)[1:]


def test_every_pack_has_examples():
    assert {p.relative_to(ROOT / "examples").parts[0] for p in EXAMPLES} >= {
        "jiaxian", "nantong", "qianjiang", "shenmu", "suixi"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_example_shows_what_its_header_names(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, args = _header(path)
    extra = ["--format", "json"] + (["--no-cache"] if args[0] == "check" else [])
    result = runner.invoke(app, [*args, *extra], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    if args[0] == "score":  # a 南通 score example: the named rule deducts or vetoes, or the account fails
        if code:
            assert code in json.dumps(report["scores"])
        else:
            assert [s for s in report["scores"] if s["level"] == "account" and not s["passed"]]
        return
    findings = report["findings"]
    assert not [f for f in findings if f["rule"].startswith("GML-") and f["severity"] == "error"], findings
    assert [f for f in findings if f["rule"].startswith(code) and f["file"].endswith(path.name)
            and "missing" not in f["evidence"]]
