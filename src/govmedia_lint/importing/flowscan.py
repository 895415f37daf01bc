"""An account file parsed with its one-line items read as text: the data and positions the checker's parser gives.

A year of posts is a few hundred lines ``  - {date: 2025-06-02, title: …, url: '…'}``, and composing them with
libyaml is most of what reading the file costs an import (hundreds of nodes per line's worth of Python objects).
``parse_account_text`` reads each such line with a few regular expressions instead, and libyaml reads the rest:

- a line is read here only when it is a block list entry ``- {…}`` of keys that are plain words and values that
  are plain text, a day (``2025-06-02``), true/false, a single-quoted text or a list ``[…]`` of those, then
  nothing or a comment; anything else on it (a time, a number, a colon in a plain value, a tab, a duplicate key,
  a nested mapping) leaves the line to libyaml, as it is;
- each line read here becomes the scalar ``0`` in the text libyaml composes (same line, same column): the file's
  structure, comments, other items and keys are libyaml's as ever. Every ``0`` must come back as a plain item of a
  list at its own line and column, else (a line inside a block scalar, a continued plain scalar, a file that does
  not parse) the whole text is parsed the usual way (``loading.parse_yaml_text``), which also words any error;
- a text with a line break other than ``\\n``/``\\r\\n``, a BOM or a character that needs an escape is parsed the
  usual way.

The result is the ``ParsedYaml`` ``loading.parse_yaml_text`` gives: the same data, the same positions but for the
keys (and list elements) of the items read here, which are on their item's line: the loader's ``_position`` and
``key_line`` fall back to the item, so validating it gives the same document, lines and error lines (an error's
column is the item's ``{``; import shows the line). Tested on ordinary and odd files (tests/importing/
test_flowscan.py). Leaving those positions out is a third of reading and validating a year of posts.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any, Optional

import yaml

from .. import loading
from ..loading import ParsedYaml, RawInt
from .textedit import NEEDS_ESCAPE

#: a plain scalar this module reads: no indicator first, none of ``,[]{}#:?`` or quotes anywhere (so no ``: ``,
#: `` #`` or flow indicator; a ``?`` ends a plain scalar in a flow mapping for libyaml), no tab
_PLAIN = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^\t?:,\[\]{}#'\"]*[^\s?:,\[\]{}#'\"])?"
_QUOTED = r"'[^']*(?:''[^']*)*'"
_ELEMENT = re.compile(rf" *(?:({_QUOTED})|({_PLAIN})) *(?:,|\Z)")
#: the most keys an item read here has (an item with more is libyaml's)
MAX_KEYS = 12
_PAIR = rf"([A-Za-z_][A-Za-z0-9_]*): +(?:({_QUOTED})|\[([^\[\]{{}}]*)\]|({_PLAIN}))"
#: ``- {key: value, …}`` then nothing or a comment (a ``#`` after a space); group 1 ends where the ``{`` starts,
#: then four groups a key: the key, and its value quoted, a list's inside or plain
_ITEM = re.compile(r"( *- +)\{ *" + _PAIR + "".join(r"(?: *, *" + _PAIR for _ in range(MAX_KEYS - 1))
                   + ")?" * (MAX_KEYS - 1) + r" *\}(?: +#.*)? *\Z")
#: characters libyaml reads as line breaks (besides LF and CRLF), and the BOM: a text with any is the usual parser's
_BREAKS = ("\x85", "\u2028", "\u2029", "\ufeff")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_STR, _BOOL, _TIMESTAMP = ("tag:yaml.org,2002:" + t for t in ("str", "bool", "timestamp"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NO = object()


@functools.lru_cache(maxsize=1)
def _first_characters() -> frozenset:
    """The first characters of the plain scalars the checker's parser may read as something other than text."""
    return frozenset(first for first in loading._FAST_LOADER.yaml_implicit_resolvers if first)


def _resolve(text: str) -> str:
    """The tag the checker's parser gives ``text`` written plain."""
    if text[:1] not in _first_characters():
        return _STR  # a title, a name: no resolver starts with its first character
    return loading._FAST_LOADER.resolve(None, yaml.ScalarNode, text, (True, False))


class _Days(dict):
    """``2025-06-02`` -> its date (the checker's parser reads a plain day so), cached: a file's posts share days."""

    def __missing__(self, text: str) -> Any:
        value = _plain(text) if _DAY.match(text) else None
        if value is None or value is _NO:
            return None  # not a day: ``_plain`` decides (not cached, nor are days past the cache's size)
        if len(self) < 1 << 14:
            self[text] = value
        return value


_DAYS = _Days()


class _Keys(dict):
    """key -> whether the checker's parser reads it, written plain, as text (``true``, ``null``: not), cached."""

    def __missing__(self, key: str) -> bool:
        value = _resolve(key) == _STR
        if len(self) < 1 << 12:
            self[key] = value
        return value


_KEYS = _Keys()


def _plain(text: str) -> Any:
    """The value of a plain scalar as the checker's parser reads it: text, a day or true/false, else ``_NO``."""
    tag = _resolve(text)
    if tag == _STR:
        return text
    if tag == _BOOL and text in _BOOLS:
        return _BOOLS[text]
    if tag == _TIMESTAMP and _DAY.match(text):
        try:
            return date(int(text[:4]), int(text[5:7]), int(text[8:10]))
        except ValueError:
            return _NO  # kept as text by the usual parser, so the schema names the field: left to it
    return _NO


def _item(match: re.Match, line: int) -> Optional[tuple[dict, tuple[int, int]]]:
    """The mapping of an ``_ITEM`` match on line ``line`` and the item's position (its ``{``), or None when a
    value is not of the kinds read here."""
    out: dict[str, Any] = {}
    first = _first_characters()
    groups = match.groups()
    for at in range(1, len(groups), 4):
        key, quoted, inner, plain = groups[at:at + 4]
        if key is None:
            break
        if key in out or not _KEYS[key]:
            return None
        if quoted is not None:
            value: Any = quoted[1:-1].replace("''", "'") if "''" in quoted else quoted[1:-1]
        elif plain is not None:
            value = plain if plain[:1] not in first else _DAYS[plain] or _plain(plain)
            if value is _NO:
                return None
        else:
            value = []
            spot, stop = 0, len(inner)
            while spot < stop:
                element = _ELEMENT.match(inner, spot)
                if element is None:
                    return None
                text, bare = element.groups()
                if text is not None:
                    value.append(text[1:-1].replace("''", "'"))
                else:
                    found = _plain(bare.rstrip(" "))
                    if found is _NO:
                        return None
                    value.append(found)
                spot = element.end()
            if inner.rstrip(" ").endswith(","):
                return None  # ``[a, ]``: the usual parser's reading
        out[key] = value
    return out, (line, match.end(1) + 1)


def parse_account_text(text: str) -> ParsedYaml:
    """``loading.parse_yaml_text(text)``, reading one-line items as text where it can (the module's docstring).
    Raises what ``parse_yaml_text`` raises."""
    if loading._FAST_LOADER is None or "{" not in text or any(c in text for c in _BREAKS) \
            or text.count("\r") != text.count("\r\n"):
        return loading.parse_yaml_text(text)
    lines = text.split("\n")
    #: (line, column) of a run's ``0`` -> the items of the run: lines read here, one after the other at one
    #: indentation with only blank or comment lines between (the lines after the first are left blank)
    runs: dict[tuple[int, int], list[tuple[dict, tuple[int, int]]]] = {}
    run: Optional[list] = None
    prefix = None
    for number, line in enumerate(lines):
        found = None
        if "{" in line:
            bare = line[:-1] if line.endswith("\r") else line
            # NEEDS_ESCAPE keeps a line from being read here (isprintable() is False for it, but also for U+3000
            # and U+00A0): a character libyaml refuses or reads as a break
            if bare.isprintable() or not NEEDS_ESCAPE.search(bare):
                match = _ITEM.match(bare)
                if match is not None:
                    found = _item(match, number + 1)
        if found is None:
            if run is not None:
                stripped = line.strip()
                if stripped and stripped[0] != "#":
                    run = None  # something else than a comment between: the next item starts a run
            continue
        if run is not None and match.group(1) == prefix:
            run.append(found)
            lines[number] = line[len(bare):]
            continue
        prefix = match.group(1)
        run = runs[(number + 1, len(prefix) + 1)] = [found]
        lines[number] = prefix + "0" + line[len(bare):]
    if not runs:
        return loading.parse_yaml_text(text)
    try:
        skeleton = loading.parse_yaml_text("\n".join(lines))
    except Exception:  # noqa: BLE001 - any failure is the usual parser's to word
        return loading.parse_yaml_text(text)
    filled = _fill(skeleton, runs)
    return filled if filled is not None else loading.parse_yaml_text(text)


def _fill(parsed: ParsedYaml, runs: dict[tuple[int, int], list[tuple[dict, tuple[int, int]]]]) -> Optional[ParsedYaml]:
    """The skeleton with each run's items where its ``0`` is, the later items of its list renumbered; None unless
    every ``0`` is a plain list item at its place."""
    #: path of a list -> (index of a run's ``0``, the run), in the list's order
    lists: dict[tuple, list[tuple[int, list]]] = {}
    for path, where in parsed.positions.items():
        run = runs.get(where)
        if run is None or not path or not isinstance(path[-1], int):
            continue
        lists.setdefault(path[:-1], []).append((path[-1], run))
    if sum(len(found) for found in lists.values()) != len(runs):
        return None
    shifts: dict[tuple, list[tuple[int, int]]] = {}  # list path -> (old index, shift of the items after it)
    parents = []  # each list and its runs, found before any list gains items (an index in a path is the skeleton's)
    for path, found in lists.items():
        parent = _at(parsed.data, path)
        if not isinstance(parent, list):
            return None
        parents.append((path, parent, found))
        found.sort(key=lambda pair: pair[0])
        shift, steps = 0, []
        for index, run in found:
            value = parent[index]
            if type(value) is not RawInt or value.raw != "0":
                return None
            shift += len(run) - 1
            steps.append((index, shift))
        shifts[path] = steps
    moved = any(shift for steps in shifts.values() for _, shift in steps)
    extra: dict = {}
    for path, parent, found in parents:
        new_path = _renumbered(path, shifts) if moved else path
        shift = 0
        for index, run in found:
            for offset, (_, position) in enumerate(run):
                extra[new_path + (index + shift + offset,)] = position
            shift += len(run) - 1
        for index, run in reversed(found):
            parent[index:index + 1] = [mapping for mapping, _ in run]
    if moved:
        parsed.positions = {_renumbered(key, shifts): where for key, where in parsed.positions.items()
                            if runs.get(where) is None or not key or not isinstance(key[-1], int)}
    parsed.positions.update(extra)
    return parsed


def _renumbered(key: tuple, shifts: dict[tuple, list[tuple[int, int]]]) -> tuple:
    """``key`` (a path of the skeleton) with the index in each list that gained items renumbered (each list is
    named by its skeleton path, so every list is matched against the key as it was)."""
    new = None
    for path, steps in shifts.items():
        depth = len(path)
        if len(key) > depth and key[:depth] == path:
            index = key[depth]
            shift = 0
            for start, after in steps:
                if start >= index:
                    break
                shift = after
            if shift:
                new = new or list(key)
                new[depth] = index + shift
    return key if new is None else tuple(new)


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data
