"""Line breaking for Chinese text with codes in it, at any terminal width.

rich folds a long run without spaces at an arbitrary cell, so ``2026-W08`` or
``host_unit_kind`` came out as ``2026-W`` / ``08``. Here a line may break
between two Chinese characters or at a space, never inside a run of Latin
letters, digits and ``-_./:`` (a code, a date, a field name), and closing
punctuation never starts a line (nor opening punctuation ends one). Only a
token wider than the whole line is cut.
"""

from __future__ import annotations

import re
import shutil

from rich.cells import cell_len

#: a code, a date, a number, a field name or a path: never broken
_TOKEN = re.compile(r"(?:\d{1,4}年)?\d{1,2}月\d{1,2}日|\d+[年月日周天次个条号时分秒岁项起处件]"  # 2月1日, 14天
                    r"|[A-Za-z0-9_\-.:/@%+*#=~*^$&|\\]+|\s+|.", re.S)
_CLOSING = set("，。、；：？！）》」』】〕”’,.;:?!)]}…%")
_OPENING = set("（《「『【〔“‘([{")
#: units that belong to the number before them: "2月1日", "14 天" is fine but "14天" must not split
_UNITS = set("年月日周天次个条号时分秒岁项起处件")


def terminal_width(default: int = 120) -> int:
    """The width to render for: ``$COLUMNS``, else the terminal's, else ``default`` (a CI log or a file)."""
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def _units(text: str) -> list[str]:
    """Tokens glued so that no line starts with closing or ends with opening punctuation."""
    units: list[str] = []
    glue_next = False
    for token in _TOKEN.findall(text):
        number_unit = token in _UNITS and units and units[-1][-1:].isdigit()
        if units and not token.isspace() and (glue_next or token[0] in _CLOSING or number_unit) \
                and not units[-1].isspace():
            units[-1] += token
        else:
            units.append(token)
        glue_next = token[-1] in _OPENING
    return units


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells (existing line breaks kept)."""
    width = max(width, 4)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for unit in _units(paragraph):
            size = cell_len(unit)
            if unit.isspace():
                if line and used + size <= width:
                    line, used = line + unit, used + size
                elif line:
                    lines.append(line.rstrip())
                    line, used = "", 0
                continue
            if used + size <= width:
                line, used = line + unit, used + size
                continue
            if line:
                lines.append(line.rstrip())
                line, used = "", 0
            while size > width:  # wider than a whole line: cut (a long path), cell by cell
                cut, cells = "", 0
                for char in unit:
                    if cells + cell_len(char) > width:
                        break
                    cut, cells = cut + char, cells + cell_len(char)
                lines.append(cut)
                unit = unit[len(cut):]
                size = cell_len(unit)
            line, used = unit, size
        lines.append(line.rstrip())
    return lines


def unfold(text: str) -> str:
    """Prose from a pack's YAML block: lines of a paragraph joined (no space between Chinese characters)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    joined = []
    for paragraph in paragraphs:
        out = ""
        for line in (part.strip() for part in paragraph.splitlines()):
            if out and line and out[-1].isascii() and line[0].isascii() and out[-1].isalnum() and line[0].isalnum():
                out += " "
            out += line
        joined.append(out)
    return "\n\n".join(joined)
