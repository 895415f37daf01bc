"""Which rules need which field, and the account-format reference (docs/account-format.md).

The fields a rule needs are computed from its parameters, not listed by hand: the collection
it looks at (and the date that places an item in the review period), the fields its conditions
name (``where``/``require``/``forbid``/``match``/``applies_to``), its date and grouping parameters
(``start``/``end``/``earlier``/``later``/``field``/``group_by``/``trigger``), and what its check
kind always reads (``kinds`` in fields.yaml).
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from pydantic import BaseModel

from .conditions import NOT
from .engine.kinds import COLLECTIONS, KINDS
from .engine.packs import PackSet, Rule
from .fields import (
    FieldDoc,
    ModelField,
    all_model_fields,
    field_docs,
    inner_type,
    kind_fields,
    shared_models,
    supervision_docs,
    supervision_fields,
    time_sections,
    trigger_fields,
)

_DATE_PARAMS = ("start", "end", "earlier", "later")
_CONDITION_PARAMS = ("where", "require", "forbid", "match")
#: the collection a kind's ``where`` applies to when the kind has no ``collection`` parameter
_IMPLIED_COLLECTION = {"update_frequency": "posts", "refiled_after_effective": "filings", "no_incident": "incidents",
                       "approval_chain": "filings"}


def _prefix(collection: str) -> str:
    return "account." if collection == "account" else f"{collection}[]."


def _condition_fields(condition: Optional[dict], prefix: str) -> Iterable[str]:
    for key, test in (condition or {}).items():
        if key == NOT:
            yield from _condition_fields(test, prefix)
        else:
            yield prefix + key


def rule_fields(rule: Rule) -> list[str]:
    """The documentation paths of the fields ``rule`` reads, in a stable order."""
    params: dict[str, Any] = rule.params.model_dump(mode="json") if isinstance(rule.params, BaseModel) else {}
    collection = params.get("collection") or _IMPLIED_COLLECTION.get(rule.kind, "account")
    prefix = _prefix(collection)
    found: list[str] = []
    if collection != "account" and COLLECTIONS.get(collection):
        found.append(prefix + COLLECTIONS[collection])
    for key in _CONDITION_PARAMS:
        found.extend(_condition_fields(params.get(key), prefix))
    found.extend(prefix + params[key] for key in _DATE_PARAMS if isinstance(params.get(key), str))
    found.extend("account." + name for name in params.get("group_by") or [])
    if isinstance(params.get("field"), str):
        found.append("account." + params["field"])
    trigger = params.get("trigger")
    if isinstance(trigger, str):
        found.extend(trigger_fields().get(trigger, ["account." + trigger]))
    found.extend(_condition_fields(rule.applies_to, "account."))
    found.extend(kind_fields().get(rule.kind, []))
    return list(dict.fromkeys(found))


class FieldUsage(dict):
    """Documentation path -> codes of the rules that read it; ``examples``: path -> a value the rules require
    (the first of ``require: {approved_by: {in: [省政府办公厅, …]}}``), so ``init`` shows the pack's own office
    rather than a generic one."""

    def __init__(self) -> None:
        super().__init__()
        self.examples: dict[str, Any] = {}


def _required_values(rule: Rule) -> Iterable[tuple[str, Any]]:
    params: dict[str, Any] = rule.params.model_dump(mode="json") if isinstance(rule.params, BaseModel) else {}
    collection = params.get("collection") or _IMPLIED_COLLECTION.get(rule.kind, "account")
    for name, test in (params.get("require") or {}).items():  # what a value must be, not which items count
        if isinstance(test, dict) and isinstance(test.get("in"), list) and test["in"]:
            yield _prefix(collection) + name, test["in"][0]


def rules_by_field(rules: Iterable[Rule]) -> FieldUsage:
    """Documentation path -> codes of the rules that read it (a field's parent mappings included)."""
    usage, rules = FieldUsage(), list(rules)
    for rule in rules:
        for path, value in _required_values(rule):
            usage.examples.setdefault(path, value)
    for rule in rules:
        for path in rule_fields(rule):
            parts = path.split(".")
            for end in range(1, len(parts) + 1):  # posts[].date also needs posts
                codes = usage.setdefault(".".join(parts[:end]).removesuffix("[]"), [])
                if rule.code not in codes:
                    codes.append(rule.code)
    return usage


def type_text(node: ModelField) -> str:
    """The field's type in words."""
    inner, _ = inner_type(node.info.annotation)
    names = {"Person": "人员（{name, phone, role} 或姓名）"}
    if node.enum is not None:
        base = "取值之一"
    elif node.model is not None:
        base = names.get(node.model.__name__, "映射")
    else:
        base = {"str": "文本", "int": "整数", "bool": "是/否", "date": "日期 YYYY-MM-DD",
                "datetime": "时间 YYYY-MM-DD HH:MM 或日期"}.get(getattr(inner, "__name__", ""), "文本")
    return f"{base}列表" if node.is_list else base


def schema_description(doc: FieldDoc) -> str:
    """The hover text of a field in editors: meaning, allowed values, time semantics."""
    parts = [doc.meaning]
    if doc.values:
        parts.append("取值：" + "；".join(f"{v.value}（{v.label}{'：' + v.meaning if v.meaning else ''}）"
                                        for v in doc.values) + "。也可直接写中文名称。")
    if doc.time:
        parts.append("时间：" + doc.time)
    return "\n".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _value_lines(doc: FieldDoc) -> list[str]:
    lines = ["", "| 取值 | 中文（可直接写） | 说明 |", "|---|---|---|"]
    for value in doc.values:
        names = "、".join(f"`{n}`" for n in (value.label, *value.aliases))
        lines.append(f"| `{value.value}` | {names} | {_cell(value.meaning)} |")
    return lines


def _rules_text(codes: list[str], order: dict[str, int]) -> str:
    if not codes:
        return "目前没有规则用到（仅供记录）"
    return "、".join(f"`{c}`" for c in sorted(codes, key=lambda c: (order.get(c, 0), c)))


def offline_duration_text(rules: Iterable[Rule]) -> str:
    """How the offline-duration rules count days, from their own parameters (the sentence their messages use)."""
    from .checks.periods import duration_text

    counted: dict[str, list[str]] = {}
    for rule in rules:
        if rule.kind == "max_duration" and getattr(rule.params, "collection", None) == "offline_periods":
            counted.setdefault(duration_text(rule.params), []).append(rule.code)
    return "".join(f"“下线不超过N天”按 {how}计天数（{'、'.join(codes)}）。" for how, codes in counted.items())


def format_markdown(packset: PackSet) -> str:
    """docs/account-format.md: every field with its meaning, values, time semantics and the rules that need it."""
    docs = field_docs()
    rules = packset.all_rules()
    order = {rule.code: index for index, rule in enumerate(rules)}
    usage = rules_by_field(rules)
    nodes = all_model_fields()
    lines = [
        "# 账号文件格式（govmedia-lint/v1）",
        "",
        "由 `govmedia-lint schema --format markdown` 根据 `src/govmedia_lint/fields.yaml` 和规则包生成，请勿手工修改。"
        "（Account file format reference, generated from the field documentation and the rule packs.）",
        "",
        "每个账号一个 YAML 文件，放在检查的目录下（习惯上 `accounts/<辖区>/<账号名称>.yaml`）。"
        "`govmedia-lint init` 写出一个字段齐全、带中文注释的新文件；`govmedia-lint schema` 输出 JSON Schema，"
        "编辑器据此补全并显示本页的说明。",
        "",
        "## 约定",
        "",
        "- 编码 UTF-8（可带 BOM）；其他编码（如 GBK）会报告为输入错误，可用 `--encoding gb18030` 读取。",
        "- 字段名是英文，照原样写；取值可以写英文，也可以写本页列出的中文名称"
        "（如 `platform: 微信`、`status: 运行中`），读取时换成英文取值。是/否 字段写 `true`/`false` 或 `是`/`否`。",
        "- 不认识的键、重复的键、写错的取值和日期都是输入错误（`GML-INPUT`），指出文件、行、列和字段，"
        "并尽量给出正确写法（如 `2024/7/20` 应为 `2024-07-20`）。",
        "- 可不填的字段不填（或写 `null`）表示“未知”：需要它的规则报告“缺少规则所需数据”，绝不当作合格。"
        "列表写 `[]` 表示“没有”。",
        "- 下面每个字段的“需要它的规则”由规则包的参数算出；`govmedia-lint explain 代码` 查看规则详情。",
        "",
        "## 时间怎么算",
        "",
    ]
    for section in time_sections():
        text = section["text"].strip().replace("{offline_duration}", offline_duration_text(rules))
        lines += [f"### {section['title']}", "", text, ""]
    lines += ["## 字段一览", "", "| 字段 | 名称 | 类型 | 必填 |", "|---|---|---|---|"]
    for node in nodes:
        doc = docs.get(node.path)
        lines.append(f"| `{node.path}` | {doc.label if doc else ''} | {type_text(node)} | "
                     f"{'是' if node.info.is_required() else ''} |")
    lines += ["", "## 字段说明", ""]
    for node in nodes:
        doc = docs.get(node.path)
        if doc is None:
            continue
        depth = 2 if "." not in node.path else 3
        lines += [f"{'#' * (depth + 1)} `{node.path}` {doc.label}", ""]
        lines.append(f"{type_text(node)}{'，必填' if node.info.is_required() else '，可不填'}。{doc.meaning}")
        if doc.values:
            lines += _value_lines(doc)
        if doc.time:
            lines += ["", f"时间：{doc.time}"]
        if doc.example is not None and not node.children:
            lines += ["", f"例：`{yaml_text(doc.example)}`"]
        users = [n.path for n in nodes if node.owner is not n.owner and n.model is node.owner]
        if node.owner.__name__ in shared_models():  # a person: needed as its field (leader, operators …) is
            lines += ["", "用于：" + "、".join(f"`{path}`" for path in users) + "（需要它们的规则见各字段）"]
        elif node.path != "schema":
            lines += ["", f"需要它的规则：{_rules_text(usage.get(node.path, []), order)}"]
        lines.append("")
    return "\n".join(lines + supervision_markdown(rules, order))


def supervision_usage(rules: Iterable[Rule]) -> dict[str, list[str]]:
    """``supervision.yaml`` path -> codes of the rules that read it (the rules that judge the supervision record)."""
    usage: dict[str, list[str]] = {}
    for rule in rules:
        if KINDS[rule.kind].subject != "supervision":
            continue
        collection = getattr(rule.params, "collection", None)
        for node in all_model_fields(supervision_fields()):
            top = node.path.split(".")[0].removesuffix("[]")
            if top in ("office", collection):
                usage.setdefault(node.path, []).append(rule.code)
    return usage


def supervision_markdown(rules: list[Rule], order: dict[str, int]) -> list[str]:
    """The section of docs/account-format.md on ``supervision.yaml``, the register's supervision record."""
    docs, nodes, usage = supervision_docs(), all_model_fields(supervision_fields()), supervision_usage(rules)
    lines = [
        "## 监管记录：supervision.yaml", "",
        "`supervision.yaml` 不是账号文件：它记录监管本目录（含子目录）中账号的单位本身的职责——按季度组织检查、"
        "每季度检查整改情况的报送（南通第三十二条、附件3“定期检查”“抽查检查”）。这些是监管单位的职责，不属于任何一个账号，"
        "所以不写进账号文件，而是在登记根目录（通常是 `accounts/<辖区>/`）放一个固定名称的文件。"
        "查找账号文件时按文件名把它分开，不当作账号检查；它的输入错误与账号文件一样报告（文件、行、列、字段，退出码 2，"
        "其他文件照常检查）。它的规则每次检查都重新判断（不按文件缓存），`check` 的整份报告缓存也以它的内容为键。"
        "`govmedia-lint init --supervision --jurisdiction 南通 --office 单位全称 -o accounts/nantong/supervision.yaml` "
        "写出一个带注释的新文件。登记中没有这个文件时不检查这些规则，`score` 的年度考核把相应项目记为缺少数据。",
        "", "```yaml",
        "office: {name: 南通市海门区人民政府办公室, jurisdiction: nantong}",
        "checks:",
        "  - {quarter: 2026Q1, done_on: 2026-03-20, evidence: 2026年第一季度政务新媒体检查情况通报}",
        "submissions:",
        "  - {quarter: 2026Q1, submitted_on: 2026-04-03, to: 南通市人民政府办公室, evidence: 海政办〔2026〕12号}",
        "```", "",
        "| 字段 | 名称 | 类型 | 必填 |", "|---|---|---|---|"]
    for node in nodes:
        doc = docs[node.path]
        lines.append(f"| `{node.path}` | {doc.label} | {type_text(node)} | {'是' if node.info.is_required() else ''} |")
    lines.append("")
    for node in nodes:
        doc = docs[node.path]
        lines += [f"{'####' if '.' in node.path else '###'} `{node.path}` {doc.label}（supervision.yaml）", ""]
        lines.append(f"{type_text(node)}{'，必填' if node.info.is_required() else '，可不填'}。{doc.meaning}")
        if doc.time:
            lines += ["", f"时间：{doc.time}"]
        if doc.example is not None and not node.children:
            lines += ["", f"例：`{yaml_text(doc.example)}`"]
        if node.path != "schema":
            lines += ["", f"需要它的规则：{_rules_text(usage.get(node.path, []), order)}"]
        lines.append("")
    return lines


def yaml_text(value: Any) -> str:
    """A documentation example as a one-line YAML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and value.isdigit():
        return f'"{value}"'
    return str(value)
