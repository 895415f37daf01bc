"""The register as it was committed on a date, copied into a temporary folder (``report --compare git``).

Only git's object store is read (``rev-parse``, ``rev-list``, ``ls-tree``, ``cat-file``): the working tree, the index
and HEAD are never touched, so a run in the middle of someone's edits is safe. Git runs with
``core.fsmonitor`` off (a repository's config could name a program to run), no pager, stdin closed and a
timeout. Only regular ``*.yaml``/``*.yml`` files under the checked paths are copied, each at most the loader's
size limit, to paths checked to stay inside the temporary folder (a tree entry is data from a pull request).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import Iterator

#: seconds one git command may take
TIMEOUT = 60
#: a committed account file larger than this is not copied (the loader refuses such files anyway)
BLOB_LIMIT = 32 * 1024 * 1024
SUFFIXES = (".yaml", ".yml")


class SnapshotError(Exception):
    """Git is missing, the paths are not in a repository, or it has no commit before the date."""


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    command = ["git", "-c", "core.fsmonitor=false", "-c", "core.pager=cat", "-c", "log.showSignature=false",
               "-C", str(repo), *args]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(command, input=data, stdin=None if data is not None else subprocess.DEVNULL,
                              capture_output=True, timeout=TIMEOUT, env=env, check=False)
    except FileNotFoundError:
        raise SnapshotError("找不到 git 命令，无法从仓库历史取上期数据") from None
    except subprocess.TimeoutExpired:
        raise SnapshotError(f"git {args[0]} 超过 {TIMEOUT} 秒未完成") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SnapshotError(f"git {args[0]} 失败：{message[-1] if message else done.returncode}")
    return done.stdout


def _repository(paths: list[Path]) -> tuple[Path, list[str]]:
    """The repository root and each path relative to it (POSIX)."""
    first = paths[0].resolve()
    start = first if first.is_dir() else first.parent
    try:
        root = Path(_git(start, "rev-parse", "--show-toplevel").decode("utf-8").strip()).resolve()
    except SnapshotError as exc:
        raise SnapshotError(f"{paths[0]} 不在 git 仓库中（{exc}）") from None
    relative = []
    for path in paths:
        try:
            relative.append(path.resolve().relative_to(root).as_posix())
        except ValueError:
            raise SnapshotError(f"{path} 不在仓库 {root} 中") from None
    return root, relative


def _commit_at(root: Path, day: date) -> tuple[str, str]:
    """(commit, its committer date) of the last commit on HEAD's history made by the end of ``day`` (Beijing time).

    ``rev-list`` and ``cat-file`` only: ``log``/``show`` may verify signatures with a program a config names."""
    found = _git(root, "rev-list", "-1", f"--before={day.isoformat()}T23:59:59+08:00", "HEAD")
    commit = found.decode("ascii", "replace").strip()
    if not commit:
        raise SnapshotError(f"仓库在 {day} 之前没有提交，无法取上期数据")
    header = _git(root, "cat-file", "commit", commit).split(b"\n\n", 1)[0].decode("utf-8", "replace")
    committer = next((line for line in header.splitlines() if line.startswith("committer ")), "")
    parts = committer.rsplit(" ", 2)
    try:
        offset = int(parts[2][:3]) * 3600 + int(parts[2][0] + parts[2][3:]) * 60
        when = datetime.fromtimestamp(int(parts[1]), timezone(timedelta(seconds=offset))).date().isoformat()
    except (IndexError, ValueError):
        when = "日期未知"
    return commit, when


def _safe_target(base: Path, name: str) -> Path | None:
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        return None
    target = base.joinpath(*path.parts)
    return target if target.resolve().is_relative_to(base.resolve()) else None


def _blobs(root: Path, commit: str, relative: list[str]) -> list[tuple[str, str, int]]:
    """(path, object id, size) of the regular YAML files under ``relative`` in ``commit``."""
    pathspecs = [p for p in relative if p not in ("", ".")]
    listing = _git(root, "ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", *pathspecs)
    out = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name_bytes = entry.partition(b"\t")
        mode, kind, oid, size = meta.decode("ascii", "replace").split()
        name = name_bytes.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode in ("100644", "100755") and name.lower().endswith(SUFFIXES) and size.isdigit():
            out.append((name, oid, int(size)))
    return out


@contextmanager
def snapshot(paths: list[Path], day: date) -> Iterator[tuple[list[Path], str, str]]:
    """(the paths inside a temporary copy of the register as committed at the end of ``day``, commit, its date)."""
    root, relative = _repository(paths)
    commit, when = _commit_at(root, day)
    blobs = [b for b in _blobs(root, commit, relative) if b[2] <= BLOB_LIMIT]
    with tempfile.TemporaryDirectory(prefix="govmedia-lint-git-") as folder:
        base = Path(folder)
        if blobs:
            data = _git(root, "cat-file", "--batch", data="".join(f"{oid}\n" for _, oid, _ in blobs).encode("ascii"))
            offset = 0
            for name, oid, size in blobs:
                header_end = data.index(b"\n", offset)
                offset = header_end + 1
                content = data[offset:offset + size]
                offset += size + 1
                target = _safe_target(base, name)
                if target is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        roots = [base.joinpath(*PurePosixPath(p).parts) if p not in ("", ".") else base for p in relative]
        yield [path for path in roots if path.exists()], commit, when  # a path not yet committed then: no files
