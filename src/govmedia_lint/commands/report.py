"""``govmedia-lint report``: the periodic 通报 (per-unit ranking, problems by rule and by unit, scores) and its trend.

A period's figures are a ``check`` of the register over the period, as of its last day (today while it runs),
with the packs' scores (南通 附件2/附件3). ``--compare`` puts the previous period's figures beside them,
from a JSON file (this command's ``--format json``, or ``check --format json``) or from the register's own git
history: the files as they were at the end of the previous period, read with ``git ls-tree``/``git cat-file``
into a temporary folder (gitsnapshot.py), never touching the working tree.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Optional

from dateutil.relativedelta import relativedelta

from ..engine.evaluate import RunOptions
from ..engine.packs import PackSet
from ..loading import discover_register
from ..model import SHANGHAI
from ..policy.pipeline import Judgement, judge
from ..render.rules import clause
from ..run.plan import PlanError, RunPlan, check_date, plan_run, with_period
from ..safeio import read_bytes_limited
from ..settings import Settings

_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})[Hh]([12])$")
QUARTER_NAMES = "一二三四"
#: a previous result read for --compare is at most this large
COMPARE_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Period:
    since: date
    until: date
    label: str
    #: quarter, half, month, year or span: the previous period is the one of the same kind just before
    kind: str = "span"

    def previous(self) -> "Period":
        if self.kind == "quarter":
            start = self.since - relativedelta(months=3)
            return period_of(f"{start.year}Q{(start.month - 1) // 3 + 1}")
        if self.kind == "half":
            start = self.since - relativedelta(months=6)
            return period_of(f"{start.year}H{1 if start.month == 1 else 2}")
        if self.kind == "month":
            start = self.since - relativedelta(months=1)
            return period_of(f"{start.year}-{start.month:02d}")
        if self.kind == "year":
            return period_of(str(self.since.year - 1))
        length = self.until - self.since
        until = self.since - timedelta(days=1)
        return Period(until - length, until, f"{until - length} 至 {until}")


def period_of(text: str) -> Period:
    """``2026Q3``, ``2026H1``, ``2026-07`` or ``2026``."""
    text = text.strip()
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        since = date(year, 3 * quarter - 2, 1)
        return Period(since, since + relativedelta(months=3) - timedelta(days=1),
                      f"{year}年第{QUARTER_NAMES[quarter - 1]}季度", "quarter")
    if match := _HALF.match(text):
        year, half = int(match[1]), int(match[2])
        since = date(year, 1 if half == 1 else 7, 1)
        return Period(since, since + relativedelta(months=6) - timedelta(days=1),
                      f"{year}年{'上' if half == 1 else '下'}半年", "half")
    if (match := _MONTH.match(text)) and 1 <= int(match[2]) <= 12:
        since = date(int(match[1]), int(match[2]), 1)
        return Period(since, since + relativedelta(months=1) - timedelta(days=1),
                      f"{since.year}年{since.month}月", "month")
    if match := _YEAR.match(text):
        year = int(match[1])
        return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年", "year")
    raise ValueError(f"--period 应为 2026Q3（季度）、2026H1（半年）、2026-07（月）或 2026（年），实际为 {text!r}")


def as_of_for(period: Period, today: Optional[date] = None) -> date:
    """A period is checked as of its last day; one still running, as of today."""
    today = today or datetime.now(SHANGHAI).date()
    return min(period.until, today)


@dataclass
class Figures:
    """What a 通报 says about one period."""

    since: str
    until: str
    as_of: str
    label: str
    #: where the register came from: "工作区" or "git <commit>（<date>）" or "文件 <path>"
    source: str
    accounts: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _problems(row: dict) -> int:
    return row["error"] + row["warning"]


def is_problem(pack: Optional[str], severity: str, evidence: Any) -> bool:
    """A rule's violation, or a file that could not be checked (not a tool notice, not missing data)."""
    return (pack is not None or severity == "error") and not (isinstance(evidence, dict) and "missing" in evidence)


def _unit_standing(unit: dict) -> tuple:
    scored = unit["score"] is not None
    return (not scored, -(unit["score"] or 0), unit["error"], _problems(unit), unit["unit"])


def figures(run: Judgement, packset: PackSet, options: RunOptions, period: Period, source: str) -> Figures:
    """Accounts, units (ranked within each jurisdiction) and rules of a judged run (``policy/pipeline.py``:
    severity overrides, waivers and scores as ``check`` has them)."""
    result = run.result
    scores = {s.file: s for s in run.scores if s.level == "account"}
    # A unit's problems are its rules' violations and files that could not be checked; the tool's notices
    # (facts dated after the period, an expired pack, waivers) are not, and missing data is counted apart.
    missing = [f for f in result.findings if f.pack is not None and "missing" in f.evidence]
    counted = [f for f in result.findings if is_problem(f.pack, f.severity, f.evidence)]
    per_file: dict[str, Counter] = defaultdict(Counter)
    for finding in counted:
        per_file[finding.file][finding.severity] += 1
    accounts = []
    for file, facts in sorted(run.facts.items()):
        pack = options.packs[0] if options.packs else None
        chosen = packset.get(pack) if pack else packset.for_jurisdiction(facts.jurisdiction)
        score = scores.get(file)
        accounts.append({
            "file": file, "account": facts.account, "unit": facts.host_unit,
            "jurisdiction": chosen.meta.name if chosen else facts.jurisdiction, "status": facts.status,
            "error": per_file[file]["error"], "warning": per_file[file]["warning"], "info": per_file[file]["info"],
            "score": None if score is None else score.score, "scored": score is not None,
            "passed": None if score is None else score.passed, "vetoed": bool(score and score.vetoes),
            "verdict": None if score is None else score.verdict,
            "pending": bool(score and score.pending),  # 待核实: a veto item's facts are missing
            "reasons": score.main_reasons() if score else "",
        })
    # 整改: the items past their deadline and still open, and those put right after it (each item once)
    rectification = {code for code in {f.rule for f in counted} if _is_rectification(packset.find_rule(code))}
    overdue: dict[str, set] = defaultdict(set)
    late: dict[str, set] = defaultdict(set)
    for finding in counted:
        if finding.rule in rectification:
            (late if "late" in finding.evidence else overdue)[finding.file].add(finding.line)
    for row in accounts:
        row["rectification_overdue"] = len(overdue[row["file"]])
        row["rectification_late"] = len(late[row["file"]])
    unreadable = {f.file for f in result.findings if f.rule == "GML-INPUT"} - set(run.facts)
    units: dict[tuple[str, str], dict[str, Any]] = {}
    for row in accounts:
        unit = units.setdefault((row["jurisdiction"], row["unit"]), {
            "jurisdiction": row["jurisdiction"], "unit": row["unit"], "accounts": 0, "error": 0, "warning": 0,
            "info": 0, "with_problems": 0, "scores": [], "vetoed": 0, "failed": 0, "rectification_overdue": 0,
            "rectification_late": 0})
        unit["accounts"] += 1
        for key in ("error", "warning", "info", "rectification_overdue", "rectification_late"):
            unit[key] += row[key]
        unit["with_problems"] += 1 if _problems(row) else 0
        if row["scored"]:
            unit["scores"].append(0 if row["vetoed"] else row["score"])
            unit["vetoed"] += row["vetoed"]
            unit["failed"] += 0 if row["passed"] or row["pending"] else 1
    ranked_units = []
    for jurisdiction in sorted({key[0] for key in units}):
        group = [u for key, u in units.items() if key[0] == jurisdiction]
        for unit in group:
            scores_of = unit.pop("scores")
            unit["score"] = round(sum(scores_of) / len(scores_of), 1) if scores_of else None
            unit["problems"] = _problems(unit)
        group.sort(key=_unit_standing)
        for index, unit in enumerate(group):
            unit["rank"] = 1 + sum(1 for other in group[:index] if _unit_standing(other)[:4] < _unit_standing(unit)[:4])
        ranked_units.extend(group)
    by_rule: dict[str, dict[str, Any]] = {}
    for finding in counted:
        row = by_rule.setdefault(finding.rule, {"rule": finding.rule, "name": finding.name, "title": "",
                                                "severity": finding.severity, "clause": clause(finding.source),
                                                "count": 0, "accounts": set(), "units": Counter()})
        row["count"] += 1
        row["accounts"].add(finding.file)
        facts = run.facts.get(finding.file)
        row["units"][facts.host_unit if facts else (finding.account or finding.file)] += 1  # an office: its name
    rules = []
    for code, row in by_rule.items():
        rule = packset.find_rule(code)
        rules.append({**row, "title": rule.title if rule else row["name"], "accounts": len(row["accounts"]),
                      "units": dict(row["units"].most_common())})
    rules.sort(key=lambda r: (-r["count"], r["rule"]))
    totals = {"accounts": len(accounts), "unreadable": len(unreadable),
              "with_problems": sum(1 for a in accounts if _problems(a)),
              "error": sum(a["error"] for a in accounts), "warning": sum(a["warning"] for a in accounts),
              "info": sum(a["info"] for a in accounts), "scored": sum(a["scored"] for a in accounts),
              "failed": sum(1 for a in accounts if a["scored"] and not a["passed"] and not a["pending"]),
              "pending": sum(1 for a in accounts if a["pending"]),
              "vetoed": sum(a["vetoed"] for a in accounts), "missing_data": len(missing),
              "rectification_overdue": sum(a["rectification_overdue"] for a in accounts),
              "rectification_late": sum(a["rectification_late"] for a in accounts)}
    totals["problems"] = totals["error"] + totals["warning"]
    return Figures(period.since.isoformat(), period.until.isoformat(), options.as_of.isoformat(), period.label, source,
                   accounts, ranked_units, rules, totals, not result.incomplete)


def _is_rectification(rule) -> bool:
    """A rule on rectification items: ``rectified_by``, or a deadline on ``rectifications``."""
    return rule is not None and (rule.kind == "rectified_by" or getattr(rule.params, "collection", None) == "rectifications")


def check_period(plan: RunPlan, period: Period, source: str) -> Figures:
    """Check the plan's files over the period, judge them as ``check`` does, and compute the figures."""
    from ..run.runner import check_files

    run = check_files(plan.files, plan.packset, plan.options, load_kwargs={"encoding": plan.settings.encoding},
                      supervision=plan.supervision)
    return figures(judge(run, plan), plan.packset, plan.options, period, source)


# --- comparison ---------------------------------------------------------------------------------------------------

TRENDS = {"improved": "↓ 好转", "worse": "↑ 变差", "new": "✚ 新增", "fixed": "✔ 已整改", "same": "＝ 持平"}


def trend(before: Optional[int], now: int) -> str:
    """How a problem count moved: fewer is better."""
    before = before or 0
    if before == 0 and now > 0:
        return "new"
    if before > 0 and now == 0:
        return "fixed"
    return "improved" if now < before else "worse" if now > before else "same"


def compare(now: Figures, before: Figures) -> dict[str, Any]:
    """Per unit and per rule: the previous figure, the change and its trend."""
    units_before = {(u["jurisdiction"], u["unit"]): u for u in before.units}
    units = {}
    for unit in now.units:
        old = units_before.get((unit["jurisdiction"], unit["unit"])) or next(
            (u for u in before.units if u["unit"] == unit["unit"]), None)
        units[f"{unit['jurisdiction']}/{unit['unit']}"] = {
            "problems_before": old["problems"] if old else None, "score_before": old["score"] if old else None,
            "rank_before": old["rank"] if old else None,
            "trend": trend(old["problems"] if old else None, unit["problems"]) if old else "new-unit"}
    rules_before = {r["rule"]: r for r in before.rules}
    rules = {r["rule"]: {"count_before": rules_before.get(r["rule"], {}).get("count", 0),
                         "trend": trend(rules_before.get(r["rule"], {}).get("count"), r["count"])} for r in now.rules}
    fixed = [{"rule": code, "title": r["title"], "count_before": r["count"]} for code, r in rules_before.items()
             if code not in rules]
    return {"label": before.label, "since": before.since, "until": before.until, "source": before.source,
            "totals_before": before.totals, "units": units, "rules": rules, "fixed_rules": fixed}


def figures_from_json(path: Path, now: Figures) -> Figures:
    """A previous result: this command's JSON, or ``check --format json`` (units taken from the current accounts'
    files)."""
    try:
        data = json.loads(read_bytes_limited(path, COMPARE_LIMIT).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"无法读取对比文件 {path}：{getattr(exc, 'strerror', None) or exc}") from None
    if isinstance(data, dict) and isinstance(data.get("figures"), dict):
        try:
            known = {k: v for k, v in data["figures"].items() if k in Figures.__dataclass_fields__}
            return Figures(**{**known, "source": f"文件 {path}"})
        except TypeError as exc:
            raise ValueError(f"对比文件 {path} 不是 govmedia-lint report 的 JSON：{exc}") from None
    if isinstance(data, dict) and isinstance(data.get("findings"), list) and isinstance(data.get("period"), dict):
        return _figures_from_check(data, now, path)
    raise ValueError(f"对比文件 {path} 既不是 govmedia-lint report --format json 也不是 check --format json 的结果")


def _figures_from_check(data: dict, now: Figures, path: Path) -> Figures:
    unit_of = {a["file"]: (a["jurisdiction"], a["unit"]) for a in now.accounts}
    units: dict[tuple, dict] = {}
    rules: dict[str, dict] = {}
    for finding in data["findings"]:
        if not isinstance(finding, dict) or finding.get("severity") not in ("error", "warning", "info"):
            raise ValueError(f"对比文件 {path} 的 findings 格式不对")
        if not is_problem(finding.get("pack"), finding["severity"], finding.get("evidence")):
            continue
        key = unit_of.get(finding.get("file"), ("", str(finding.get("file"))))
        unit = units.setdefault(key, {"jurisdiction": key[0], "unit": key[1], "error": 0, "warning": 0, "info": 0,
                                      "score": None, "rank": None})
        unit[finding["severity"]] += 1
        rule = rules.setdefault(str(finding.get("rule")), {"rule": str(finding.get("rule")),
                                                          "title": str(finding.get("name")), "count": 0})
        rule["count"] += 1
    for unit in units.values():
        unit["problems"] = _problems(unit)
    period = data["period"]
    totals = Counter()
    for unit in units.values():
        for key in ("error", "warning", "info", "problems"):
            totals[key] += unit[key]
    return Figures(str(period.get("since")), str(period.get("until")), str(data.get("as_of")),
                   f"{period.get('since')} 至 {period.get('until')}", f"文件 {path}", [], list(units.values()),
                   list(rules.values()), dict(totals))


def previous_from_git(plan: RunPlan, period: Period) -> Figures:
    """The previous period's figures from the register as committed at its end (gitsnapshot.py), or, in the quarter
    the register was first committed, as first committed: what ``report`` run on that commit says of that period."""
    from ..run.gitsnapshot import snapshot

    as_of = as_of_for(period, plan.options.as_of)
    # the quarter the register was adopted in has no commit at the previous period's end: the earliest one stands in
    with snapshot(plan.roots, period.until, or_earliest=True) as (roots, commit, when):
        files, found = discover_register(roots, plan.settings.exclude)
        supervision = tuple(found)  # as committed, too
        before = replace(with_period(plan, as_of, period.since, as_of), roots=roots, files=files,
                         supervision=supervision)
        return check_period(before, period, f"git {commit[:10]}（{when}）")


def report_dict(now: Figures, compared: Optional[dict], title: str) -> dict[str, Any]:
    from .. import __version__

    return {"tool": {"name": "govmedia-lint", "version": __version__}, "title": title, "figures": now.to_dict(),
            "compare": compared}


def default_title(period: Period) -> str:
    return f"政务新媒体检查情况通报（{period.label}）"


# --- the command --------------------------------------------------------------------------------------------------

FORMATS = ("table", "html", "xlsx", "json")
BINARY = {"xlsx"}


def render(fmt: str, now: Figures, compared: Optional[dict], title: str) -> str | bytes:
    from ..render import period as view

    if fmt == "json":
        return json.dumps(report_dict(now, compared, title), ensure_ascii=False, indent=2, default=str) + "\n"
    return {"html": view.render_html, "xlsx": view.render_xlsx, "table": view.render_table}[fmt](now, compared, title)


def today_of(settings: Settings) -> date:
    """"Today" for ``report``: the configured or given as-of date (a demonstration or a scheduled job fixes it),
    else today in Beijing."""
    return check_date(settings.as_of, "--as-of" if settings.origins.get("as_of") == "命令行"
                      else f"{settings.config_file}: as-of") or datetime.now(SHANGHAI).date()


def plan_period(settings: Settings, paths: Optional[list[Path]]) -> tuple[RunPlan, Period]:
    """The run of a period: ``--period`` (checked as of its last day, or the as-of date while it runs), or
    ``--since``/``--until`` (default: from the first of January to the as-of date). The as-of date is today unless
    configured (``as-of``) or given (``--as-of``)."""
    if settings.report_period and (settings.since or settings.until):
        raise PlanError("--period 与 --since/--until 只能用一种")
    today = today_of(settings)
    if settings.report_period is None:
        until = settings.until or today
        plan = plan_run(settings.given(as_of=until, until=until), paths, all_rules=True, baseline=False,
                        default_since=date(until.year, 1, 1))
        since, until = plan.options.since, plan.options.until
        return plan, Period(since, until, f"{since} 至 {until}")
    try:
        chosen = period_of(settings.report_period)
    except ValueError as exc:
        raise PlanError(str(exc)) from None
    as_of = as_of_for(chosen, today)
    if as_of < chosen.since:
        raise PlanError(f"{chosen.label} 尚未开始")
    plan = plan_run(settings.given(as_of=as_of, since=chosen.since, until=as_of), paths, all_rules=True,
                    baseline=False)
    return plan, chosen


def period_report(settings: Settings, paths: Optional[list[Path]]) -> tuple[str | bytes, bool]:
    """The rendered 通报 and whether every file could be checked."""
    plan, chosen = plan_period(settings, paths)
    now = check_period(plan, chosen, "工作区")
    compared = None
    if settings.compare:
        from ..run.gitsnapshot import SnapshotError

        try:
            before = (previous_from_git(plan, chosen.previous()) if settings.compare == "git"
                      else figures_from_json(Path(settings.compare), now))
        except (SnapshotError, ValueError) as exc:
            raise PlanError(str(exc)) from None
        compared = compare(now, before)
    return render(settings.format, now, compared, settings.title or default_title(chosen)), now.complete
