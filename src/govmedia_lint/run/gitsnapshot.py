"""The register as it was committed on a date, copied into a temporary folder (``report --compare git``).

Only git's object store is read (``rev-list``, ``ls-tree``, ``cat-file``): the working tree, the index
and HEAD are never touched, so a run in the middle of someone's edits is safe. Git runs with an explicit
``--git-dir`` (the ``.git`` found above the checked paths: a bare repository committed under ``accounts/`` is
never discovered and used instead), ``safe.bareRepository=explicit``, ``core.fsmonitor`` off (a repository's
config could name a program to run), no pager, stdin closed and a timeout. Only regular ``*.yaml``/``*.yml``
files under the checked paths are copied, each at most the loader's size limit, at most ``MAX_FILES`` files and
``MAX_BYTES`` bytes in all (one blob under 200,000 paths is 200,000 files), each object read once, to paths
checked to stay inside the temporary folder (a tree entry is data from a pull request); a name the file system
cannot hold or a path given twice is an error, and the folder is removed whatever happens.
"""

from __future__ import annotations

import errno
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
#: files and bytes of one snapshot (10,000 accounts with a year of posts are ~1 GB)
MAX_FILES = 50_000
MAX_BYTES = 2 * 1024 * 1024 * 1024
SUFFIXES = (".yaml", ".yml")


class SnapshotError(Exception):
    """Git is missing, the paths are not in a repository, or it has no commit before the date."""


def _git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    command = ["git", f"--git-dir={git_dir}", "-c", "safe.bareRepository=explicit", "-c", "core.fsmonitor=false",
               "-c", "core.pager=cat", "-c", "log.showSignature=false", *args]
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", GIT_CONFIG_NOSYSTEM="1")
    try:
        done = subprocess.run(command, input=data, stdin=None if data is not None else subprocess.DEVNULL,
                              capture_output=True, timeout=TIMEOUT, env=env, check=False, cwd=git_dir.parent)
    except FileNotFoundError:
        raise SnapshotError("找不到 git 命令，无法从仓库历史取上期数据") from None
    except subprocess.TimeoutExpired:
        raise SnapshotError(f"git {args[0]} 超过 {TIMEOUT} 秒未完成") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SnapshotError(f"git {args[0]} 失败：{message[-1] if message else done.returncode}")
    return done.stdout


def _repository(paths: list[Path]) -> tuple[Path, Path, list[str]]:
    """The repository root, its ``.git`` and each path relative to the root (POSIX).

    The ``.git`` (a folder, or a worktree's ``gitdir:`` file) is looked for here, upwards from the first path,
    not by git's discovery, which would take a bare repository (``HEAD``, ``objects/``, ``refs/``) committed in
    the register for the repository. A ``.git`` cannot be committed, so none below the root comes from a pull
    request."""
    first = paths[0].resolve()
    start = first if first.is_dir() else first.parent
    root = next((folder for folder in (start, *start.parents) if (folder / ".git").exists()), None)
    if root is None:
        raise SnapshotError(f"{paths[0]} 不在 git 仓库中（其上各级目录都没有 .git）")
    relative = []
    for path in paths:
        try:
            relative.append(path.resolve().relative_to(root).as_posix())
        except ValueError:
            raise SnapshotError(f"{path} 不在仓库 {root} 中") from None
    return root, root / ".git", relative


def _commit_at(git_dir: Path, day: date, or_earliest: bool = False) -> tuple[str, str, bool]:
    """(commit, its committer date, later) of the last commit on HEAD's history made by the end of ``day`` (Beijing
    time); with ``or_earliest``, when there is none (the register was first committed after ``day``), HEAD's first
    commit, ``later`` True.

    ``rev-list`` and ``cat-file`` only: ``log``/``show`` may verify signatures with a program a config names."""
    found = _git(git_dir, "rev-list", "-1", f"--before={day.isoformat()}T23:59:59+08:00", "HEAD")
    commit = found.decode("ascii", "replace").strip()
    later = False
    if not commit and or_earliest:
        roots = _git(git_dir, "rev-list", "--max-parents=0", "HEAD").decode("ascii", "replace").split()
        commit, later = (roots[-1] if roots else ""), True
    if not commit:
        raise SnapshotError(f"仓库在 {day} 之前没有提交，无法取上期数据")
    header = _git(git_dir, "cat-file", "commit", commit).split(b"\n\n", 1)[0].decode("utf-8", "replace")
    committer = next((line for line in header.splitlines() if line.startswith("committer ")), "")
    parts = committer.rsplit(" ", 2)
    try:
        offset = int(parts[2][:3]) * 3600 + int(parts[2][0] + parts[2][3:]) * 60
        when = datetime.fromtimestamp(int(parts[1]), timezone(timedelta(seconds=offset))).date().isoformat()
    except (IndexError, ValueError):
        when = "日期未知"
    return commit, when, later


def _safe_target(base: Path, name: str) -> Path | None:
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        return None
    target = base.joinpath(*path.parts)
    return target if target.resolve().is_relative_to(base.resolve()) else None


def _blobs(git_dir: Path, commit: str, relative: list[str]) -> list[tuple[str, str, int]]:
    """(path, object id, size) of the regular YAML files under ``relative`` in ``commit``."""
    pathspecs = [p for p in relative if p not in ("", ".")]
    listing = _git(git_dir, "ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", *pathspecs)
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
def snapshot(paths: list[Path], day: date, or_earliest: bool = False) -> Iterator[tuple[list[Path], str, str]]:
    """(the paths inside a temporary copy of the register as committed at the end of ``day``, commit, its date).

    ``or_earliest``: a register first committed after ``day`` (the quarter it was adopted in) is taken as first
    committed, and the date says so."""
    root, git_dir, relative = _repository(paths)
    commit, when, later = _commit_at(git_dir, day, or_earliest)
    if later:
        when = f"{when}；仓库在 {day} 之前没有提交，按最早的提交对比"
    blobs = [b for b in _blobs(git_dir, commit, relative) if b[2] <= BLOB_LIMIT]
    if len(blobs) > MAX_FILES:
        raise SnapshotError(f"提交 {commit[:12]} 中有 {len(blobs)} 个账号文件，超过 {MAX_FILES} 个，不予取出")
    total = sum(size for _, _, size in blobs)
    if total > MAX_BYTES:
        raise SnapshotError(f"提交 {commit[:12]} 中的账号文件共 {total / 1024 ** 3:.1f} GB，"
                            f"超过 {MAX_BYTES / 1024 ** 3:.0f} GB，不予取出")
    with tempfile.TemporaryDirectory(prefix="govmedia-lint-git-", ignore_cleanup_errors=True) as folder:
        base = Path(folder)
        _copy(git_dir, base, blobs, commit)
        roots = [base.joinpath(*PurePosixPath(p).parts) if p not in ("", ".") else base for p in relative]
        yield [path for path in roots if path.exists()], commit, when  # a path not yet committed then: no files


def read_blobs(git_dir: Path, oids: list[str], commit: str) -> dict[str, bytes]:
    """The contents of each blob in ``oids`` (one ``cat-file --batch``); an object that is no blob is an error."""
    data = _git(git_dir, "cat-file", "--batch", data="".join(f"{oid}\n" for oid in oids).encode("ascii"))
    contents: dict[str, bytes] = {}
    offset = 0
    for oid in oids:
        header_end = data.index(b"\n", offset)
        fields = data[offset:header_end].split()
        offset = header_end + 1
        if len(fields) != 3 or fields[1] != b"blob" or not fields[2].isdigit():
            raise SnapshotError(f"提交 {commit[:12]} 的对象 {oid[:12]} 无法读取（仓库可能已损坏）")
        size = int(fields[2])
        contents[oid] = data[offset:offset + size]
        offset += size + 1
    return contents


def _copy(git_dir: Path, base: Path, blobs: list[tuple[str, str, int]], commit: str) -> None:
    """Write each blob to its path under ``base``; every distinct object is read from git once."""
    oids = list(dict.fromkeys(oid for _, oid, _ in blobs))
    if not oids:
        return
    contents = read_blobs(git_dir, oids, commit)
    written: set[str] = set()
    for name, oid, _ in blobs:
        target = _safe_target(base, name)
        if target is None:
            continue
        if name in written:
            raise SnapshotError(f"提交 {commit[:12]} 的目录树中 {name!r} 出现了不止一次（仓库可能被篡改），不予取出")
        written.add(name)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents[oid])
        except OSError as exc:
            reason = "文件名过长" if exc.errno == errno.ENAMETOOLONG else (exc.strerror or type(exc).__name__)
            raise SnapshotError(f"提交 {commit[:12]} 中的 {name[:80]!r} 无法取出：{reason}") from None
