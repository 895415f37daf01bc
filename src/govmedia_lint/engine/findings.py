"""The finding record shared by the engine and every output format."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import Any, Optional

SEVERITIES = ("error", "warning", "info")
#: the severities as every people format writes them
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
_RANK = {"info": 1, "warning": 2, "error": 3}


def severity_rank(severity: str) -> int:
    return _RANK[severity]


def at_most(severity: str, ceiling: str) -> str:
    """The lower of two severities."""
    return severity if _RANK[severity] <= _RANK[ceiling] else ceiling



#: ``Finding.sort_key`` as one C call: a finding's place in a report (sorting a register's 342,471 findings:
#: ~0.5 s less than the method)
SORT_KEY = attrgetter("file", "line", "rule", "message")


@dataclass
class Finding:
    rule: str
    name: str
    pack: Optional[str]
    severity: str
    file: str
    line: int
    account: Optional[str]
    message: str
    source: Optional[dict[str, Any]] = None
    evidence: dict[str, Any] = field(default_factory=dict)
    #: the deadline or count rests on provisional working days (a year without official data; workdays.py)
    provisional_calendar: bool = False
    #: what a reader must know besides the message (e.g. "2027 年放假调休安排尚未收录，按法定节假日暂算")
    note: Optional[str] = None
    #: recorded in the run's baseline: known and not yet rectified (已知未整改). Still reported and scored;
    #: only the exit code leaves it out (policy/pipeline.py)
    baselined: bool = False

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.baselined:  # machine formats carry "baselined": true only where it is
            del data["baselined"]
        return data

    @property
    def full_message(self) -> str:
        """The message with its note, for formats read by people."""
        return f"{self.message}（注：{self.note}）" if self.note else self.message


@dataclass
class Due:
    """An open obligation of one account under one rule (``govmedia-lint due``), cited like a finding."""

    rule: str
    name: str
    pack: Optional[str]
    severity: str
    file: str
    line: int
    account: Optional[str]
    host_unit: Optional[str]
    deadline: Optional[str]  # ISO date; None for a duty without a deadline (undated)
    message: str
    overdue: bool
    #: the obligation is to keep something in place until the deadline (a notice), not to act by it
    keep: bool = False
    #: check reports it as of the deadline day itself (engine.kinds.Obligation.same_day)
    same_day: bool = False
    source: Optional[dict[str, Any]] = None
    evidence: dict[str, Any] = field(default_factory=dict)
    provisional_calendar: bool = False
    note: Optional[str] = None
    #: the account's platform (wechat, weibo …): one register may hold one name on several platforms
    platform: str = ""
    #: the document sets no deadline for it (``deadline`` None): listed as 未定期限, after the dated ones
    undated: bool = False

    def sort_key(self) -> tuple:
        return (not self.overdue, self.undated, self.deadline or "", self.file, self.line, self.rule)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
