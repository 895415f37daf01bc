"""Score sections for the table output and the ranked 通报 table of ``govmedia-lint score``."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..labels import account_label, value_label
from ..policy.scoring import ScoreResult, rank_numbers, ranked
from .sanitize import visible

LEVEL_TITLE = {"account": "账号得分", "host_unit": "年度考核（按主办单位）", "register": "年度考核（全部账号）"}


def _score_text(result: ScoreResult) -> Text:
    if result.score is None:
        return Text("否决", style="bold red")
    return Text(str(result.score), style="green" if result.passed else "yellow" if result.pending else "bold red")


def _verdict(result: ScoreResult) -> Text:
    style = "bold red" if result.failed else "yellow" if result.pending or result.partial else "green"
    return Text(result.verdict, style=style)


def _reasons(result: ScoreResult) -> str:
    reasons = result.main_reasons()
    if result.unknown_vetoes:
        reasons = f"单项否决待核实：{'、'.join(result.unknown_vetoes)}" + ("" if reasons == "—" else f"；{reasons}")
    if result.missing:
        reasons += f"（缺数据：{', '.join(result.missing)}）"
    return reasons


def ranking_table(results: list[ScoreResult], level: str = "account") -> Table:
    """Rank, subject, host unit, score, 合格/不合格, veto reasons or main deductions."""
    chosen = ranked(results, level)
    sheets = list(dict.fromkeys((r.document, r.total, r.pass_mark) for r in chosen))
    title = LEVEL_TITLE[level] + "".join(f"{'：' if not i else '；'}{document}，满分 {total}，{mark} 分合格"
                                         for i, (document, total, mark) in enumerate(sheets))
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("排名", justify="right", no_wrap=True)
    table.add_column("账号" if level == "account" else "对象", overflow="fold")
    if level == "account":
        table.add_column("平台", no_wrap=True)
        table.add_column("主办单位", overflow="fold")
    table.add_column("得分", justify="right", no_wrap=True)
    table.add_column("结论", no_wrap=True)
    table.add_column("错误", justify="right", no_wrap=True)
    table.add_column("否决原因 / 主要扣分", overflow="fold")
    for rank, result in zip(rank_numbers(chosen), chosen):
        cells = [str(rank), account_label(result.subject, result.platform) if level == "account" else result.subject]
        if level == "account":
            cells += [value_label("platform", result.platform) if result.platform else "", result.host_unit or ""]
        table.add_row(*map(visible, cells), _score_text(result), _verdict(result), str(result.errors),
                      visible(_reasons(result)))
    return table


def detail_renderable(result: ScoreResult) -> RenderableType:
    """One subject's score with itemised deductions (the ``check`` table output)."""
    who = visible(f"{result.subject}（{value_label('platform', result.platform)}）" if result.platform else result.subject)
    head = Text.assemble((f"{who}  ", "bold"), _score_text(result), " 分  " if result.score is not None else "  ",
                         _verdict(result), (f"  {result.document}", "dim"))
    lines: list[RenderableType] = [head]
    for veto in result.vetoes:
        lines.append(Text(visible(f"  单项否决 {veto.item}：{veto.detail or ''}（{veto.rule}，第 {veto.line} 行）"), style="red"))
    for deduction in result.deductions:
        what = f"{deduction.item}" + (f"·{deduction.detail}" if deduction.detail else "")
        lines.append(Text(visible(f"  −{deduction.points} {what}：{deduction.occurrences} 起（{', '.join(deduction.rules)}）")))
    if result.unknown_vetoes:
        lines.append(Text(visible(f"  单项否决项缺少数据、待核实：{'、'.join(result.unknown_vetoes)}"), style="yellow"))
    if result.missing:
        lines.append(Text(visible(f"  缺少数据、未计分：{', '.join(result.missing)}"), style="yellow"))
    return Group(*lines)


def scores_renderable(results: list[ScoreResult]) -> RenderableType:
    """Every account's score, then the annual indices, for the end of ``check``'s table output."""
    parts: list[RenderableType] = []
    for level in ("account", "host_unit", "register"):
        chosen = ranked(results, level)
        if not chosen:
            continue
        parts.append(Text(LEVEL_TITLE[level], style="bold underline"))
        parts.extend(detail_renderable(r) for r in chosen)
        parts.append(Text(""))
    return Group(*parts)
