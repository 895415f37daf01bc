"""Rule packs: YAML files that encode one regulation each as data.

A pack names its document and dates and lists rules. A rule picks a check kind,
sets its parameters and cites its source. A pack may ``extends`` another: it
inherits every rule, and an entry ``extends: CODE`` in its own list replaces an
inherited rule with a copy whose given fields (thresholds, severity, source)
are overridden.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..conditions import Condition
from ..loading import parse_yaml_text, read_text
from ..shipped import builtin_pack_dir
from .kinds import KINDS

#: packs extending packs extending packs …: deeper than this is a configuration error
MAX_EXTENDS_DEPTH = 16
#: a message template's placeholders: ``{field}`` (a plain name), and ``{{``/``}}`` for literal braces
MESSAGE_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


class PackError(Exception):
    """A pack that cannot be used: a configuration error (exit 2)."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str
    ref: Optional[str] = None
    article: str
    quote: str


class Example(BaseModel):
    """An account fragment the rule fails or passes on; required account keys are filled in."""

    model_config = ConfigDict(extra="forbid")

    as_of: date
    since: Optional[date] = None
    yaml: str
    others: list[str] = Field(default_factory=list)
    #: a user lexicon (the YAML of a ``*.lexicon.yaml`` file) the example's register holds, for text checks
    lexicon: Optional[str] = None


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    fail: Example
    pass_: Example = Field(alias="pass")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name: str
    title: str
    severity: str = Field(pattern="^(error|warning|info)$")
    #: why the rule has its severity, by docs/severity-policy.md: ``obligation`` (应/须/要/不得/严禁 …) and
    #: ``veto`` (单项否决) are errors; ``principle`` (原则上/鼓励), ``declared`` (self-declared organisational
    #: facts) and ``deduction`` (扣分 items) are warnings; ``heuristic`` is info
    basis: Optional[Literal["obligation", "veto", "principle", "declared", "deduction", "heuristic"]] = None
    kind: str
    params: Any = None
    applies_to: Optional[Condition] = None
    message: Optional[str] = None
    source: Source
    explain: str
    examples: Examples
    aliases: list[str] = Field(default_factory=list)
    pack: str = ""
    origin: str = ""

    @field_validator("message")
    @classmethod
    def _plain_fields_only(cls, value: Optional[str]) -> Optional[str]:
        """``{field}`` names only: a format spec (``{y:>300000000}``), an index or an attribute walk
        (``{x.__class__}``) would run at check time on untrusted packs."""
        if value is None:
            return value
        rest = MESSAGE_FIELD.sub("", value)
        if "{" in rest or "}" in rest:
            raise ValueError("message 模板只能用 {字段名}（字母、数字、下划线），不能有格式说明、下标或属性；"
                             "字面的花括号写作 {{ 和 }}")
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS:
            close = difflib.get_close_matches(value, KINDS, n=1)
            raise ValueError(f"unknown check kind {value!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        return value



class ScoreItem(BaseModel):
    """One line of a score sheet: the rules whose findings veto or deduct (see ``scoring.py``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str
    detail: Optional[str] = None
    rules: list[str] = Field(min_length=1)
    points: int = Field(default=0, ge=0)
    #: ``occurrence``: points per finding (an incident's ``count`` counts); ``once``: points if any;
    #: ``extra_in_group``: points per account beyond the first in a ``unique_per_group`` group;
    #: ``group``: points per ``unique_per_group`` group (one case, however many accounts it holds)
    per: Literal["occurrence", "once", "extra_in_group", "group"] = "occurrence"
    cap: Optional[int] = Field(default=None, ge=0)
    #: count only findings whose evidence has none of these keys (e.g. a notice never posted)
    unless_evidence: list[str] = Field(default_factory=list)
    #: count only findings whose evidence has these keys true (e.g. a one-off deadline in the review period)
    if_evidence: list[str] = Field(default_factory=list)
    #: the levels that answer for the item (default: all); a duty of the supervising unit (主管单位)
    #: counts at ``register`` only, not against the host unit
    levels: Optional[list[Literal["account", "host_unit", "register"]]] = None


class ScoreSheet(BaseModel):
    """A points index (评分指标) as data: veto items, deduction items, pass mark."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str
    article: Optional[str] = None
    total: int = 100
    pass_mark: int = 60
    #: 二级指标 -> 分值: the deductions of one item never exceed it
    item_caps: dict[str, int] = Field(default_factory=dict)
    veto: list[ScoreItem] = Field(default_factory=list)
    deductions: list[ScoreItem] = Field(default_factory=list)
    note: Optional[str] = None
    #: points of ``total`` the register's facts can show (default: all); fewer make every score partial
    computable: Optional[int] = Field(default=None, ge=0)


class PackScore(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: each account's score (南通 附件2)
    account: Optional[ScoreSheet] = None
    #: the annual index of the units that host and supervise accounts (南通 附件3)
    annual: Optional[ScoreSheet] = None


class PackMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    names: list[str] = Field(default_factory=list)
    document: str
    ref: Optional[str] = None
    issuer: Optional[str] = None
    issued: date
    in_force_from: date
    in_force_until: Optional[date] = None
    validity_note: Optional[str] = None
    url: Optional[str] = None
    extends: Optional[str] = None
    rules: list[dict[str, Any]] = Field(default_factory=list)
    #: optional score sheets; a pack without one uses its parent's (codes follow overrides)
    score: Optional[PackScore] = None
    #: the register against a roster (``reconcile``): entries validated by ``commands/roster.py``
    roster: list[dict[str, Any]] = Field(default_factory=list)
    #: changes in the register's git history never filed (``check --history``): validated by ``commands/history.py``
    history: list[dict[str, Any]] = Field(default_factory=list)


@dataclass
class Pack:
    meta: PackMeta
    file: str
    rules: dict[str, Rule] = field(default_factory=dict)
    own: list[str] = field(default_factory=list)
    inherited: list[str] = field(default_factory=list)
    #: inherited code -> the code of this pack's rule that overrides it
    overrides: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id

    def matches(self, jurisdiction: str) -> bool:
        return jurisdiction in (self.meta.id, self.meta.name, *self.meta.names)


def _read_pack_meta(path: Path) -> PackMeta:
    try:
        parsed = parse_yaml_text(read_text(path))
        return PackMeta.model_validate(parsed.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PackError(f"{path}: pack 元数据无效：{where}: {first['msg']}") from None
    except Exception as exc:  # noqa: BLE001 - any unreadable pack is a configuration error
        raise PackError(f"{path}: pack 无法读取：{exc}") from None


# Rule entries are read, never changed in place: a copy is made where a key is set (deep copies of every
# entry were ~10% of a pack load).

def _with_defaults(raw: dict[str, Any], meta: PackMeta) -> dict[str, Any]:
    raw = dict(raw)
    if isinstance(raw.get("source"), dict):
        raw["source"] = {**raw["source"]}
        raw["source"].setdefault("document", meta.document)
        raw["source"].setdefault("ref", meta.ref)
    return raw


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "examples":
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _build_rule(raw: dict[str, Any], pack: Pack, origin: str) -> Rule:
    code = raw.get("code", "?")
    try:
        rule = Rule.model_validate({**raw, "pack": pack.id, "origin": origin})
        params = KINDS[rule.kind].params.model_validate(rule.params or {})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise PackError(f"{pack.file}: 规则 {code} 无效：{problems}") from None
    return rule.model_copy(update={"params": params})


_LOADED: dict[tuple, "PackSet"] = {}


class PackSet:
    """Every pack available to a run, with ``extends`` resolved."""

    def __init__(self, packs: dict[str, Pack]):
        self.packs = packs

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = ()) -> "PackSet":
        """Load every pack (read-only afterwards: repeated loads of unchanged files share one PackSet)."""
        for directory in extra_dirs:
            if not Path(directory).is_dir():
                raise PackError(f"规则包目录 {directory} 不存在或不是目录")
        files = [path for directory in [builtin_pack_dir(), *extra_dirs]
                 for path in sorted(Path(directory).glob("*.yaml"))]
        key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        if key not in _LOADED:
            _LOADED.clear()
            _LOADED[key] = cls._load(files)
        return _LOADED[key]

    @classmethod
    def _load(cls, files: list[Path]) -> "PackSet":
        metas: dict[str, tuple[PackMeta, str]] = {}
        for path in files:
            meta = _read_pack_meta(path)
            if meta.id in metas:
                raise PackError(f"{path}: pack id {meta.id!r} 与 {metas[meta.id][1]} 重复")
            metas[meta.id] = (meta, str(path))
        for pack_id in metas:  # before any recursion: a cycle or a chain of thousands of packs is an error
            chain = [pack_id]
            while metas[chain[-1]][0].extends in metas:
                parent = metas[chain[-1]][0].extends
                if parent in chain:
                    raise PackError(f"pack 继承成环：{' -> '.join([*chain, parent])}")
                if len(chain) >= MAX_EXTENDS_DEPTH:
                    raise PackError(f"{metas[pack_id][1]}: pack 继承层级超过 {MAX_EXTENDS_DEPTH} 层")
                chain.append(parent)
        packs: dict[str, Pack] = {}
        for pack_id in metas:
            cls._resolve(pack_id, metas, packs, ())
        return cls(packs)

    @classmethod
    def _resolve(cls, pack_id: str, metas: dict, packs: dict[str, Pack], chain: tuple[str, ...]) -> Pack:
        if pack_id in packs:
            return packs[pack_id]
        if pack_id in chain:
            raise PackError(f"pack 继承成环：{' -> '.join(chain + (pack_id,))}")
        meta, file = metas[pack_id]
        pack = Pack(meta=meta, file=file)
        parent_raw: dict[str, dict[str, Any]] = {}
        if meta.extends:
            if meta.extends not in metas:
                raise PackError(f"{file}: extends 的 pack {meta.extends!r} 不存在")
            parent = cls._resolve(meta.extends, metas, packs, chain + (pack_id,))
            parent_raw = {code: rule.model_dump(by_alias=True, exclude={"pack", "origin"}, mode="python")
                          for code, rule in parent.rules.items()}
            for code, raw in parent_raw.items():
                raw["params"] = parent.rules[code].params.model_dump()
        rules: dict[str, Rule] = {}
        overridden: set[str] = set()
        for raw in meta.rules:
            raw = _with_defaults(raw, meta)
            base_code = raw.pop("extends", None)
            if base_code is not None:
                if base_code not in parent_raw:
                    raise PackError(f"{file}: 规则 {raw.get('code', base_code)} extends 未知的继承规则 {base_code!r}")
                overridden.add(base_code)
                pack.overrides[base_code] = raw.get("code", base_code)
                raw = _merge(parent_raw[base_code], raw)
            rule = _build_rule(raw, pack, origin=pack_id)
            if rule.code in rules:
                raise PackError(f"{file}: 规则代码 {rule.code} 重复")
            rules[rule.code] = rule
            pack.own.append(rule.code)
        for code, raw in parent_raw.items():
            if code in overridden or code in rules:
                continue
            parent_rule = packs[meta.extends].rules[code]
            rules[code] = parent_rule.model_copy(update={"pack": pack_id})
            pack.inherited.append(code)
        pack.rules = rules
        packs[pack_id] = pack
        return pack

    def for_jurisdiction(self, jurisdiction: str) -> Optional[Pack]:
        return next((p for p in self.packs.values() if p.matches(jurisdiction)), None)

    def get(self, pack_id: str) -> Optional[Pack]:
        return self.packs.get(pack_id) or self.for_jurisdiction(pack_id)

    def all_rules(self) -> list[Rule]:
        """Every distinct rule, each once, in the pack where it is defined."""
        seen: dict[str, Rule] = {}
        for pack in self.packs.values():
            for code in pack.own:
                seen.setdefault(code, pack.rules[code])
        return list(seen.values())

    def find_rule(self, code: str) -> Optional[Rule]:
        wanted = code.strip().upper()
        for rule in self.all_rules():
            if rule.code.upper() == wanted or wanted in (a.upper() for a in rule.aliases):
                return rule
        return None

    def clause_codes(self) -> dict[str, str]:
        """Code -> name of every pack's roster and history clauses (``reconcile``'s and ``check --history``'s
        findings): severities and waivers name them like rules."""
        return {entry["code"]: str(entry.get("name", "")) for pack in self.packs.values()
                for entry in (*pack.meta.roster, *pack.meta.history)
                if isinstance(entry, dict) and isinstance(entry.get("code"), str)}

    def suggest(self, code: str) -> list[str]:
        codes = [r.code for r in self.all_rules()] + [a for r in self.all_rules() for a in r.aliases]
        return difflib.get_close_matches(code.strip().upper(), codes, n=3, cutoff=0.5)
