"""The one way the tool builds a rich Console: no markup, emoji codes or highlighting of data.

With markup on, a title containing ``[/]`` crashes rendering and ``[link=…]`` makes a clickable link
; everything styled is built as ``rich.text.Text`` by the tool itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def console(**options: Any) -> Console:
    from rich.console import Console  # imported when first needed: machine formats never build one

    return Console(markup=False, emoji=False, highlight=False, **options)


def color_wanted(choice: str, stream: Any, environ: dict) -> bool:
    """``--color auto|always|never``; under auto, ``NO_COLOR`` wins, then ``FORCE_COLOR``, then whether it is a terminal."""
    if choice == "always":
        return True
    if choice == "never" or environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
