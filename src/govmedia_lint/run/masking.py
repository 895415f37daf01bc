"""Masking of staff phone numbers in every exported format (``--no-mask`` turns it off).

Mobile numbers keep their first three and last four digits (138****0000);
landline numbers keep the area code and the last four digits (0912-****4567).
Messages, evidence and every other string of a finding are masked.

One pass: a string is scanned once by a cheap guard (every phone number is a run of at least 11
digits, spaces and hyphens starting with a digit); only the few strings that have such a run go
through the two exact patterns. Values with nothing to mask are returned as they are (not copied),
so masking a report with no phone numbers copies no finding. Texts repeat (a file's name and a
clause's quote in each of its findings): each distinct text is scanned once.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0[1-9][0-9]{1,2})-([0-9]{3,4})([0-9]{4})(?![0-9])")
#: what every match of _MOBILE (1xx xxxx xxxx) and _LANDLINE (0xx-xxxxxxx) contains
_MAYBE_PHONE = re.compile(r"[0-9][0-9 -]{10}")


def mask_text(text: str) -> str:
    if len(text) < 11:  # shorter than any phone number (dates, codes, counts)
        return text
    masked = _masked(text)
    return text if masked == text else masked  # ``text`` itself when unchanged (the memo holds an equal one)


@lru_cache(maxsize=1 << 16)  # file names, rule names and clause quotes repeat in every finding
def _masked(text: str) -> str:
    if not _MAYBE_PHONE.search(text):
        return text
    text = _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return _LANDLINE.sub(lambda m: f"{m[1]}-{'*' * len(m[2])}{m[3]}", text)


def mask_value(value: Any) -> Any:
    """``value`` with every string in it masked; ``value`` itself when nothing needed masking."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        copy = None
        for key, item in value.items():
            if type(item) is str:  # most items: text, tested without a recursive call
                if len(item) < 11:
                    continue
                masked = mask_text(item)
            elif item is None or type(item) in (int, bool):
                continue
            else:
                masked = mask_value(item)
            if masked is not item:
                copy = copy if copy is not None else dict(value)
                copy[key] = masked
        return value if copy is None else copy
    if isinstance(value, (list, tuple)):
        items = [mask_value(item) for item in value]
        return value if all(a is b for a, b in zip(items, value)) else type(value)(items)
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def mask_finding(finding: Any) -> Any:
    """A finding (any dataclass) with every string field masked: a copy when one changed, else ``finding``."""
    names = _FIELD_NAMES.get(type(finding))
    if names is None:
        names = _FIELD_NAMES[type(finding)] = tuple(f.name for f in dataclasses.fields(finding))
    changes = {}
    for name in names:
        value = getattr(finding, name)
        if type(value) is str:
            if len(value) < 11:
                continue
            masked = mask_text(value)
        elif isinstance(value, (str, dict, list)):
            masked = mask_value(value)
        else:
            continue
        if masked is not value:
            changes[name] = masked
    return dataclasses.replace(finding, **changes) if changes else finding


def mask_report(report: Any) -> Any:
    """A copy of a ``Report`` whose findings, waived and baselined findings are masked (but for those
    ``report.nothing_to_mask`` holds: the workers found that masking them changes nothing)."""
    result, clean = report.result, report.nothing_to_mask

    def mask(finding: Any) -> Any:
        return finding if clean.get(id(finding)) is finding else mask_finding(finding)

    waived = [dataclasses.replace(w, finding=mask(w.finding)) for w in result.waived]
    masked = dataclasses.replace(result, findings=[mask(f) for f in result.findings], waived=waived,
                                 baselined=[mask(f) for f in result.baselined])
    return dataclasses.replace(report, result=masked, mask=False)
