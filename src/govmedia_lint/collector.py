"""The cyclic garbage collector switched off while many objects are built that form no cycle.

Checking a file, decoding a register's cache entries or opening an account file for import builds tens of
thousands of objects that reference counting frees (or that live to the end of the command); collecting
meanwhile only walks them again and again while they grow.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_off(keep: bool = False) -> Iterator[None]:
    """The cyclic collector off for a while, as it was after. What is built meanwhile is either freed by
    reference counting or kept to the end of the run (no cycles to find), and every collection would walk
    all of it, again and again, while it grows: ~30% of checking a file.

    ``keep``: what is alive at the end lives as long as the command (a run's results), so it is moved out of
    the collector's reach (``gc.freeze``): the first collection after the collector is back would otherwise
    walk every object made meanwhile (millions, ~0.1 s), and reference counting still frees them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if collecting:
            gc.enable()
