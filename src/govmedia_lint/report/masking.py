"""Masking of staff phone numbers in every exported format (``--no-mask`` turns it off).

Mobile numbers keep their first three and last four digits (138****0000);
landline numbers keep the area code and the last four digits (0912-****4567).
Messages, evidence and every other string of a finding are masked.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0[1-9][0-9]{1,2})-([0-9]{3,4})([0-9]{4})(?![0-9])")


def mask_text(text: str) -> str:
    text = _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return _LANDLINE.sub(lambda m: f"{m[1]}-{'*' * len(m[2])}{m[3]}", text)


def mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask_value(item) for item in value)
    return value


def mask_finding(finding: Any) -> Any:
    """A copy of a finding (any dataclass) with every string field masked."""
    changes = {f.name: mask_value(getattr(finding, f.name)) for f in dataclasses.fields(finding)
               if isinstance(getattr(finding, f.name), (str, dict, list))}
    return dataclasses.replace(finding, **changes)


def mask_report(report: Any) -> Any:
    """A copy of a ``Report`` whose findings, waived and baselined findings are masked."""
    result = report.result
    waived = [dataclasses.replace(w, finding=mask_finding(w.finding)) for w in result.waived]
    masked = dataclasses.replace(result, findings=[mask_finding(f) for f in result.findings], waived=waived,
                                 baselined=[mask_finding(f) for f in result.baselined])
    return dataclasses.replace(report, result=masked, mask=False)
