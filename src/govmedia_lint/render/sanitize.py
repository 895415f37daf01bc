"""Data shown to people is plain text: control characters and bidi overrides made visible.

Account files, file names and packs come from pull requests, and reports are
read in terminals, CI logs, browsers and Excel. A newline in an account name
would start a forged ``::notice``/``::stop-commands::`` line in a GitHub
Actions log, an escape sequence would clear a terminal or retitle it, a
vertical tab pasted from Word makes an XLSX or JUnit file unreadable, and a
right-to-left override (U+202E) reverses what a reader sees. Every people
format passes data through ``visible`` (rich markup is off everywhere:
``report.terminal``); XML formats also need ``visible``'s guarantee that no
character XML 1.0 forbids is left.
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates and marks (U+061C, U+200E/F), the line and
#: paragraph separators (U+2028/2029: a line break to JavaScript and some viewers), the zero-width space (U+200B),
#: word joiner and invisible operators (U+2060-2064), the BOM / zero-width no-break space (U+FEFF), non-characters
#: and lone surrogates (the zero-width joiner U+200D stays: emoji sequences need it)
_INVISIBLE = ("\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
              "\ufffe\uffff\ud800-\udfff")
_UNSAFE = re.compile("[\x00-\x1f" + _INVISIBLE + "]")
_UNSAFE_KEEP_LINES = re.compile("[\x00-\x09\x0b-\x1f" + _INVISIBLE + "]")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode control pictures: ␊ ␛ ␋ …
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: object, keep_newlines: bool = False) -> str:
    """``text`` with every control character, bidi control and non-character replaced by a visible stand-in.

    ``keep_newlines`` leaves line breaks of multi-line text written by the tool or a pack (explain pages)."""
    text = "" if text is None else str(text)
    return (_UNSAFE_KEEP_LINES if keep_newlines else _UNSAFE).sub(_shown, text)
