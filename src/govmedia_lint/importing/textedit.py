"""An account file's posts and messages edited as text: the lines ruamel.yaml's round trip would write, without
parsing and dumping the whole file round-trip (three quarters of an import's time, a year of posts).

- ``flow_item`` writes a new item as the round-trip dumper writes it (``- {date: …, title: …}``), for the values
  the merge produces; a value it is not sure of gives None and the caller asks ruamel.yaml.
- ``FlowLine`` is a one-line flow mapping of the file (``  - {date: 2025-06-02, title: …}  # 注释``): its keys and
  where their values are, so a field is added before the ``}`` or a value replaced, the rest of the line as it was.
- ``Layout`` is where a list's items start in the file, so that new items go between the lines the round trip
  would put them between.

The merge reads every text edit back with the checker's loader and compares it with the edit the round trip would
make (merge.py): an edit this module gets wrong is made round-trip instead, never written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Optional

from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

#: a line longer than this is left to ruamel.yaml (which folds scalars past its width)
MAX_LINE = 2000
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: a text the round-trip dumper writes plain in a flow mapping: no indicator first, no flow indicator, comment or
#: ``: `` anywhere, no space at either end (what needs quoting for YAML 1.1 readers is quoted before, merge._text)
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`.](?:[^?,\[\]{}#]*[^\s?,\[\]{}#:])?\Z")
#: what a plain or single-quoted scalar cannot hold as it is (line breaks, characters that need escapes)
NEEDS_ESCAPE = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")
_PLAIN_BAD = re.compile(r": |\s#")


def _scalar(value: Any, resolves_str) -> Optional[str]:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, DoubleQuotedScalarString):
        return None
    if isinstance(value, SingleQuotedScalarString):
        if NEEDS_ESCAPE.search(value):
            return None
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, str):
        if _PLAIN.match(value) and not _PLAIN_BAD.search(value) and not NEEDS_ESCAPE.search(value) \
                and resolves_str(value):
            return value
        return None
    return None


def flow_item(fields: dict[str, Any], resolves_str) -> Optional[str]:
    """``- {key: value, …}`` as the round-trip dumper writes a flow mapping in a block list, or None.

    ``resolves_str(text)``: whether ruamel.yaml reads ``text`` written plain as text (else it quotes it)."""
    parts = []
    for key, value in fields.items():
        if not isinstance(key, str) or not _KEY.match(key):
            return None
        if isinstance(value, CommentedSeq) or isinstance(value, list):
            items = [_scalar(v, resolves_str) for v in value]
            if None in items:
                return None
            shown = "[" + ", ".join(items) + "]"
        else:
            shown = _scalar(value, resolves_str)
            if shown is None:
                return None
        parts.append(f"{key}: {shown}")
    line = "- {" + ", ".join(parts) + "}"
    return line if len(line) <= MAX_LINE else None


def flow_value(value: Any, resolves_str) -> Optional[str]:
    """One value as ``flow_item`` writes it."""
    line = flow_item({"k": value}, resolves_str)
    return None if line is None else line[len("- {k: "):-1]


@dataclass
class FlowLine:
    """A one-line flow mapping item: ``text[:open]`` is up to ``{``, ``close`` the index of its ``}``; each key's
    value spans ``values[key]`` (start, end) in the line."""

    text: str
    close: int
    values: dict[str, tuple[int, int]]

    @classmethod
    def parse(cls, line: str) -> Optional["FlowLine"]:
        body = line.rstrip("\r\n")
        match = re.match(r"( *)- \{", body)
        if not match:
            return None
        start = match.end()  # after "{"
        depth, i, entry, close = 1, start, start, None
        entries: list[tuple[int, int]] = []
        at_scalar = True  # a quote opens a quoted scalar only where a scalar starts
        while i < len(body):
            ch = body[i]
            if at_scalar and ch in "'\"":
                end = _quoted_end(body, i)
                if end is None:
                    return None
                i = end
                at_scalar = False
                continue
            if ch in "[{":
                depth += 1
                at_scalar = True
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    entries.append((entry, i))
                    close = i
                    break
                at_scalar = False
            elif ch == "," and depth == 1:
                entries.append((entry, i))
                entry = i + 1
                at_scalar = True
            elif ch == "," or (ch == ":" and i + 1 < len(body) and body[i + 1] == " "):
                at_scalar = True
            elif ch == "#" and body[i - 1] in " \t":
                return None  # a comment inside the mapping: not one line's mapping
            elif ch not in " \t":
                at_scalar = False
            i += 1
        if close is None:
            return None
        rest = body[close + 1:]
        if rest.strip() and not re.match(r"\s+#", rest):
            return None
        values: dict[str, tuple[int, int]] = {}
        for first, last in entries:
            text = body[first:last]
            if not text.strip():
                if (first, last) == entries[-1] and len(entries) > 1 or len(entries) == 1:
                    continue  # ``{}`` or a trailing comma
                return None
            key = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*:(?: +|\Z)", text)
            if not key:
                return None
            value_start = first + key.end()
            value_end = last
            while value_end > value_start and body[value_end - 1] in " \t":
                value_end -= 1
            if key[1] in values:
                return None
            values[key[1]] = (value_start, value_end)
        return cls(line, close, values)

    def edited(self, changes: dict[str, str]) -> str:
        """The line with ``changes`` (key -> value text): a key it has gets the value in its place, the others
        are added, in order, before the ``}``."""
        text = self.text
        added = [f"{key}: {value}" for key, value in changes.items() if key not in self.values]
        close = self.close
        if added:
            inner_end = close
            while inner_end > 0 and text[inner_end - 1] in " \t":
                inner_end -= 1
            empty = text[inner_end - 1] == "{"
            text = text[:inner_end] + ("" if empty else ", ") + ", ".join(added) + text[inner_end:]
        for key, (start, end) in sorted(((k, self.values[k]) for k in changes if k in self.values),
                                        key=lambda kv: -kv[1][0]):
            text = text[:start] + changes[key] + text[end:]
        return text


def _quoted_end(text: str, start: int) -> Optional[int]:
    """The index after the quoted scalar opening at ``start``."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        ch = text[i]
        if quote == "'" and ch == "'":
            if i + 1 < len(text) and text[i + 1] == "'":
                i += 2
                continue
            return i + 1
        if quote == '"':
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                return i + 1
        i += 1
    return None


@dataclass
class Layout:
    """Where a collection's items are in the file: ``starts[k]`` is the 0-based line of item k's ``- ``;
    new items after the last one go after line ``end``; ``indent`` is the items' indentation. ``key`` None: the
    file has no such key (a new block at the end of the file)."""

    starts: list[int]
    end: Optional[int]
    indent: str
    key: Optional[str] = None


def find_layout(lines: list[str], item_lines: list[int]) -> Optional[Layout]:
    """The layout of a block list whose items start on ``item_lines`` (1-based, from the loader), or None when
    the items do not each start with ``- `` at one indentation. ``end`` is None unless the last item is one line
    followed by a line indented no deeper than its ``-`` (or by nothing): new items at the end are then written
    after it, as the round trip writes them."""
    starts = [line - 1 for line in item_lines]
    indent = None
    for at in starts:
        if not 0 <= at < len(lines):
            return None
        match = re.match(r"( *)- ", lines[at])
        if not match or (indent is not None and match[1] != indent):
            return None
        indent = match[1]
    if indent is None:
        return None
    end = starts[-1]
    if FlowLine.parse(lines[end]) is None:
        return Layout(starts, None, indent)
    for after in lines[end + 1:]:
        if after.strip() and not after.lstrip().startswith("#"):
            if len(after) - len(after.lstrip()) > len(indent):
                return Layout(starts, None, indent)
            break
    return Layout(starts, end, indent)
