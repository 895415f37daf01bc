"""Reading and writing files that a pull request may have planted.

Every file the tool reads (account files, packs, calendars, config, baselines,
import sources) comes through ``read_bytes_limited``: it opens without
blocking (a FIFO named ``*.yaml`` cannot hang the run), accepts only regular
files (a symlink to ``/dev/zero`` is refused, not read until memory runs out),
and reads at most ``limit`` bytes once, so what is hashed is what is parsed.

Every report the tool writes goes through ``check_output_path`` (before the
run: a missing folder, a folder or a symlink is refused up front) and
``write_atomic`` (a temporary file beside the target, renamed over it: a full
disk never leaves a truncated report where CI uploads artifacts). Neither writes
through a symlink, nor through a symlinked folder below the working directory.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Sequence

#: an account file: a year of heavy posting is ~0.3 MB
ACCOUNT_LIMIT = 50 * 1024 * 1024
#: packs, calendars, configuration files
SMALL_LIMIT = 5 * 1024 * 1024
#: baselines and import sources (a year of exports for a busy account)
DATA_LIMIT = 200 * 1024 * 1024

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class UnsafeFileError(OSError):
    """A path that is not a regular file, or a file over its size limit; ``str()`` is a Chinese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.strerror = message

    def __str__(self) -> str:
        return self.strerror


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def read_bytes_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raises ``OSError`` (``UnsafeFileError``) otherwise."""
    data = read_if_starts_with(path, limit, b"")
    assert data is not None  # every file starts with b""
    return data


def read_if_starts_with(path: Path | str, limit: int, head: bytes) -> bytes | None:
    """``read_bytes_limited``, or None as soon as the first bytes are not ``head`` (the rest is never read:
    a stored report of another run is not read and signed whole only to be found to be another's)."""
    fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK | _O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(f"不是普通文件，而是{_kind(info.st_mode)}，不予读取")
        if info.st_size > limit:
            raise UnsafeFileError(f"文件超过 {_megabytes(limit)}，不予读取")
        chunks = []
        remaining = limit + 1
        if head:
            first = os.read(fd, len(head))
            if first != head:
                return None
            chunks.append(first)
            remaining -= len(first)
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # grew while being read
        raise UnsafeFileError(f"文件超过 {_megabytes(limit)}，不予读取")
    return data


def is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def linked_folder(path: Path) -> Path | None:
    """The first folder between the working directory and ``path`` that is a symlink, or None.

    A pull request can commit ``accounts`` as a link to any folder of the machine; a file written through it
    (``import --account accounts/x.yaml``, ``init -o``, ``check -o``) would land outside the repository. Folders
    above the working directory (a home reached through a link) are the user's own and not looked at."""
    absolute = Path(os.path.abspath(path))
    try:
        inside = absolute.parent.relative_to(Path(os.path.abspath(os.getcwd())))
    except ValueError:
        return None
    folder = Path(os.path.abspath(os.getcwd()))
    for part in inside.parts:
        folder = folder / part
        if is_link(folder):
            return folder
    return None


def check_output_path(path: Path) -> str | None:
    """Why ``path`` cannot take a report (in Chinese), or None when it can. Nothing is written."""
    if is_link(path):
        return f"输出路径 {path} 是符号链接，拒绝写入（以免写到仓库之外）"
    folder = linked_folder(path)
    if folder is not None:
        return f"输出路径 {path} 经过符号链接目录 {folder}，拒绝写入（以免写到仓库之外）"
    if path.is_dir():
        return f"输出路径 {path} 是目录，请给出文件名"
    if path.exists() and not path.is_file():
        return f"输出路径 {path} 不是普通文件（设备、管道等），请给出文件名"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"输出目录 {parent} 不存在"
    if not os.access(parent, os.W_OK):
        return f"输出目录 {parent} 不可写"
    if path.exists() and not os.access(path, os.W_OK):
        return f"输出文件 {path} 只读"
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place; never through a symlink.

    Raises ``OSError`` (the target is untouched); the temporary file is removed."""
    if is_link(path):
        raise UnsafeFileError(f"{path} 是符号链接，拒绝写入")
    folder = linked_folder(path)
    if folder is not None:
        raise UnsafeFileError(f"{path} 经过符号链接目录 {folder}，拒绝写入（以免写到仓库之外）")
    if path.exists():
        mode = stat.S_IMODE(os.stat(path).st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    replace_file(path, data, prefix=f".{path.name}.", suffix=".tmp", durable=True, mode=mode)


def replace_file(path: Path, data: bytes | Sequence[bytes], *, prefix: str, suffix: str, durable: bool,
                 mode: int | None = None) -> None:
    """The rename-into-place step shared by reports and cache entries: a temporary file in the same folder
    (``prefix``/``suffix`` name it), fsync'd when ``durable``, given ``mode``, then ``os.replace``d over ``path``.
    ``data`` may be parts written one after another (a stored report of hundreds of megabytes is not copied
    into one more bytes object to be written). On any failure the temporary file is removed and the error
    raised; ``path`` is untouched."""
    parent = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(dir=parent, prefix=prefix, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            parts = (data,) if isinstance(data, (bytes, bytearray, memoryview)) else tuple(data)
            for number, part in enumerate(parts, 1):
                _write_all(handle, part, durable and number == len(parts))
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def write_output(path: Path | None, text: str | bytes) -> None:
    """A command's output: atomically to ``path`` (``write_atomic``), or to stdout when there is none.

    Raises ``OSError`` when the file cannot be written."""
    if path is not None:
        write_atomic(path, text if isinstance(text, bytes) else text.encode("utf-8"))
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)


def _write_all(handle, data: bytes, durable: bool = True) -> None:
    handle.write(data)
    if durable:
        handle.flush()
        os.fsync(handle.fileno())
