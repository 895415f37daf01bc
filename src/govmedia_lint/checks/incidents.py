"""Kinds about recorded incidents (单项否决问题、扣分问题): what a check or inspection found."""

from __future__ import annotations

from typing import Iterator

from pydantic import Field

from ..engine.kinds import AccountRecord, CheckContext, Outcome, Params, Violation, check_kind, items_in_window
from ..fields import field_docs
from ..model import IncidentKind

#: Chinese names of the incident kinds, for messages (from fields.yaml)
INCIDENT_LABELS = {IncidentKind(v.value): v.label for v in field_docs()["incidents[].kind"].values}


class IncidentParams(Params):
    #: the incident kinds this rule forbids
    kinds: list[IncidentKind] = Field(min_length=1)


@check_kind("no_incident", IncidentParams)
def no_incident(record: AccountRecord, params: IncidentParams, ctx: CheckContext) -> Iterator[Outcome]:
    """No recorded incident (``incidents[]``) of the given kinds in the review period.

    Each incident is one finding; its ``count`` (occurrences recorded together) is
    kept in the evidence, so a score can deduct per occurrence. Undated incidents count.
    """
    for item in items_in_window(record, "incidents", ctx):
        if item.kind not in params.kinds:
            continue
        when = f"{item.date} " if item.date else ""
        times = f"（共 {item.count} 起）" if item.count > 1 else ""
        detail = f"：{item.description}" if item.description else ""
        yield Violation(f"{when}{INCIDENT_LABELS[item.kind]}{detail}{times}", item.line,
                        {"incident": item.kind.value, "date": item.date.isoformat() if item.date else None,
                         "count": item.count, "_item": item})
