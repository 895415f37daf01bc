"""The plan of one run: everything a command checks with, validated before any account file is read.

``plan_run`` turns the frozen settings into dates (as-of date, review period), the working-day calendar,
the packs, the resolved ``--select``/``--ignore`` codes, the acknowledged packs, the baseline and the files
to check. ``check``, ``score``, ``due``, ``report`` and ``import``'s follow-up check all build their run
this way, so the same settings always mean the same run.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Optional

from ..engine.evaluate import TOOL_RULES, RunOptions
from ..engine.packs import PackError, PackSet
from ..loading import discover_register
from ..model import SHANGHAI
from ..policy.baseline import BaselineError, load_baseline
from ..policy.expired_packs import acknowledged_packs
from ..settings import ConfigError, Settings, period_bounds
from ..workdays import CalendarFileError, load_calendar
from .selectors import UnknownSelector, resolve_selectors


def _history_codes(packset, settings: Settings) -> list[str]:
    """With ``--history``, the codes of the packs' history clauses (``commands/history.py``): selectable too."""
    if not getattr(settings, "history", False):
        return []
    from ..commands.history import all_history_rules

    try:
        return [rule.code for rule in all_history_rules(packset)]
    except PackError as exc:
        raise PlanError(str(exc)) from None


#: dates the options accept: a review period and working-day deadlines are computed around them
DATE_RANGE = (date(1990, 1, 1), date(2199, 12, 31))


class PlanError(Exception):
    """A run that cannot start (bad date, calendar, pack, path, baseline …): a usage error, exit 2."""


@dataclass(frozen=True)
class RunPlan:
    settings: Settings
    packset: PackSet
    options: RunOptions
    roots: list[Path]
    files: list[Path]
    #: pack id -> reference of the document acknowledging that the pack has expired
    acknowledged: dict[str, str]
    #: fingerprint -> times recorded, from the baseline file (None: no baseline)
    baseline: Optional[Counter] = None
    #: accounts whose imported data ends more than this many days before the as-of date are named (0: never)
    stale_days: int = 30
    #: the register's supervision records (``supervision.yaml``) under the roots
    supervision: tuple[Path, ...] = ()

    @property
    def all_rules(self) -> bool:
        """Every rule is evaluated (no --select/--ignore): what a score needs."""
        return not (self.options.select or self.options.ignore)


def check_date(day: Optional[date], option: str) -> Optional[date]:
    if day is not None and not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        raise PlanError(f"{option} 应在 {DATE_RANGE[0]} 至 {DATE_RANGE[1]} 之间，实际为 {day}")
    return day


def load_packs(pack_dirs: list[Path], everything: bool = True) -> PackSet:
    try:
        return PackSet.load(pack_dirs or [], everything=everything)
    except PackError as exc:
        raise PlanError(str(exc)) from None


def plan_run(settings: Settings, paths: Optional[list[Path]], *, all_rules: bool = False, baseline: bool = True,
             find_files: bool = True, default_since: Optional[date] = None, every_pack: bool = True) -> RunPlan:
    """Validate what a run needs, in the order a user fixes it: dates, calendar, packs, codes, paths, baseline.

    ``all_rules``: ignore --select/--ignore (a score or an obligation needs every rule). ``baseline``: load
    the baseline file the settings name. ``default_since``: the period's start when --since is not given
    (``report``: the first of January), instead of the configured ``period``. ``every_pack``: validate every
    pack now (else each when first used: ``check``, which makes a ``PackError`` of a pack in use a usage error)."""
    as_of = check_date(settings.as_of, "--as-of" if settings.origins.get("as_of") == "命令行"
                       else f"{settings.config_file}: as-of") or datetime.now(SHANGHAI).date()
    try:
        period_since, period_until = period_bounds(as_of, settings.period)
    except ConfigError as exc:
        raise PlanError(str(exc)) from None
    since = check_date(settings.since, "--since") or default_since or period_since
    until = min(check_date(settings.until, "--until") or period_until, as_of)
    if since > until:
        raise PlanError(f"审查期起始日 {since} 晚于结束日 {until}")
    try:
        calendar = load_calendar(settings.calendar, strict=settings.strict_calendar)
    except (CalendarFileError, OSError) as exc:
        raise PlanError(str(exc)) from None
    packset = load_packs(settings.pack_dirs, every_pack)
    select, ignore = ([], []) if all_rules else (settings.select, settings.ignore)
    try:
        for pack_id in settings.packs:
            if packset.get(pack_id) is None:
                raise PlanError(f"未知的规则包 {pack_id!r}；可用：{', '.join(packset.packs)}")
        known = [*TOOL_RULES, *_history_codes(packset, settings)]
        # no --select/--ignore: no rule to look up, so no pack is read for it
        select = resolve_selectors(select, packset, known, "--select/select") if select else []
        ignore = resolve_selectors(ignore, packset, known, "--ignore/ignore") if ignore else []
        acknowledged = acknowledged_packs(settings.acknowledged, packset, settings.config_file)
    except (UnknownSelector, ConfigError, PackError) as exc:
        raise PlanError(str(exc)) from None
    roots = list(paths or [Path(".")])
    for root in roots:
        if not root.exists():
            raise PlanError(f"路径不存在：{root}")
    try:
        "".encode(settings.encoding)
    except LookupError:
        raise PlanError(f"未知的编码 {settings.encoding!r}") from None
    known = None
    if baseline and settings.baseline is not None:
        try:
            known = load_baseline(settings.baseline)
        except BaselineError as exc:
            raise PlanError(str(exc)) from None
    stale_days = stale_after(settings)
    due = settings.rectification_due
    if due is not None:
        from ..checks.rectification import parse_within

        try:
            parse_within(due)
        except ValueError as exc:
            raise PlanError(f"{settings.config_file}: rectification-due {exc}") from None
    options = RunOptions(as_of, since, until, calendar, packs=[packset.get(p).id for p in settings.packs],
                         select=select, ignore=ignore, rectification_due=due)
    supervision, files = (), []
    if find_files:
        files, found = discover_register(roots, settings.exclude)
        supervision = tuple(found)
        _some_files(roots, files, supervision)
    return RunPlan(settings, packset, options, roots, files, acknowledged, known, stale_days, supervision)


_STALE = re.compile(r"^(0|[1-9][0-9]{0,4})d?$")


def stale_after(settings: Settings) -> int:
    """``stale-after`` in days: ``30d`` or ``30`` (0: never say)."""
    value = str(getattr(settings, "stale_after", "30d") or "30d").strip()
    match = _STALE.match(value)
    if not match:
        where = "--stale-after" if settings.origins.get("stale_after") == "命令行" else f"{settings.config_file}: stale-after"
        raise PlanError(f"{where} 应为天数，如 30d，实际为 {value!r}")
    return int(match[1])


def _some_files(roots: list[Path], files: list[Path], supervision: tuple[Path, ...]) -> None:
    """No account file at all (nor a supervision record) is a usage error: a CI job that checks nothing must not
    pass."""
    if not files and not supervision:
        where = "、".join(str(r) for r in roots)
        raise PlanError(f"{where} 中没有找到账号文件（*.yaml、*.yml；不查找隐藏目录和 exclude 中的路径），未检查任何文件")


def with_period(plan: RunPlan, as_of: date, since: date, until: date) -> RunPlan:
    """The same run over another period (``report --compare``: the previous period)."""
    return replace(plan, options=replace(plan.options, as_of=as_of, since=since, until=until))
