"""``govmedia-lint text FILE…``: the packs' text checks on drafts, before they are published.

Each hit is reported once, with its place (line and column), the text around it, the suggestion and
every clause that asks for it (the same word is a finding under 黔江 第十一条（四） and under 佳县
第十条（一）: one finding, two clauses). Exit codes are ``check``'s: 0 nothing at or above
``--fail-on``, 1 findings at or above it, 2 a file, lexicon or pack that cannot be used.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from ..engine.findings import severity_rank
from ..model import SHANGHAI
from ..run.plan import PlanError, check_date, load_packs
from ..safeio import DATA_LIMIT, read_bytes_limited
from ..settings import Settings
from ..yaml_errors import os_reason

_RANK = {"info": 1, "warning": 2, "error": 3}


def check_drafts(settings: Settings, files: list[str]) -> tuple[list[dict], int]:
    """The findings of every draft (``-``: standard input) and how many drafts were read."""
    from ..text.documents import FORMATS, DocumentError, format_of, read_document
    from ..text.lexicon import LexiconError, read_lexicon

    if settings.input_format is not None and settings.input_format not in FORMATS:
        raise PlanError(f"--input-format 应为 {'|'.join(FORMATS)}，实际为 {settings.input_format!r}")
    day = check_date(settings.as_of, "--as-of") or datetime.now(SHANGHAI).date()
    packset = load_packs(settings.pack_dirs)
    chosen = []
    for pack_id in settings.packs or list(packset.packs):
        found = packset.get(pack_id)
        if found is None:
            raise PlanError(f"未知的规则包 {pack_id!r}；可用：{', '.join(packset.packs)}")
        chosen.append(found)
    try:
        lexicons = tuple(read_lexicon(path) for path in settings.lexicons)
    except LexiconError as exc:
        raise PlanError(str(exc)) from None
    documents = []
    for name in files:
        kind = settings.input_format or ("txt" if name == "-" else format_of(name))
        try:  # bounded, and never a FIFO or a device: a draft in a pull request cannot hang the hook
            raw = sys.stdin.buffer.read(DATA_LIMIT + 1) if name == "-" else read_bytes_limited(Path(name), DATA_LIMIT)
            documents.append(read_document("<stdin>" if name == "-" else name, raw, kind, settings.encoding))
        except OSError as exc:
            raise PlanError(f"无法读取 {name}：{os_reason(exc)}") from None
        except (DocumentError, LookupError) as exc:
            raise PlanError(str(exc)) from None
    findings = [f for document in documents for f in check_document(document, chosen, lexicons, day)]
    return findings, len(documents)


def exit_code(findings: list[dict], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    return 1 if any(severity_rank(f["severity"]) >= severity_rank(fail_on) for f in findings) else 0


def check_document(document, packs, lexicons, day: date) -> list[dict]:
    """One finding per hit (place and category), each with every clause of ``packs`` that asks for it."""
    from ..text.matchers import context_of
    from ..text.scan import TEXT_KINDS, TextPass, masked_view, scan

    found: dict[tuple, dict] = {}
    hits_of_kind: dict[tuple, list] = {}
    all_hits = []
    shared = TextPass(document.text)
    for pack in packs:
        for rule in pack.rules.values():
            if rule.kind not in TEXT_KINDS:
                continue
            hits = scan(rule.kind, rule.params, document.text, day, lexicons, shared)
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
    shown = masked_view(document.text, all_hits, shared) if found else document.text
    result = []
    for key in sorted(found, key=lambda k: (found[k]["line"], found[k]["column"], k)):
        finding = found[key]
        finding["context"] = context_of(shown, finding.pop("_hit"))
        finding["clauses"].sort(key=lambda c: -_RANK[c["severity"]])  # the clause that sets the severity first
        finding["rule"] = finding["clauses"][0]["rule"]
        result.append(finding)
    return result
