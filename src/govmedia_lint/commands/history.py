"""``check --history``: changes of an account's facts in the register's git history that no filing records.

Each checked account file is read as committed in each of the last ``MAX_COMMITS`` commits of HEAD's first-parent
history that touched the checked paths (``run/gitsnapshot.py``'s git: explicit ``--git-dir``, no hooks, config
programs or pager, a timeout; object store only, each object read once, ``MAX_BYTES`` in all). Between two
consecutive versions of a file, a changed name, host unit, platform, verification subject or leader, or a status
that became closed / cancelled, is a change. It is filed when the file as it is now holds a filing of the act
(``type: change``; ``close`` / ``cancel`` for a closure) whose ``event_on`` lies between the two commits' dates
(the change happened after the old version was committed and by the time the new one was); a change filing that
lists ``changed_fields`` must list the fact. An unfiled change is a ``Finding`` cited to the clause of the
account's pack (``history:`` in the pack), dated by the commit that introduced it.

A file is followed by its path: a file renamed in git starts a new history. A version that is not YAML or has no
``account:`` mapping is passed over (the check of the file as it is now reports the file's own errors).
"""

from __future__ import annotations

import posixpath
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..engine.clauses import Clause, every_clause, pack_clauses
from ..engine.evaluate import RunOptions, packs_for, rule_enabled
from ..engine.findings import Finding
from ..engine.packs import Pack, PackSet
from ..fields import value_label
from ..model import SHANGHAI, AccountFile

#: commits read, newest first (a register committed daily for three years)
MAX_COMMITS = 1000
#: bytes of account files read from git in all
MAX_BYTES = 2 * 1024 * 1024 * 1024
#: the facts compared between versions, as the account format names them
FACTS = ("name", "host_unit", "platform", "verified_subject", "leader")
LABELS = {"name": "账号名称", "host_unit": "主办单位", "platform": "平台", "verified_subject": "认证主体",
          "leader": "负责同志", "status": "状态"}
CLOSED = ("closed", "cancelled")
FINDINGS = ("change", "closure")


# ── the packs' history clauses ───────────────────────────────────────────────────────────────────────

class HistoryCommit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    yaml: str


class HistoryExample(BaseModel):
    """The versions of one account file, oldest first; the last is the file as it is now."""

    model_config = ConfigDict(extra="forbid")

    commits: list[HistoryCommit] = Field(min_length=2)


class HistoryExamples(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    fail: HistoryExample
    pass_: HistoryExample = Field(alias="pass")


class HistoryRule(Clause):
    """One clause an unfiled change cites: which finding (``change`` of ``fields``, or ``closure``)."""

    finding: Literal[FINDINGS]  # type: ignore[valid-type]
    fields: list[Literal[FACTS]] = Field(default_factory=list)  # type: ignore[valid-type]
    examples: HistoryExamples


def history_rules(pack: Pack, packset: PackSet) -> list[HistoryRule]:
    """The pack's history clauses: its own, then its parent's for the findings it does not cite itself."""
    return pack_clauses(pack, packset, "history", HistoryRule, "历史变更条款")


def all_history_rules(packset: PackSet) -> list[HistoryRule]:
    """Every pack's own history clauses (each once)."""
    return every_clause(packset, "history", HistoryRule, "历史变更条款")


# ── versions and changes ─────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Version:
    commit: str
    day: date
    facts: dict[str, str]


@dataclass(frozen=True)
class Change:
    fact: str
    old: str
    new: str
    commit: str
    day: date
    #: the date of the commit that still held the old value
    since: date


def _text(value: Any) -> Optional[str]:
    if isinstance(value, dict):
        value = value.get("name")
    if value is None or isinstance(value, (list, dict)):
        return None
    text = str(value).strip()
    return text or None


def facts_of(data: Any) -> Optional[dict[str, str]]:
    """The compared facts of a parsed account file (a mapping with ``account:``), or None if it is none."""
    account = data.get("account") if isinstance(data, dict) else None
    if not isinstance(account, dict):
        return None
    staff = account.get("staff") if isinstance(account.get("staff"), dict) else {}
    values = {fact: _text(account.get(fact)) for fact in FACTS if fact != "leader"}
    values["leader"] = _text(staff.get("leader"))
    values["status"] = _text(account.get("status"))
    return {key: value for key, value in values.items() if value is not None}


def _same(a: str, b: str) -> bool:
    fold = lambda text: "".join(unicodedata.normalize("NFKC", text).split()).lower()  # noqa: E731
    return fold(a) == fold(b)


def changes(versions: list[Version]) -> list[Change]:
    """The changes between consecutive versions (oldest first); a fact first written is no change."""
    out = []
    for before, after in zip(versions, versions[1:]):
        for fact in FACTS:
            old, new = before.facts.get(fact), after.facts.get(fact)
            if old is not None and new is not None and not _same(old, new):
                out.append(Change(fact, old, new, after.commit, after.day, before.day))
        old, new = before.facts.get("status"), after.facts.get("status")
        if new in CLOSED and old is not None and old not in CLOSED:
            out.append(Change("status", old, new, after.commit, after.day, before.day))
    return out


def filed(change: Change, document: AccountFile) -> bool:
    """A filing of the current file records ``change``: its act, its event between the two commits' dates."""
    closure = change.fact == "status"
    for filing in document.filings:
        kind = filing.type.value
        if closure and kind not in ("close", "cancel") or not closure and kind != "change":
            continue
        if filing.event_on is None or not change.since <= filing.event_on <= change.day:
            continue
        if not closure and filing.changed_fields and change.fact not in [str(f) for f in filing.changed_fields]:
            continue
        return True
    return False


def _shown(fact: str, value: str) -> str:
    if fact == "platform":
        return value_label("account.platform", value)
    if fact == "status":
        return value_label("account.status", value)
    return value


def unfiled(path: str, document: AccountFile, versions: list[Version], rules: list[HistoryRule]) -> list[Finding]:
    """The findings of one account file's versions against its filings, under ``rules`` (its pack's clauses)."""
    out = []
    account = document.account
    for change in changes(versions):
        if filed(change, document):
            continue
        closure = change.fact == "status"
        line = account.key_line("status" if closure else change.fact if change.fact != "leader" else "staff")
        for rule in rules:
            if rule.finding != ("closure" if closure else "change") or (rule.fields and change.fact not in rule.fields):
                continue
            what = (f"{LABELS[change.fact]}由“{_shown(change.fact, change.old)}”改为“{_shown(change.fact, change.new)}”")
            need = "关停或注销备案（type: close / cancel）" if closure else "变更备案（type: change）"
            message = (f"提交 {change.commit[:10]}（{change.day}）把{what}，filings 中没有事件日在 {change.since}"
                       f" 至 {change.day} 之间的{need}（{rule.title}）")
            out.append(Finding(rule.code, rule.name, rule.pack, rule.severity, path, line, account.name, message,
                               rule.source.model_dump(),
                               {"commit": change.commit, "committed_on": change.day.isoformat(), "field": change.fact,
                                "old_value": change.old, "new_value": change.new, "previous_commit_on": change.since.isoformat()}))
    return out


# ── the register's git history ───────────────────────────────────────────────────────────────────────

def _commits(git_dir: Path, relative: list[str]) -> list[tuple[str, date]]:
    """(commit, committer date in Beijing) of the last ``MAX_COMMITS`` first-parent commits touching the paths,
    oldest first."""
    from ..run.gitsnapshot import _git

    pathspecs = [p for p in relative if p not in ("", ".")]
    listing = _git(git_dir, "rev-list", "--first-parent", "--reverse", "--timestamp", f"--max-count={MAX_COMMITS}",
                   "HEAD", "--", *pathspecs).decode("ascii", "replace")
    out = []
    for line in listing.splitlines():
        stamp, _, commit = line.partition(" ")
        if stamp.isdigit() and commit:
            out.append((commit.strip(), datetime.fromtimestamp(int(stamp), SHANGHAI).date()))
    return out


def read_history(files: list[Path]) -> dict[Path, list[Version]]:
    """Each file's versions in git, oldest first (files not committed: none); a git problem is a ``SnapshotError``."""
    from ..run.gitsnapshot import BLOB_LIMIT, SnapshotError, _blobs, _repository, read_blobs

    if not files:
        return {}
    _, git_dir, relative = _repository(files)
    wanted = dict(zip(relative, files))
    folders = sorted({posixpath.dirname(name) or "." for name in relative})
    versions: dict[Path, list[Version]] = {}
    parsed: dict[str, Optional[dict[str, str]]] = {}
    total = 0
    for commit, day in _commits(git_dir, folders):
        blobs = [b for b in _blobs(git_dir, commit, folders) if b[0] in wanted and b[2] <= BLOB_LIMIT]
        new = list(dict.fromkeys(oid for _, oid, _ in blobs if oid not in parsed))
        total += sum(size for _, oid, size in blobs if oid in new)
        if total > MAX_BYTES:
            raise SnapshotError(f"仓库历史中的账号文件超过 {MAX_BYTES / 1024 ** 3:.0f} GB，不予读取")
        if new:
            for oid, data in read_blobs(git_dir, new, commit).items():
                try:
                    parsed[oid] = facts_of(yaml.safe_load(data.decode("utf-8-sig")))
                except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
                    parsed[oid] = None
        for name, oid, _ in blobs:
            facts = parsed.get(oid)
            if facts is None:
                continue
            found = versions.setdefault(wanted[name], [])
            if not found or found[-1].facts != facts:
                found.append(Version(commit, day, facts))
    return versions


def history_findings(files: list[Path], documents: dict[Path, tuple[str, AccountFile]], packset: PackSet,
                     options: RunOptions) -> list[Finding]:
    """The unfiled changes of the checked files (``documents``: each loaded file's shown path and document)."""
    versions = read_history([path for path in files if path in documents])
    cited: dict[str, list[HistoryRule]] = {}
    out: list[Finding] = []
    for path, found in versions.items():
        shown, document = documents[path]
        packs = packs_for(document.account, packset, options)
        if not packs or len(found) < 2:
            continue
        pack = packs[0]
        if pack.id not in cited:
            cited[pack.id] = history_rules(pack, packset)
        out.extend(f for f in unfiled(shown, document, found, cited[pack.id]) if rule_enabled(f.rule, (), options))
    return out


def run_history_example(rule: HistoryRule, example: HistoryExample, packset: PackSet) -> list[Finding]:
    """The findings of ``rule`` on one of its documented examples (versions of one account file)."""
    from ..engine.examples import example_document

    versions = []
    for index, commit in enumerate(example.commits):
        loaded = example_document(commit.yaml, rule.pack)
        assert loaded.document is not None, loaded.errors
        facts = facts_of({"account": loaded.document.account.model_dump(mode="json", exclude_none=True)})
        versions.append(Version(f"{index + 1:040d}", commit.date, facts or {}))
    return [f for f in unfiled("example.yaml", loaded.document, versions, [rule]) if f.rule == rule.code]
