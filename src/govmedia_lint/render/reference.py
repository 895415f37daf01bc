"""Rule reference pages, generated from the rules themselves (``explain``, ``rules``, ``packs``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from ..conditions import describe
from ..engine.findings import SEVERITY_LABEL
from ..engine.kinds import KINDS
from ..engine.packs import Pack, PackSet, Rule
from .sanitize import visible
from .wrap import terminal_width, unfold, wrap

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

#: the severity policy's grounds (docs/severity-policy.md), for explain pages
BASIS_TEXT = {"obligation": "义务或禁止", "veto": "单项否决", "principle": "原则上/鼓励", "declared": "自报的组织事实",
              "deduction": "扣分项", "heuristic": "启发式判断"}


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "title": rule.title,
        "pack": rule.origin,
        "severity": rule.severity,
        "basis": rule.basis,
        "kind": rule.kind,
        "params": rule.params.model_dump(mode="json"),
        "applies_to": rule.applies_to,
        "source": rule.source.model_dump(),
        "explain": rule.explain.strip(),
        "examples": {
            "fail": rule.examples.fail.model_dump(mode="json"),
            "pass": rule.examples.pass_.model_dump(mode="json"),
        },
        "aliases": rule.aliases,
    }


def pack_dict(pack: Pack) -> dict[str, Any]:
    meta = pack.meta
    return {
        "id": meta.id,
        "name": meta.name,
        "document": meta.document,
        "ref": meta.ref,
        "issued": meta.issued.isoformat(),
        "in_force_from": meta.in_force_from.isoformat(),
        "in_force_until": meta.in_force_until.isoformat() if meta.in_force_until else None,
        "extends": meta.extends,
        "rules": len(pack.rules),
        "own_rules": len(pack.own),
        "inherited_rules": len(pack.inherited),
        "file": pack.file,
    }


def _params_text(rule: Rule) -> str:
    lines = []
    for key, value in rule.params.model_dump(mode="json").items():
        if value is None:
            continue
        shown = describe(value, names=True) if key in ("where", "require", "forbid") and isinstance(value, dict) else value
        lines.append(f"{key}: {shown}")
    return "\n".join(lines)


def _row_adder(grid: Table):
    """add_row for a grid of (label, pack data): the data shown as plain, visible text."""
    return lambda label, value: grid.add_row(label, visible(value, keep_newlines=True))




def explain_renderable(rule: Rule, packset: PackSet, width: int | None = None) -> list[tuple[RenderableType, bool]]:
    """(renderable, soft_wrap) parts of an explain page: prose and examples are printed whole (soft wrap)."""
    # rich's renderables (~20 ms to import) here only: `check` imports this module too
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    src = rule.source
    used_by = [p.id for p in packset.packs.values() if rule.code in p.rules]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    row = _row_adder(head)
    row("规则", f"{rule.code}  {rule.name}")
    row("要求", rule.title)
    row("级别", f"{rule.severity}（{BASIS_TEXT[rule.basis]}）" if rule.basis else rule.severity)
    row("规则包", f"{rule.origin}" + (f"（亦用于 {', '.join(p for p in used_by if p != rule.origin)}）"
                                           if len(used_by) > 1 else ""))
    base = next((b for p in packset.packs.values() if p.id == rule.origin for b, c in p.overrides.items()
                 if c == rule.code), None)
    if base:
        row("覆盖", f"{base}（继承规则，本规则包以本条款和参数覆盖）")
    summary = KINDS[rule.kind].doc.split("\n\n")[0].replace("``", "").replace("\n", " ")
    row("检查类型", f"{rule.kind} — {summary}")
    row("参数", _params_text(rule) or "（无）")
    if rule.applies_to:
        row("适用于", describe(rule.applies_to, names=True))
    row("依据", f"{src.document}{' ' + src.ref if src.ref else ''} {src.article}")
    if rule.aliases:
        row("旧代码", ", ".join(rule.aliases))
    width = width or terminal_width()
    prose = "\n".join(wrap(visible(unfold(rule.explain), keep_newlines=True), width))
    parts: list[tuple[RenderableType, bool]] = [
        (head, False),
        (Text(""), False),
        (Panel(Text(visible(unfold(src.quote), keep_newlines=True)), title="原文", title_align="left"), False),
        (Text(prose), True),
    ]
    for label, example in (("不合格示例", rule.examples.fail), ("合格示例", rule.examples.pass_)):
        parts.append((Text(f"\n{label}（检查日 {example.as_of}）", style="bold"), True))
        # printed whole, never cut at the terminal's width: examples are meant to be copied
        parts.append((Text(visible(example.yaml.rstrip(), keep_newlines=True)), True))
    return parts


def rules_text(rules: list[tuple[Rule, str]], width: int | None = None) -> str:
    """``rules`` are (rule, how the pack has it: 'own' or 'inherited'): one block per rule, readable at 80 columns.

    First line: code, severity, pack, source clause; then the name and title, wrapped and indented."""
    width = width or terminal_width()
    code_width = min(max((len(rule.code) for rule, _ in rules), default=0), 40)
    out = []
    for rule, how in rules:
        pack = rule.origin if how == "own" else f"{rule.origin}（继承）"
        source = f"{rule.source.ref or rule.source.document} {rule.source.article}"
        head = f"{visible(rule.code).ljust(code_width)}  {SEVERITY_LABEL.get(rule.severity, rule.severity)}  {visible(pack)}"
        if cell_len(f"{head}  {source}") <= width:
            out.append(f"{head}  {visible(source)}")
        else:  # the clause on its own line rather than cut in the middle
            out.append(head)
            out.extend("    " + line for line in wrap(visible(source), width - 4))
        out.extend("    " + line for line in wrap(visible(f"{rule.name}：{rule.title}"), width - 4))
    return "\n".join(out) + "\n"


def packs_text(packs: list[Pack], width: int | None = None) -> str:
    """One block per pack: id, name and rule count; the document; its dates. Readable at 80 columns."""
    width = width or terminal_width()
    out = []
    for pack in packs:
        meta = pack.meta
        count = f"{len(pack.rules)} 条规则" + (f"（自有 {len(pack.own)}，继承 {len(pack.inherited)}）" if pack.inherited else "")
        out.extend(wrap(visible(f"{meta.id}  {meta.name}  {count}"), width))
        out.extend("    " + line for line in wrap(visible(f"{meta.document} {meta.ref or ''}".strip()), width - 4))
        dates = f"印发 {meta.issued}，施行 {meta.in_force_from}，有效期至 {meta.in_force_until or '—（长期）'}"
        out.extend("    " + line for line in wrap(dates, width - 4))
    return "\n".join(out) + "\n"


def rules_markdown(packset: PackSet) -> str:
    """The rule reference (docs/rules.md): every pack, then every rule it defines, from the rules themselves."""
    lines = ["# Rule reference", "",
             "Generated by `govmedia-lint rules --format markdown` from the packs in `rules/`; do not edit by hand.", ""]
    for pack in packset.packs.values():
        meta = pack.meta
        lines += [f"## {meta.id} — {meta.name}", "",
                  f"{meta.document}{' ' + meta.ref if meta.ref else ''}; issued {meta.issued}, "
                  f"in force from {meta.in_force_from}" + (f" until {meta.in_force_until}" if meta.in_force_until else "")
                  + (f"; extends `{meta.extends}`" if meta.extends else "") + ".", ""]
        if pack.inherited:
            lines += ["Inherited unchanged: " + ", ".join(f"`{code}`" for code in pack.inherited) + ".", ""]
        for code in pack.own:
            rule = pack.rules[code]
            src = rule.source
            lines += [f"### {rule.code} — {rule.title}", "",
                      f"`{rule.name}` · {rule.severity}{' (' + rule.basis + ')' if rule.basis else ''} · kind `{rule.kind}`"
                      + (f" · aliases {', '.join(rule.aliases)}" if rule.aliases else ""), "",
                      f"Parameters: {_params_text(rule).replace(chr(10), '; ') or '(none)'}", "",
                      f"Source: {src.document}{' ' + src.ref if src.ref else ''} {src.article}", "",
                      f"> {src.quote}", "", rule.explain.strip(), "",
                      f"Failing example (as of {rule.examples.fail.as_of}):", "", "```yaml",
                      rule.examples.fail.yaml.rstrip(), "```", "",
                      f"Passing example (as of {rule.examples.pass_.as_of}):", "", "```yaml",
                      rule.examples.pass_.yaml.rstrip(), "```", ""]
    return "\n".join(lines)
