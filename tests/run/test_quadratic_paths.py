"""Inputs that made a format or a check quadratic: megabyte names and titles are bounded or reported, fast."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from govmedia_lint.checks.naming_oversight import shared_chars
from govmedia_lint.cli.app import app
from govmedia_lint.model import MAX_NAME
from govmedia_lint.render.wrap import MAX_WRAPPED, wrap

runner = CliRunner()
ACCOUNT = """\
schema: govmedia-lint/v1
account:
  name: {name}
  platform: wechat
  jurisdiction: shenmu
  host_unit: {unit}
  status: active
  opened_on: 2025-01-01
posts:
  - {{date: 2025-06-02, title: {title}}}
"""


def timed(*args):
    started = time.monotonic()
    result = runner.invoke(app, list(map(str, args)))
    return result, time.monotonic() - started


def test_comparing_two_names_of_megabytes_is_linear():
    name, unit = "甲乙" * 1_000_000, "丙丁" * 999_999 + "甲"
    started = time.monotonic()
    assert shared_chars(name, unit, ["神木"]) == ["甲"]
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("field", ["name", "unit"])
def test_a_name_over_200_characters_is_an_input_error_in_every_format(tmp_path, field):
    values = {"name": "神木文旅", "unit": "神木市文化和旅游局", "title": "标题", field: "名" * 2_000_000}
    (tmp_path / "a.yaml").write_text(ACCOUNT.format(**values), encoding="utf-8")
    for fmt in ("table", "json", "sarif", "junit", "github", "csv", "html"):
        result, seconds = timed("check", tmp_path / "a.yaml", "--as-of", "2025-07-01", "--format", fmt, "--no-cache")
        assert result.exit_code == 2, (fmt, result.output[-500:])
        assert seconds < 30, (fmt, seconds)
    table, _ = timed("check", tmp_path / "a.yaml", "--as-of", "2025-07-01", "--no-cache")
    assert f"超过 {MAX_NAME} 个" in table.output and len(table.output) < 20_000
    due, seconds = timed("due", tmp_path / "a.yaml", "--as-of", "2025-07-01")
    assert due.exit_code == 2 and seconds < 30


def test_a_title_of_megabytes_is_wrapped_in_bounded_time(tmp_path):
    for title in ("标" * 2_000_000, "x" * 2_000_000, "，" * 500_000, "a-b " * 500_000):
        started = time.monotonic()
        lines = wrap(title, 80)
        assert time.monotonic() - started < 5
        assert sum(len(line) for line in lines) < MAX_WRAPPED + 200
        assert lines[-1].endswith(f"只显示前 {MAX_WRAPPED} 个）")
    values = {"name": "神木文旅", "unit": "神木市文化和旅游局", "title": "标" * 2_000_000}
    (tmp_path / "a.yaml").write_text(ACCOUNT.format(**values), encoding="utf-8")
    for command in (["check", "--format", "table"], ["due"]):
        result, seconds = timed(*command, tmp_path / "a.yaml", "--as-of", "2025-07-01")
        assert result.exit_code in (0, 1), result.output[-500:]
        assert seconds < 30, (command, seconds)


def test_wrapping_is_unchanged_for_ordinary_text():
    text = "2025-W23 只更新 1 次，要求每周不少于 2 次；/very/long/path/" + "x" * 300 + " 以及《佳县政务新媒体管理办法》第十条"
    lines = wrap(text, 40)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(len(line) <= 40 for line in lines)
