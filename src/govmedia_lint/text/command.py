"""``govmedia-lint text FILE…``: the text checks of the packs on drafts, before they are published.

Each hit is reported once, with its place (line and column), the text around it, the suggestion and
every clause that asks for it (the same word is a finding under 黔江 第十一条（四） and under 佳县
第十条（一）: one finding, two clauses). Exit codes are ``check``'s: 0 nothing at or above
``--fail-on``, 1 findings at or above it, 2 a file, lexicon or pack that cannot be used.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import List, Optional

import typer

_RANK = {"info": 1, "warning": 2, "error": 3}
EXIT_FINDINGS, EXIT_ERROR = 1, 2


def _fail(message: str) -> typer.Exit:
    print(f"错误：{message}", file=sys.stderr)
    return typer.Exit(EXIT_ERROR)


def text_command(
    files: List[str] = typer.Argument(..., help="草稿文件（txt、md、docx、html）；- 为标准输入。"),
    pack: Optional[List[str]] = typer.Option(None, "--pack", "-p", help="只用这些规则包的文本检查（可重复；默认全部规则包）。"),
    lexicon: Optional[List[Path]] = typer.Option(None, "--lexicon", "-l", help="本单位词库文件（*.lexicon.yaml，可重复）。"),
    fmt: str = typer.Option("table", "--format", "-f", help="输出格式：table|json。"),
    fail_on: str = typer.Option("error", "--fail-on", help="达到该级别的问题使退出码为 1：error|warning|info|never。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="按哪一天判断词条的有效期（YYYY-MM-DD，默认今天）。"),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="txt|md|docx|html（默认按扩展名，标准输入为 txt）。"),
    encoding: str = typer.Option("utf-8", "--encoding", help="txt、md、html 的编码（默认 utf-8）。"),
) -> None:
    """检查待发布稿件的文字：规范表述与错敏词、疑似错别字、个人信息、商业广告与外链，注明条款。"""
    from .. import checks  # noqa: F401 - registers the kinds
    from ..engine.packs import PackError, PackSet
    from ..model import SHANGHAI
    from .documents import FORMATS, DocumentError, format_of, read_document
    from .lexicon import LexiconError, read_lexicon

    if fmt not in ("table", "json"):
        raise _fail(f"--format 应为 table|json，实际为 {fmt!r}")
    if fail_on not in (*_RANK, "never"):
        raise _fail(f"--fail-on 应为 error|warning|info|never，实际为 {fail_on!r}")
    if input_format is not None and input_format not in FORMATS:
        raise _fail(f"--input-format 应为 {'|'.join(FORMATS)}，实际为 {input_format!r}")
    try:
        day = date.fromisoformat(as_of) if as_of else datetime.now(SHANGHAI).date()
    except ValueError:
        raise _fail(f"--as-of 应为 YYYY-MM-DD，实际为 {as_of!r}") from None
    try:
        packset = PackSet.load([])
    except PackError as exc:
        raise _fail(str(exc)) from None
    chosen = []
    for pack_id in pack or list(packset.packs):
        found = packset.get(pack_id)
        if found is None:
            raise _fail(f"未知的规则包 {pack_id!r}；可用：{', '.join(packset.packs)}")
        chosen.append(found)
    try:
        lexicons = tuple(read_lexicon(path) for path in lexicon or [])
    except LexiconError as exc:
        raise _fail(str(exc)) from None
    documents = []
    for name in files:
        kind = input_format or ("txt" if name == "-" else format_of(name))
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            documents.append(read_document("<stdin>" if name == "-" else name, raw, kind, encoding))
        except OSError as exc:
            raise _fail(f"无法读取 {name}：{exc.strerror or exc}") from None
        except (DocumentError, LookupError) as exc:
            raise _fail(str(exc)) from None
    findings = [f for document in documents for f in check_document(document, chosen, lexicons, day)]
    if fmt == "json":
        print(json.dumps({"files": len(documents), "findings": findings}, ensure_ascii=False, indent=2))
    else:
        print(render_table(findings, len(documents)))
    if fail_on != "never" and any(_RANK[f["severity"]] >= _RANK[fail_on] for f in findings):
        raise typer.Exit(EXIT_FINDINGS)


def check_document(document, packs, lexicons, day: date) -> list[dict]:
    """One finding per hit (place and category), each with every clause of ``packs`` that asks for it."""
    from .matchers import context_of
    from .scan import TEXT_KINDS, masked_view, scan

    found: dict[tuple, dict] = {}
    hits_of_kind: dict[tuple, list] = {}
    all_hits = []
    for pack in packs:
        for rule in pack.rules.values():
            if rule.kind not in TEXT_KINDS:
                continue
            hits = scan(rule.kind, rule.params, document.text, day, lexicons)
            hits_of_kind[(pack.id, rule.code)] = hits
            all_hits.extend(hits)
            for hit in hits:
                key = (hit.start, hit.end, hit.category)
                finding = found.get(key)
                if finding is None:
                    line, column = document.position(hit.start)
                    finding = found[key] = {
                        "file": document.name, "line": line, "column": column, "severity": rule.severity,
                        "category": hit.category, "message": hit.message, "match": hit.text,
                        "context": None, "suggestion": hit.suggestion, "entry_source": hit.entry_source,
                        "lexicon": hit.lexicon, "clauses": [], "_hit": hit}
                if _RANK[rule.severity] > _RANK[finding["severity"]]:
                    finding["severity"] = rule.severity
                if any(c["rule"] == rule.code for c in finding["clauses"]):
                    continue  # a rule every pack inherits is one clause
                finding["clauses"].append({"rule": rule.code, "pack": pack.id, "severity": rule.severity,
                                           "document": rule.source.document, "article": rule.source.article,
                                           "quote": rule.source.quote})
    shown = masked_view(document.text, all_hits) if found else document.text
    result = []
    for key in sorted(found, key=lambda k: (found[k]["line"], found[k]["column"], k)):
        finding = found[key]
        finding["context"] = context_of(shown, finding.pop("_hit"))
        finding["clauses"].sort(key=lambda c: -_RANK[c["severity"]])  # the clause that sets the severity first
        finding["rule"] = finding["clauses"][0]["rule"]
        result.append(finding)
    return result


def render_table(findings: list[dict], files: int) -> str:
    lines = []
    for f in findings:
        first = f["clauses"][0]
        more = f"等 {len(f['clauses'])} 条" if len(f["clauses"]) > 1 else ""
        lines.append(f"{f['file']}:{f['line']}:{f['column']}  {f['severity']}  {first['rule']}  {f['message']}")
        lines.append(f"    上下文：{f['context']}")
        if f["suggestion"]:
            lines.append(f"    建议：{f['suggestion']}")
        if f["entry_source"]:
            lines.append(f"    词条来源：{f['entry_source']}")
        lines.append(f"    依据：{first['document']} {first['article']}“{first['quote']}”{more}")
        for other in f["clauses"][1:]:
            lines.append(f"          {other['rule']}：{other['document']} {other['article']}")
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in _RANK}
    summary = "、".join(f"{counts[s]} 个{n}" for s, n in (("error", "错误"), ("warning", "警告"), ("info", "提示")) if counts[s])
    lines.append(f"检查 {files} 个文件，" + (f"发现 {len(findings)} 个问题（{summary}）" if findings else "未发现问题"))
    return "\n".join(lines)
