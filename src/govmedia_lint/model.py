"""The account file schema (format v1, see docs/account-format.md).

Every model forbids unknown keys, so a typo such as ``opend_on`` is an input
error instead of a silently disabled rule. Each node remembers the YAML line
it came from (``line``) and the line of each of its keys (``key_line``); the
loader fills these in after validation.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import Annotated, Any, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, field_validator

SHANGHAI = timezone(timedelta(hours=8))

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)


def _parse_date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _DATE_RE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError as exc:
                raise ValueError(f"不是有效日期 {text!r}（{exc}）") from None
        raise ValueError(f"日期格式应为 YYYY-MM-DD，实际为 {text!r}")
    raise ValueError(f"应为日期 YYYY-MM-DD，实际为 {type(value).__name__} {value!r}")


def _to_local(moment: datetime) -> datetime:
    """Aware datetimes are converted to Asia/Shanghai; the result is naive local time."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(SHANGHAI).replace(tzinfo=None)
    return moment


def _parse_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return _to_local(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        if _DATE_RE.match(text):
            return datetime.combine(_parse_date(text), datetime.min.time())
        match = _DATETIME_RE.match(text)
        if match:
            tz = match["tz"]
            iso = f"{match['date']}T{match['h']}:{match['m']}:{match['s'] or '00'}"
            if tz:
                iso += "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
            try:
                return _to_local(datetime.fromisoformat(iso))
            except ValueError as exc:
                raise ValueError(f"不是有效时间 {text!r}（{exc}）") from None
        raise ValueError(f"时间格式应为 YYYY-MM-DD HH:MM[:SS]，实际为 {text!r}")
    raise ValueError(f"应为日期或时间，实际为 {type(value).__name__} {value!r}")


def _text(value: Any) -> Any:
    """Numbers where text belongs (a phone number, an id) keep the digits as written."""
    if isinstance(value, bool):
        return value  # rejected by the str type: true/false is never meant as text
    raw = getattr(value, "raw", None)
    if raw is not None:
        return raw
    if isinstance(value, (int, float)):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_text)]
Day = Annotated[date, BeforeValidator(_parse_date)]
Moment = Annotated[datetime, BeforeValidator(_parse_datetime)]


def _parse_day_or_moment(value: Any) -> Any:
    """A post's date: a day when no time of day is given (an export with dates only), else a local datetime."""
    if isinstance(value, datetime):
        return _to_local(value)
    if isinstance(value, date) or (isinstance(value, str) and _DATE_RE.match(value.strip())):
        return _parse_date(value)
    return _parse_datetime(value)


#: ``date`` for a day without a time of day (never read as midnight), ``datetime`` otherwise
DayOrMoment = Annotated[Union[datetime, date], BeforeValidator(_parse_day_or_moment)]


class Node(BaseModel):
    """Base of every schema node: strict about keys, remembers its YAML lines."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    _line: int = PrivateAttr(default=0)
    _key_lines: dict[str, int] = PrivateAttr(default_factory=dict)

    @property
    def line(self) -> int:
        private = self.__pydantic_private__  # direct: pydantic's __getattr__ is slow on hot paths
        return private["_line"] if private else 0

    def key_line(self, key: str) -> int:
        """Line of ``key`` in this mapping, falling back to the node's own line."""
        return self._key_lines.get(key, self._line)


class Platform(str, Enum):
    wechat = "wechat"
    weibo = "weibo"
    douyin = "douyin"
    toutiao = "toutiao"
    kuaishou = "kuaishou"
    xigua = "xigua"
    bilibili = "bilibili"
    app = "app"
    miniprogram = "miniprogram"
    website = "website"
    other = "other"


class HostUnitKind(str, Enum):
    government = "government"
    department = "department"
    township = "township"
    institution = "institution"
    internal_office = "internal_office"
    subordinate_unit = "subordinate_unit"
    individual = "individual"


class Purpose(str, Enum):
    regular = "regular"
    special_event = "special_event"


class Status(str, Enum):
    planned = "planned"
    approved = "approved"
    active = "active"
    offline = "offline"
    closing = "closing"
    closed = "closed"
    cancelled = "cancelled"


class Person(Node):
    name: Text
    phone: Optional[Text] = None
    role: Optional[Text] = None


def _person(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


PersonRef = Annotated[Person, BeforeValidator(_person)]


class Staff(Node):
    leader: Optional[PersonRef] = None
    operators: list[PersonRef] = Field(default_factory=list)
    editors: list[PersonRef] = Field(default_factory=list)
    reviewers: list[PersonRef] = Field(default_factory=list)


class Menu(Node):
    name: Text
    items: list[Text] = Field(default_factory=list)


class Outsourcing(Node):
    vendor: Optional[Text] = None
    has_news_license: Optional[bool] = None
    confidentiality_agreement: Optional[bool] = None
    reported_on: Optional[Day] = None


class Management(Node):
    managing_office: Optional[bool] = None
    dedicated_staff: Optional[bool] = None
    funding: Optional[bool] = None
    rules_in_place: Optional[bool] = None


class Account(Node):
    name: Text
    platform: Platform
    platform_kind: Optional[Text] = None
    account_id: Optional[Text] = None
    url: Optional[Text] = None
    jurisdiction: Text
    host_unit: Text
    host_unit_kind: Optional[HostUnitKind] = None
    verified_subject: Optional[Text] = None
    verification_names_host: Optional[bool] = None
    purpose: Optional[Purpose] = None
    status: Status
    approved_on: Optional[Day] = None
    opened_on: Optional[Day] = None
    closed_on: Optional[Day] = None
    interaction_enabled: Optional[bool] = None
    menus: Optional[list[Menu]] = None
    staff: Optional[Staff] = None
    outsourcing: Optional[Outsourcing] = None
    management: Optional[Management] = None


class FilingType(str, Enum):
    open = "open"
    change = "change"
    offline = "offline"
    close = "close"
    cancel = "cancel"
    emergency_shutdown = "emergency_shutdown"
    exit_supervision = "exit_supervision"


class Filing(Node):
    type: FilingType
    event_on: Optional[Day] = None
    filed_on: Optional[Day] = None
    registered_on: Optional[Day] = None
    approved_on: Optional[Day] = None
    approved_by: Optional[Text] = None
    approval_ref: Optional[Text] = None
    changed_fields: list[Text] = Field(default_factory=list)
    written: Optional[bool] = None


class NoticeKind(str, Enum):
    opening = "opening"
    closure = "closure"
    migration = "migration"
    offline = "offline"
    suspension = "suspension"


class Placement(str, Enum):
    homepage_prominent = "homepage_prominent"
    homepage_pinned = "homepage_pinned"
    other = "other"


class Channel(str, Enum):
    portal = "portal"
    account = "account"


class Notice(Node):
    kind: NoticeKind
    posted_on: Day
    removed_on: Optional[Day] = None
    placement: Optional[Placement] = None
    channel: Optional[Channel] = None


class OfflineKind(str, Enum):
    temporary = "temporary"
    emergency = "emergency"


class OfflinePeriod(Node):
    start: Day
    end: Optional[Day] = None
    kind: OfflineKind
    approved_on: Optional[Day] = None
    reported_on: Optional[Day] = None
    reason: Optional[Text] = None


class Post(Node):
    date: DayOrMoment
    title: Optional[Text] = None
    original: Optional[bool] = None
    source: Optional[Text] = None
    source_credited: Optional[bool] = None
    source_approved: Optional[bool] = None
    commercial_ad: Optional[bool] = None
    personal_opinion: Optional[bool] = None
    editor: Optional[Text] = None
    reviewers: Optional[list[Text]] = None
    review_record_kept: Optional[bool] = None
    declared_date: Optional[Day] = None
    url: Optional[Text] = None
    post_id: Optional[Text] = None
    deleted: Optional[bool] = None

    @property
    def day(self) -> date:
        return self.date.date() if isinstance(self.date, datetime) else self.date

    @property
    def has_time(self) -> bool:
        """False for a post dated by day only (``date: 2025-06-02``)."""
        return isinstance(self.date, datetime)

    @property
    def when(self) -> str:
        """The date as a message shows it: ``2025-06-02 09:30`` or ``2025-06-02``."""
        return f"{self.date:%Y-%m-%d %H:%M}" if isinstance(self.date, datetime) else self.date.isoformat()


class Message(Node):
    received_at: Moment
    acknowledged_at: Optional[Moment] = None
    replied_at: Optional[Moment] = None
    channel: Optional[Text] = None
    summary: Optional[Text] = None
    inappropriate_reply: Optional[bool] = None


class PolicyDocument(Node):
    title: Optional[Text] = None
    issued_on: Day
    needs_interpretation: Optional[bool] = None
    interpretation_published_on: Optional[Day] = None


class IncidentKind(str, Enum):
    serious_wording_error = "serious_wording_error"
    secret_leak = "secret_leak"
    prohibited_content = "prohibited_content"
    negative_opinion_incident = "negative_opinion_incident"
    fake_followers = "fake_followers"
    forced_engagement = "forced_engagement"
    inappropriate_content = "inappropriate_content"
    comment_moderation_failure = "comment_moderation_failure"
    broken_function = "broken_function"
    excessive_personal_data = "excessive_personal_data"


class Incident(Node):
    kind: IncidentKind
    date: Optional[Day] = None
    description: Optional[Text] = None
    count: int = Field(default=1, ge=1)


class Waiver(Node):
    rule: Text
    reason: Optional[Text] = None
    approval_ref: Optional[Text] = None
    expires_on: Optional[Day] = None


class AccountFile(Node):
    """One account file: the account's facts and its logs."""

    schema_: Optional[str] = Field(default=None, alias="schema")
    account: Account
    filings: list[Filing] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    offline_periods: list[OfflinePeriod] = Field(default_factory=list)
    posts: list[Post] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)
    policy_documents: list[PolicyDocument] = Field(default_factory=list)
    incidents: list[Incident] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("schema_")
    @classmethod
    def _known_schema(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value != "govmedia-lint/v1":
            raise ValueError(f"不支持的格式版本 {value!r}，应为 'govmedia-lint/v1'")
        return value

    @field_validator("filings", "notices", "offline_periods", "posts", "messages",
                     "policy_documents", "incidents", "waivers", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value
