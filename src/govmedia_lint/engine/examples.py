"""Run a rule on the examples of its reference page, so the documentation is tested."""

from __future__ import annotations

from ..loading import LoadResult, SupervisionLoad, parse_yaml_text, validate_document, validate_supervision
from ..workdays import WorkCalendar
from .evaluate import RunOptions, RunResult, default_period, evaluate_register, judges_supervision
from .findings import Due, Finding
from .packs import Example, PackSet, Rule

#: Filled into an example's ``account`` where it leaves a required key out.
EXAMPLE_ACCOUNT = {"name": "示例账号", "platform": "wechat", "host_unit": "示例单位", "status": "active"}
#: Filled into a supervision example's ``office`` (the example of a rule that judges ``supervision.yaml``).
EXAMPLE_OFFICE = {"name": "示例县人民政府办公室"}


def example_document(text: str, jurisdiction: str) -> LoadResult:
    """Load an example fragment as an account file, required account keys filled in.

    Lines stay those of the fragment, so tests can assert them.
    """
    parsed = parse_yaml_text(text)
    data = parsed.data if isinstance(parsed.data, dict) else {}
    data["account"] = {**EXAMPLE_ACCOUNT, "jurisdiction": jurisdiction, **(data.get("account") or {})}
    parsed.data = data
    return validate_document(parsed, "example.yaml")


def example_supervision(text: str, jurisdiction: str) -> SupervisionLoad:
    """Load an example fragment as a ``supervision.yaml``, the office's required keys filled in (lines kept)."""
    parsed = parse_yaml_text(text)
    data = parsed.data if isinstance(parsed.data, dict) else {}
    data["office"] = {**EXAMPLE_OFFICE, "jurisdiction": jurisdiction, **(data.get("office") or {})}
    parsed.data = data
    return validate_supervision(parsed, "example.yaml")


def run_example(rule: Rule, example: Example, packset: PackSet, pack_id: str | None = None) -> list[Finding]:
    """Findings of ``rule`` alone on ``example`` (checked under ``pack_id``, default the rule's pack)."""
    return _run(rule, example, packset, pack_id).findings


def example_obligations(rule: Rule, example: Example, packset: PackSet, pack_id: str | None = None) -> list[Due]:
    """The open obligations ``rule`` alone leaves on ``example`` (a plan kind's example fails by leaving some)."""
    return [o for o in _run(rule, example, packset, pack_id).obligations if o.file == "example.yaml"]


def _run(rule: Rule, example: Example, packset: PackSet, pack_id: str | None = None) -> RunResult:
    pack_id = pack_id or rule.pack
    since, until = default_period(example.as_of)
    options = RunOptions(example.as_of, example.since or since, until, WorkCalendar(), packs=[pack_id],
                         select=[rule.code])
    if judges_supervision(rule):  # the example is the register's supervision.yaml; ``others`` are its accounts
        accounts = [example_document(text, pack_id) for text in example.others]
        for index, result in enumerate(accounts, 1):
            result.path = f"other-{index}.yaml"
        result = evaluate_register(accounts, packset, options, [example_supervision(example.yaml, pack_id)])
        return _of_example(result)
    loaded: list[LoadResult] = []
    for index, text in enumerate([example.yaml, *example.others]):
        name = "example.yaml" if index == 0 else f"other-{index}.yaml"
        result = example_document(text, pack_id)
        result.path = name
        loaded.append(result)
    token = None
    if example.lexicon:  # the example's register has this lexicon file (text checks)
        from ..text.store import EXAMPLE_LEXICONS, example_lexicon

        token = EXAMPLE_LEXICONS.set((example_lexicon(example.lexicon),))
    try:
        result = evaluate_register(loaded, packset, options)
    finally:
        if token is not None:
            EXAMPLE_LEXICONS.reset(token)
    return _of_example(result)


def _of_example(result: RunResult) -> RunResult:
    result.findings = [f for f in result.findings if f.file == "example.yaml"]
    return result
