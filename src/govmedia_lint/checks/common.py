"""Helpers shared by check kinds."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from pydantic import field_validator

from ..conditions import Condition
from ..engine.kinds import COLLECTIONS, MissingData, Params
from ..labels import value_label

#: Chinese labels of the fields that appear in messages.
LABELS = {
    "event_on": "事件发生",
    "filed_on": "报备",
    "registered_on": "系统登记",
    "approved_on": "批准",
    "opened_on": "上线",
    "closed_on": "关停",
    "received_at": "收到留言",
    "acknowledged_at": "回复受理情况",
    "replied_at": "答复",
    "issued_on": "印发",
    "interpretation_published_on": "发布解读",
    "reported_on": "报告",
    "start": "开始",
    "end": "结束",
    "notified_on": "通知",
    "rectified_on": "整改",
}


def item_label(item: Any) -> str:
    """How a message names an item: 《post title》, a filing, a notice …"""
    from ..model import Account, Filing, Incident, Message, Notice, OfflinePeriod, PolicyDocument, Post

    if isinstance(item, Post):
        return f"《{item.title}》（{item.day}）" if item.title else f"{item.day} 发布的信息"
    if isinstance(item, PolicyDocument):
        return f"《{item.title}》" if item.title else f"{item.issued_on} 印发的政策文件"
    if isinstance(item, Message):
        return f"{item.received_at:%Y-%m-%d %H:%M} 收到的留言" + (f"“{item.summary}”" if item.summary else "")
    if isinstance(item, Filing):
        return f"{value_label('filings[].type', item.type)}备案" + (f"（{item.event_on}）" if item.event_on else "")
    if isinstance(item, Notice):
        return f"{value_label('notices[].kind', item.kind)}（{item.posted_on}）"
    if isinstance(item, OfflinePeriod):
        return f"{item.start} 起的{'临时下线' if item.kind.value == 'temporary' else '紧急关停'}"
    if isinstance(item, Incident):
        return f"{value_label('incidents[].kind', item.kind)}事件" + (f"（{item.date}）" if item.date else "")
    if type(item).__name__ == "Rectification":
        return f"整改事项“{item.item}”（{item.notified_on} 通知）"
    if isinstance(item, Account):
        return "账号"
    return ""


def label(field: str) -> str:
    return LABELS.get(field, field)


def as_day(value: Any) -> Optional[date]:
    if value is None:
        return None
    return value.date() if hasattr(value, "date") and callable(value.date) else value


class CollectionParams(Params):
    """Parameters of kinds that look at the items of one collection."""

    collection: str
    where: Optional[Condition] = None

    @field_validator("collection")
    @classmethod
    def _known_collection(cls, value: str) -> str:
        if value not in COLLECTIONS:
            raise ValueError(f"unknown collection {value!r}; one of {', '.join(COLLECTIONS)}")
        return value



class MissingTally:
    """Folds the missing-data outcomes of one rule on one account into a single finding."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        self.line = 0
        self.count = 0

    def add(self, fields: list[str], line: int) -> None:
        for name in fields:
            if name not in self.fields:
                self.fields.append(name)
        self.line = self.line or line
        self.count += 1

    def outcome(self) -> list[MissingData]:
        return [MissingData(self.fields, self.line, self.count)] if self.count else []
