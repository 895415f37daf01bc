"""Indented JSON text exactly as ``json.dumps(value, ensure_ascii=False, indent=2, default=str)`` writes it,
made by orjson (already a dependency, for the cache) ~10× faster: the JSON and SARIF reports of a
register with tens of thousands of findings are mostly this.

orjson writes the same bytes for text, integers, lists, dicts, dates (``default=str`` gives the ISO
date too), datetimes (passed to ``default=str``) and floats from 1e-4 up (scores), but not for
smaller floats (``0.00001`` for ``1e-05``), integers beyond 64 bits, non-text keys or values it
cannot encode: those documents go to ``json``.
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
#: a float orjson writes otherwise than json: below 1e-4 json writes an exponent of at least two digits
#: (``1e-05``, ``1e-07``), orjson plain decimals or a one-digit exponent (``0.00001``, ``1e-7``); every
#: other float is the same shortest text in both. It ends its line (a string would end with a quote).
#: Two patterns that start with text (one scan each for it), not one that tries every position of
#: megabytes ("e-" is common: rule names like update-weekly); a digit must precede the exponent.
_SMALL_DECIMAL = re.compile(rb"0\.0000[0-9]*,?(?:\n|\Z)")
_EXPONENT = re.compile(rb"e-[0-9]+,?(?:\n|\Z)")


def _other_float(data: bytes) -> bool:
    """Whether ``data`` (orjson's text) holds a float that json writes otherwise."""
    if b"0.0000" in data and _SMALL_DECIMAL.search(data):
        return True
    return any(data[m.start() - 1:m.start()].isdigit() for m in _EXPONENT.finditer(data) if m.start())


def dumps_utf8(value: Any) -> bytes:
    """``json.dumps(value, ensure_ascii=False, indent=2, default=str)`` encoded as UTF-8, byte for byte. Bytes,
    not text: a report of tens of megabytes, mostly Chinese, costs ~0.2 s to decode into text and encode again
    for the file."""
    if orjson is not None:
        try:
            data = orjson.dumps(value, default=str, option=_OPTIONS)
        except (TypeError, orjson.JSONEncodeError):
            pass
        else:
            if not _other_float(data):
                return data
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode("utf-8")
