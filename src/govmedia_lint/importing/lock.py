"""One import at a time per account file: an exclusive lock held from reading the file to writing it.

Two imports into one file at the same moment would each merge into the text they read and the later write
would drop the earlier one's items. The lock is taken on the account file itself (no lock file is left in the
register); an import that finds it taken says so and waits, then reads the file as the other import left it.
The file is replaced atomically on write, so a lock taken on the replaced file is given up and taken again.
Where the platform has no ``fcntl`` (Windows) the check before writing (``merge.AccountEditor.finish``) still
refuses to overwrite a file that changed since it was read.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import ImportFailure

#: how long an import waits for another one writing the same file
WAIT_SECONDS = 120.0
_POLL = 0.05


@contextmanager
def account_lock(path: Path, say: Callable[[str], None], wait: float = WAIT_SECONDS) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    if path.is_symlink() or not path.is_file():
        yield  # the editor refuses it, with its own message
        return
    told = False
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            yield  # unreadable: the editor says why
            return
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not told:
                        say(f"另一个导入正在写入 {path}，等待它完成后再读取和合并……")
                        told = True
                    if time.monotonic() > deadline:
                        raise ImportFailure(str(path), f"另一个导入写入此文件已超过 {wait:.0f} 秒仍未完成；"
                                            "请稍后重试") from None
                    time.sleep(_POLL)
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except OSError:
                same = False
            if same:
                if told:
                    say(f"另一个导入已写入 {path}；按它写入后的内容合并，其新增的记录保留。")
                try:
                    yield
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                return
        finally:
            os.close(fd)
        # the other import replaced the file while this one waited: lock the new one
