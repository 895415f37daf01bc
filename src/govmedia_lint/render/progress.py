"""A progress bar on stderr while loading many files, for people at a terminal only.

Shown when more than ``THRESHOLD`` files are checked, stderr is a terminal,
the ``CI`` environment variable is not set and the format is one a person
reads (table, html, xlsx); never for machine formats.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Iterator, Optional, TextIO, TypeVar

T = TypeVar("T")
THRESHOLD = 300
HUMAN_FORMATS = {"table", "html", "xlsx"}


def wanted(count: int, fmt: str, stream: Optional[TextIO] = None, environ: Optional[dict] = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    environ = environ if environ is not None else os.environ
    if count <= THRESHOLD or fmt not in HUMAN_FORMATS or environ.get("CI"):
        return False
    isatty: Callable[[], bool] = getattr(stream, "isatty", lambda: False)
    return bool(isatty())


def track(items: list[T], fmt: str, description: str = "检查账号文件") -> Iterator[T]:
    """Iterate ``items``, with a rich progress bar on stderr when ``wanted``."""
    if not wanted(len(items), fmt):
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True, markup=False, highlight=False), transient=True) as progress:
        task = progress.add_task(description, total=len(items))
        for item in items:
            yield item
            progress.advance(task)
