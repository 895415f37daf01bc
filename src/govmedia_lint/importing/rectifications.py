"""A 整改台账 (rectification ledger) merged into the account's ``rectifications``.

Reading: the ledger's rows are routed first (``routing``: only the rows of this account's name and platform are
read further); each of them is one item: ``item`` (问题描述), ``source`` (问题来源: 通报, 自查, 平台工单, 检查),
``ref`` (通报文号), ``notified_on`` (通报日期/发现日期), the deadline (整改期限: a date is ``due_on``, 10个工作日 /
10日 is ``due_within``), ``rectified_on`` (整改完成日期) and ``evidence`` (佐证材料, else 整改情况; only from a
row that gives its completion date: 整改中 is no evidence).

Identity: an item is its ``notified_on`` and its ``item`` text (compared without whitespace, full-width as
half-width, without closing punctuation); two items that both carry a ``ref`` and differ in it are two items. The
ledger's 序号 is its running number (rows are inserted and sorted), shown with the row but never an identity; a
changed wording or date is a new item (the old one stays: an import never deletes).

Merging: a matched item gains the fields it lacks (``rectified_on``, ``evidence``, ``ref``, a deadline); a field
it has with another value is a conflict, listed, the file's value kept. New items are one flow mapping per line,
in ``notified_on`` order where the list is in that order. Written through the account editor (``merge``): comments
and hand fields survive, nothing changes → nothing written.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Optional

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..labels import value_label
from .errors import ImportFailure
from .merge import AccountEditor, Conflict, _yaml_value
from .presets import Preset, Record, find_header, header_positions, mapped_columns
from .readers import read_table
from .routing import Routed, Row, route
from .values import CONVERTERS, RECTIFICATION_FIELDS, to_text

COLLECTION = "rectifications"
#: key order of a new item
ORDER = ("item", "source", "ref", "notified_on", "due_on", "due_within", "rectified_on", "evidence")
#: the fields compared and completed on a matched item (the deadline is ``due_on`` or ``due_within``)
MERGED = ("source", "ref", "due_on", "due_within", "rectified_on", "evidence")
REQUIRED = {"name": "账号名称", "item": "问题描述", "notified_on": "通报日期或发现日期"}
#: rows shown in the error when no row of the ledger is this account's
SHOWN_UNRESOLVED = 5

# ── reading ──────────────────────────────────────────────────────────────────────────────────────────────────────


def _columns(table, chosen: Preset, at: int) -> dict[str, list[tuple[str, int]]]:
    found = mapped_columns(chosen, header_positions(table.rows[at]))
    for name, what in REQUIRED.items():
        if name not in found:
            wanted = [c for c, n in chosen.columns.items() if n == name][:3]
            raise ImportFailure(table.file, f"表头（第 {table.numbers[at]} 行）缺少{what}列“{'”或“'.join(wanted)}”；"
                                f"可用 --map 列名={name} 指定", table.numbers[at])
    return found


def _cells(table, row: list, columns: dict, names, number: int) -> dict[str, Any]:
    """The row's values of ``names`` (the first listed column with a value wins), converted."""
    values: dict[str, Any] = {}
    for name in names:
        convert = CONVERTERS[RECTIFICATION_FIELDS[name]]
        for column, index in columns.get(name, ()):
            cell = row[index] if index < len(row) else None
            try:
                value = convert(cell)
            except ValueError as exc:
                raise ImportFailure(table.file, str(exc), number, column) from None
            if value is not None:
                values[name] = value
                break
    return values


def _source(text: str, table, number: int, columns: dict) -> str:
    from ..model import RectificationSource

    plain = unicodedata.normalize("NFKC", text).strip()
    try:
        return RectificationSource(plain.lower()).value
    except ValueError:
        pass
    for word, value in (("工单", "work_order"), ("自查", "self_check"), ("通报", "notice"), ("抽查", "inspection"),
                        ("检查", "inspection")):
        if word in plain:
            return value
    raise ImportFailure(table.file, f"问题来源无法识别：{text!r}（可写 通报、平台工单、检查、自查）", number,
                        columns["source"][0][0])


def _record(table, row: Row, columns: dict, name: str) -> Record:
    values = _cells(table, row.values["_cells"], columns, [n for n in RECTIFICATION_FIELDS if n not in
                                                           ("name", "platform")], row.number)
    for need in ("item", "notified_on"):
        if values.get(need) is None:
            raise ImportFailure(table.file, f"账号“{name}”的整改事项缺少{REQUIRED[need]}", row.number,
                                columns[need][0][0])
    fields: dict[str, Any] = {"item": values["item"], "notified_on": values["notified_on"]}
    if values.get("source"):
        fields["source"] = _source(values["source"], table, row.number, columns)
    if values.get("ref"):
        fields["ref"] = values["ref"]
    if values.get("due"):
        kind, due = values["due"]
        fields[kind] = due
    if values.get("rectified_on"):
        fields["rectified_on"] = values["rectified_on"]
        if values.get("evidence"):
            fields["evidence"] = values["evidence"]
    number = f"（序号 {values['number']}）" if values.get("number") else ""
    return Record(COLLECTION, fields, f"{Path(table.file).name} 第 {row.number} 行{number}")


@dataclass
class Ledger:
    """The ledgers' items of this account, a line per file saying how it was read, and what routing left out."""

    records: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    routing: list[str] = field(default_factory=list)


def read_ledger(paths: list[Path], chosen: Preset, account: dict[str, Optional[str]]) -> Ledger:
    """The ledgers' items of this account (``account['name']`` on ``account['platform']``), with what the routing
    left out."""
    ledger = Ledger()
    name, platform = account.get("name") or "", account.get("platform")
    total = Routed()
    for path in paths:
        table = read_table(path)
        _fill_merged(table)
        at = find_header(table, chosen.header)
        columns = _columns(table, chosen, at)
        rows = []
        for cells, number in zip(table.rows[at + 1:], table.numbers[at + 1:]):
            if all(to_text(cell) is None for cell in cells):
                continue
            values: dict[str, Any] = {key: next((to_text(cells[i]) for _, i in columns.get(key, ())
                                                 if i < len(cells) and to_text(cells[i]) is not None), None)
                                      for key in ("name", "platform")}
            values["_cells"] = cells
            rows.append(Row(number, values))
        routed = route(rows, name, platform, lambda row, file=Path(table.file).name: f"{file} 第 {row.number} 行",
                       account.get("file"))
        ledger.records += [_record(table, row, columns, name) for row in routed.mine]
        for other, count in routed.others.items():
            total.others[other] = total.others.get(other, 0) + count
        total.unresolved += routed.unresolved
        used = "，".join(f"{'/'.join(c for c, _ in found)}→{target}" for target, found in columns.items())
        ledger.notes.append(f"{path}：{table.describe()}，预设 {chosen.name}，表头在第 {table.numbers[at]} 行，"
                            f"{len(rows)} 行数据，本账号 {len(routed.mine)} 行（{used}）")
    ledger.routing = _routing_lines(total, len(ledger.records), name)
    if not ledger.records and total.unresolved:
        shown = "；".join(total.unresolved[:SHOWN_UNRESOLVED])
        more = f"等 {len(total.unresolved)} 行" if len(total.unresolved) > SHOWN_UNRESOLVED else ""
        raise ImportFailure("、".join(str(p) for p in paths), f"台账中没有能确定属于账号“{name}”的行，"
                            f"不能确定的有：{shown}{more}。请在台账中写明账号名称（与登记文件的 account.name 一致）和平台")
    return ledger


def _fill_merged(table) -> None:
    """Each cell of a merged range holds the range's value (a workbook gives it only to the first cell): one
    account's 账号名称, or one 通报's 文号 and date, merged over its rows is written on each row. Ranges do not
    overlap in a workbook Excel wrote: a file whose ranges fill more cells than the sheet has is refused."""
    budget = sum(len(row) for row in table.rows)
    for (top, left), (bottom, right) in table.merged:
        if top >= len(table.rows) or left >= len(table.rows[top]):
            continue
        value = table.rows[top][left]
        for row in table.rows[top:bottom + 1]:
            width = max(0, min(right + 1, len(row)) - left)
            budget -= width
            if budget < 0:
                raise ImportFailure(table.file, "合并单元格的区域相互重叠，无法确定每个单元格的值；请在 Excel 中取消合并后重新保存")
            row[left:left + width] = [value] * width


def _routing_lines(routed: Routed, mine: int, name: str) -> list[str]:
    lines = []
    if routed.other_rows:
        ranked = sorted(routed.others.items(), key=lambda kv: (-kv[1], kv[0]))
        named = "、".join(f"{other} {count} 行" for other, count in ranked[:10])
        more = f" 等 {len(ranked)} 个账号" if len(ranked) > 10 else ""
        lines.append(f"台账中其他账号的行 {routed.other_rows} 行（{named}{more}），未导入。")
    if not mine:
        lines.append(f"台账中没有账号“{name}”的整改事项。")
    if routed.unresolved:
        lines.append("不能确定属于哪个账号的行（未导入，请在台账中写明与登记文件一致的账号名称和平台）：")
        lines += [f"  {text}" for text in routed.unresolved]
    return lines


# ── merging ──────────────────────────────────────────────────────────────────────────────────────────────────────

_CLOSING = re.compile(r"[。．.；;，,、！!]+$")


def item_key(text: Any) -> str:
    """The problem text as identity compares it."""
    plain = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).casefold()
    return _CLOSING.sub("", plain)


def _ref_key(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).casefold()


def _plain(name: str, value: Any) -> Any:
    """A model's or record's value as merging compares it."""
    value = getattr(value, "value", value)
    if name == "due_within" and isinstance(value, str):
        return re.sub(r"\s+", "", value).lower()
    if isinstance(value, str):
        return value.strip()
    return value


class _Entry:
    """One item of the list: its values (as read, then as merged), its line, its node once the file changes."""

    def __init__(self, values: dict[str, Any], line: int, position: int):
        self.values, self.line, self.position = values, line, position
        self.node: Optional[CommentedMap] = None

    def label(self) -> str:
        return f"{self.values.get('notified_on')} 通知的整改事项“{self.values.get('item')}”"


class RectificationMerge:
    """The ledger's records merged into the account editor's ``rectifications``."""

    def __init__(self, editor: AccountEditor):
        self.editor = editor
        self.entries = [_Entry({name: _plain(name, getattr(item, name)) for name in ("item", "notified_on", *MERGED)},
                               item.line, position)
                        for position, item in enumerate(editor.document.rectifications)]
        days = [entry.values["notified_on"] for entry in self.entries]
        self.days: Optional[list] = days if all(a <= b for a, b in pairwise(days)) else None
        self.attached = False
        self.counts = editor.outcome.counts[COLLECTION]

    def _attach(self) -> None:
        """The round-trip tree's nodes of the items the file holds (before any item is added to it)."""
        if self.attached:
            return
        data = self.editor._round_trip()
        if COLLECTION not in data:  # a new list goes where the account format has it: before waivers, data_coverage
            keys = list(data)
            at = next((keys.index(k) for k in ("waivers", "data_coverage") if k in keys), len(keys))
            data.insert(at, COLLECTION, CommentedSeq())
        nodes = list(self.editor._seq(COLLECTION))
        for entry in self.entries:
            entry.node = nodes[entry.position]
        self.attached = True

    def _find(self, fields: dict[str, Any]) -> list[_Entry]:
        key, day, ref = item_key(fields["item"]), fields["notified_on"], _ref_key(fields.get("ref"))
        return [entry for entry in self.entries if entry.values["notified_on"] == day
                and item_key(entry.values["item"]) == key
                and not (ref and entry.values.get("ref") and _ref_key(entry.values["ref"]) != ref)]

    def apply(self, record: Record) -> str:
        found = self._find(record.fields)
        outcome = self.editor.outcome
        if len(found) > 1:
            shown = "、".join(f"第 {e.line} 行" if e.line else "本次新增的一项" for e in found)
            outcome.ambiguous.append(f"{record.origin}：{record.fields['notified_on']} “{record.fields['item']}” —— "
                                     f"同时符合登记文件中的 {shown}，未写入；请在台账中补充通报文号")
            self.counts["ambiguous"] += 1
            return "ambiguous"
        if not found:
            self._add(record)
            self.counts["added"] += 1
            return "added"
        entry = found[0]
        changed = [name for name in MERGED if name in record.fields and self._merge(entry, name, record)]
        if changed:
            where = f"第 {entry.line} 行 " if entry.line else ""
            outcome.changes.append(f"更新 {where}{entry.label()}：{', '.join(changed)}（{record.origin}）")
        self.counts["updated" if changed else "unchanged"] += 1
        return "updated" if changed else "unchanged"

    def _merge(self, entry: _Entry, name: str, record: Record) -> bool:
        new = _plain(name, record.fields[name])
        held = name
        other = {"due_on": "due_within", "due_within": "due_on"}.get(name)
        if entry.values.get(name) is None and other and entry.values.get(other) is not None:
            held = other  # the file states its deadline the other way: the two are compared, never both kept
        kept = entry.values.get(held)
        if kept == new:
            return False
        if kept is not None:
            shown = (lambda v: value_label("rectifications[].source", v)) if name == "source" else (lambda v: v)
            self.editor.outcome.conflicts.append(Conflict(COLLECTION, entry.line, entry.label(), held, shown(kept),
                                                          shown(record.fields[name]), record.origin))
            return False
        self._attach()
        _set(entry.node, name, record.fields[name])
        entry.values[name] = new
        return True

    def _node(self, fields: dict[str, Any]) -> CommentedMap:
        node = CommentedMap()
        for name in ORDER:
            if name in fields:
                node[name] = _yaml_value(fields[name])
        node.fa.set_flow_style()
        return node

    def _add(self, record: Record) -> None:
        self._attach()
        seq = self.editor._seq(COLLECTION)
        node = self._node(record.fields)
        day = record.fields["notified_on"]
        if self.days is None:
            seq.append(node)
        else:
            at = bisect_right(self.days, day)
            seq.insert(at, node)
            self.days.insert(at, day)
        entry = _Entry({name: _plain(name, record.fields.get(name)) for name in ("item", "notified_on", *MERGED)},
                       0, -1)
        entry.node = node
        self.entries.append(entry)
        self.editor.outcome.changes.append(f"新增 {entry.label()}（{record.origin}）")


def _set(node: CommentedMap, name: str, value: Any) -> None:
    """``node[name] = value``, placed in ``ORDER`` among the keys the item has."""
    later = [key for key in ORDER[ORDER.index(name) + 1:] if key in node]
    if later:
        node.insert(list(node).index(later[0]), name, _yaml_value(value))
    else:
        node[name] = _yaml_value(value)


def merge_rectifications(editor: AccountEditor, records: list[Record]) -> None:
    """Merge the ledger's items of this account into ``editor`` (nothing when there are none)."""
    if not records:
        return
    merging = RectificationMerge(editor)
    for record in records:
        merging.apply(record)
