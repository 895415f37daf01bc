"""A check run by the installed command exits without the interpreter's teardown: with its exit code, its
whole output written and flushed; everything else keeps nothing and exits as usual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from govmedia_lint import ending

ROOT = Path(__file__).resolve().parents[2]
CLI = "import sys; from govmedia_lint.entry import main; sys.argv[0] = 'govmedia-lint'; main()"
SAMPLE = ["check", "accounts", "--as-of", "2026-11-26", "--color", "never", "--no-cache"]


def test_outside_the_installed_command_nothing_is_kept_and_the_exit_is_the_usual_one():
    ending.keep(object())
    assert ending._kept is None
    assert ending.exit_now(0) is None  # returned: the process goes on


def test_a_check_ends_with_its_exit_code_and_its_whole_output(tmp_path):
    written = tmp_path / "report.json"
    to_file = subprocess.run([sys.executable, "-c", CLI, *SAMPLE, "-f", "json", "-o", str(written)], cwd=ROOT,
                             capture_output=True)
    to_pipe = subprocess.run([sys.executable, "-c", CLI, *SAMPLE, "-f", "json"], cwd=ROOT, capture_output=True)
    assert to_file.returncode == to_pipe.returncode == 1  # the sample register has errors
    assert to_pipe.stdout == written.read_bytes() and len(to_pipe.stdout) > 10_000
    assert b"Traceback" not in to_pipe.stderr + to_file.stderr


def test_a_usage_error_still_exits_two_with_its_message():
    done = subprocess.run([sys.executable, "-c", CLI, "check", "accounts", "--format", "nope"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "nope" in done.stderr and "Traceback" not in done.stderr
