"""``govmedia-lint import``: read the exports, merge them into the account file, say what changed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Optional

import typer

from ..model import SHANGHAI
from ..render.sanitize import visible
from ..render.terminal import console as make_console
from .catalog import SOURCES
from .errors import ImportFailure
from .lock import account_lock
from .merge import KEY_DATE, AccountEditor, Outcome, shown_value
from .presets import Record, parse_maps
from .rectifications import merge_rectifications
from .sources import READERS, prefetch
from .values import day_of

EXIT_ERROR = 2
#: --dry-run lists the items it would add or update, up to this many
DRY_RUN_LINES = 200
COLLECTION_NAMES = {"posts": "信息 posts", "messages": "留言 messages", "rectifications": "整改事项 rectifications"}


class _Plain:
    """Prints lines that carry exported data (titles, names) as plain, visible text: an export is untrusted."""

    def __init__(self, console):
        self.console = console

    def print(self, text: str) -> None:
        self.console.print(visible(text))


def covered(records: list[Record], through: Optional[date] = None) -> dict[str, date]:
    """collection -> the last day the import's files cover: ``through`` when the export states its range
    (``--through``), else the day of its last row. Only sources that list every item (not a ledger that
    completes registered posts) say how far a log goes."""
    ends: dict[str, date] = {}
    for record in records:
        if record.add:
            day = day_of(record.fields[KEY_DATE[record.collection]])
            ends[record.collection] = max(day, ends.get(record.collection, day))
    return {collection: through or day for collection, day in ends.items()}


def _through(text: Optional[str]) -> Optional[date]:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ImportFailure("--through", f"应为日期 YYYY-MM-DD（导出数据的最后一天），实际为 {text!r}") from None


def nothing_written(loaded, outcome: Outcome, files: list[Path]) -> None:
    """Every row of the files was skipped (another platform or account) or matched nothing: an error, never a
    silent "nothing to do"."""
    fitted = sum(counts.get(key, 0) for counts in outcome.counts.values() for key in ("added", "updated", "unchanged"))
    unmatched = sum(counts.get("unmatched", 0) for counts in outcome.counts.values())
    ambiguous = sum(counts.get("ambiguous", 0) for counts in outcome.counts.values())
    if fitted or not (loaded.skipped or unmatched or ambiguous):
        return
    parts = []
    if loaded.skipped:
        named = "、".join(f"{other} {count} 行" for other, count in sorted(loaded.others.items(), key=lambda kv: -kv[1]))
        parts.append(f"{loaded.skipped} 行属于其他平台或账号" + (f"（{named}）" if named else ""))
    if unmatched:
        first = outcome.unmatched[0].split("：", 1)[0]
        parts.append(f"{unmatched} 行与登记文件中的信息都对不上（如 {first}）")
    if ambiguous:
        parts.append(f"{ambiguous} 行同时符合多条信息")
    shown = "、".join(str(f) for f in files)
    raise ImportFailure(shown, "没有一行数据能写入：" + "；".join(parts) + "。请核对 --account 指定的账号"
                        "（平台、平台账号 ID）与台账是否对应，或台账的标题、日期、链接列")


def run_import(source: str, files: list[Path], account: Path, dry_run: bool, maps: list[str],
               preset_name: Optional[str], through: Optional[str] = None) -> None:
    out = _Plain(make_console(soft_wrap=True))
    errors_out = _Plain(make_console(stderr=True, soft_wrap=True))
    try:
        if source not in SOURCES:
            raise ImportFailure("SOURCE", f"未知的导入来源 {source!r}；可用：{', '.join(SOURCES)}")
        last_day = _through(through)
        with account_lock(account, errors_out.print):
            outcome, loaded, editor = _merge(source, files, account, dry_run, maps, preset_name, last_day)
    except ImportFailure as exc:
        errors = errors_out
        errors.print(f"govmedia-lint: 错误：{exc}")
        errors.print(f"未修改 {account}。")
        raise typer.Exit(EXIT_ERROR) from None
    for note in loaded.notes:
        out.print(f"读取 {note}")
    if loaded.skipped:
        out.print(f"其他账号的数据 {loaded.skipped} 条，已跳过。")
    for line in loaded.routing:
        out.print(line)
    for collection, day in outcome.coverage.items():
        out.print(f"数据范围：{COLLECTION_NAMES[collection]} 截至 {day}（写入 data_coverage；此日之后的情况检查时按缺少数据报告）")
    for line in report_lines(outcome):
        out.print(line)
    for line in text_lines(editor.texts, dry_run):
        out.print(line)
    if dry_run and outcome.changes:
        out.print("将要写入的改动：")
        for line in outcome.changes[:DRY_RUN_LINES]:
            out.print(f"  {line}")
        if len(outcome.changes) > DRY_RUN_LINES:
            out.print(f"  ……另有 {len(outcome.changes) - DRY_RUN_LINES} 条")
    if dry_run:
        out.print(f"试运行（--dry-run）：未修改 {account}。")
    elif outcome.written:
        out.print(f"已写入 {account}。下一步：govmedia-lint check {account}")
    else:
        out.print(f"{account} 无需修改（内容已是最新）。")


def _merge(source: str, files: list[Path], account: Path, dry_run: bool, maps: list[str],
           preset_name: Optional[str], last_day: Optional[date]):
    """Read the file, merge the exports into it and write it (under the account's lock)."""
    prefetch(source, files)
    editor = AccountEditor(account)
    try:
        loaded = READERS[source](files, parse_maps(maps), preset_name, editor.account_facts())
    except (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError, RecursionError) as exc:
        # a shape no reader expects (a number where an object belongs, a 5,000-digit id …): an input error
        shown = "、".join(str(f) for f in files)
        raise ImportFailure(shown, f"无法识别的数据内容（{type(exc).__name__}）：请确认导入来源与文件对应") from None
    for record in loaded.records:
        editor.apply(record)
    merge_rectifications(editor, loaded.rectifications)
    nothing_written(loaded, editor.outcome, files)
    for collection, day in covered(loaded.records, last_day).items():
        editor.cover(collection, day, source, datetime.now(SHANGHAI).date())
    return editor.finish(dry_run), loaded, editor


def report_lines(outcome: Outcome) -> list[str]:
    lines = []
    for collection, counts in outcome.counts.items():
        parts = [f"{label} {counts.get(key, 0)}" for key, label in
                 (("added", "新增"), ("updated", "更新"), ("unchanged", "未变"), ("unmatched", "未匹配"))]
        if counts.get("ambiguous"):
            parts.append(f"无法确定 {counts['ambiguous']}")
        conflicts = sum(1 for c in outcome.conflicts if c.collection == collection)
        lines.append(f"{COLLECTION_NAMES[collection]}：{'，'.join(parts)}，冲突 {conflicts}")
    if outcome.conflicts:
        lines.append("冲突（保留登记文件中的值，请人工核对）：")
        for c in outcome.conflicts:
            if c.line:
                lines.append(f"  第 {c.line} 行 {c.label} 的 {c.field}：登记为 {shown_value(c.kept)}，"
                             f"导入数据为 {shown_value(c.imported)}（{c.origin}）")
            else:
                lines.append(f"  本次新增的 {c.label} 的 {c.field}：先读到的来源为 {shown_value(c.kept)}，"
                             f"{c.origin} 为 {shown_value(c.imported)}（保留前者）")
    if outcome.unmatched:
        lines.append("未匹配的台账行（未写入，请核对标题、日期或链接）：")
        lines += [f"  {text}" for text in outcome.unmatched]
    if outcome.ambiguous:
        lines.append("无法确定对应哪一条的行（未写入）：")
        lines += [f"  {text}" for text in outcome.ambiguous]
    return lines


def text_lines(texts, dry_run: bool) -> list[str]:
    """What the import did to the account's text store (nothing when no source carried a text)."""
    counts = texts.counts
    if not counts:
        return []
    parts = [f"{label} {counts.get(key, 0)}" for key, label in
             (("added", "新增"), ("updated", "更新"), ("unchanged", "未变"))]
    lines = [f"正文（文本库）：{'，'.join(parts)}"]
    if counts.get("inline"):
        lines[0] += f"，{counts['inline']} 篇保留登记文件中手工填写的 text"
    if texts.written:
        lines.append("已写入 " + "、".join(str(p) for p in texts.written))
    elif dry_run and (counts.get("added") or counts.get("updated")):
        lines.append("试运行（--dry-run）：未写入文本库。")
    return lines
