"""Checking a whole register: files in parallel on every core, results cached per file.

``check_files`` gives the same ``RunResult`` as ``evaluate_register`` over all
the files loaded at once, with bounded memory, in two phases:

1. Every file is loaded and checked on its own, in worker processes (``--jobs``),
   by ``evaluate_register`` on that one file. A worker returns only the file's
   findings, the rule codes it evaluated, its account section and the small
   report facts (``report.facts``), never the document; the next file's load
   starts with nothing of the previous one alive. The result is stored in the
   cache (``cache.py``) under a key of the file's bytes and the run's packs,
   calendar, options and tool, so an unchanged file is never parsed again.
2. The rules whose kind has ``register`` scope (declared when the kind is
   registered: one account per unit and platform, consistent names) cannot be
   decided file by file: phase 1 leaves them out, and they are evaluated on
   the account sections of all files, on every run (cached or not): here, or,
   when the files were checked by workers, in one of them (``_across``), so that
   the account sections (~14 KB each as objects) are never held in this process
   beside the findings kept for the report; scoring gets what it reads of them
   (``AccountSummary``).

The runner only schedules: what is evaluated, and how a failing kind becomes
GML-INTERNAL, is ``engine.evaluate`` (``evaluate_files`` / ``evaluate_across``),
the same code ``evaluate_register`` runs in one process.

Workers are forked before anything large is loaded (the field notes: a pool of
2 forked processes doubles YAML throughput; held documents slow loading down).
Output is identical whatever ``jobs`` is: results are put back in file order
and findings sorted as ``evaluate_register`` sorts them.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import pickle
import signal
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..engine.evaluate import (RunOptions, RunResult, evaluate_across, evaluate_files, evaluate_supervision, finish,
                               packs_for)
from ..engine.findings import Due, Finding
from ..engine.kinds import AccountRecord
from ..engine.packs import PackSet
from ..loading import LoadResult, SupervisionLoad, display_path, load_account_file, load_supervision_file, \
    read_account_bytes
from ..model import Account
from . import datacodec
from ..collector import collector_off
from .cache import Cache, CacheRefused, account_key_bytes, file_key, open_cache, run_key
from .facts import AccountFacts, WaiverFact, collect, idle_limit
from .identity import fingerprint
from .masking import mask_finding

#: below this many bytes of files to parse, forking workers costs more than it saves
PARALLEL_MIN_BYTES = 2 * 1024 * 1024

#: collections whose items are too many to keep in the report facts of every file: only the items
#: that findings point at are kept (``AccountFacts.item_at`` gives the same answer for those lines)
_BULK_ITEMS = ("posts[", "messages[")


@dataclass
class FileOutcome:
    """What checking one file leaves behind: small, picklable, cached."""

    path: str
    #: findings of every rule of ``file`` scope, and the tool's own (input, jurisdiction …)
    findings: list[Finding]
    #: rule codes evaluated on the file (None when it could not be loaded)
    evaluated: list[str] | None
    incomplete: bool
    #: the ``account:`` section, for the register kinds and for scoring (None when unreadable)
    account: Any = None
    #: report.facts.AccountFacts (None when unreadable)
    facts: Any = None
    #: years whose working days were provisional while checking the file
    provisional_years: list[int] = field(default_factory=list)
    #: indexes of the findings whose texts masking changes (a phone number): the others need no masking,
    #: found out here, in the workers, once, instead of in the report of every run
    maskable: list[int] = field(default_factory=list)
    #: open obligations (``due``), collected only when asked for (never cached)
    obligations: list = field(default_factory=list)
    #: each finding's fingerprint (``run.identity``), in the order of ``findings``: SARIF and the baseline read
    #: them, and an edited run hashes only the edited file's findings
    fingerprints: list[str] = field(default_factory=list)


for _cls in (FileOutcome, Finding, AccountFacts, WaiverFact):  # what a cache entry may hold
    datacodec.register(_cls)


@dataclass(frozen=True)
class AccountOnly:
    """A document reduced to its account section: all that the register kinds and scoring read."""

    account: Account


@dataclass
class RunStats:
    files: int = 0
    cache_hits: int = 0
    parsed: int = 0
    jobs: int = 1
    seconds: float = 0.0
    #: why the cache directory was not used (say it once), None when it was or none was asked for
    cache_refused: str | None = None


@dataclass
class Run:
    result: RunResult
    #: file -> report.facts.AccountFacts, for the report formats, waivers and the baseline
    facts: dict[str, Any]
    #: one LoadResult per checked account: its path and a document holding only the account
    #: section, or its ``AccountSummary`` when workers checked the files (what ``scoring.scores_for_run``
    #: reads); documents are never kept whole
    loaded: list[LoadResult]
    stats: RunStats = field(default_factory=RunStats)
    #: the cache key of every file, in file order, as the worker hashed the bytes it checked (None: no cache,
    #: or a file that could not be read); with ``run_key``, what a whole report is cached under (``cli.check``)
    file_keys: list[str | None] = field(default_factory=list)
    run_key: str | None = None
    #: id -> finding, for the findings the workers found nothing to mask in (``Report.nothing_to_mask``)
    nothing_to_mask: dict[int, Finding] = field(default_factory=dict)
    #: the register's supervision records (``supervision.yaml``) as loaded, for the annual score
    supervision: list[SupervisionLoad] = field(default_factory=list)
    #: id -> (finding, fingerprint) of the findings the workers found (``run.identity.known_fingerprint``)
    fingerprints: dict[int, tuple[Finding, str]] = field(default_factory=dict)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _can_fork() -> bool:
    import multiprocessing  # only where a pool may start: a one-file check never imports it

    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class _State:
    packset: PackSet
    options: RunOptions
    load_kwargs: dict
    cache: Cache | None = None
    run_key: str | None = None
    obligations: bool = False
    #: each file's cache key as the stored-report lookup just computed it (same order as the files), if any
    known_keys: list | None = None
    #: the register's supervision.yaml files: judged in phase 2, in this process, on every run
    supervision: list = field(default_factory=list)
    #: a worker process of the pool: the account section is sent to the parent as the bytes of its pickle
    #: (``_packed``)
    worker: bool = False


_STATE: _State | None = None


def _init_worker(state: _State) -> None:
    global _STATE
    _STATE = dataclasses.replace(state, worker=True)
    # Ctrl-C reaches every process of the group: the parent alone stops the run (one "已中断", no traceback per
    # worker); SIGTERM (the pool's terminate) ends a worker at once instead of running the parent's handler
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.freeze()  # what the parent had loaded is never garbage: do not scan it on every collection
    gc.enable()  # forked while the parent's collector was off (check_files)


def options_key(options: RunOptions, load_kwargs: dict) -> dict[str, Any]:
    """Every run option that can change a file's findings (new RunOptions fields are included)."""
    data = {f.name: getattr(options, f.name) for f in fields(options) if f.name != "calendar"}
    data.update({f"load-{k}": v for k, v in sorted(load_kwargs.items())})
    return data


def calendar_key(calendar: Any) -> Any:
    """User and shipped calendar years, strictness and the lunar library's version (``WorkCalendar.cache_key``)."""
    return calendar.cache_key()


def _prune_facts(facts: Any, findings: list[Finding]) -> Any:
    """Drop the identities of posts and messages no finding points at (they are most of a file)."""
    items = getattr(facts, "items", None)
    if not items:
        return facts
    wanted = set()
    for finding in findings:
        index = bisect_right(items, (finding.line, "\uffff")) - 1
        if index >= 0:
            wanted.add(index)
    facts.items = [item for index, item in enumerate(items) if index in wanted or not item[1].startswith(_BULK_ITEMS)]
    return facts


def _collect_facts(result: LoadResult, findings: list[Finding], state: "_State") -> Any:
    facts = collect(result.path, result.document)
    facts.idle_max_days, facts.idle_rule = idle_limit(result.document.account,
                                                      packs_for(result.document.account, state.packset, state.options))
    return _prune_facts(facts, findings)


def cache_run_key(packset: PackSet, options: RunOptions, load_kwargs: dict) -> str:
    """The part of every file's cache key that is the run's: packs, calendar, options, tool."""
    return run_key(packs=packset.files, calendar=calendar_key(options.calendar),
                   options=options_key(options, load_kwargs))


def check_one(result: LoadResult, state: _State) -> FileOutcome:
    """Phase 1 for one loaded file: every rule of ``file`` scope."""
    with state.options.calendar.recording() as years:
        run, _ = evaluate_files([result], state.packset, state.options)
    findings = finish(run.findings, state.options)
    provisional = sorted(years)
    maskable = [index for index, finding in enumerate(findings) if mask_finding(finding) is not finding]
    if result.document is None:
        return FileOutcome(result.path, findings, None, run.incomplete, provisional_years=provisional,
                           maskable=maskable)
    facts = _collect_facts(result, findings, state)
    as_of = state.options.as_of
    return FileOutcome(result.path, findings, run.evaluated.get(result.path, []), run.incomplete,
                       result.document.account, facts, provisional, maskable,
                       run.obligations if state.obligations else [],
                       [fingerprint(finding, facts, as_of) for finding in findings])


def _cached(task: tuple[int, str]) -> tuple[int, FileOutcome, bool, str] | None:
    """``_process``'s answer for a file whose cache entry is valid; None when it must be checked."""
    index, name = task
    state = _STATE
    assert state is not None and state.cache is not None
    path = Path(name)
    key = state.known_keys[index] if state.known_keys else None
    if key is None:
        try:
            content = read_account_bytes(path)
        except OSError:
            return None  # checked: the loader reports it
        key = file_key(state.run_key or "", display_path(path), account_key_bytes(path, content))
    blob = state.cache.read(key)
    if blob is None:
        return None
    try:
        return index, state.cache.decode(key, blob), True, key
    except LookupError:  # a damaged, foreign or forged entry: check the file again
        return None


def _process(task: tuple[int, str], read_cache: bool = True) -> tuple[int, FileOutcome, bool, str | None]:
    """Check one file, or fetch it from the cache: (index, outcome, hit, cache key of the bytes checked).

    A cache entry is verified and decoded here, in the worker, so decoding is spread over the workers;
    the outcome goes to the parent as ``multiprocessing`` sends results (a pickle between our own
    processes: entries on disk are never pickles)."""
    index, name = task
    state = _STATE
    assert state is not None
    path = Path(name)
    key = None
    try:  # read once: the bytes hashed for the key are the bytes parsed
        content: bytes | None = read_account_bytes(path)
    except OSError:
        content = None  # the loader reports it
    if state.cache is not None and content is not None:
        key = file_key(state.run_key or "", display_path(path), account_key_bytes(path, content))
        blob = state.cache.read(key) if read_cache else None
        if blob is not None:
            try:
                return index, state.cache.decode(key, blob), True, key
            except LookupError:  # a damaged, foreign or forged entry: check the file again
                pass
    with collector_off():  # one file's objects die together when it is done
        outcome = check_one(load_account_file(path, raw=content, **state.load_kwargs), state)
    if key is not None:
        try:
            blob = state.cache.encode(key, outcome)
        except ValueError:  # a value the cache format does not hold: not cached, still reported
            pass
        else:
            state.cache.write(key, blob)
    if state.worker:
        _pack(outcome)
    return index, outcome, False, key


def _pack(outcome: FileOutcome) -> None:
    """The account section as the bytes of its pickle, unpickled by the parent only for the register's rules.

    An account section is ~14 KB of objects in the parent, ~2 KB pickled: received as objects, 10,000 of them
    lay among the findings kept for the report, and the memory they left once let go was never given back
    (~140 MB). As bytes they are unpickled at the end, together, used, and let go together."""
    if outcome.account is not None:
        outcome.account = pickle.dumps(outcome.account, pickle.HIGHEST_PROTOCOL)


def _unpacked(account: Any) -> Any:
    return pickle.loads(account) if type(account) is bytes else account  # bytes from our own workers only


def check_files(files: Iterable[Path], packset: PackSet, options: RunOptions, *, jobs: int | None = None,
                cache_dir: Path | None = None, load_kwargs: dict | None = None,
                progress: Callable[[int], None] | None = None,
                parallel_min_bytes: int | None = None, obligations: bool = False,
                known_keys: list | None = None, supervision: Iterable[Path] = (),
                fingerprints: bool = False) -> Run:
    """Check ``files`` (in this order) as ``evaluate_register`` would, in parallel and cached.

    ``jobs``: worker processes (default: every core; 1 = in this process). ``cache_dir``: the
    cache directory, None for no cache. ``progress(n)`` is called once per finished file with the
    count so far. Files smaller in total than ``parallel_min_bytes`` are checked in this process.
    ``obligations``: also collect the open obligations (``due``; never cached, so no cache is used).
    ``known_keys``: each file's cache key, just computed from its bytes by the stored-report lookup under
    this run's key (a cache hit is then served without reading the file again). ``supervision``: the register's
    ``supervision.yaml`` files (never cached: their rules are of register scope). ``fingerprints``: keep the
    fingerprints the workers worked out (``Run.fingerprints``: for SARIF and a baseline; ~60 MB at 10,000
    many-findings accounts otherwise held for nothing).
    """
    started = time.perf_counter()
    files = [Path(f) for f in files]
    load_kwargs = dict(load_kwargs or {})
    state = _State(packset, options, load_kwargs, obligations=obligations, supervision=list(supervision))
    refused = None
    if cache_dir is not None and not obligations:
        try:
            state.cache = open_cache(cache_dir)
        except CacheRefused as exc:
            refused = str(exc)
    if state.cache is not None:
        state.run_key = cache_run_key(packset, options, load_kwargs)
        if known_keys is not None and len(known_keys) == len(files):
            state.known_keys = list(known_keys)
    jobs = min(default_jobs() if jobs is None or jobs <= 0 else jobs, default_jobs(), max(1, len(files)))
    sizes = []
    for path in files:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)
    if parallel_min_bytes is None:
        parallel_min_bytes = PARALLEL_MIN_BYTES
    parallel = jobs > 1 and len(files) > 1 and sum(sizes) >= parallel_min_bytes
    stats = RunStats(files=len(files), jobs=jobs if parallel else 1, cache_refused=refused)
    outcomes: list[FileOutcome | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    tasks = [(index, str(path)) for index, path in enumerate(files)]
    days: dict[str, str] = {}
    sharing = _Sharing()

    def accept(index: int, value: FileOutcome, hit: bool, key: str | None) -> None:
        sharing.outcome(value)
        facts = getattr(value, "facts", None)
        if facts is not None and getattr(facts, "post_days", None):
            # 10,000 files × a year of days: share the day strings instead of a copy per file
            facts.post_days = {days.setdefault(day, day): count for day, count in facts.post_days.items()}
        outcomes[index], keys[index] = value, key
        stats.cache_hits += hit
        stats.parsed += not hit
        if progress is not None:
            progress(stats.cache_hits + stats.parsed)

    previous = _swap_state(state)
    try:
        # what is received is kept to the end (10,000 accounts: millions of objects, none of them in a cycle)
        with collector_off():
            if state.cache is not None:
                # Cache hits are served here, in this process: sending decoded entries back from workers costs
                # more than decoding them (an edited run of 1,000 files: one miss, 999 hits). Only the misses
                # go to the workers, and only when they are worth a pool.
                missed = []
                for task in tasks:
                    found = _cached(task)
                    if found is None:
                        missed.append(task)
                    else:
                        accept(*found)
                tasks = missed
                parallel = (parallel and len(tasks) > 1
                            and sum(sizes[index] for index, _ in tasks) >= parallel_min_bytes)
            # whether this platform can fork, asked only now: it imports multiprocessing, which an edited run
            # (its one miss checked here) never needs
            parallel = parallel and _can_fork()
            stats.jobs = jobs if parallel else 1
            if parallel:
                # Longest files first, so the last file to finish is a short one.
                tasks_by_size = sorted(tasks, key=lambda task: -sizes[task[0]])
                chunksize = max(1, min(8, len(tasks) // (jobs * 16)))
                import multiprocessing

                context = multiprocessing.get_context("fork")
                with context.Pool(jobs, initializer=_init_worker, initargs=(state,)) as pool:
                    for received in pool.imap_unordered(_process, tasks_by_size, chunksize):
                        accept(*received)
                    done = [o for o in outcomes if o is not None]
                    # the register's rules in a worker: the account sections are never objects in this process,
                    # where they would stay among the findings kept for the report
                    accounts = [(o.path, o.account) for o in done if o.account is not None]
                    for outcome in done:
                        if outcome.account is not None:
                            outcome.account = _TAKEN
                    across = pool.apply(_across, (accounts, [str(p) for p in state.supervision]))
                    del accounts
            else:
                for task in tasks:
                    accept(*_process(task, read_cache=state.cache is None))
                across = None
            done = [o for o in outcomes if o is not None]
            result, facts, loaded, supervised = _assemble(done, len(files), state, across)
    finally:
        _swap_state(previous)
    if state.cache is not None:
        state.cache.prune()
    stats.seconds = time.perf_counter() - started
    return Run(result, facts, loaded, stats, keys if state.cache is not None else [], state.run_key,
               _nothing_to_mask(done), supervised, _fingerprints(done) if fingerprints else {})


def _nothing_to_mask(outcomes: list[FileOutcome]) -> dict[int, Finding]:
    """The findings whose masking the workers found to change nothing, by identity (holding them, so that
    no other object can ever take the id of one of them)."""
    clean: dict[int, Finding] = {}
    for outcome in outcomes:
        maskable = set(outcome.maskable)
        for index, finding in enumerate(outcome.findings):
            if index not in maskable:
                clean[id(finding)] = finding
    return clean


def _fingerprints(outcomes: list[FileOutcome]) -> dict[int, tuple[Finding, str]]:
    """Each finding's fingerprint as its worker worked it out, by identity (holding the finding, as
    ``_nothing_to_mask`` does); an outcome without them (an unreadable file) has none."""
    known: dict[int, tuple[Finding, str]] = {}
    for outcome in outcomes:
        if len(outcome.fingerprints) == len(outcome.findings):
            for finding, print_ in zip(outcome.findings, outcome.fingerprints):
                known[id(finding)] = (finding, print_)
    return known


class _Sharing:
    """One copy, in this process, of what recurs from file to file in the outcomes received: the texts of rule codes,
    names, packs and severities, the clause each finding cites, the item names of the report facts and the lists
    of rule codes evaluated. A worker's outcome shares them within the file (pickle keeps one copy of an object
    sent twice), but every file brings its own: 10,000 files kept ~70 MB of copies to the end of the run.
    Only values nothing changes in place are shared (findings are copied, never edited, by masking)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.sources: dict[tuple, dict] = {}
        self.codes: dict[tuple, list] = {}

    def outcome(self, value: FileOutcome) -> None:
        texts, sources = self.texts, self.sources
        seen: dict[int, Any] = {}  # id -> shared copy, for the objects this outcome already holds once
        #: rule -> the clause of texts only its last finding cites, as shared: a decoded cache entry holds a copy
        #: per finding, and one comparison with the last is cheaper than a key of its items
        last: dict[str, dict] = {}
        for finding in value.findings:
            rule = finding.rule = texts.setdefault(finding.rule, finding.rule)
            finding.name = texts.setdefault(finding.name, finding.name)
            finding.severity = texts.setdefault(finding.severity, finding.severity)
            if finding.pack is not None:
                finding.pack = texts.setdefault(finding.pack, finding.pack)
            source = finding.source
            if source:
                known = last.get(rule)
                if known is not None and (known is source or known == source):
                    finding.source = known  # equal to texts: texts too (nothing else is equal to a text)
                    continue
                shared = seen.get(id(source))
                if shared is None:
                    # texts only: 1, 1.0 and True are equal keys, but not the same JSON
                    if all(type(part) is str for part in source.values()):
                        shared = last[rule] = sources.setdefault(tuple(source.items()), source)
                    else:
                        shared = source
                    seen[id(source)] = shared
                finding.source = shared
        if value.evaluated:
            value.evaluated = self.codes.setdefault(tuple(value.evaluated), value.evaluated)
        facts = value.facts
        if facts is not None and getattr(facts, "items", None):
            # item names without an identity ("file", "account.name", "filings") are the same in every file
            facts.items = [item if "[" in item[1] else (item[0], texts.setdefault(item[1], item[1]))
                           for item in facts.items]


def _swap_state(state: _State | None) -> _State | None:
    global _STATE
    previous, _STATE = _STATE, state
    return previous


#: an outcome's account section sent to ``_across``
_TAKEN = "taken to the worker of the register's rules"


@dataclass(frozen=True)
class AccountSummary:
    """What scoring reads of an account section (``policy.scoring.scores_for_run``), for a run whose register
    rules were evaluated in a worker."""

    name: str
    host_unit: str
    jurisdiction: str
    platform: Any
    status: Any


def _across(accounts: list[tuple[str, Any]], supervision: list[str]) -> tuple[Any, list[int], list[AccountSummary]]:
    """Phase 2 in a worker: the rules of ``register`` scope over the account sections (pickled by the workers that
    checked the files, or as the cache gave them) and the supervision records; what they found, the provisional
    years and each account's ``AccountSummary``, in the order given."""
    state = _STATE
    assert state is not None
    records = [AccountRecord(path, AccountOnly(_unpacked(account))) for path, account in accounts]
    encoding = state.load_kwargs.get("encoding", "utf-8")
    supervised = [load_supervision_file(Path(path), encoding) for path in supervision]
    with state.options.calendar.recording() as years:
        across = evaluate_across(records, state.packset, state.options)
        evaluate_supervision(supervised, records, state.packset, state.options, across)
    summaries = [AccountSummary(a.name, a.host_unit, a.jurisdiction, a.platform, a.status)
                 for a in (record.doc.account for record in records)]
    return across, sorted(years), summaries


def _assemble(outcomes: list[FileOutcome], file_count: int, state: _State,
              done_across: tuple | None = None) -> tuple[RunResult, dict, list, list]:
    """Phase 2: the rules of ``register`` scope over every account and every supervision record, then one
    RunResult as evaluate_register gives. ``done_across``: what ``_across`` gave (the outcomes' accounts were
    taken out for it, in order), or None to evaluate them here."""
    options, packset = state.options, state.packset
    findings: list[Finding] = []
    obligations: list = []
    evaluated: dict[str, list[str]] = {}
    facts: dict[str, Any] = {}
    incomplete = False
    records: list[AccountRecord] = []
    loaded: list[LoadResult] = []
    provisional: set[int] = set()
    summaries = iter(done_across[2]) if done_across is not None else None
    accounts = 0
    for outcome in outcomes:
        findings.extend(outcome.findings)
        obligations.extend(outcome.obligations)
        incomplete = incomplete or outcome.incomplete
        provisional.update(outcome.provisional_years)
        if outcome.account is None:
            continue
        if summaries is not None:
            loaded.append(LoadResult(outcome.path, AccountOnly(next(summaries))))
        else:
            document = AccountOnly(_unpacked(outcome.account))
            records.append(AccountRecord(outcome.path, document))
            loaded.append(LoadResult(outcome.path, document))
        accounts += 1
        evaluated[outcome.path] = outcome.evaluated or []
        if outcome.facts is not None:
            facts[outcome.path] = outcome.facts
    encoding = state.load_kwargs.get("encoding", "utf-8")
    supervised = [load_supervision_file(path, encoding) for path in state.supervision]
    if done_across is not None:
        across, years, _ = done_across
    else:
        with options.calendar.recording() as years:
            across = evaluate_across(records, packset, options)
            evaluate_supervision(supervised, records, packset, options, across)
    provisional.update(years)
    evaluated.update(across.evaluated)
    findings.extend(across.findings)
    obligations.extend(across.obligations)
    obligations.sort(key=Due.sort_key)
    result = RunResult(finish(findings, options), file_count, accounts, evaluated,
                       incomplete or across.incomplete, provisional_years=sorted(provisional),
                       obligations=obligations if state.obligations else [])
    return result, facts, loaded, supervised
