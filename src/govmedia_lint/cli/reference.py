"""The commands that describe the rules rather than check a register: ``explain``, ``rules``, ``packs``,
``schema``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from ..engine.evaluate import TOOL_RULE_DOCS, TOOL_RULES
from ..engine.packs import PackSet
from ..render.reference import explain_renderable, pack_dict, packs_text, rule_dict, rules_markdown, rules_text
from ..run.plan import load_packs
from ..settings.options import BY_KEY
from .common import fail, planned, stdout

PACK_DIRS = typer.Option(None, "--pack-dir", help=BY_KEY["pack_dirs"].help)


def load_pack_dirs(pack_dirs: Optional[List[Path]]) -> PackSet:
    return planned(lambda: load_packs(pack_dirs or []))


def register(app: typer.Typer) -> None:
    @app.command()
    def explain(
        code: str = typer.Argument(..., help="规则代码，例如 JX-UPDATE-WEEKLY。"),
        fmt: str = typer.Option("text", "--format", "-f", help="text|json"),
        pack_dir: Optional[List[Path]] = PACK_DIRS,
    ) -> None:
        """说明一条规则：要求、参数、级别、文件条款原文，以及不合格与合格示例。"""
        tool_code = code.strip().upper()
        if tool_code in TOOL_RULES:  # the tool's own codes
            name, severity = TOOL_RULES[tool_code]
            if fmt == "json":
                print(json.dumps({"code": tool_code, "name": name, "severity": severity, "pack": None,
                                  "explain": TOOL_RULE_DOCS[tool_code]}, ensure_ascii=False, indent=2))
            else:
                stdout().print(f"{tool_code}  {name}（工具自身的代码，级别 {severity}）\n\n{TOOL_RULE_DOCS[tool_code]}",
                               markup=False)
            return
        packset = load_pack_dirs(pack_dir)
        rule = packset.find_rule(code)
        if rule is None and (_explain_roster_clause(code, packset, fmt) or _explain_history_clause(code, packset, fmt)):
            return
        if rule is None:
            close = packset.suggest(code)
            hint = f"；是否是：{', '.join(close)}？" if close else "；用 govmedia-lint rules 查看全部规则"
            raise fail(f"没有规则 {code!r}{hint}")
        if fmt == "json":
            print(json.dumps(rule_dict(rule), ensure_ascii=False, indent=2))
        else:
            console = stdout()
            for part, soft_wrap in explain_renderable(rule, packset):
                console.print(part, soft_wrap=soft_wrap)


    @app.command("rules")
    def list_rules(
        pack: Optional[str] = typer.Option(None, "--pack", help="只列出该规则包生效的规则（含继承）。"),
        fmt: str = typer.Option("table", "--format", "-f", help="table|json|markdown（markdown：完整的规则参考文档）"),
        pack_dir: Optional[List[Path]] = PACK_DIRS,
    ) -> None:
        """列出规则：代码、名称、规则包、级别、来源。"""
        packset = load_pack_dirs(pack_dir)
        if fmt == "markdown":
            sys.stdout.write(rules_markdown(packset))
            return
        if pack:
            chosen = packset.get(pack)
            if chosen is None:
                raise fail(f"未知的规则包 {pack!r}；可用：{', '.join(packset.packs)}")
            rows = [(chosen.rules[c], "own") for c in chosen.own] + [(chosen.rules[c], "inherited") for c in chosen.inherited]
        else:
            rows = [(rule, "own") for rule in packset.all_rules()]
        if fmt == "json":
            print(json.dumps([{**rule_dict(r), "inherited": how == "inherited"} for r, how in rows],
                             ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(rules_text(rows))


    @app.command()
    def packs(
        fmt: str = typer.Option("table", "--format", "-f", help="table|json"),
        pack_dir: Optional[List[Path]] = PACK_DIRS,
    ) -> None:
        """列出规则包：id、名称、文件、印发与施行日期、有效期、规则数。"""
        packset = load_pack_dirs(pack_dir)
        if fmt == "json":
            print(json.dumps([pack_dict(p) for p in packset.packs.values()], ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(packs_text(list(packset.packs.values())))


    @app.command("schema")
    def schema_command(
        fmt: str = typer.Option("json", "--format", "-f", help="json|markdown（markdown：账号文件格式说明文档）"),
        pack_dir: Optional[List[Path]] = PACK_DIRS,
    ) -> None:
        """打印账号文件格式的 JSON Schema（供编辑器 yaml-language-server 校验与补全），或格式说明文档。"""
        from ..account_schema import account_schema
        from ..fielddoc import format_markdown

        if fmt == "markdown":
            sys.stdout.write(format_markdown(load_pack_dirs(pack_dir)))
        elif fmt == "json":
            print(json.dumps(account_schema(), ensure_ascii=False, indent=2))
        else:
            raise fail(f"--format 应为 json|markdown，实际为 {fmt!r}")


def _explain_roster_clause(code: str, packset, fmt: str) -> bool:
    """A clause ``reconcile`` cites (``roster:`` in a pack): printed, True; not one, False."""
    from ..commands.roster import all_roster_rules

    def example(found) -> str:
        shown = found.examples.fail
        accounts = "\n".join(shown.accounts)
        return f"不合格示例（检查日 {shown.as_of}）：\n名册：\n{shown.roster}账号：\n{accounts}"

    return _explain_clause(code, all_roster_rules(packset), fmt, "govmedia-lint reconcile", example)


def _explain_history_clause(code: str, packset, fmt: str) -> bool:
    """A clause ``check --history`` cites (``history:`` in a pack): printed, True; not one, False."""
    from ..commands.history import all_history_rules

    def example(found) -> str:
        versions = "\n".join(f"提交于 {c.date}：\n{c.yaml}" for c in found.examples.fail.commits)
        return f"不合格示例（账号文件的各次提交）：\n{versions}"

    return _explain_clause(code, all_history_rules(packset), fmt, "govmedia-lint check --history", example)


def _explain_clause(code: str, clauses: list, fmt: str, reported_by: str, example) -> bool:
    """One clause of ``clauses`` (``engine/clauses.py``) with its source, explanation and failing example."""
    from ..render.rules import clause

    found = next((c for c in clauses if c.code.upper() == code.strip().upper()), None)
    if found is None:
        return False
    if fmt == "json":
        print(json.dumps(found.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2))
        return True
    stdout().print(f"{found.code}  {found.title}（{found.pack}，级别 {found.severity}；{reported_by} 报告）\n\n"
                   f"依据：{clause(found.source.model_dump())}\n\n{found.explain.strip()}\n\n{example(found)}",
                   markup=False, soft_wrap=True)
    return True
