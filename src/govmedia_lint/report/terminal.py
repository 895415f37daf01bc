"""The one way the tool builds a rich Console: no markup, emoji codes or highlighting of data.

With markup on, a title containing ``[/]`` crashes rendering and ``[link=…]`` makes a clickable link
(issue 9); everything styled is built as ``rich.text.Text`` by the tool itself."""

from __future__ import annotations

from typing import Any

from rich.console import Console


def console(**options: Any) -> Console:
    return Console(markup=False, emoji=False, highlight=False, **options)
