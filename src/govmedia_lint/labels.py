"""Chinese labels of the account format's fields and values, for messages read by people.

The single source is the field documentation (``fields.yaml`` via ``fields.field_docs``). Messages name a
field by the path the condition language uses, relative to the item judged (``verification_names_host``
of an account, ``source_approved`` of a post, ``filings[].written``): it is looked up as written, under
``account.``, then as the last part of a documented path. Unknown paths are shown as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from .fields import FieldDoc, field_docs


@lru_cache(maxsize=512)
def _doc(path: str) -> Optional[FieldDoc]:
    docs = field_docs()
    for candidate in (path, f"account.{path}"):
        if candidate in docs:
            return docs[candidate]
    tail = path.split("[].")[-1]
    return next((doc for key, doc in docs.items() if key.endswith((f".{tail}", f"].{tail}"))), None)


def field_label(path: str) -> str:
    """``outsourcing.confidentiality_agreement`` -> 签订保密协议; unknown paths as written."""
    doc = _doc(path)
    return doc.label if doc else path


def value_label(path: str, value: Any) -> str:
    """An enum value in Chinese (``internal_office`` -> 内设机构), booleans 是/否, others as written."""
    if isinstance(value, bool):
        return "是" if value else "否"
    value = str(getattr(value, "value", value))
    doc = _doc(path)
    return next((v.label for v in doc.values if v.value == value), value) if doc else value


def collection_label(name: str) -> str:
    """``filings`` -> 备案和报批记录."""
    return field_label(name) if name in field_docs() else name


def platform_label(platform: Any) -> str:
    """``weibo`` -> 微博 (a value the format does not know, as written)."""
    return value_label("account.platform", platform) if platform else ""


def account_label(name: Optional[str], platform: Any) -> str:
    """An account as people name it: 平安黔江（微博）. One register may hold one name on several platforms."""
    if not name:
        return ""
    shown = platform_label(platform)
    return f"{name}（{shown}）" if shown and not name.endswith(f"（{shown}）") else name
