"""Every file of the repository that is generated from the code and the packs, and how.

``generate`` writes them; ``generate --check`` writes nothing and fails (exit 1) naming each file that
differs, so a change of a rule, a field, an option or a format that forgets its generated files fails CI.

The files: the rule reference, the account-format doc, the configuration reference, the list of check
kinds, the copy of ``fields.yaml`` the tool reads (``fields.json``), the sample 通报 the README links to, the golden outputs of the sample register (``tests/data/golden/sample.*``) and the output blocks of
the README (a fenced block after a ``<!-- output: ARGS -->`` line holds ``$ govmedia-lint ARGS`` and what
it prints at 120 columns).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
from pathlib import Path
from typing import Callable

from ..render import FORMATS

ROOT = Path(__file__).resolve().parents[3]
#: the sample register's golden outputs: ``check`` of ``accounts`` as of its date, every format
GOLDEN_ARGS = ["check", "accounts", "--as-of", "2026-11-26", "--fail-on", "never", "--color", "never", "--no-cache",
               "--jobs", "1"]
OUTPUT_BLOCK = re.compile(r"(<!-- output: (?P<args>.+?) -->\n```[a-z]*\n)(?P<body>.*?)(\n```)", re.S)


def _cli(args: list[str]) -> bytes:
    """What the command line prints (stdout), at 120 columns, from the repository root."""
    from typer.testing import CliRunner

    from ..cli.app import app

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"}).invoke(app, args, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.stdout_bytes


def _golden(fmt: str) -> Callable[[], bytes]:
    def produce() -> bytes:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"sample.{fmt}"
            _cli([*GOLDEN_ARGS, "--format", fmt, "-o", str(target)])
            return target.read_bytes()

    return produce


def _written(args: list[str], name: str) -> Callable[[], bytes]:
    """What a command writes with ``-o`` (a report the docs link to)."""
    def produce() -> bytes:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / name
            _cli([*args, "-o", str(target)])
            return target.read_bytes()

    return produce


def _packs():
    from ..engine.packs import PackSet

    return PackSet.load([])


def rules_reference() -> bytes:
    from ..render.reference import rules_markdown

    return rules_markdown(_packs()).encode("utf-8")


def account_format() -> bytes:
    from ..fielddoc import format_markdown

    return format_markdown(_packs()).encode("utf-8")


def configuration_reference() -> bytes:
    from ..settings.options import OPTIONS

    lines = ["# Configuration reference", "",
             "Generated from the option table (`src/govmedia_lint/settings/options.py`) by "
             "`python -m govmedia_lint.dev generate`; do not edit by hand.", "",
             "Every option, the command-line flag and the key of `govmedia-lint.toml` (or `[tool.govmedia-lint]` "
             "in `pyproject.toml`) that set it, the commands that take it and its default. The command line wins "
             "over the file, the file over the default; `--show-config` prints the result.", "",
             "| option | flag | config key | commands | default | meaning |", "|---|---|---|---|---|---|"]
    for option in OPTIONS:
        default = "" if option.default in (None, [], {}, False) else f"`{option.default}`"
        lines.append(f"| `{option.key}` | {_code(option.flag)} | {_code(option.config)} | {', '.join(option.commands)} "
                     f"| {default} | {option.help.replace('|', '&#124;')} |")
    lines += ["", "## Example", "", "```toml"]
    for option in OPTIONS:
        if option.config and option.example and option.type not in ("table", "packs-table"):
            lines.append(f"{option.config} = {option.example}")
    lines += ["", "[severity]", 'JX-UPDATE-WEEKLY = "warning"', "", "[packs.jiaxian]",
              'acknowledged = "佳政办函〔2026〕12号"', "```", ""]
    return "\n".join(lines).encode("utf-8")


def _code(text: str | None) -> str:
    return f"`{text}`" if text else "—"


def kinds_reference() -> bytes:
    from ..engine.kinds import KINDS

    lines = ["# Check kinds", "",
             "Generated from the registered check kinds by `python -m govmedia_lint.dev generate`; do not edit by "
             "hand. A rule in a pack picks one of these by `kind:` and sets its `params:`; `scope: register` kinds "
             "compare accounts with each other, `file` kinds read one account.", ""]
    for name in sorted(KINDS):
        kind = KINDS[name]
        module = kind.func.__module__.replace("govmedia_lint.", "").replace(".", "/") + ".py"
        lines += [f"## `{name}`", "", f"Scope: `{kind.scope}`; code: `{module}`.", ""]
        if kind.doc:
            lines += [kind.doc.splitlines()[0], ""]
        fields = kind.params.model_fields
        if fields:
            lines += ["| parameter | type | default |", "|---|---|---|"]
            for field_name, info in fields.items():
                shown = getattr(info.annotation, "__name__", None) or str(info.annotation).replace("typing.", "")
                default = "required" if info.is_required() else f"`{info.default!r}`"
                lines.append(f"| `{field_name}` | {shown.replace('|', '&#124;')} | {default} |")
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def fields_copy() -> bytes:
    from ..fields import copy_text

    return copy_text().encode("utf-8")


def readme() -> bytes:
    text = (ROOT / "README.md").read_text(encoding="utf-8")

    def block(match: re.Match) -> str:
        args = shlex.split(match["args"])
        output = _cli(args).decode("utf-8").rstrip("\n")
        output = "\n".join(line.rstrip() for line in output.splitlines())
        return f"{match[1]}$ govmedia-lint {match['args']}\n{output}{match[4]}"

    return OUTPUT_BLOCK.sub(block, text).encode("utf-8")


#: repository path -> what it should hold
TARGETS: dict[str, Callable[[], bytes]] = {
    "docs/rules.md": rules_reference,
    "docs/account-format.md": account_format,
    "docs/configuration.md": configuration_reference,
    "docs/check-kinds.md": kinds_reference,
    "src/govmedia_lint/fields.json": fields_copy,
    "README.md": readme,
    "docs/report-nantong-2026Q3.html": _written(["report", "accounts/nantong", "--period", "2026Q3", "-f", "html",
                                                 "--title", "南通市政务新媒体2026年第三季度检查情况通报"], "report.html"),
    **{f"tests/data/golden/sample.{fmt}": _golden(fmt) for fmt in FORMATS},
}


def same(path: str, produced: bytes, existing: bytes) -> bool:
    """Byte equality; a workbook part by part, without the creation time openpyxl stamps."""
    if not path.endswith(".xlsx"):
        return produced == existing
    import io
    import zipfile

    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}

    return parts(produced) == parts(existing)


def stale(only: list[str] | None = None) -> list[str]:
    """The generated files that differ from what the code would write now."""
    out = []
    for path, produce in TARGETS.items():
        if only and path not in only:
            continue
        target = ROOT / path
        if not target.exists() or not same(path, produce(), target.read_bytes()):
            out.append(path)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m govmedia_lint.dev")
    sub = parser.add_subparsers(dest="command", required=True)
    generate = sub.add_parser("generate", help="regenerate every generated file")
    generate.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is stale")
    generate.add_argument("paths", nargs="*", help="only these files (repository paths)")
    args = parser.parse_args(argv)
    if args.check:
        differing = stale(args.paths)
        for path in differing:
            print(f"{path}: 与生成结果不同；运行 python -m govmedia_lint.dev generate 重新生成")
        return 1 if differing else 0
    for path, produce in TARGETS.items():
        if args.paths and path not in args.paths:
            continue
        target = ROOT / path
        produced = produce()
        if not target.exists() or not same(path, produced, target.read_bytes()):
            target.write_bytes(produced)
            print(f"已生成 {path}")
    return 0
