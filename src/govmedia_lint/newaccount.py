"""``govmedia-lint init``: a complete, commented account file for a jurisdiction and platform.

Every field of the format is present; a fact the office has not entered yet is left empty (null:
unknown), so ``check`` reports what is still to be completed as missing data instead of inventing
it. The comments come from fields.yaml and name the rules of the chosen pack that need each field.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, Optional

import typer

from .conditions import evaluate
from .engine.packs import Pack, PackError, PackSet
from .fielddoc import rules_by_field, supervision_usage, yaml_text
from .fields import FieldDoc, ModelField, field_docs, model_fields, supervision_docs, supervision_fields
from .loading import SUPERVISION_FILE, load_account_text, load_supervision_text
from .model import Account, Platform, Status
from .render.sanitize import visible
from .render.terminal import console as make_console
from .safeio import is_link, linked_folder, write_atomic
from .yaml_errors import os_reason

#: at most this many rule codes in a comment; the rest are counted
MAX_CODES = 6
_KEYWORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
@cache
def _plain() -> re.Pattern:
    """A value written without quotes (compiled by ``init``, not at every start-up)."""
    return re.compile(r"^[\w\u3000-\u9fff\uff00-\uffef（）·—-]+$")


def _scalar(value: str) -> str:
    """A text value as YAML: plain when safe, else double-quoted (JSON escaping is valid YAML)."""
    plain = _plain().match(value) and not value[0].isdigit() and value.lower() not in _KEYWORDS
    return value if plain else json.dumps(value, ensure_ascii=False)


def _one_line(text: str) -> str:
    """Text for a comment: pack data (a --pack-dir may come from a pull request) never breaks out of it."""
    return " ".join("".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text).split())


def _codes(codes: list[str]) -> str:
    if not codes:
        return "本规则包目前没有规则用到"
    shown = "、".join(codes[:MAX_CODES])
    return shown + (f" 等 {len(codes)} 条" if len(codes) > MAX_CODES else "")


def _comment(doc: FieldDoc, node: ModelField, usage: dict[str, list[str]], indent: str) -> list[str]:
    head = f"{doc.label}{'（必填）' if node.info.is_required() else ''}：{doc.meaning}"
    lines = [head]
    if doc.values:
        lines.append("取值：" + "、".join(f"{v.value} {v.label}" for v in doc.values) + "（也可直接写中文）")
    if doc.time:
        lines.append("时间：" + doc.time)
    if node.path != "schema":
        lines.append("需要它的规则：" + _codes(usage.get(node.path, [])))
    return [f"{indent}# {_one_line(line)}" for line in lines]


def _example_item(nodes: list[ModelField], usage: dict[str, list[str]], indent: str) -> list[str]:
    """A commented example list item holding every field, each with its comment."""
    how = "去掉上一行的 []，" if not indent else ""
    lines = [f"{indent}# 例（{how}照此每项写一条，去掉行首的 #）：", f"{indent}#   -"]
    lines += _example_fields(nodes, usage, indent, depth=1)
    return lines


def _example_fields(nodes: list[ModelField], usage: dict[str, list[str]], indent: str, depth: int) -> list[str]:
    """The fields of a commented example item; a list of records inside it (filings[].approvals) as a nested item."""
    docs = field_docs()
    pad = "  " * depth + "   "
    lines: list[str] = []
    for node in nodes:
        doc = docs[node.path]
        lines += [line.replace("# ", f"#{pad}# ", 1) for line in _comment(doc, node, usage, indent)]
        if node.model is not None and node.is_list and node.children:
            lines += [f"{indent}#{pad}{node.name}:", f"{indent}#{pad}  -"]
            lines += _example_fields(node.children, usage, indent, depth + 2)
            continue
        example = getattr(usage, "examples", {}).get(node.path, doc.example)  # the pack's own value, if its rules name one
        value = "" if example is None else " " + yaml_text(example)
        lines.append(f"{indent}#{pad}{node.name}:{value}")
    return lines


def _mapping(nodes: list[ModelField], values: dict[str, str], usage: dict[str, list[str]], indent: str) -> list[str]:
    docs = field_docs()
    lines: list[str] = []
    for node in nodes:
        doc = docs[node.path]
        lines += _comment(doc, node, usage, indent)
        if node.path in values:
            lines.append(f"{indent}{node.name}: {values[node.path]}")
        elif node.model is not None and not node.is_list and _of_records(node):
            lines.append(f"{indent}{node.name}:")
            lines += _example_records(node, usage, indent)
        elif node.model is not None and not node.is_list and _fillable(node, values):
            lines.append(f"{indent}{node.name}:")
            lines += _mapping(node.children, values, usage, indent + "  ")
        elif node.model is not None and node.is_list and indent == "":
            lines.append(f"{node.name}: []")
            lines += _example_item(node.children, usage, "")
        elif node.model is not None and node.is_list and node.children:
            lines.append(f"{indent}{node.name}:")
            lines += _example_item(node.children, usage, indent)
        else:
            example = doc.example if node.model is not None or node.is_list else None
            if example is not None:
                lines.append(f"{indent}# 例：{node.name}: {yaml_text(example)}")
            lines.append(f"{indent}{node.name}:")
        if indent == "":
            lines.append("")
    return lines


def _of_records(node: ModelField) -> bool:
    """A mapping of records that each need a value (data_coverage: posts/messages, each with its ``through``)."""
    return bool(node.children) and all(c.model is not None and not c.is_list and
                                       any(g.info.is_required() for g in c.children) for c in node.children)


def _example_records(node: ModelField, usage: dict[str, list[str]], indent: str) -> list[str]:
    """Each record of such a mapping as a commented example, with its comment (left empty: not recorded)."""
    lines = [f"{indent}# 例（govmedia-lint import 会自动写入；手工填写时去掉行首的 #）："]
    for child in node.children:
        lines += [line.replace("# ", "#   # ", 1) for line in _comment(field_docs()[child.path], child, usage, indent)]
        lines.append(f"{indent}#   {child.name}:")
        lines += _example_fields(child.children, usage, indent, depth=1)
    return lines


def _fillable(node: ModelField, values: dict[str, str]) -> bool:
    """A mapping written key by key: none of its required keys is left empty (a person is written whole)."""
    return bool(node.children) and all(not c.info.is_required() or c.path in values for c in node.children)


def _applicable(pack: Pack, platform: Platform) -> list:
    """The pack's rules, without those whose ``applies_to`` excludes this platform."""
    probe = Account.model_construct(name="", platform=platform, jurisdiction=pack.meta.id, host_unit="",
                                    status=Status.active)
    return [rule for rule in pack.rules.values() if evaluate(rule.applies_to, probe) is not False]


def account_template(pack: Pack, platform: Platform, name: str, host_unit: str, status: Status = Status.active,
                     platform_kind: Optional[str] = None) -> str:
    """The text of a new account file; it loads without input errors."""
    usage = rules_by_field(_applicable(pack, platform))
    values = {
        "schema": "govmedia-lint/v1",
        "account.name": _scalar(name),
        "account.platform": platform.value,
        "account.jurisdiction": f"{_scalar(pack.meta.id)}  # {_one_line(pack.meta.name + '：' + pack.meta.document)}",
        "account.host_unit": _scalar(host_unit),
        "account.status": status.value,
    }
    if platform_kind:
        values["account.platform_kind"] = _scalar(platform_kind)
    meta_name, meta_id = _one_line(pack.meta.name), _one_line(pack.meta.id)
    head = [
        f"# {meta_name}政务新媒体账号登记文件（govmedia-lint init 生成）。",
        "# 字段说明见 docs/account-format.md；检查：govmedia-lint check 本文件。",
        "# 留空（null）表示未知：需要它的规则会报告“缺少规则所需数据”，请按实际情况补全；列表写 [] 表示没有。",
        f"# “需要它的规则”指 {meta_id}（{meta_name}）规则包中的规则，govmedia-lint explain 代码 查看详情。",
        "",
    ]
    text = "\n".join(head + _mapping(model_fields(), values, usage, "")) + "\n"
    result = load_account_text(text, "init")
    if result.errors:  # a pack whose id or names cannot be written; checked, never written broken
        raise ValueError(f"生成的账号文件无法读取：{result.errors[0]}")
    return text


def supervision_template(pack: Pack, office: str, packset: PackSet) -> str:
    """The text of a new ``supervision.yaml`` for the office supervising a register of ``pack``'s jurisdiction:
    the office filled in, each list empty with a commented example item; it loads without input errors."""
    usage = supervision_usage(pack.rules.values())
    docs = supervision_docs()
    meta_name, meta_id = _one_line(pack.meta.name), _one_line(pack.meta.id)
    lines = [
        f"# {meta_name}政务新媒体登记的监管记录（govmedia-lint init --supervision 生成）。",
        "# 这不是账号文件：放在登记根目录（其中和子目录中的账号由本单位监管），文件名必须是 supervision.yaml。",
        "# 记录监管单位本身的职责：按季度组织检查（checks）、每季度检查整改情况的报送（submissions）。",
        "# 字段说明见 docs/account-format.md 的“监管记录”一节；检查：govmedia-lint check 登记根目录。",
        f"# “需要它的规则”指 {meta_id}（{meta_name}）规则包中的规则，govmedia-lint explain 代码 查看详情。",
        "",
        "schema: govmedia-lint/v1",
        "",
    ]
    nodes = supervision_fields()
    for node in nodes:
        if node.path == "schema":
            continue
        doc = docs[node.path]
        codes = usage.get(node.path, [])
        lines += [f"# {_one_line(doc.label + '：' + doc.meaning)}", f"# 需要它的规则：{_codes(codes)}"]
        if node.path == "office":
            lines.append("office:")
            for child in node.children:
                child_doc = docs[child.path]
                lines.append(f"  # {_one_line(child_doc.label + '（必填）：' + child_doc.meaning)}")
                value = _scalar(office) if child.name == "name" else \
                    f"{_scalar(pack.meta.id)}  # {_one_line(pack.meta.name + '：' + pack.meta.document)}"
                lines.append(f"  {child.name}: {value}")
        else:
            lines += [f"{node.name}: []", "# 例（去掉上一行的 []，照此每个季度写一条，去掉行首的 #）：", "#   -"]
            for child in node.children:
                child_doc = docs[child.path]
                required = "（必填）" if child.info.is_required() else ""
                lines.append(f"#     # {_one_line(child_doc.label + required + '：' + child_doc.meaning)}")
                if child_doc.time:
                    lines.append(f"#     # 时间：{_one_line(child_doc.time)}")
                example = "" if child_doc.example is None else " " + yaml_text(child_doc.example)
                lines.append(f"#     {child.name}:{example}")
        lines.append("")
    text = "\n".join(lines)
    result = load_supervision_text(text, "init")
    if result.errors:
        raise ValueError(f"生成的监管记录文件无法读取：{result.errors[0]}")
    return text


def _fail(message: str) -> typer.Exit:
    make_console(stderr=True, soft_wrap=True).print(visible(f"govmedia-lint: 错误：{message}"))
    return typer.Exit(2)


def init_command(
    jurisdiction: str = typer.Option(..., "--jurisdiction", help="辖区：规则包 id 或中文名称，如 jiaxian 或 佳县。"),
    platform: Optional[str] = typer.Option(None, "--platform", help="平台，如 wechat 或 微信（见 docs/account-format.md）。"),
    name: Optional[str] = typer.Option(None, "--name", help="账号名称（平台上显示的名称）。"),
    host_unit: Optional[str] = typer.Option(None, "--host-unit", help="主办单位全称。"),
    status: str = typer.Option("active", "--status", help="账号状态，默认 active（运行中）。"),
    platform_kind: Optional[str] = typer.Option(None, "--platform-kind",
                                                help="平台内的账号类型，如 订阅号、服务号（微信服务号的更新次数另行计算）。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="写入的文件，如 accounts/jiaxian/佳县教育.yaml；不给则打印。"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件（符号链接仍不写入）。"),
    pack_dir: Optional[list[Path]] = typer.Option(None, "--pack-dir", help="额外的规则包目录（可重复）。"),
    supervision: bool = typer.Option(False, "--supervision",
                                     help="改为生成登记的监管记录 supervision.yaml（监管单位的季度检查和报送），需 --office。"),
    office: Optional[str] = typer.Option(None, "--office", help="与 --supervision 一起：监管单位全称，如 南通市海门区人民政府办公室。"),
) -> None:
    """生成一个字段齐全、带中文注释的账号文件：每个字段的含义、取值和需要它的规则（--supervision：登记的监管记录）。"""
    try:
        packset = PackSet.load(pack_dir or [])
    except PackError as exc:
        raise _fail(str(exc)) from None
    pack = packset.get(jurisdiction.strip())
    if pack is None:
        known = "、".join(f"{p.meta.id}（{p.meta.name}）" for p in packset.packs.values())
        raise _fail(f"没有辖区 {jurisdiction!r} 的规则包；可用：{known}")
    if supervision:
        if not (office or "").strip() or any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in office or ""):
            raise _fail("--supervision 需要 --office 监管单位全称（不能为空，不能含换行或控制字符）")
        if output is not None and output.name != SUPERVISION_FILE:
            raise _fail(f"监管记录的文件名必须是 {SUPERVISION_FILE}（其他文件名会被当作账号文件），实际为 {output.name}")
        try:
            text = supervision_template(pack, office.strip(), packset)
        except ValueError as exc:
            raise _fail(str(exc)) from None
        _write(text, output, force)
        return
    for label, value in (("--platform", platform), ("--name", name), ("--host-unit", host_unit)):
        if value is None:
            raise _fail(f"缺少 {label}（生成账号文件需要 --platform、--name 和 --host-unit）")
    assert platform is not None and name is not None and host_unit is not None
    chosen: dict[str, Any] = {}
    for label, enum, value in (("--platform", Platform, platform), ("--status", Status, status)):
        try:
            chosen[label] = enum(value.strip())
        except ValueError:
            allowed = "、".join(m.value for m in enum)
            raise _fail(f"{label} 取值 {value!r} 无效，应为以下之一（也可写中文名称）：{allowed}") from None
    for label, value in (("--name", name), ("--host-unit", host_unit), ("--platform-kind", platform_kind or "-")):
        if not value.strip():
            raise _fail(f"{label} 不能为空")
        if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value):
            raise _fail(f"{label} 含有换行或控制字符")
    try:
        text = account_template(pack, chosen["--platform"], name.strip(), host_unit.strip(), chosen["--status"],
                                (platform_kind or "").strip() or None)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    _write(text, output, force)


def _write(text: str, output: Optional[Path], force: bool) -> None:
    """Print the new file, or write it to ``output`` (never through a link, never over a file without --force)."""
    if output is None:
        typer.echo(text, nl=False)
        return
    target = output
    if is_link(output):  # --force or not: a link committed in the repository may point anywhere
        raise _fail(f"{output} 是符号链接，不写入；请直接给出实际文件的路径")
    folder = linked_folder(output)
    if folder is not None:
        raise _fail(f"{output} 经过符号链接目录 {folder}，不写入（以免写到仓库之外）")
    if target.is_dir():
        raise _fail(f"{output} 是目录，请给出文件名")
    if target.exists() and not force:
        raise _fail(f"{output} 已存在，不覆盖（确需覆盖，请加 --force）")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"))
    except OSError as exc:
        raise _fail(f"无法写入 {output}：{os_reason(exc)}") from None
    make_console(stderr=True, soft_wrap=True).print(
        visible(f"govmedia-lint: 已生成 {output}。请补全留空的字段，然后运行 govmedia-lint check {output}"))
