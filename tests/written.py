"""What every file the tool writes must be: read alike by PyYAML's safe loader and the checker, and clean
under ``yamllint -d relaxed`` (used by the render and importing tests)."""

from __future__ import annotations

from pathlib import Path

import yaml
from yamllint import linter
from yamllint.config import YamlLintConfig

from govmedia_lint import loading
from govmedia_lint.loading import parse_yaml_text

RELAXED = YamlLintConfig("extends: relaxed")


def assert_loads_everywhere(path: Path) -> None:
    """PyYAML's safe loader reads the data the checker reads, on libyaml's fast path; yamllint finds no error."""
    text = path.read_text(encoding="utf-8-sig")
    assert loading._FAST_LOADER is not None  # libyaml's path, not the ruamel fallback
    ours = parse_yaml_text(text).data
    try:
        theirs = yaml.load(text, Loader=yaml.SafeLoader)  # the pure-Python reader: what yamllint parses with
    except yaml.YAMLError as exc:
        raise AssertionError(f"{path.name}: PyYAML rejects it:\n{exc}\n---\n{text}") from None
    assert _str_keys(theirs) == ours, path.name  # the checker's loader names keys by their text (2025: → "2025")
    errors = [p for p in linter.run(text, RELAXED) if p.level == "error"]
    assert not errors, f"{path.name}: yamllint -d relaxed: " + "; ".join(f"{p.line}:{p.column} {p.desc}" for p in errors)


def _str_keys(data):
    if isinstance(data, dict):
        return {str(key): _str_keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_str_keys(value) for value in data]
    return data
