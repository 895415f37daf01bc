"""Check kinds: generic, parameterised checks that rules in packs pick by name.

A kind is a function ``(record, params, ctx) -> Iterable[Violation | MissingData | Obligation]``
registered with ``@check_kind(name, Params, scope=...)``; ``Params`` is a pydantic model
that validates the rule's ``params`` when its pack loads. ``scope`` says what a kind reads:
``"file"`` (the default) only the account's own file, so its result can be computed and cached per
file; ``"register"`` the other accounts too (``ctx.register``), so the runner evaluates it after
every file is loaded, on every run. A register kind whose ``subject`` is ``"supervision"`` is judged once per
supervision record of the register (``supervision.yaml``: the supervising office's own duties, such as 南通
附件3's quarterly 报送), never per account; ``record`` is then a ``SupervisionRecord``. Kinds with deadlines also
yield ``Obligation``s (what is still open and by when) for ``govmedia-lint due``;
``check`` ignores them.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Union

from pydantic import BaseModel, ConfigDict

from ..model import AccountFile, Node, OfflineKind, Status, SupervisionFile
from ..workdays import WorkCalendar

if TYPE_CHECKING:
    from .packs import Pack, Rule


class Params(BaseModel):
    """Base of every kind's parameter model: unknown parameters are pack errors.

    Built when a pack first validates parameters with it (``defer_build``), not when its module is imported: a run
    validates only the packs its accounts use, and their rules name some of the kinds of a module, not all."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


@dataclass
class Violation:
    message: str
    line: int
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class MissingData:
    """The rule needs facts the file does not hold; reported, never a silent pass."""

    fields: list[str]
    line: int
    count: int = 1
    #: the log of ``fields[0]`` (a collection) is imported only up to this day (``data_coverage``): what the rule
    #: needs after it is not known, which is not the same as not having happened
    through: Optional[date] = None
    #: what could not be judged, e.g. "2026-W49 至 2026-W50"
    detail: str = ""


@dataclass
class Obligation:
    """Something still open on ``deadline`` (``due``): if the file stays as it is, the same kind yields a
    Violation for the same rule and ``line`` when checked as of the day after ``deadline`` (already, when
    the deadline has passed: an overdue obligation; ``same_day``: as of the deadline day). ``keep``: the obligation is to leave something in
    place (a notice kept up) until ``deadline``; undoing it earlier is the violation. ``undated``: a duty the
    document gives no deadline for (e.g. the notice before a closure not yet filed): open, ``deadline`` None,
    never overdue; ``due`` lists it as 未定期限 after the dated ones."""

    message: str
    line: int
    deadline: Optional[date]
    evidence: dict[str, Any] = field(default_factory=dict)
    keep: bool = False
    #: ``check`` reports it as of the deadline day itself (that day's facts count: a weekly window ending on
    #: its Sunday, a notice due on the event day), not the day after
    same_day: bool = False
    #: no deadline (``deadline`` is None): open until done, never overdue
    undated: bool = False

    def __post_init__(self) -> None:
        if self.undated != (self.deadline is None):
            raise ValueError("an obligation has a deadline unless it is undated")


Outcome = Union[Violation, MissingData, Obligation]
CheckFn = Callable[["AccountRecord", Any, "CheckContext"], Iterable[Outcome]]


#: what a kind may read: its account's file, or the whole register
SCOPES = ("file", "register")
#: what a kind judges: each account, or (register scope only) each supervision record of the register
SUBJECTS = ("account", "supervision")


@dataclass(frozen=True)
class CheckKind:
    name: str
    params: type[Params]
    func: CheckFn
    doc: str
    scope: str = "file"
    subject: str = "account"
    #: yields only obligations, the steps of other rules (``due``); ``check`` never reports it, and its rules'
    #: examples fail by leaving steps open
    plan: bool = False


class KindTable(MutableMapping):
    """Every check kind by name (``KINDS``), its module imported the first time the kind is asked for.

    ``checks.MODULES`` says which module of ``checks/`` registers a kind: a check of one file imports only the
    families of kinds its packs' rules name, not all of them (~5 ms). Going through the table (iterating it,
    ``len``) or asking for a kind no module registers imports every module first; the kinds are then in the order
    importing them all registers them (module by module, as ``checks/`` lists them)."""

    def __init__(self) -> None:
        self._kinds: dict[str, CheckKind] = {}
        self._modules: dict[str, str] = {}  # kind -> the module that registered it
        self._complete = False

    def __getitem__(self, name: str) -> CheckKind:
        try:
            return self._kinds[name]
        except KeyError:
            if self._complete:
                raise
        from .. import checks

        checks.import_kind(name)
        if name not in self._kinds:
            self._import_all()
        return self._kinds[name]

    def __setitem__(self, name: str, kind: CheckKind) -> None:
        self._modules.setdefault(name, kind.func.__module__)
        self._kinds[name] = kind

    def __delitem__(self, name: str) -> None:
        del self._kinds[name]

    def __iter__(self) -> Iterator[str]:
        self._import_all()
        return iter(self._kinds)

    def __len__(self) -> int:
        self._import_all()
        return len(self._kinds)

    def _import_all(self) -> None:
        if self._complete:
            return
        from .. import checks

        order = {f"{checks.__name__}.{name}": index for index, name in enumerate(checks.import_all())}
        self._complete = True
        self._kinds = dict(sorted(self._kinds.items(), key=lambda item: order.get(self._modules[item[0]], len(order))))


KINDS: KindTable = KindTable()


def check_kind(name: str, params: type[Params], scope: str = "file",
               subject: str = "account", plan: bool = False) -> Callable[[CheckFn], CheckFn]:
    if scope not in SCOPES:
        raise ValueError(f"check kind {name}: scope must be one of {SCOPES}, not {scope!r}")
    if subject not in SUBJECTS or (subject == "supervision" and scope != "register"):
        raise ValueError(f"check kind {name}: subject must be one of {SUBJECTS} (supervision: register scope only)")

    def register(func: CheckFn) -> CheckFn:
        KINDS[name] = CheckKind(name, params, func, (func.__doc__ or "").strip(), scope, subject, plan)
        return func

    return register


@dataclass
class AccountRecord:
    """One loaded account file."""

    path: str
    doc: AccountFile
    #: (collection, since, until) -> the items in that window: every rule on a collection asks for them
    windows: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def account(self):
        return self.doc.account


@dataclass
class SupervisionRecord:
    """One loaded ``supervision.yaml``: the supervising office of the accounts in its folder."""

    path: str
    doc: SupervisionFile

    @property
    def office(self):
        return self.doc.office


ACTIVE_STATUSES = {Status.active, Status.offline, Status.closing}

#: how to empty what a kind of ``register`` scope keeps while one register is evaluated (an index of its accounts)
_REGISTER_CACHES: list[Callable[[], None]] = []


def register_cache(clear: Callable[[], None]) -> Callable[[], None]:
    """Declare a kind's cache of the register being evaluated: ``evaluate_across`` empties it when it is done, so
    that no module keeps a run's accounts alive to the end of the command (10,000 accounts: ~140 MB)."""
    _REGISTER_CACHES.append(clear)
    return clear


def release_register_caches() -> None:
    for clear in _REGISTER_CACHES:
        clear()


@dataclass
class CheckContext:
    """What a check may know besides the account: dates, calendar, the whole register."""

    as_of: date
    since: date
    until: date
    calendar: WorkCalendar
    register: list[AccountRecord]
    pack: "Pack"
    rule: "Rule"
    #: the register's default deadline of a rectification item without its own (``10d``, ``5wd``)
    rectification_due: Optional[str] = None

    def in_window(self, day: Optional[date]) -> bool:
        return day is not None and self.since <= day <= self.until

    def judged(self, event: Optional[date], due: Optional[date]) -> bool:
        """Whether an obligation is judged in this period: its event, or its deadline, falls in it. An event of late
        December with a deadline in January is judged in the January period (``period = "calendar-year"``): in
        December's it was still pending, so neither period would otherwise judge it."""
        return self.in_window(event) or self.in_window(due)

    def window_start(self, weeks: int = 1, anchor: date = date(2000, 1, 3)) -> date:
        """The first day of the counting window (``weeks`` ISO weeks on the grid from ``anchor``) that contains the
        period's first day: a window ending in the period is judged in it, even if it began before."""
        return self.since - timedelta(days=(self.since - anchor).days % (7 * weeks))

    def active_days(self, record: AccountRecord, until: Optional[date] = None
                    ) -> tuple[Optional[date], Optional[date], list[tuple[date, date]]]:
        """(first, last, pauses): the span of the review period in which the account was live.

        ``first`` is None when the account was not live at all in the period. Pauses
        are approved temporary offline periods and emergency shutdowns, clipped to the span.
        An offline period's ``end`` is its last offline day (the account is back the day after).
        ``until`` replaces the end of the review period (e.g. the as-of date, for idle gaps).
        """
        account = record.account
        if account.status in (Status.planned, Status.approved):
            return None, None, []
        first = max(self.since, account.opened_on) if account.opened_on else self.since
        last = until or self.until
        if account.closed_on:
            last = min(last, account.closed_on - timedelta(days=1))
        if first > last:
            return None, None, []
        pauses = []
        for period in record.doc.offline_periods:
            excused = period.kind == OfflineKind.emergency or period.approved_on is not None
            end = period.end or last
            if excused and end >= first and period.start <= last:
                pauses.append((max(period.start, first), min(end, last)))
        return first, last, sorted(pauses)


def paused(day: date, pauses: list[tuple[date, date]]) -> bool:
    return any(start <= day <= end for start, end in pauses)


# Collections a rule can address, and the date that places an item in the review period.
COLLECTIONS: dict[str, Optional[str]] = {
    "account": None,
    "filings": "event_on",
    "notices": "posted_on",
    "offline_periods": "start",
    "posts": "date",
    "messages": "received_at",
    "policy_documents": "issued_on",
    "incidents": "date",
    "rectifications": "notified_on",
}


def item_day(item: Node, collection: str) -> Optional[date]:
    attr = COLLECTIONS.get(collection)
    value = getattr(item, attr, None) if attr else None
    if value is None and collection == "filings":
        value = getattr(item, "filed_on", None)
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    return value


def items_in_window(record: AccountRecord, collection: str, ctx: CheckContext) -> tuple[Node, ...]:
    """Items of a collection that fall in the review period (undated items are kept); worked out once
    per file and period, as a tuple shared by the rules that ask."""
    if collection == "account":
        return (record.account,)
    known = (collection, ctx.since, ctx.until)
    found = record.windows.get(known)
    if found is None:
        found = record.windows[known] = tuple(
            item for item in getattr(record.doc, collection)
            if (day := item_day(item, collection)) is None or ctx.in_window(day))
    return found
