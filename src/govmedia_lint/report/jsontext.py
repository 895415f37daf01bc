"""Indented JSON text exactly as ``json.dumps(value, ensure_ascii=False, indent=2, default=str)`` writes it,
made by orjson (already a dependency, for the cache) ~10× faster: the JSON and SARIF reports of a
register with tens of thousands of findings are mostly this.

orjson writes the same bytes for text, integers, lists, dicts, dates (``default=str`` gives the ISO
date too) and datetimes (passed to ``default=str``), but not always for floats (``0.00001`` for
``1e-05``; reports rarely hold one), integers beyond 64 bits, non-text keys or values it cannot
encode: those documents go to ``json``.
The one difference left: a NaN or infinite float is ``null`` here, ``NaN``/``Infinity`` (not JSON) in
``json``; no field of the account schema is a float, so none reaches a report.
"""

from __future__ import annotations

import json
import re
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency
    orjson = None

_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
            if orjson is not None else 0)
#: a float (it ends its line; a string would end with a quote): orjson writes some floats otherwise
#: (``0.00001`` for ``1e-05``), so a document with one is written by json
_FLOAT = re.compile(rb"[0-9][.eE][-+]?[0-9]+,?(?:\n|\Z)")


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, default=str)``, byte for byte."""
    if orjson is not None:
        try:
            data = orjson.dumps(value, default=str, option=_OPTIONS)
        except (TypeError, orjson.JSONEncodeError):
            pass
        else:
            if not _FLOAT.search(data):
                return data.decode("utf-8")
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
