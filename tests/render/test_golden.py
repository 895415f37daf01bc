"""Every format renders byte for byte what it rendered before the rendering was made fast.

The golden outputs in tests/data/golden/ are what the tool writes: ``sample.*`` by ``check accounts --as-of 2026-11-26 --fail-on never
--color never`` (COLUMNS=120), ``fixture*.*`` by rendering the in-memory report of test_formats.py
(phone numbers, waivers, an input error), masked and with ``--no-mask``. A difference here is a
change of output: if it is intended, say so in the change and regenerate the files
(``python -m govmedia_lint.dev generate`` for ``sample.*``, ``GOVMEDIA_LINT_WRITE_GOLDEN=1`` for ``fixture*.*``).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.render import FORMATS, render
from test_formats import report  # noqa: F401  (the fixture: phone numbers, a waiver, a bad file)

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
SAMPLE = ["check", "accounts", "--as-of", "2026-11-26", "--fail-on", "never", "--color", "never"]


def same_output(fmt: str, produced: bytes, expected: bytes) -> bool:
    """Byte equality; a workbook is compared part by part, without the creation time openpyxl stamps."""
    if fmt != "xlsx":
        return produced == expected

    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}

    return parts(produced) == parts(expected)


def run_formats(where: Path, into: Path, runs: list[tuple[str, str, list[str]]], before=None) -> dict[str, bytes]:
    """Each (name, format, options) of ``runs`` checked in ``where`` (``before()`` first, there), written into
    ``into``, by its output."""
    cwd = os.getcwd()
    os.chdir(where)
    try:
        if before:
            before()
        cli, outputs = CliRunner(env={"COLUMNS": "120"}), {}
        for name, fmt, extra in runs:
            target = into / f"{name}.out"
            result = cli.invoke(app, [*SAMPLE, "--format", fmt, *extra, "-o", str(target)], catch_exceptions=False)
            assert result.exit_code == 0, result.output
            outputs[name] = target.read_bytes()
    finally:
        os.chdir(cwd)
    return outputs


@pytest.fixture(scope="module")
def sample_outputs(tmp_path_factory) -> dict[str, bytes]:
    """The sample register in every format: a cold run first (filling a cache), then every format warm."""
    folder = tmp_path_factory.mktemp("golden")
    cache = ["--cache-dir", str(folder / "cache"), "--jobs", "1"]
    return run_formats(ROOT, folder, [("cold-table", "table", ["--no-cache", "--jobs", "1"]),
                                      ("cold-json", "json", cache), *((fmt, fmt, cache) for fmt in FORMATS)])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_sample_register_renders_as_before_from_the_cache(sample_outputs, fmt):
    assert same_output(fmt, sample_outputs[fmt], (GOLDEN / f"sample.{fmt}").read_bytes())


@pytest.fixture(scope="module")
def edited_outputs(tmp_path_factory) -> dict[str, bytes]:
    """The pull-request case: a copy of the sample register checked once in json (filling a cache), then one
    account file edited (a comment: the same findings) and the copy checked in every format: that file checked
    again, every other one from its cache entry (and its fingerprints, facts, account section)."""
    import shutil

    folder = tmp_path_factory.mktemp("edited")
    shutil.copytree(ROOT / "accounts", folder / "accounts")
    cache = ["--cache-dir", str(folder / "cache"), "--jobs", "1"]

    def edit() -> None:
        first = CliRunner().invoke(app, [*SAMPLE, "--format", "json", *cache, "-o", str(folder / "first.json")])
        assert first.exit_code == 0, first.output
        edited = sorted((folder / "accounts").rglob("*.yaml"))[3]
        edited.write_bytes(edited.read_bytes() + b"# edited\n")

    return run_formats(folder, folder, [(fmt, fmt, cache) for fmt in FORMATS], before=edit)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_sample_register_renders_as_before_with_one_file_edited(edited_outputs, fmt):
    assert same_output(fmt, edited_outputs[fmt], (GOLDEN / f"sample.{fmt}").read_bytes())


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_sample_register_renders_as_before_when_checked_cold(sample_outputs, fmt):
    assert sample_outputs[f"cold-{fmt}"] == (GOLDEN / f"sample.{fmt}").read_bytes()


@pytest.mark.parametrize("mask", [True, False], ids=["masked", "no-mask"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_report_with_phones_and_waivers_renders_as_before(report, fmt, mask):  # noqa: F811
    report.mask = mask
    out = render(report, fmt)
    produced = out if isinstance(out, bytes) else out.encode("utf-8")
    golden = GOLDEN / f"fixture{'' if mask else '-nomask'}.{fmt}"
    if os.environ.get("GOVMEDIA_LINT_WRITE_GOLDEN"):  # an intended change of output: rewrite, then review the diff
        golden.write_bytes(produced)
    assert same_output(fmt, produced, golden.read_bytes())
