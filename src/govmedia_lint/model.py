"""The account file schema (format v1, see docs/account-format.md).

Every model forbids unknown keys, so a typo such as ``opend_on`` is an input
error instead of a silently disabled rule. Each node remembers the YAML line
it came from (``line``) and the line of each of its keys (``key_line``); the
loader fills these in after validation.

The annotations are evaluated as each class is defined (no ``from __future__ import annotations``): as text,
pydantic would compile and evaluate each of the ~200 when it builds the models, ~3 ms of every start.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import Annotated, Any, Optional, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

SHANGHAI = timezone(timedelta(hours=8))


def empty_list() -> list:
    """The ``default_factory`` of a field that defaults to an empty list. Not ``list`` itself: pydantic reads a
    default factory's signature, and a builtin's is parsed from its text signature (tokenized) each time, ~0.13 ms
    of every start per field."""
    return []

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)


def type_name(value: Any) -> str:
    """How an input error names the kind of value found (in Chinese)."""
    if value is None:
        return "空值"
    for kind, name in ((bool, "布尔值"), (int, "整数"), (float, "小数"), (datetime, "时间"), (date, "日期"),
                       (str, "文本"), (list, "列表"), (dict, "映射")):
        if isinstance(value, kind):
            return name
    return "其他值"


#: an almost-right date or time; compiled when a value needs a suggestion (an input error), not on every start
_LOOSE_DATE = (
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?"
    r"(?:\s*[T ]?\s*(?P<h>\d{1,2})\s*[:时点]\s*(?P<mi>\d{1,2})(?:\s*[:分]\s*(?P<s>\d{1,2}))?\s*[分秒]?)?$"
    r"|^(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})$")


def suggest_moment(value: Any, with_time: bool) -> Optional[str]:
    """The canonical spelling of an almost-right date or time (2024/7/20, 2024年7月20日 …), or None."""
    text = unicodedata.normalize("NFKC", str(getattr(value, "raw", value))).strip()
    match = re.match(_LOOSE_DATE, text)
    if not match:
        return None
    parts = match.groupdict()
    year, month, day = (parts["y"], parts["mo"], parts["d"]) if parts["y"] else (parts["cy"], parts["cm"], parts["cd"])
    try:
        shown = date(int(year), int(month), int(day)).isoformat()
        if parts["h"] is not None:
            moment = datetime(int(year), int(month), int(day), int(parts["h"]), int(parts["mi"]), int(parts["s"] or 0))
            if not with_time:
                return None  # a time where a date belongs is not "almost right"
            shown += f" {moment:%H:%M}" + (f":{moment:%S}" if parts["s"] else "")
    except ValueError:
        return None
    return shown


def _invalid_date(text: str) -> str:
    year, month, day = (int(part) for part in text[:10].split("-"))
    if not 1 <= month <= 12:
        return f"不是有效日期 {text!r}（月份应为 01–12）"
    return f"不是有效日期 {text!r}（{year} 年 {month} 月没有 {day} 日）"


def _bad_moment(value: Any, with_time: bool) -> ValueError:
    shape = "YYYY-MM-DD HH:MM[:SS] 或 YYYY-MM-DD" if with_time else "YYYY-MM-DD"
    fix = suggest_moment(value, with_time) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    shown = getattr(value, "raw", value)
    if fix:
        return ValueError(f"{shown!r} 应为 {fix}（{'时间' if with_time else '日期'}格式 {shape}）")
    if isinstance(value, str):
        return ValueError(f"{'时间' if with_time else '日期'}格式应为 {shape}（例如 2024-07-20），实际为 {shown!r}")
    return ValueError(f"应为{'日期或时间' if with_time else '日期'} {shape}，实际为{type_name(value)} {shown!r}")


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
            except ValueError:
                raise ValueError(_invalid_date(text)) from None
    raise _bad_moment(value, with_time=False)


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
            except ValueError:
                _parse_date(match["date"])  # names a bad day
                raise ValueError(f"不是有效时间 {text!r}（时应为 00–23，分、秒应为 00–59）") from None
    raise _bad_moment(value, with_time=True)


_FLAGS = {"是": True, "否": False}


def _flag(value: Any) -> Any:
    """是/否 are booleans too (YAML's true/false, and yes/no, which pydantic accepts)."""
    if isinstance(value, str):
        return _FLAGS.get(value.strip(), value)
    return value


def _text(value: Any) -> Any:
    """Numbers where text belongs (a phone number, an id) keep the digits as written."""
    if type(value) is str:  # nearly always: returned at once
        return value
    if isinstance(value, bool):
        return value  # rejected by the str type: true/false is never meant as text
    raw = getattr(value, "raw", None)
    if raw is not None:
        return raw
    if isinstance(value, (int, float)):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_text)]

#: the longest account or host unit name accepted (the longest real 主办单位 names are ~40 characters)
MAX_NAME = 200


def _name(value: str) -> str:
    if len(value) > MAX_NAME:
        raise ValueError(f"有 {len(value)} 个字符，超过 {MAX_NAME} 个：应为平台上显示的名称或单位全称，请核对")
    return value


Name = Annotated[str, BeforeValidator(_text), AfterValidator(_name)]
Day = Annotated[date, BeforeValidator(_parse_date)]
Moment = Annotated[datetime, BeforeValidator(_parse_datetime)]
Flag = Annotated[bool, BeforeValidator(_flag)]


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


#: enum -> {Chinese name: value}. The names are in fields.yaml, which fields.py reads against this model;
#: fields.py installs its lookup here when it is imported (loading.py imports it), so this module imports
#: nothing of it.
_enum_aliases: list = []


def use_enum_aliases(lookup) -> None:
    """Install the lookup of enums' Chinese names (``fields.enum_aliases``)."""
    _enum_aliases[:] = [lookup]


class Choice(str, Enum):
    """An enum whose values may also be written by their Chinese names (微信, 运行中 …) from fields.yaml."""

    @classmethod
    def _missing_(cls, value: object) -> Optional["Choice"]:
        if not isinstance(value, str) or not _enum_aliases:
            return None
        found = _enum_aliases[0](cls).get(unicodedata.normalize("NFKC", value).strip())
        return cls(found) if found is not None else None


class Platform(Choice):
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


#: platform_kind values that make a ``wechat`` account a mini-program
MINI_PROGRAM_KINDS = {"小程序", "微信小程序", "miniprogram", "mini-program", "mini_program"}


class HostUnitKind(Choice):
    government = "government"
    department = "department"
    township = "township"
    institution = "institution"
    internal_office = "internal_office"
    subordinate_unit = "subordinate_unit"
    individual = "individual"


class Purpose(Choice):
    regular = "regular"
    special_event = "special_event"


class Status(Choice):
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
    #: when the person was trained for the post (南通 第二十七条: 须经培训后方可上岗)
    trained_on: Optional[Day] = None
    #: when the person took up the post
    on_duty_since: Optional[Day] = None


def _person(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


PersonRef = Annotated[Person, BeforeValidator(_person)]


class Staff(Node):
    leader: Optional[PersonRef] = None
    # absent or null: not known (a rule needing it reports missing data); [] : nobody
    operators: Optional[list[PersonRef]] = None
    editors: Optional[list[PersonRef]] = None
    reviewers: Optional[list[PersonRef]] = None


class Menu(Node):
    name: Text
    items: list[Text] = Field(default_factory=empty_list)


class Outsourcing(Node):
    vendor: Optional[Text] = None
    has_news_license: Optional[Flag] = None
    confidentiality_agreement: Optional[Flag] = None
    reported_on: Optional[Day] = None
    #: when the host unit vetted the vendor's qualifications (资质审查: 神木 第五条, 南通 第七条)
    vetted_on: Optional[Day] = None


class Management(Node):
    managing_office: Optional[Flag] = None
    dedicated_staff: Optional[Flag] = None
    funding: Optional[Flag] = None
    rules_in_place: Optional[Flag] = None


class Account(Node):
    name: Name
    platform: Platform
    platform_kind: Optional[Text] = None
    #: the platform is one the national authorities approved (国家主管部门核准的平台)
    platform_approved: Optional[Flag] = None
    account_id: Optional[Text] = None
    url: Optional[Text] = None
    jurisdiction: Text
    host_unit: Name
    host_unit_kind: Optional[HostUnitKind] = None
    verified_subject: Optional[Text] = None
    #: what kind of body the 认证主体 is; when absent and verified_subject is the host unit, its kind
    verified_subject_kind: Optional[HostUnitKind] = None
    verification_names_host: Optional[Flag] = None
    purpose: Optional[Purpose] = None
    status: Status
    approved_on: Optional[Day] = None
    opened_on: Optional[Day] = None
    closed_on: Optional[Day] = None
    interaction_enabled: Optional[Flag] = None
    #: a mobile app (platform: app) fully supports IPv6 (南通 第十三条)
    ipv6: Optional[Flag] = None
    menus: Optional[list[Menu]] = None
    staff: Optional[Staff] = None
    outsourcing: Optional[Outsourcing] = None
    management: Optional[Management] = None

    @model_validator(mode="after")
    def _mini_program_is_its_own_platform(self) -> "Account":
        """``platform: wechat, platform_kind: 小程序`` is a WeChat mini-program: platform ``miniprogram``.

        Packs scope rules by platform (the 黔江 list, update rules for publishing accounts), so the
        two ways of writing a mini-program must not get two verdicts.
        """
        if self.platform == Platform.wechat and (self.platform_kind or "").strip() in MINI_PROGRAM_KINDS:
            self.platform = Platform.miniprogram
        return self

    @model_validator(mode="after")
    def _verified_subject_is_the_host_unit(self) -> "Account":
        """A 认证主体 that is the host unit (same name, spacing aside) is of the host unit's kind."""
        if self.verified_subject_kind is None and self.verified_subject and self.host_unit_kind is not None \
                and re.sub(r"\s", "", self.verified_subject) == re.sub(r"\s", "", self.host_unit):
            self.verified_subject_kind = self.host_unit_kind
        return self


class FilingType(Choice):
    open = "open"
    change = "change"
    offline = "offline"
    close = "close"
    cancel = "cancel"
    emergency_shutdown = "emergency_shutdown"
    exit_supervision = "exit_supervision"


class Approval(Node):
    """One approval of a filing, by one level (黔江 第八条: 本单位主要负责人, 区政府办公室, 市政府办公厅)."""

    by: Text
    on: Optional[Day] = None


class Filing(Node):
    type: FilingType
    event_on: Optional[Day] = None
    filed_on: Optional[Day] = None
    registered_on: Optional[Day] = None
    approved_on: Optional[Day] = None
    approved_by: Optional[Text] = None
    approval_ref: Optional[Text] = None
    changed_fields: list[Text] = Field(default_factory=empty_list)
    written: Optional[Flag] = None
    #: every approval the act needed, in order, each with who and when
    approvals: list[Approval] = Field(default_factory=empty_list)


class NoticeKind(Choice):
    opening = "opening"
    closure = "closure"
    migration = "migration"
    offline = "offline"
    suspension = "suspension"


class Placement(Choice):
    homepage_prominent = "homepage_prominent"
    homepage_pinned = "homepage_pinned"
    other = "other"


class Channel(Choice):
    portal = "portal"
    account = "account"


class Notice(Node):
    kind: NoticeKind
    posted_on: Day
    removed_on: Optional[Day] = None
    placement: Optional[Placement] = None
    channel: Optional[Channel] = None


class OfflineKind(Choice):
    temporary = "temporary"
    emergency = "emergency"


class OfflinePeriod(Node):
    start: Day
    end: Optional[Day] = None
    kind: OfflineKind
    approved_on: Optional[Day] = None
    #: who approved it (佳县 第八条（一）: 省政府办公厅)
    approved_by: Optional[Text] = None
    reported_on: Optional[Day] = None
    reason: Optional[Text] = None


class Post(Node):
    date: DayOrMoment
    title: Optional[Text] = None
    original: Optional[Flag] = None
    source: Optional[Text] = None
    source_credited: Optional[Flag] = None
    source_approved: Optional[Flag] = None
    commercial_ad: Optional[Flag] = None
    personal_opinion: Optional[Flag] = None
    editor: Optional[Text] = None
    reviewers: Optional[list[Text]] = None
    review_record_kept: Optional[Flag] = None
    declared_date: Optional[Day] = None
    url: Optional[Text] = None
    post_id: Optional[Text] = None
    deleted: Optional[bool] = None
    #: the post's text, inline (short texts, examples); longer texts live in the text store (``text_ref``)
    text: Optional[Text] = None
    #: the key of the post's text in the account's text store (``<account>.texts/<year>.yaml``)
    text_ref: Optional[Text] = None

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
    inappropriate_reply: Optional[Flag] = None


class PolicyDocument(Node):
    title: Optional[Text] = None
    issued_on: Day
    #: when the document was published (on the portal or the account)
    published_on: Optional[Day] = None
    #: 行政规范性文件 (黔江 第十条（三）: its interpretation is published with it, 同步)
    normative: Optional[Flag] = None
    needs_interpretation: Optional[Flag] = None
    interpretation_published_on: Optional[Day] = None


class IncidentKind(Choice):
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
    account_hijacked = "account_hijacked"
    sensitive_information = "sensitive_information"


class Incident(Node):
    kind: IncidentKind
    date: Optional[Day] = None
    description: Optional[Text] = None
    count: int = Field(default=1, ge=1)
    #: when it was reported to the supervising offices (黔江 第十五条: 第一时间报告)
    reported_on: Optional[Day] = None
    #: the fault was announced to the public (附件2: 功能无法使用且未公告)
    announced: Optional[Flag] = None


class RectificationSource(Choice):
    notice = "notice"
    work_order = "work_order"
    inspection = "inspection"
    self_check = "self_check"


_WITHIN = re.compile(r"^\s*[1-9]\d{0,3}\s*(d|wd)\s*$", re.IGNORECASE)


def _within(value: Optional[str]) -> Optional[str]:
    if value is not None and not _WITHIN.match(value):
        raise ValueError(f"应写作天数加 d（如 10d）或工作日数加 wd（如 5wd），实际为 {value!r}")
    return value


class Rectification(Node):
    """One 整改 item: a problem someone notified (a 通报, a platform's work order, an inspection, the unit's
    own check), its deadline and when and how it was put right."""

    item: Text
    source: Optional[RectificationSource] = None
    #: the 通报's number or the work order's id
    ref: Optional[Text] = None
    notified_on: Day
    #: the deadline the notice states, as a date …
    due_on: Optional[Day] = None
    #: … or as a span from the day after ``notified_on``: ``10d`` (days) or ``5wd`` (working days)
    due_within: Annotated[Optional[Text], AfterValidator(_within)] = None
    rectified_on: Optional[Day] = None
    evidence: Optional[Text] = None


class Waiver(Node):
    rule: Text
    reason: Optional[Text] = None
    approval_ref: Optional[Text] = None
    expires_on: Optional[Day] = None


class Coverage(Node):
    """How far the imported log of one collection goes: the last day the export covered."""

    through: Day
    source: Optional[Text] = None
    imported_on: Optional[Day] = None


class DataCoverage(Node):
    """Per collection, the day up to which the file holds the platform's (or the ledger's) complete log.

    After that day nothing is known: a rule that needs the log later reports missing data, never a gap."""

    posts: Optional[Coverage] = None
    messages: Optional[Coverage] = None


class AccountFile(Node):
    """One account file: the account's facts and its logs."""

    schema_: Optional[str] = Field(default=None, alias="schema")
    account: Account
    filings: list[Filing] = Field(default_factory=empty_list)
    notices: list[Notice] = Field(default_factory=empty_list)
    offline_periods: list[OfflinePeriod] = Field(default_factory=empty_list)
    posts: list[Post] = Field(default_factory=empty_list)
    messages: list[Message] = Field(default_factory=empty_list)
    policy_documents: list[PolicyDocument] = Field(default_factory=empty_list)
    incidents: list[Incident] = Field(default_factory=empty_list)
    rectifications: list[Rectification] = Field(default_factory=empty_list)
    waivers: list[Waiver] = Field(default_factory=empty_list)
    data_coverage: Optional[DataCoverage] = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def covered_through(self, collection: str) -> Optional[date]:
        """The last day of ``collection``'s log the file is known to hold in full (None: not recorded)."""
        coverage = self.data_coverage and getattr(self.data_coverage, collection, None)
        return coverage.through if coverage else None

    @field_validator("schema_")
    @classmethod
    def _known_schema(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value != "govmedia-lint/v1":
            raise ValueError(f"不支持的格式版本 {value!r}，应为 'govmedia-lint/v1'")
        return value

    @field_validator("filings", "notices", "offline_periods", "posts", "messages",
                     "policy_documents", "incidents", "rectifications", "waivers", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


# ── The register's supervision record (supervision.yaml) ───────────────────────────────────────────────
# Not an account: the duties of the office that supervises the register's accounts (南通 附件3: the quarterly
# checks and their 报送 to the 市政府办公室). One file per supervised register, in its folder; discovery keeps it
# apart from the account files (loading.SUPERVISION_FILE).

#: compiled when a supervision.yaml is read (``re``'s cache keeps it), not on every start
_QUARTER = r"^\s*(\d{4})\s*(?:[-\s]?[Qq]\s*([1-4])|年\s*第\s*([一二三四1-4])\s*季度?)\s*$"
_QUARTER_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}


def _quarter(value: Any) -> Any:
    """A quarter: ``2026Q1`` (also 2026-Q1, 2026年第一季度); kept as ``YYYYQn``."""
    text = unicodedata.normalize("NFKC", str(getattr(value, "raw", value))) if isinstance(value, (str, int)) \
        and not isinstance(value, bool) else None
    match = re.match(_QUARTER, text) if text is not None else None
    if not match:
        raise ValueError(f"季度应写作 YYYYQn（如 2026Q1，或 2026年第一季度），实际为{type_name(value)} "
                         f"{getattr(value, 'raw', value)!r}")
    number = match[2] or _QUARTER_DIGITS.get(match[3], match[3])
    return f"{match[1]}Q{number}"


Quarter = Annotated[str, BeforeValidator(_quarter)]
#: the models of supervision.yaml are built when one is first read (``defer_build``): a check of account files
#: alone (one file, the pre-commit case) reads none
SUPERVISION_CONFIG = ConfigDict(defer_build=True)


class SupervisingOffice(Node):
    """The office that supervises the register's accounts (考核对象 of 南通 附件3: a 县（市、区）人民政府办公室 or a
    市级部门)."""

    model_config = SUPERVISION_CONFIG

    name: Name
    jurisdiction: Text


class Submission(Node):
    """One quarter's 检查整改情况 sent to the office above (南通 附件3: 向市政府办公室报送)."""

    model_config = SUPERVISION_CONFIG

    quarter: Quarter
    submitted_on: Optional[Day] = None
    to: Optional[Text] = None
    evidence: Optional[Text] = None


class QuarterlyCheck(Node):
    """One quarter's check of the register's accounts (南通 附件3 定期检查: 按季度组织开展检查)."""

    model_config = SUPERVISION_CONFIG

    quarter: Quarter
    done_on: Optional[Day] = None
    evidence: Optional[Text] = None


class SupervisionFile(Node):
    """supervision.yaml: the supervising office and its quarterly checks and submissions."""

    schema_: Optional[str] = Field(default=None, alias="schema")
    office: SupervisingOffice
    submissions: list[Submission] = Field(default_factory=empty_list)
    checks: list[QuarterlyCheck] = Field(default_factory=empty_list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    _known_schema = field_validator("schema_")(AccountFile._known_schema.__func__)

    @field_validator("submissions", "checks", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value
