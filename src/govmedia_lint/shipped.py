"""Where the data shipped with the tool lives: the packs and the calendar years (``rules/``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_pack_dir() -> Path:
    """The packs shipped in the wheel, or ``rules/`` of a source checkout (editable installs)."""
    shipped = resources.files("govmedia_lint") / "rules"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[2] / "rules"
