"""``govmedia-lint import SOURCE FILE... --account accounts/x.yaml``: the command line.

Only the options and their help: the work (readers, round-trip merge) is ``run.py``, imported when an
import runs, not each time the CLI starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .catalog import SOURCES

SOURCE_HELP = "；".join(f"{name}：{text}" for name, text in SOURCES.items())


def import_command(
    source: str = typer.Argument(..., help=f"导入来源。{SOURCE_HELP}"),
    files: List[Path] = typer.Argument(..., help="导出文件或台账文件（按内容识别 xlsx / xls / HTML / CSV / JSON）。"),
    account: Path = typer.Option(..., "--account", "-a", help="要合并进的账号登记文件（YAML）。"),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="只显示将新增、更新、冲突和未匹配的内容，不写文件。"),
    maps: Optional[List[str]] = typer.Option(
        None, "--map", help="列名=字段，如 --map 标题=title --map 发布时间=date（可重复）。"),
    preset_name: Optional[str] = typer.Option(
        None, "--preset", help="presets.yaml 中的列映射预设，如 douyin、posts、messages。"),
    through: Optional[str] = typer.Option(
        None, "--through", help="导出数据覆盖到哪一天（YYYY-MM-DD，导出时选的结束日期）；默认取文件中最后一条记录的日期。"),
) -> None:
    """把平台导出数据和单位台账合并进账号登记文件（保留注释和手工填写的内容）。"""
    from .run import run_import

    run_import(source, list(files), account, dry_run, maps or [], preset_name, through)
