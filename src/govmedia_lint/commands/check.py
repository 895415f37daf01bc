"""``govmedia-lint check``: check a register and render its judgement in one format.

The run is the shared one (``run/plan.py`` → ``run/runner.py`` → ``policy/pipeline.py``); what is
``check``'s own is choosing the output, reusing a stored report when nothing changed, and
``--write-baseline``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Optional

from .. import ending
from ..collector import collector_off
from ..engine.evaluate import COLLECTION_TEXT
from ..engine.findings import Finding
from ..engine.packs import PackError
from ..labels import account_label
from ..policy.baseline import write_baseline
from ..policy.pipeline import EXIT_ERROR, EXIT_OK, judge
from ..render import Report, render
from ..render.terminal import color_wanted
from ..render.wrap import terminal_width
from ..run.cache import default_dir
from ..run.plan import PlanError, RunPlan, plan_run
from ..settings import Settings


@dataclass
class CheckOutcome:
    """What the command writes (to ``settings.output`` or stdout) and how it ends."""

    text: str | bytes
    exit_code: int
    provisional_years: list[int] = field(default_factory=list)
    #: lines for stderr (a cache that could not be used …)
    warnings: list[str] = field(default_factory=list)
    #: the text is a message for the terminal, not a report (``--write-baseline``)
    message_only: bool = False


def check(settings: Settings, paths: Optional[list[Path]],
          track: Callable[[int], Callable[[int], None]] | None = None) -> CheckOutcome:
    """Check the register; ``track(total)`` gives the progress callback of a run of ``total`` files.

    Only the packs the checked accounts use are read and validated (``PackSet.load(everything=False)``),
    when first used: a pack in use that is not valid is a usage error (exit 2) whenever that is found out;
    a pack no account uses is not read beyond its header (``govmedia-lint packs`` validates every pack)."""
    try:
        return _check(settings, paths, track)
    except PackError as exc:
        raise PlanError(str(exc)) from None


def _check(settings: Settings, paths: list[Path] | None,
           track: Callable[[int], Callable[[int], None]] | None) -> CheckOutcome:
    writing_baseline = settings.write_baseline is not None
    plan = plan_run(settings, paths, baseline=not writing_baseline, every_pack=False)
    fmt, no_cache = settings.format, settings.no_cache or writing_baseline
    cache_dir = settings.cache_dir or default_dir()
    load_kwargs = {"encoding": settings.encoding}
    colored = settings.output is None and fmt == "table" and color_wanted(settings.color, sys.stdout, os.environ)
    width = terminal_width()
    wants_score = fmt != "table" or settings.score
    reuse = None
    if not no_cache and not settings.history:  # the same register and command again writes the same report (not with
        # --history: the history is not in the files, so a stored report cannot know it)
        from ..run.runner import cache_run_key
        from ..run.stored_reports import ReportReuse, file_digest

        reuse = ReportReuse.open(cache_dir, (fmt, settings.statistics, str(settings.output)), {
            "settings": settings, "baseline": file_digest(settings.baseline), "color": colored, "width": width,
            "calendar": plan.options.calendar.description,
            # the supervision records are judged on every run, not cached per file: their bytes key the report
            "supervision": [(str(path), file_digest(path)) for path in plan.supervision]})
        stored = reuse.lookup(plan.files, cache_run_key(plan.packset, plan.options, load_kwargs)) if reuse else None
        if stored is not None:
            return CheckOutcome(stored.output, stored.exit_code, stored.provisional_years, list(stored.notes))
    # The run's results, the judgement and the report live to the end of the command: kept out of the
    # collector's reach (~0.2 s of an edited run of 1,000 files was collecting them, twice, for nothing).
    with collector_off(keep=True):
        run = _run(plan, load_kwargs, None if no_cache else cache_dir, track, getattr(reuse, "file_keys", None))
        if settings.history:
            run.result.findings = sorted([*run.result.findings, *_unfiled_changes(plan)], key=Finding.sort_key)
        outcome = _report(settings, plan, run, reuse, wants_score, colored, width)
    ending.keep(run)  # freed by the end of the process, not one object at a time (ending.py)
    return outcome


def _report(settings: Settings, plan: RunPlan, run, reuse, wants_score: bool, colored: bool,
            width: int) -> CheckOutcome:
    """The judgement of a finished run and what the command writes of it (stored for the next same run)."""
    writing_baseline, fmt = settings.write_baseline is not None, settings.format
    warnings = [f"警告：{run.stats.cache_refused}，本次不使用结果缓存"] if run.stats.cache_refused else []
    judgement = judge(run, plan, scores=wants_score and not writing_baseline)
    # the account sections were for the register's rules and the scores; no report reads them (10,000 accounts:
    # ~140 MB freed before the report is built)
    run.loaded = judgement.loaded = []
    result = judgement.result
    notes = stale_data(judgement.facts, plan.options.as_of, plan.stale_days)
    if writing_baseline:  # says what it wrote, and nothing else
        try:
            count = write_baseline(settings.write_baseline, result, judgement.facts, plan.options.as_of)
        except OSError as exc:
            raise PlanError(f"无法写入基线文件 {settings.write_baseline}：{exc.strerror or exc}") from None
        return CheckOutcome(f"已把 {count} 个问题记录到基线 {settings.write_baseline}\n",
                            EXIT_ERROR if result.incomplete else EXIT_OK, warnings=warnings, message_only=True)
    if settings.statistics:
        from ..render.statistics import render_statistics

        text = render_statistics(result.findings, fmt)
    else:
        text = render(report_of(plan, judgement, colored=colored, width=width), fmt)
    code = judgement.exit_code(settings.fail_on)
    if reuse is not None:
        from ..run.stored_reports import StoredReport

        reuse.store(run.run_key, run.file_keys, StoredReport(text, code, result.provisional_years, notes))
    return CheckOutcome(text, code, result.provisional_years, warnings + notes)


#: at most this many accounts are named in the stale-data note; the rest are counted
STALE_SHOWN = 10


def stale_data(facts: dict, as_of: date, days: int) -> list[str]:
    """One note naming the accounts whose imported posts or messages end more than ``days`` before ``as_of``."""
    if days <= 0:
        return []
    old = []
    for file in sorted(facts):
        fact = facts[file]
        ends = [(name, through) for name, through in sorted(fact.coverage.items()) if (as_of - through).days > days]
        if ends:
            text = "、".join(f"{COLLECTION_TEXT.get(name, name)}截至 {through}" for name, through in ends)
            old.append(f"{account_label(fact.account, fact.platform)} {text}")
    if not old:
        return []
    shown = "；".join(old[:STALE_SHOWN]) + (f"；另有 {len(old) - STALE_SHOWN} 个账号" if len(old) > STALE_SHOWN else "")
    return [f"提示：{len(old)} 个账号导入的数据早于检查日 {days} 天以上，之后的情况按“缺少数据”报告，请重新导入：{shown}"]


def _unfiled_changes(plan: RunPlan) -> list[Finding]:
    """``--history``: the changes in the register's git history no filing records (``commands/history.py``)."""
    from ..loading import load_account_file
    from ..run.gitsnapshot import SnapshotError
    from .history import history_findings

    documents = {}
    for path in plan.files:
        loaded = load_account_file(path, plan.settings.encoding)
        if loaded.document is not None:  # a file that does not load is reported by the run itself
            documents[path] = (loaded.path, loaded.document)
    try:
        return history_findings(plan.files, documents, plan.packset, plan.options)
    except (SnapshotError, PackError) as exc:
        raise PlanError(f"--history：{exc}") from None


def _run(plan: RunPlan, load_kwargs: dict, cache_dir: Optional[Path], track, known_keys: Optional[list] = None):
    from ..run.runner import check_files

    advance = track(len(plan.files)) if track else None
    try:
        return check_files(plan.files, plan.packset, plan.options, jobs=plan.settings.jobs, load_kwargs=load_kwargs,
                           cache_dir=cache_dir, progress=advance, known_keys=known_keys, supervision=plan.supervision,
                           fingerprints=plan.settings.format == "sarif" or plan.baseline is not None)
    finally:
        close = getattr(advance, "close", None)
        if close:
            close()


def report_of(plan: RunPlan, judgement, *, colored: bool = False, width: int = 120) -> Report:
    """The ``Report`` every format renders, from the judgement (scores included)."""
    settings, options = plan.settings, plan.options
    return Report(judgement.result, options.as_of, options.since, options.until, options.calendar.description,
                  color=colored, facts=judgement.facts, mask=not settings.no_mask, packset=plan.packset,
                  fail_on=settings.fail_on, width=width, quiet=settings.quiet, title=settings.title,
                  scores=judgement.scores, nothing_to_mask=judgement.nothing_to_mask,
                  fingerprints=judgement.fingerprints)
