"""Mixed encodings in one CSV, invisible characters in every people format, and an interrupted run."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.render import render
from importfiles import account
from test_formats import _finding, report  # noqa: F401  (the fixture: every people format renders it)

ROOT = Path(__file__).resolve().parents[2]
INVISIBLE = ["\u061c", "\u2028", "\u2029", "\u200b", "\ufeff", "\u2060"]


def test_a_csv_mixing_utf8_and_gbk_rows_is_refused_with_the_row(tmp_path):
    target = account(tmp_path)
    before = target.read_bytes()
    (tmp_path / "mixed.csv").write_bytes("date,title\n2025-06-02,佳县新闻\n".encode("utf-8")
                                         + "2025-06-03,佳县通知\n".encode("gbk"))
    result = CliRunner().invoke(app, ["import", "csv", str(tmp_path / "mixed.csv"), "--account", str(target)])
    assert result.exit_code == 2, result.output
    assert "第 2 行是 UTF-8" in result.output and "第 3 行是 GBK" in result.output
    assert target.read_bytes() == before
    (tmp_path / "gbk.csv").write_bytes("date,title\n2025-06-03,佳县通知\n".encode("gbk"))
    whole = CliRunner().invoke(app, ["import", "csv", str(tmp_path / "gbk.csv"), "--account", str(target)])
    assert whole.exit_code == 0 and "GB18030" in whole.output, whole.output


def test_invisible_characters_are_shown_in_every_people_format(report):  # noqa: F811
    bad = "".join(f"甲{c}" for c in INVISIBLE)
    report.result.findings.append(_finding("JX-NAME-CONSISTENT", "accounts/jiaxian/佳县教育.yaml", 5, f"名称{bad}不一致",
                                           severity="warning", account=f"佳县{bad}"))
    report.mask = False
    for fmt in ("table", "html", "csv", "junit", "github"):
        text = render(report, fmt)
        text = text.removeprefix("\ufeff") if fmt == "csv" else text  # the CSV's own BOM, for Excel
        for char in INVISIBLE:
            assert char not in text, (fmt, f"U+{ord(char):04X}")
        assert "<U+200B>" in text or "&lt;U+200B&gt;" in text, fmt
    rows = list(csv.reader(io.StringIO(render(report, "csv").lstrip("\ufeff"))))
    assert any("<U+2028>" in cell for row in rows for cell in row)
    ET.fromstring(render(report, "junit").encode("utf-8"))
    sarif = json.loads(render(report, "sarif"))  # JSON and SARIF keep the data as it is
    assert any(bad in r["message"]["text"] for r in sarif["runs"][0]["results"])


def _register(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "register"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(count), "--out", str(folder)],
                   check=True, capture_output=True, timeout=120)
    return folder


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_an_interrupted_check_says_so_in_one_line(tmp_path, how):
    folder = _register(tmp_path, 400)
    script = Path(sys.executable).parent / "govmedia-lint"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "govmedia_lint"]
    env = {**os.environ, "GOVMEDIA_LINT_CACHE_DIR": str(tmp_path / "cache"), "XDG_CACHE_HOME": str(tmp_path / "x")}
    process = subprocess.Popen([*command, "check", str(folder), "--jobs", "2", "--no-cache", "--as-of", "2025-12-31",
                                "--format", "json", "-o", str(tmp_path / "out.json")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    time.sleep(2.5)
    assert process.poll() is None, "the check ended before it could be interrupted"
    if how == "SIGINT":  # Ctrl-C: the terminal signals the whole process group
        os.killpg(process.pid, signal.SIGINT)
    else:  # a CI timeout: the main process only
        process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "BrokenPipe" not in text, text
    assert text.strip() == "govmedia-lint: 已中断", text
    assert process.returncode == 128 + getattr(signal, how)
    assert not (tmp_path / "out.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json.")]
    time.sleep(0.5)
    leftover = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", "workers left running"
