"""Run a rule on the examples of its reference page, so the documentation is tested."""

from __future__ import annotations

from ..loading import LoadResult, load_account_text, parse_yaml_text
from ..workdays import WorkCalendar
from .evaluate import RunOptions, default_period, evaluate_register
from .findings import Finding
from .packs import Example, PackSet, Rule

#: Filled into an example's ``account`` where it leaves a required key out.
EXAMPLE_ACCOUNT = {"name": "示例账号", "platform": "wechat", "host_unit": "示例单位", "status": "active"}


def example_document(text: str, jurisdiction: str) -> str:
    """The example fragment as a complete account file (YAML), required keys filled in."""
    data = parse_yaml_text(text).data or {}
    account = {**EXAMPLE_ACCOUNT, "jurisdiction": jurisdiction, **(data.get("account") or {})}
    return _dump({**data, "account": account})


def _dump(data: dict) -> str:
    import io

    from ruamel.yaml import YAML

    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.dump(data, stream)
    return stream.getvalue()


def run_example(rule: Rule, example: Example, packset: PackSet, pack_id: str | None = None) -> list[Finding]:
    """Findings of ``rule`` alone on ``example`` (checked under ``pack_id``, default the rule's pack)."""
    pack_id = pack_id or rule.pack
    loaded: list[LoadResult] = []
    for index, text in enumerate([example.yaml, *example.others]):
        name = "example.yaml" if index == 0 else f"other-{index}.yaml"
        loaded.append(load_account_text(example_document(text, pack_id), name))
    since, until = default_period(example.as_of)
    options = RunOptions(example.as_of, example.since or since, until, WorkCalendar(), packs=[pack_id],
                         select=[rule.code])
    result = evaluate_register(loaded, packset, options)
    return [f for f in result.findings if f.file == "example.yaml"]
