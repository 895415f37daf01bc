"""A roster (the national registry's export, a platform's or a supervisor's list of accounts) read through a
column preset, and the roster clauses of the packs (``roster:`` in a pack) that ``reconcile`` cites.

The presets are data: ``rosters:`` in ``importing/presets.yaml``; ``--map 列名=字段`` adds columns. The
readers are the import's (content-sniffed xlsx/xls/HTML/CSV).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..engine.clauses import Clause, every_clause, pack_clauses
from ..engine.packs import Pack, PackSet
from ..importing.errors import ImportFailure
from ..importing.presets import PRESETS_FILE, header_name, parse_maps
from ..importing.readers import Table, read_table
from ..importing.values import blank, to_text
from ..model import Platform

#: the fields of a roster row
ROSTER_FIELDS = ("name", "platform", "account_id", "host_unit", "verified_subject", "status", "url", "jurisdiction")
#: what a roster row's status says when the account has left the roster (注销, 关停 …)
RETIRED = re.compile(r"注销|关停|关闭|停用|退出|撤销")

FINDINGS = ("not_in_register", "not_in_roster", "closed_in_roster", "differs", "duplicate")
#: the facts a ``differs`` entry may compare
COMPARED = ("name", "host_unit", "platform", "verified_subject")


class RosterPreset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str = ""
    header: list[str] = Field(min_length=1)
    columns: dict[str, Literal[ROSTER_FIELDS]]  # type: ignore[valid-type]


@lru_cache(maxsize=1)
def roster_presets() -> dict[str, RosterPreset]:
    data = yaml.safe_load(PRESETS_FILE.read_text(encoding="utf-8")).get("rosters") or {}
    return {name: RosterPreset(name=name, **entry) for name, entry in data.items()}


@dataclass
class RosterRow:
    """One account of the roster: its fields (text, platform as the account format's value) and its row."""

    number: int
    values: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> Optional[str]:
        return self.values.get(key)

    @property
    def retired(self) -> bool:
        return bool(RETIRED.search(self.values.get("status") or ""))


@dataclass
class Roster:
    file: str
    rows: list[RosterRow]
    preset: str
    header_row: int


def _maps(maps: list[str]) -> dict[str, str]:
    return parse_maps(maps, ROSTER_FIELDS, "名册可用字段")


def _header_at(table: Table, names: set[str]) -> Optional[int]:
    for index, row in enumerate(table.rows[:200]):
        if any(header_name(cell) in names for cell in row):
            return index
    return None


def choose_preset(table: Table, wanted: Optional[str], maps: dict[str, str]) -> tuple[RosterPreset, int]:
    """The preset named, or the first whose header the table holds; with ``--map`` columns in front."""
    known = roster_presets()
    if wanted is not None and wanted not in known:
        raise ImportFailure("--preset", f"没有名为 {wanted!r} 的名册预设；可用：{', '.join(known)}")
    for preset in ([known[wanted]] if wanted else list(known.values())):
        if maps:
            preset = preset.model_copy(update={"columns": {**maps, **preset.columns}, "header": [*maps, *preset.header]})
        at = _header_at(table, {header_name(n) for n in preset.header})
        if at is not None:
            return preset, at
    shown = "、".join(f"{p.name}（{'、'.join(p.header[:3])}）" for p in known.values())
    raise ImportFailure(table.file, f"找不到名册的表头：前 200 行中没有可识别的列（{table.describe()}）。已知名册：{shown}；"
                        "可用 --preset 指定，或用 --map 列名=name 指定账号名称列")


def platform_of(text: str) -> Optional[str]:
    """The account format's platform of a roster's platform text (微信公众号, 微信订阅号, 新浪微博 …), or None."""
    from ..fields import enum_aliases

    cleaned = unicodedata.normalize("NFKC", text).strip()
    try:
        return Platform(cleaned.lower() if cleaned.isascii() else cleaned).value
    except ValueError:
        pass
    names = sorted(enum_aliases(Platform).items(), key=lambda item: -len(item[0]))
    return next((value for name, value in names if len(name) > 1 and name in cleaned), None)


def read_roster(path: Path, preset: Optional[str] = None, maps: Optional[list[str]] = None) -> Roster:
    """The roster's rows; a file that is no roster, or a row without a name, is an ``ImportFailure``."""
    return roster_of(read_table(path), preset, maps)


def roster_of(table: Table, preset: Optional[str] = None, maps: Optional[list[str]] = None) -> Roster:
    """The roster rows of a table already read (a file, or a rule's example)."""
    chosen, at = choose_preset(table, preset, _maps(maps or []))
    header = [header_name(cell) for cell in table.rows[at]]
    columns: dict[str, list[tuple[str, int]]] = {}
    for column, name in chosen.columns.items():
        if header_name(column) in header:
            columns.setdefault(name, []).append((column, header.index(header_name(column))))
    if "name" not in columns:
        raise ImportFailure(table.file, "表头缺少账号名称列；可用 --map 列名=name 指定", table.numbers[at])
    rows: list[RosterRow] = []
    for cells, number in zip(table.rows[at + 1:], table.numbers[at + 1:]):
        if all(blank(cell) for cell in cells):
            continue
        row = RosterRow(number)
        for name, found in columns.items():
            for column, index in found:
                value = to_text(cells[index]) if index < len(cells) else None
                if value is None:
                    continue
                if name == "platform":
                    known = platform_of(value)
                    if known is None:
                        raise ImportFailure(table.file, f"无法识别的平台 {value!r}（可用：微信公众号、新浪微博、抖音、"
                                            "今日头条、快手、移动客户端、小程序……）", number, column)
                    value = known
                row.values[name] = value
                break
        if "name" not in row.values:
            raise ImportFailure(table.file, "缺少账号名称", number, columns["name"][0][0])
        rows.append(row)
    return Roster(table.file, rows, chosen.name, table.numbers[at])


# ── the packs' roster clauses ────────────────────────────────────────────────────────────────────────

class RosterExample(BaseModel):
    """A roster (CSV text, columns named as the ``roster`` preset) and the register (account fragments)."""

    model_config = ConfigDict(extra="forbid")

    as_of: date
    roster: str
    accounts: list[str] = Field(default_factory=list)


class RosterExamples(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    fail: RosterExample
    pass_: RosterExample = Field(alias="pass")


class RosterRule(Clause):
    """One clause a reconciliation finding cites: which finding (``finding``) it covers and its text."""

    finding: Literal[FINDINGS]  # type: ignore[valid-type]
    #: ``differs``: the facts compared under this clause
    fields: list[Literal[COMPARED]] = Field(default_factory=list)  # type: ignore[valid-type]
    examples: RosterExamples


def roster_rules(pack: Pack, packset: PackSet) -> list[RosterRule]:
    """The pack's roster clauses: its own, then its parent's for the findings it does not cite itself."""
    return pack_clauses(pack, packset, "roster", RosterRule, "名册条款")


def all_roster_rules(packset: PackSet) -> list[RosterRule]:
    """Every pack's own roster clauses (each once)."""
    return every_clause(packset, "roster", RosterRule, "名册条款")

