"""Kinds about recorded incidents (单项否决问题、扣分问题): what a check or inspection found."""

from __future__ import annotations

from typing import Iterator, Optional

from pydantic import Field

from ..conditions import Condition, evaluate, missing_fields
from ..engine.kinds import AccountRecord, CheckContext, Outcome, Params, Violation, check_kind, items_in_window
from ..model import IncidentKind
from .common import MissingTally

#: Chinese names of the incident kinds, for messages.
INCIDENT_LABELS = {
    IncidentKind.serious_wording_error: "严重表述错误",
    IncidentKind.secret_leak: "泄露国家秘密",
    IncidentKind.prohibited_content: "发布或链接反动、暴力、色情、迷信等内容",
    IncidentKind.negative_opinion_incident: "因发布内容不当引发严重负面舆情",
    IncidentKind.fake_followers: "购买“粉丝”等数据造假",
    IncidentKind.forced_engagement: "强制要求群众下载、点赞、转发",
    IncidentKind.inappropriate_content: "发布不当内容",
    IncidentKind.comment_moderation_failure: "留言区出现不当言论（留言审看不到位）",
    IncidentKind.broken_function: "功能无法正常使用",
    IncidentKind.excessive_personal_data: "收集超出服务所需的个人信息",
    IncidentKind.account_hijacked: "账号被盗用",
    IncidentKind.sensitive_information: "发布敏感信息",
}


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
        yield Violation(f"{when}{INCIDENT_LABELS[item.kind]}{detail}{times}", item.line,
                        {"incident": item.kind.value, "date": item.date.isoformat() if item.date else None,
                         "count": item.count, "_item": item})
    yield from tally.outcome()
