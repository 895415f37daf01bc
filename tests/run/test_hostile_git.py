"""`report --compare git` on histories a pull request can forge: bounded, cleaned up, an error not a traceback."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.run import gitsnapshot
from govmedia_lint.run.gitsnapshot import SnapshotError, snapshot
from test_report_period import _account, _git, repo  # noqa: F401  (the fixture: a register with two quarters)

WHEN = "2026-06-20T10:00:00+08:00"


def _out(root: Path, *args: str, data: bytes | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_AUTHOR_DATE": WHEN, "GIT_COMMITTER_DATE": WHEN}
    return subprocess.run(["git", *args], cwd=root, env=env, input=data, capture_output=True, check=True,
                          timeout=60).stdout.decode().strip()


def _forged(root: Path, entries: list[tuple[str, str]]) -> None:
    """Commit (on HEAD) a tree ``accounts/`` whose entries are (name, blob id), written byte for byte (duplicates,
    long names: what ``git mktree`` would refuse)."""
    body = b"".join(b"100644 " + name.encode() + b"\0" + bytes.fromhex(oid) for name, oid in entries)
    inner = _out(root, "hash-object", "--literally", "-t", "tree", "-w", "--stdin", data=body)
    outer = _out(root, "hash-object", "--literally", "-t", "tree", "-w", "--stdin",
                 data=b"40000 accounts\0" + bytes.fromhex(inner))
    commit = _out(root, "commit-tree", outer, "-p", "HEAD", "-m", "forged")
    _out(root, "update-ref", "HEAD", commit)


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return folder


def _blob(root: Path, text: str) -> str:
    return _out(root, "hash-object", "-w", "--stdin", data=text.encode())


def test_one_blob_under_many_paths_is_read_once_and_bounded(repo, temp_dir, monkeypatch):  # noqa: F811
    blob = _blob(repo, _account("神木发布", "神木市人民政府办公室", []))
    _forged(repo, [(f"a{n:03d}.yaml", blob) for n in range(60)])
    calls = []
    real = gitsnapshot._git
    monkeypatch.setattr(gitsnapshot, "_git", lambda *a, **k: calls.append(a[1:3]) or real(*a, **k))
    with snapshot([repo / "accounts"], date(2026, 7, 1)) as (roots, _, _):
        assert len(list(roots[0].glob("*.yaml"))) == 60
    batch = [c for c in calls if c[0] == "cat-file" and c[1] == "--batch"]
    assert len(batch) == 1
    monkeypatch.setattr(gitsnapshot, "MAX_FILES", 50)
    with pytest.raises(SnapshotError, match="超过 50 个"):
        with snapshot([repo / "accounts"], date(2026, 7, 1)):
            pass
    monkeypatch.setattr(gitsnapshot, "MAX_FILES", 1000)
    monkeypatch.setattr(gitsnapshot, "MAX_BYTES", 1000)
    with pytest.raises(SnapshotError, match="不予取出"):
        with snapshot([repo / "accounts"], date(2026, 7, 1)):
            pass
    assert list(temp_dir.iterdir()) == []


@pytest.mark.parametrize("case", ["long name", "duplicate"])
def test_forged_trees_are_an_error_and_leave_nothing_behind(repo, temp_dir, case):  # noqa: F811
    blob = _blob(repo, _account("神木发布", "神木市人民政府办公室", []))
    entries = [("a" * 296 + ".yaml", blob)] if case == "long name" else [("a.yaml", blob), ("a.yaml", blob)]
    _forged(repo, entries)
    result = CliRunner().invoke(app, ["report", str(repo / "accounts"), "--period", "2026Q3", "--compare", "git"])
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    assert ("文件名过长" if case == "long name" else "不止一次") in result.output
    assert list(temp_dir.iterdir()) == []


def test_a_bare_repository_committed_in_the_register_is_not_used(repo, temp_dir):  # noqa: F811
    fake = repo / "accounts"
    (fake / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    for folder in ("objects", "refs"):
        (fake / folder).mkdir()
        (fake / folder / "keep").write_text("", encoding="utf-8")
    (fake / "config").write_text("[core]\n\tbare = true\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "fake bare repository", when="2026-09-26T10:00:00+08:00")
    with snapshot([fake], date(2026, 9, 30)) as (roots, commit, _):
        assert sorted(p.name for p in roots[0].glob("*.yaml")) == ["fabu.yaml", "jiaotong.yaml"]
    assert commit == _out(repo, "rev-parse", "HEAD")
    result = CliRunner().invoke(app, ["report", str(fake), "--period", "2026Q4", "--compare", "git", "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    assert list(temp_dir.iterdir()) == []
    assert hashlib.sha256((fake / "HEAD").read_bytes()).hexdigest()  # the planted files are left as they were
