"""The small condition language packs use in ``where``, ``require`` and ``applies_to``.

A condition maps a dotted field path to either a value (equality) or one
operator mapping::

    {original: false}                         # equality
    {host_unit_kind: {in: [internal_office]}} # membership
    {reviewers: {min_len: 3}}                 # list length
    {reviewers: {min_distinct: 3}}            # distinct values in a list (three levels: three people)
    {staff.leader: {exists: true}}            # presence (in require/forbid: unknown when ``staff`` itself is absent)
    {not: {platform: wechat, platform_kind: 服务号}}  # negation of a sub-condition

Evaluation is three-valued: ``None`` means a needed field is missing, so the
rule can report missing data instead of silently passing.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Callable, Optional

from pydantic import AfterValidator

from .labels import field_label, value_label

OPERATORS = ("eq", "ne", "in", "not_in", "exists", "min_len", "min_distinct", "max_len", "contains")

#: key of a negated sub-condition: ``{not: {platform: wechat, platform_kind: 服务号}}`` (unknown stays unknown)
NOT = "not"

_MISSING = object()


def get_field(item: Any, path: str) -> Any:
    """Follow a dotted path through models and mappings; ``_MISSING`` when absent."""
    current = item
    for part in path.split("."):
        if current is None:
            return _MISSING
        if isinstance(current, dict):
            current = current.get(part, _MISSING)
        else:
            current = getattr(current, part, _MISSING)
        if current is _MISSING:
            return _MISSING
    return current


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _checked(condition: dict) -> dict:
    validate_condition(condition)
    return condition


def validate_condition(condition: dict) -> None:
    """Raise ValueError for an operator mapping the language does not know."""
    for path, test in condition.items():
        if path == NOT:
            if not isinstance(test, dict) or not test:
                raise ValueError(f"条件 {NOT}: {test!r} 应为一个条件映射")
            validate_condition(test)
        elif isinstance(test, dict):
            if len(test) != 1 or next(iter(test)) not in OPERATORS:
                raise ValueError(f"条件 {path}: {test!r} 应为单个运算符，可用 {', '.join(OPERATORS)}")


def _absent_parent(item: Any, path: str, test: Any) -> Optional[str]:
    """For an ``exists`` test on a dotted path: the parent path when the parent itself is absent."""
    if not (isinstance(test, dict) and "exists" in test and "." in path):
        return None
    parent = path.rsplit(".", 1)[0]
    value = get_field(item, parent)
    return parent if value is _MISSING or value is None else None


def evaluate(condition: Optional[dict], item: Any, facts: bool = False) -> Optional[bool]:
    """True/False when every field is known, None when one it depends on is missing.

    With ``facts`` (a require/forbid condition: what the file must show), ``{staff.leader: {exists: true}}``
    is unknown when ``staff`` itself is absent: a file that says nothing of its staff has not said
    there is no leader. In a ``where`` selection an absent parent simply does not match.
    """
    if not condition:
        return True
    found = _COMPILED.get((id(condition), facts))
    if found is None or found[0] is not condition:
        found = _COMPILED[(id(condition), facts)] = (condition, _compile(condition, facts))
    return found[1](item)


#: (id of a condition, facts) -> (the condition, held so its id is never reused; its compiled test)
_COMPILED: dict[tuple[int, bool], tuple[dict, Callable[[Any], Optional[bool]]]] = {}


def _compile(condition: dict, facts: bool) -> Callable[[Any], Optional[bool]]:
    """``condition`` as one function of an item: paths split and operators looked up once (a pack's
    conditions are evaluated for every post of every file)."""
    tests = []
    for path, test in condition.items():
        if path == NOT:
            tests.append(_negation(_compile(test, facts)))
        else:
            parent = path.rsplit(".", 1)[0] if facts and isinstance(test, dict) and "exists" in test and "." in path \
                else None
            tests.append(_field_test(path, test, parent))

    def evaluate_all(item: Any) -> Optional[bool]:
        unknown = False
        for one in tests:
            result = one(item)
            if result is False:
                return False
            if result is None:
                unknown = True
        return None if unknown else True

    return tests[0] if len(tests) == 1 else evaluate_all


def _negation(inner: Callable[[Any], Optional[bool]]) -> Callable[[Any], Optional[bool]]:
    def negated(item: Any) -> Optional[bool]:
        result = inner(item)
        return None if result is None else not result
    return negated


def _field_test(path: str, test: Any, parent: Optional[str]) -> Callable[[Any], Optional[bool]]:
    get, check = _getter(path), _checker(test)
    if parent is None:
        return lambda item: check(get(item))
    get_parent = _getter(parent)

    def one(item: Any) -> Optional[bool]:
        above = get_parent(item)
        if above is _MISSING or above is None:
            return None
        return check(get(item))
    return one


def _getter(path: str) -> Callable[[Any], Any]:
    """``get_field`` for one path; a plain field name without splitting it on every call."""
    if "." in path:
        return lambda item: get_field(item, path)

    def get(item: Any) -> Any:
        if item is None:
            return _MISSING
        return item.get(path, _MISSING) if isinstance(item, dict) else getattr(item, path, _MISSING)
    return get


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda value, expected: value == expected,
    "ne": lambda value, expected: value != expected,
    "in": lambda value, expected: value in expected,
    "not_in": lambda value, expected: value not in expected,
    "min_len": lambda value, expected: len(value) >= expected,
    "min_distinct": lambda value, expected: len(set(value)) >= expected,
    "max_len": lambda value, expected: len(value) <= expected,
    "contains": lambda value, expected: expected in value,
}


def _checker(test: Any) -> Callable[[Any], Optional[bool]]:
    """The test of one field (a value: equality; or one operator mapping), its operator looked up once."""
    op, expected = next(iter(test.items())) if isinstance(test, dict) else ("eq", test)
    if op == "exists":
        wanted = bool(expected)
        return lambda value: (value is not _MISSING and value is not None and value != []) == wanted
    compare = _COMPARE.get(op)
    if compare is None:
        raise ValueError(f"未知运算符 {op}")

    def check(value: Any) -> Optional[bool]:
        if value is _MISSING or value is None:
            return None
        return compare(_plain(value), expected)
    return check


def missing_fields(condition: Optional[dict], item: Any, facts: bool = False) -> list[str]:
    """The fields of ``condition`` that ``item`` lacks (``facts``: as ``evaluate``)."""
    missing = []
    for path, test in (condition or {}).items():
        if path == NOT:
            missing.extend(f for f in missing_fields(test, item, facts) if f not in missing)
            continue
        if isinstance(test, dict) and "exists" in test:
            parent = _absent_parent(item, path, test) if facts else None
            if parent and parent not in missing:
                missing.append(parent)
            continue
        value = get_field(item, path)
        if value is _MISSING or value is None:
            missing.append(path)
    return missing


def _shown(path: str, value: Any, joiner: str, names: bool) -> str:
    if names:  # the pack's own words, for rule references
        return "/".join(map(_raw, value)) if isinstance(value, list) else _raw(value)
    if isinstance(value, list):
        return joiner.join(value_label(path, v) for v in value)
    return value_label(path, value)


def _raw(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


_PHRASES = {
    "eq": "{f}为{v}",
    "ne": "{f}不为{v}",
    "in": "{f}为{v}",
    "not_in": "{f}不为{v}",
    "min_len": "{f}至少 {v} 项",
    "min_distinct": "{f}至少 {v} 个不同的值",
    "max_len": "{f}至多 {v} 项",
    "contains": "{f}包含{v}",
}

#: the rule reference's phrasing with field names (``names=True``)
_NAMED = {"eq": "{f} 为 {v}", "ne": "{f} 不为 {v}", "in": "{f} 为 {v} 之一", "not_in": "{f} 不为 {v}",
          "min_len": "{f} 至少 {v} 项", "min_distinct": "{f} 至少 {v} 个不同的值", "max_len": "{f} 至多 {v} 项",
          "contains": "{f} 包含 {v}"}


def describe(condition: Optional[dict], names: bool = False) -> str:
    """Chinese form of a condition. For messages (default): labels, never field names
    (``{host_unit_kind: {in: [internal_office, individual]}}`` -> 主办单位类型为内设机构或个人);
    ``names=True`` keeps field names and values as the pack writes them (rule reference, explain)."""
    parts = []
    for path, test in (condition or {}).items():
        if path == NOT:
            parts.append(f"并非（{describe(test, names)}）")
            continue
        op, expected = next(iter(test.items())) if isinstance(test, dict) else ("eq", test)
        if names:
            parts.append(f"{path} {'已填写' if expected else '未填写'}" if op == "exists"
                         else _NAMED[op].format(f=path, v=_shown(path, expected, "/", True)))
            continue
        field = field_label(path)
        if op == "exists":
            parts.append(f"{'已' if expected else '未'}填写{field}")
        elif op in ("eq", "ne") and isinstance(expected, bool):
            parts.append(f"“{field}”为{'“是”' if expected == (op == 'eq') else '“否”'}")
        else:
            shown = _shown(path, expected, "、" if op == "not_in" else "或", False)
            parts.append(_PHRASES[op].format(f=field, v=shown))
    return ("，且 " if names else "，且").join(parts)


#: A condition as a pydantic field type: validated when a pack loads.
Condition = Annotated[dict[str, Any], AfterValidator(_checked)]
