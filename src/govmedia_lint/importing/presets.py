"""Column-mapping presets (``presets.yaml``) and the records a table gives through one of them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import ImportFailure
from .readers import Table
from .values import CONVERTERS, FIELD_TYPES, FILTER_FIELDS, RECTIFICATION_FIELDS, blank, to_text

PRESETS_FILE = Path(__file__).with_name("presets.yaml")

#: a header cell is compared without surrounding spaces, quotes, a BOM or a trailing tab, case-insensitively
_STRIP = " \t\r\n\ufeff\"'"


def header_name(cell: Any) -> str:
    return (to_text(cell) or "").strip(_STRIP).lower()


class Preset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str = ""
    platform: Optional[str] = None
    collection: Literal["posts", "messages", "rectifications"]
    unmatched: Literal["add", "report"] = "add"
    header: list[str] = Field(min_length=1)
    columns: dict[str, str]
    truncate: dict[str, int] = Field(default_factory=dict)
    #: columns that are (also) the post's text, kept in the text store: a column ``columns`` maps elsewhere
    #: (Weibo's 正文 is the title too); the first with a value wins
    text: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_fields(self) -> Preset:
        known = fields_of(self.collection)
        for column, name in self.columns.items():
            if name not in known:
                raise ValueError(f"列“{column}”映射到未知字段 {name!r}；可用字段：{', '.join(known)}")
        return self


def fields_of(collection: str) -> dict[str, str]:
    """The fields a preset of ``collection`` maps columns to, with their value types."""
    return RECTIFICATION_FIELDS if collection == "rectifications" else FIELD_TYPES


@lru_cache(maxsize=1)
def presets() -> dict[str, Preset]:
    data = yaml.safe_load(PRESETS_FILE.read_text(encoding="utf-8"))["presets"]
    return {name: Preset(name=name, **entry) for name, entry in data.items()}


def preset(name: str) -> Preset:
    found = presets().get(name)
    if found is None:
        raise ImportFailure("--preset", f"没有名为 {name!r} 的预设；可用：{', '.join(presets())}")
    return found


def parse_maps(maps: list[str], fields: Optional[Iterable[str]] = None, label: str = "可用字段") -> dict[str, str]:
    """``--map 列名=field`` options as a mapping (bad ones are an error naming the option); ``fields``: the
    field names allowed (default: an account's, ``FIELD_TYPES``)."""
    fields = list({**FIELD_TYPES, **RECTIFICATION_FIELDS} if fields is None else fields)
    out: dict[str, str] = {}
    for item in maps:
        column, sep, name = item.partition("=")
        column, name = column.strip(), name.strip()
        if not sep or not column or not name:
            raise ImportFailure("--map", f"应写作 列名=字段，实际为 {item!r}")
        if name not in fields:
            raise ImportFailure("--map", f"{item!r}：未知字段 {name!r}；{label}：{', '.join(fields)}")
        out[column] = name
    return out


def with_maps(base: Preset, maps: dict[str, str]) -> Preset:
    """The preset with ``--map`` columns in front (they win over the preset's own names)."""
    if not maps:
        return base
    known = fields_of(base.collection)
    for column, name in maps.items():
        if name not in known:
            raise ImportFailure("--map", f"{column}={name}：预设 {base.name} 的数据没有字段 {name!r}；"
                                f"可用字段：{', '.join(known)}")
    columns = {**maps, **{k: v for k, v in base.columns.items() if k not in maps}}
    return base.model_copy(update={"columns": columns, "header": [*maps, *base.header]})


@dataclass
class Record:
    """One post or message a source gives: YAML-ready values and where it came from."""

    collection: str
    fields: dict[str, Any]
    origin: str
    add: bool = True


@dataclass
class TableInfo:
    header_row: int
    columns: dict[str, list[str]]
    rows: int
    skipped: int = 0
    #: what the skipped rows named instead of this account ("平台 微博", "账号 ID x"), counted
    others: Optional[dict] = None


def find_header(table: Table, names: list[str]) -> int:
    """Index in ``table.rows`` of the first row holding one of ``names``."""
    wanted = {header_name(name) for name in names}
    for index, row in enumerate(table.rows[:200]):
        if any(header_name(cell) in wanted for cell in row):
            return index
    shown = "”或“".join(names[:4])
    raise ImportFailure(table.file, f"找不到表头：前 200 行中没有“{shown}”列（{table.describe()}）。"
                        "请确认导入来源与文件对应，或用 --map 列名=字段 指定列")


def header_positions(header_row: list) -> dict[str, int]:
    """Each header name's first column index."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header_row):
        name = header_name(cell)
        if name and name not in positions:
            positions[name] = index
    return positions


def mapped_columns(chosen: Preset, positions: dict[str, int]) -> dict[str, list[tuple[str, int]]]:
    """The preset's fields found in the header: field -> [(column heading, index)], in the preset's order."""
    fields: dict[str, list[tuple[str, int]]] = {}
    for column, name in chosen.columns.items():
        index = positions.get(header_name(column))
        if index is not None:
            fields.setdefault(name, []).append((column, index))
    return fields


def table_records(table: Table, chosen: Preset, account: dict[str, Optional[str]]) -> tuple[list[Record], TableInfo]:
    """Records of the data rows under the header; rows of another account (platform/account_id columns) are skipped."""
    at = find_header(table, chosen.header)
    positions = header_positions(table.rows[at])
    fields = mapped_columns(chosen, positions)
    for column in chosen.text:
        index = positions.get(header_name(column))
        if index is not None:
            fields.setdefault("text", []).append((column, index))
    key = "date" if chosen.collection == "posts" else "received_at"
    if key not in fields:
        wanted = [c for c, n in chosen.columns.items() if n == key][:3]
        what = "发布时间" if key == "date" else "收到时间"
        raise ImportFailure(table.file, f"表头（第 {table.numbers[at]} 行）缺少{what}列"
                            f"“{'”或“'.join(wanted) or key}”；可用 --map 列名={key} 指定", table.numbers[at])
    records: list[Record] = []
    skipped = 0
    others: dict[str, int] = {}
    name = Path(table.file).name
    for row, number in zip(table.rows[at + 1:], table.numbers[at + 1:]):
        if all(blank(cell) for cell in row):
            continue
        values = _row_values(table, chosen, fields, row, number)
        other = _other(values, account)
        if other:
            skipped += 1
            others[other] = others.get(other, 0) + 1
            continue
        _weibo_bid(values)
        if values.get(key) is None:
            column = fields[key][0][0]
            raise ImportFailure(table.file, f"缺少{'发布时间' if key == 'date' else '收到时间'}", number, column)
        records.append(Record(chosen.collection, values, f"{name} 第 {number} 行",
                              chosen.unmatched == "add"))
    used = {name: [column for column, _ in found] for name, found in fields.items()}
    return records, TableInfo(table.numbers[at], used, len(records), skipped, others)


def _row_values(table: Table, chosen: Preset, fields: dict, row: list, number: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, found in fields.items():
        convert = CONVERTERS[FIELD_TYPES[name]]
        for column, index in found:
            cell = row[index] if index < len(row) else None  # ragged rows are shorter than the header
            try:
                value = convert(cell)
            except ValueError as exc:
                raise ImportFailure(table.file, str(exc), number, column) from None
            if value is None:
                continue
            if isinstance(value, list):
                values[name] = values.get(name, []) + [v for v in value if v not in values.get(name, [])]
                continue
            limit = chosen.truncate.get(name)
            if limit and isinstance(value, str) and len(value) > limit:
                value = value[:limit] + "…"
            values[name] = value
            break
    return values


def platform_value(text: str) -> str:
    """A platform as a ledger writes it (微信, 微信公众号, 新浪微博, 抖音 …, the names the account format
    accepts) as the account file's value; an unknown name as written, lower-cased."""
    from ..model import Platform

    try:
        return Platform(text.strip()).value
    except ValueError:
        try:
            return Platform(text.strip().lower()).value
        except ValueError:
            return text.strip().lower()


def _other(values: dict[str, Any], account: dict[str, Optional[str]]) -> str:
    """What a row of another platform or account id names ("平台 微博"); "" for this account's rows. The
    columns are compared, never written."""
    other = ""
    for name in FILTER_FIELDS:
        given = values.pop(name, None)
        if given is None or not account.get(name) or other:
            continue
        mine = str(account[name]).lower()
        if (platform_value(given) if name == "platform" else given.strip().lower()) != mine:
            other = f"{'平台' if name == 'platform' else '账号 ID'} {given.strip()}"
    return other


def _weibo_bid(values: dict[str, Any]) -> None:
    """A ``bid`` column (Weibo's short code) names the post by its id: kept as ``post_id`` when none is given."""
    bid = values.pop("bid", None)
    if bid and not values.get("post_id"):
        from .weibo import bid_to_mid  # only for a row with a bid: most exports have none

        mid = bid_to_mid(bid)
        if mid:
            values["post_id"] = mid
