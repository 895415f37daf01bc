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
                    r"|[A-Za-z0-9_\-.:/@%+*#=~*^$&|\\]+|\s+|[\u4e00-\u9fff]+|.", re.S)
#: where a unit may break inside: between two Chinese characters (a run of them is one token, split
#: only when it does not fit, into exactly the units one token per character would have made)
_BETWEEN = re.compile("(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")
_CLOSING = set("，。、；：？！）》」』】〕”’,.;:?!)]}…%")
_OPENING = set("（《「『【〔“‘([{")
#: units that belong to the number before them: "2月1日", "14 天" is fine but "14天" must not split
_UNITS = set("年月日周天次个条号时分秒岁项起处件")


#: characters of one paragraph that are wrapped and shown; the rest is counted
MAX_WRAPPED = 10_000


def terminal_width(default: int = 120) -> int:
    """The width to render for: ``$COLUMNS``, else the terminal's, else ``default`` (a CI log or a file)."""
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def _units(text: str) -> list[str]:
    """Tokens glued so that no line starts with closing or ends with opening punctuation."""
    units: list[str] = []
    last = ""  # the last unit, "" before the first and after a space (nothing glues to those)
    glue_next = False
    for token in _TOKEN.findall(text):
        if token.isspace():
            units.append(token)
            last, glue_next = "", False
            continue
        if last and (glue_next or token[0] in _CLOSING or (token[0] in _UNITS and last[-1].isdigit())):
            last = units[-1] = last + token
        else:
            units.append(token)
            last = token
        glue_next = token[-1] in _OPENING
    return units


#: printable ASCII (one cell each), the quotes, dash and ellipsis of Chinese text (one cell each for rich,
#: three bytes of UTF-8) and Chinese characters and punctuation that rich counts as two cells (CJK
#: ideographs, fullwidth forms, 、。〃 〈〉《》「」『』【】〔〕…); tests/render/test_render_speedups.py checks it
_PLAIN = re.compile("[\x20-\x7e\u2018\u2019\u201c\u201d\u2014\u2026"
                    "\u4e00-\u9fff\uff01-\uff60\u3001-\u3003\u3008-\u3011\u3014-\u301f]*")
_NARROW = "\u2018\u2019\u201c\u201d\u2014\u2026"

#: widths of short units already met (most units are one Chinese character)
_UNIT_CELLS: dict[str, int] = {}


def _cells(text: str) -> int:
    """``rich.cells.cell_len(text)`` without its per-character loop, for the text of findings: every
    character of ``_PLAIN`` but ASCII is three bytes of UTF-8, and two cells unless it is a narrow one."""
    if _PLAIN.fullmatch(text):
        other = (len(text.encode("utf-8")) - len(text)) // 2
        if other:
            other -= sum(text.count(char) for char in _NARROW if char in text)
        return len(text) + other
    return cell_len(text)


def _size(unit: str) -> int:
    size = _UNIT_CELLS.get(unit)
    if size is None:
        size = _cells(unit)
        if len(unit) <= 8 and len(_UNIT_CELLS) < 1 << 16:  # a character, a word, a date: they recur
            _UNIT_CELLS[unit] = size
    return size


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells (existing line breaks kept)."""
    width = max(width, 4)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if len(paragraph) > MAX_WRAPPED:  # a 2 MB title is no text to read on a terminal: its start, and its size
            paragraph = paragraph[:MAX_WRAPPED] + f"……（共 {len(paragraph)} 个字符，只显示前 {MAX_WRAPPED} 个）"
        if _cells(paragraph) <= width:  # it fits: the loop below would only drop its outer spaces
            lines.append(paragraph.strip())
            continue
        line, used = "", 0

        def place(unit: str, size: int) -> None:
            nonlocal line, used
            if unit.isspace():
                if line and used + size <= width:
                    line, used = line + unit, used + size
                elif line:
                    lines.append(line.rstrip())
                    line, used = "", 0
                return
            if used + size <= width:
                line, used = line + unit, used + size
                return
            if line:
                lines.append(line.rstrip())
                line, used = "", 0
            if size > width:  # wider than a whole line: cut (a long path), cell by cell, in one pass
                cut: list[str] = []
                cells = 0
                for char in unit:
                    char_cells = cell_len(char)
                    if cells + char_cells > width and cut:
                        lines.append("".join(cut))
                        cut, cells = [], 0
                    cut.append(char)
                    cells += char_cells
                unit, size = "".join(cut), cells
            line, used = unit, size

        for unit in _units(paragraph):
            size = _size(unit)
            if used + size > width and len(pieces := _BETWEEN.split(unit)) > 1:
                for piece in pieces:  # a run of Chinese that does not fit: character by character
                    place(piece, _size(piece))
            else:
                place(unit, size)
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
