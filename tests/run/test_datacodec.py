"""A cache entry's data comes back exactly as it went in, whichever tag the fast decoder takes."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from govmedia_lint.engine.findings import Finding
from govmedia_lint.run import datacodec, runner  # noqa: F401  (runner registers the cached dataclasses)


def round_trip(value):
    return datacodec.decode(datacodec.loads(datacodec.dumps(datacodec.encode(value))))


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (a tuple is not a list, a date not a string)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


@pytest.mark.parametrize("value", [
    {"count": 3, "days": ["2025-01-01"], "nested": {"ok": True, "ratio": 0.5, "none": None}},
    {"$map": {"a": 1}, "$tuple": [1], "$json": {"b": 2}},  # plain data that looks like tags stays data
    {"on": date(2025, 3, 1)},
    {"pair": (1, "x")},
    {"inner": {"when": datetime(2025, 3, 1, 8, 30)}},
    {"big": 1e308, "small": -2.5e-300},
    [(3, "posts[0]"), (9, "posts[1]")],
    [(3, date(2025, 1, 1))],
    [(1, "a"), [2, "b"]],
    [()],
    {},
    [],
])
def test_values_come_back_with_their_types(value):
    assert same(round_trip(value), value)


def test_a_finding_comes_back_equal_and_of_its_class():
    finding = Finding("JX-UPDATE-WEEKLY", "weekly", "jiaxian", "error", "a.yaml", 7, "佳县发布", "第 3 周未更新",
                      {"article": "第十条", "quote": "每周更新"}, {"weeks": ["2025-W03"], "on": date(2025, 1, 13)})
    back = round_trip([finding])[0]
    assert type(back) is Finding and back == finding and back.sort_key() == finding.sort_key()
    assert type(back.evidence["on"]) is date


@pytest.mark.parametrize("value", [float("nan"), {"ratio": float("inf")}, [(1, float("-inf"))]])
def test_what_json_cannot_hold_is_not_cached(value):
    with pytest.raises(ValueError):
        datacodec.encode(value)


def test_unknown_fields_and_tags_are_refused():
    with pytest.raises(ValueError):
        datacodec.decode({"$dc": "Finding", "f": {"rule": "X", "shell": "rm -rf /"}})
    with pytest.raises(ValueError):
        datacodec.decode({"$tuples": [[1, {"$date": "2025-01-01"}]]})
    with pytest.raises(ValueError):
        datacodec.decode({"$json": ["not", "a", "mapping"]})
