"""Kinds about recorded incidents (单项否决问题、扣分问题): what a check or inspection found."""

from __future__ import annotations

from functools import cache
from typing import Iterator, Optional

from pydantic import Field

from ..conditions import Condition, evaluate, missing_fields
from ..engine.kinds import AccountRecord, CheckContext, Outcome, Params, Violation, check_kind, items_in_window
from ..fields import field_docs
from ..model import IncidentKind
from .common import MissingTally


@cache
def incident_labels() -> dict[IncidentKind, str]:
    """Chinese names of the incident kinds, for messages (from fields.yaml, read when a finding needs one)."""
    return {IncidentKind(v.value): v.label for v in field_docs()["incidents[].kind"].values}


class IncidentParams(Params):
    #: the incident kinds this rule forbids
    kinds: list[IncidentKind] = Field(min_length=1)
    #: only incidents matching this count (e.g. {announced: {ne: true}}); unknown fields are missing data
    where: Optional[Condition] = None


@check_kind("no_incident", IncidentParams)
def no_incident(record: AccountRecord, params: IncidentParams, ctx: CheckContext) -> Iterator[Outcome]:
    """No recorded incident (``incidents[]``) of the given kinds in the review period.

    Each incident is one finding; its ``count`` (occurrences recorded together) is
    kept in the evidence, so a score can deduct per occurrence. Undated incidents count.
    """
    tally = MissingTally()
    for item in items_in_window(record, "incidents", ctx):
        if item.kind not in params.kinds:
            continue
        selected = evaluate(params.where, item)
        if selected is None:
            tally.add([f"incidents[].{f}" for f in missing_fields(params.where, item)], item.line)
        if not selected:
            continue
        when = f"{item.date} " if item.date else ""
        times = f"（共 {item.count} 起）" if item.count > 1 else ""
        detail = f"：{item.description}" if item.description else ""
        yield Violation(f"{when}{incident_labels()[item.kind]}{detail}{times}", item.line,
                        {"incident": item.kind.value, "date": item.date.isoformat() if item.date else None,
                         "count": item.count, "_item": item})
    yield from tally.outcome()
