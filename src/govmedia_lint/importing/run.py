"""``govmedia-lint import``: read the exports, merge them into the account file, say what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..render.sanitize import visible
from ..render.terminal import console as make_console
from .catalog import SOURCES
from .errors import ImportFailure
from .merge import AccountEditor, Outcome, shown_value
from .presets import parse_maps
from .sources import READERS

EXIT_ERROR = 2
#: --dry-run lists the items it would add or update, up to this many
DRY_RUN_LINES = 200
COLLECTION_NAMES = {"posts": "信息 posts", "messages": "留言 messages"}


class _Plain:
    """Prints lines that carry exported data (titles, names) as plain, visible text: an export is untrusted."""

    def __init__(self, console):
        self.console = console

    def print(self, text: str) -> None:
        self.console.print(visible(text))


def run_import(source: str, files: list[Path], account: Path, dry_run: bool, maps: list[str],
               preset_name: Optional[str]) -> None:
    out = _Plain(make_console(soft_wrap=True))
    try:
        if source not in SOURCES:
            raise ImportFailure("SOURCE", f"未知的导入来源 {source!r}；可用：{', '.join(SOURCES)}")
        editor = AccountEditor(account)
        try:
            loaded = READERS[source](files, parse_maps(maps), preset_name, editor.account_facts())
        except (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError, RecursionError) as exc:
            # a shape no reader expects (a number where an object belongs, a 5,000-digit id …): an input error
            shown = "、".join(str(f) for f in files)
            raise ImportFailure(shown, f"无法识别的数据内容（{type(exc).__name__}）：请确认导入来源与文件对应") from None
        for record in loaded.records:
            editor.apply(record)
        outcome = editor.finish(dry_run)
    except ImportFailure as exc:
        errors = _Plain(make_console(stderr=True, soft_wrap=True))
        errors.print(f"govmedia-lint: 错误：{exc}")
        errors.print(f"未修改 {account}。")
        raise typer.Exit(EXIT_ERROR) from None
    for note in loaded.notes:
        out.print(f"读取 {note}")
    if loaded.skipped:
        out.print(f"其他账号的数据 {loaded.skipped} 条，已跳过。")
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


def report_lines(outcome: Outcome) -> list[str]:
    lines = []
    for collection, counts in outcome.counts.items():
        parts = [f"{label} {counts.get(key, 0)}" for key, label in
                 (("added", "新增"), ("updated", "更新"), ("unchanged", "未变"), ("unmatched", "未匹配"))]
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
