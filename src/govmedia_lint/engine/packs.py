"""Rule packs: YAML files that encode one regulation each as data.

A pack names its document and dates and lists rules. A rule picks a check kind,
sets its parameters and cites its source. A pack may ``extends`` another: it
inherits every rule, and an entry ``extends: CODE`` in its own list replaces an
inherited rule with a copy whose given fields (thresholds, severity, source)
are overridden.

Annotations are evaluated as the classes are defined (no ``from __future__ import annotations``, as in
``model.py``): pydantic would otherwise compile and evaluate each from its text on every start.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..conditions import Condition
from ..loading import parse_yaml_text, read_text
from ..model import empty_list
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
    others: list[str] = Field(default_factory=empty_list)
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
    aliases: list[str] = Field(default_factory=empty_list)
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
            import difflib  # only for a misspelt kind: not imported at every start-up

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
    unless_evidence: list[str] = Field(default_factory=empty_list)
    #: count only findings whose evidence has these keys true (e.g. a one-off deadline in the review period)
    if_evidence: list[str] = Field(default_factory=empty_list)
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
    veto: list[ScoreItem] = Field(default_factory=empty_list)
    deductions: list[ScoreItem] = Field(default_factory=empty_list)
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
    names: list[str] = Field(default_factory=empty_list)
    document: str
    ref: Optional[str] = None
    issuer: Optional[str] = None
    issued: date
    in_force_from: date
    in_force_until: Optional[date] = None
    validity_note: Optional[str] = None
    url: Optional[str] = None
    extends: Optional[str] = None
    rules: list[dict[str, Any]] = Field(default_factory=empty_list)
    #: optional score sheets; a pack without one uses its parent's (codes follow overrides)
    score: Optional[PackScore] = None
    #: the register against a roster (``reconcile``): entries validated by ``commands/roster.py``
    roster: list[dict[str, Any]] = Field(default_factory=empty_list)
    #: changes in the register's git history never filed (``check --history``): validated by ``commands/history.py``
    history: list[dict[str, Any]] = Field(default_factory=empty_list)


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


def _read_pack_text(path: Path) -> str:
    try:
        return read_text(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable pack is a configuration error
        raise PackError(f"{path}: pack 无法读取：{exc}") from None


def _parse_pack_meta(path: Path, text: str) -> PackMeta:
    try:
        parsed = parse_yaml_text(text)
        return PackMeta.model_validate(parsed.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PackError(f"{path}: pack 元数据无效：{where}: {first['msg']}") from None
    except Exception as exc:  # noqa: BLE001 - any unreadable pack is a configuration error
        raise PackError(f"{path}: pack 无法读取：{exc}") from None


@dataclass(frozen=True)
class PackHeader:
    """What a pack says of itself before its rules: enough to find the pack of a jurisdiction and to check
    ids and ``extends`` chains without reading (or validating) a single rule."""

    id: str
    name: str
    names: tuple[str, ...]
    extends: str | None

    @classmethod
    def of(cls, meta: PackMeta) -> "PackHeader":
        return cls(meta.id, meta.name, tuple(meta.names), meta.extends)

    def matches(self, jurisdiction: str) -> bool:
        return jurisdiction in (self.id, self.name, *self.names)


#: the fields a header holds: read from the text before the ``rules:`` line, and never after it
HEADER_KEYS = frozenset({"id", "name", "names", "extends"})
#: the top-level ``rules:`` line that ends a pack's header
_RULES_LINE = re.compile(r"^rules[ \t]*:", re.MULTILINE)
#: a line that starts at column 0 and is neither blank, a comment nor an item of a list
_TOP_LINE = re.compile(r"^(?![ \t\r\n#]|-[ \t\r\n]|-$).+$", re.MULTILINE)
#: a top-level key of plain characters
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?:[ \t\r]|$)")


def read_header(text: str) -> PackHeader | None:
    """The header of a pack's text, parsed from the lines before its top-level ``rules:`` line alone (a few
    hundred bytes instead of the whole pack); None when that shortcut cannot be sure of giving what
    parsing the whole text gives, and the whole text must be parsed: no ``rules:`` line, a header that
    does not parse on its own (a quoted or flow value running on past it), or anything after it at
    column 0 other than a plain key that is not a header key (another ``id:``, a document marker …)."""
    found = _RULES_LINE.search(text)
    if found is None:
        return None
    for line in _TOP_LINE.finditer(text, found.start()):
        key = _TOP_KEY.match(line.group())
        if key is None or key.group(1) in HEADER_KEYS:
            return None
    try:
        data = parse_yaml_text(text[:found.start()]).data
    except Exception:  # noqa: BLE001 - the whole text is parsed instead, and its error reported
        return None
    if not isinstance(data, dict):
        return None
    ident, name, names, extends = data.get("id"), data.get("name"), data.get("names", []), data.get("extends")
    if type(ident) is not str or type(name) is not str or type(names) is not list \
            or any(type(n) is not str for n in names) or not (extends is None or type(extends) is str):
        return None  # PackMeta would convert or refuse: what it says is found by parsing everything
    return PackHeader(ident, name, tuple(names), extends)


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


class _Packs(Mapping):
    """``PackSet.packs``: pack id -> Pack. Looking one pack up reads and validates it and its ``extends``
    chain only; going through all of them (iterating, ``len``, ``values()``) reads and validates every pack."""

    def __init__(self, packset: "PackSet"):
        self._packset = packset

    def __getitem__(self, pack_id: str) -> Pack:
        if pack_id not in self._packset._headers:
            raise KeyError(pack_id)
        return self._packset._pack(pack_id)

    def __contains__(self, pack_id: object) -> bool:
        return pack_id in self._packset._headers

    def __iter__(self) -> Iterator[str]:
        return iter(self._packset._everything())

    def __len__(self) -> int:
        return len(self._packset._headers)


class PackSet:
    """Every pack available to a run, with ``extends`` resolved.

    Loading reads every pack file and its header (``read_header``): ids, names and ``extends`` chains are
    checked for all of them. A pack's rules are read and validated when the pack is first used
    (``for_jurisdiction``, ``get``, ``packs[id]``), with its ``extends`` chain; going through every pack
    (``packs`` iterated, ``all_rules``, ``clause_codes``) validates them all. ``load(everything=True)``, the
    default, validates every pack at once, as ``packs``, ``explain``, ``rules`` and the tests do; ``check``
    loads with ``everything=False``, so a pack no checked account uses costs nothing and is not reported
    there (``govmedia-lint packs`` reports it).
    """

    def __init__(self, files: list[tuple[Path, str, PackHeader, PackMeta | None]]):
        #: pack id -> (file, text, header, validated metadata or None), in the order of the files
        self._files = {header.id: (path, text, header, meta) for path, text, header, meta in files}
        self._headers = {pack_id: entry[2] for pack_id, entry in self._files.items()}
        self._metas: dict[str, PackMeta] = {pid: meta for pid, (_, _, _, meta) in self._files.items() if meta}
        #: the packs resolved so far
        self._resolved: dict[str, Pack] = {}
        #: every pack id, parents before the packs that extend them (the order every pack is resolved in)
        self._order = self._resolution_order()
        self._all = False
        self.packs: Mapping[str, Pack] = _Packs(self)

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = (), *, everything: bool = True) -> "PackSet":
        """Load the packs (read-only afterwards: repeated loads of unchanged files share one PackSet);
        ``everything``: validate every pack now, not each when first used."""
        for directory in extra_dirs:
            if not Path(directory).is_dir():
                raise PackError(f"规则包目录 {directory} 不存在或不是目录")
        files = [path for directory in [builtin_pack_dir(), *extra_dirs]
                 for path in sorted(Path(directory).glob("*.yaml"))]
        key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        if key not in _LOADED:
            _LOADED.clear()
            _LOADED[key] = cls._load(files, everything)
        packset = _LOADED[key]
        if everything:
            packset._everything()
        return packset

    @classmethod
    def _load(cls, files: list[Path], everything: bool) -> "PackSet":
        entries: list[tuple[Path, str, PackHeader, PackMeta | None]] = []
        seen: dict[str, Path] = {}
        for path in files:
            text = _read_pack_text(path)
            header = None if everything else read_header(text)
            meta = None
            if header is None:
                meta = _parse_pack_meta(path, text)
                header = PackHeader.of(meta)
            if header.id in seen:
                raise PackError(f"{path}: pack id {header.id!r} 与 {seen[header.id]} 重复")
            seen[header.id] = path
            entries.append((path, text, header, meta))
        headers = {header.id: (header, path) for path, _, header, _ in entries}
        for pack_id in headers:  # before any recursion: a cycle or a chain of thousands of packs is an error
            chain = [pack_id]
            while headers[chain[-1]][0].extends in headers:
                parent = headers[chain[-1]][0].extends
                if parent in chain:
                    raise PackError(f"pack 继承成环：{' -> '.join([*chain, parent])}")
                if len(chain) >= MAX_EXTENDS_DEPTH:
                    raise PackError(f"{headers[pack_id][1]}: pack 继承层级超过 {MAX_EXTENDS_DEPTH} 层")
                chain.append(parent)
        return cls(entries)

    def _resolution_order(self) -> list[str]:
        order: dict[str, None] = {}

        def visit(pack_id: str) -> None:
            if pack_id in order:
                return
            parent = self._headers[pack_id].extends
            if parent and parent in self._headers:
                visit(parent)
            order[pack_id] = None

        for pack_id in self._headers:
            visit(pack_id)
        return list(order)

    def _meta(self, pack_id: str) -> PackMeta:
        meta = self._metas.get(pack_id)
        if meta is None:
            path, text, header, _ = self._files[pack_id]
            meta = _parse_pack_meta(path, text)
            if PackHeader.of(meta) != header:  # read_header gives what the whole text says, or nothing
                raise PackError(f"{path}: pack 的 id、name、names 或 extends 前后不一致")
            self._metas[pack_id] = meta
        return meta

    def _everything(self) -> dict[str, Pack]:
        """Every pack validated, in resolution order; errors as loading every pack at once reports them."""
        if not self._all:
            for pack_id in self._files:
                self._meta(pack_id)
            for pack_id in self._files:
                self._pack(pack_id)
            self._resolved = {pack_id: self._resolved[pack_id] for pack_id in self._order}
            self._all = True
        return self._resolved

    def _pack(self, pack_id: str, chain: tuple[str, ...] = ()) -> Pack:
        if pack_id in self._resolved:
            return self._resolved[pack_id]
        if pack_id in chain:
            raise PackError(f"pack 继承成环：{' -> '.join(chain + (pack_id,))}")
        meta = self._meta(pack_id)
        file = str(self._files[pack_id][0])
        pack = Pack(meta=meta, file=file)
        parent_raw: dict[str, dict[str, Any]] = {}
        parent: Pack | None = None
        if meta.extends:
            if meta.extends not in self._files:
                raise PackError(f"{file}: extends 的 pack {meta.extends!r} 不存在")
            parent = self._pack(meta.extends, chain + (pack_id,))
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
        for code in parent_raw:
            if code in overridden or code in rules:
                continue
            rules[code] = parent.rules[code].model_copy(update={"pack": pack_id})
            pack.inherited.append(code)
        pack.rules = rules
        self._resolved[pack_id] = pack
        return pack

    @property
    def files(self) -> list[str]:
        """Every pack file, in the order of ``packs`` (what a cache key covers), without reading any rule."""
        return [str(self._files[pack_id][0]) for pack_id in self._order]

    def for_jurisdiction(self, jurisdiction: str) -> Pack | None:
        found = next((pack_id for pack_id in self._order if self._headers[pack_id].matches(jurisdiction)), None)
        return self._pack(found) if found is not None else None

    def get(self, pack_id: str) -> Pack | None:
        return self._pack(pack_id) if pack_id in self._headers else self.for_jurisdiction(pack_id)

    def all_rules(self) -> list[Rule]:
        """Every distinct rule, each once, in the pack where it is defined."""
        return self._distinct_rules(self._everything())

    @staticmethod
    def _distinct_rules(packs: dict[str, Pack]) -> list[Rule]:
        seen: dict[str, Rule] = {}
        for pack in packs.values():
            for code in pack.own:
                seen.setdefault(code, pack.rules[code])
        return list(seen.values())

    def find_rule(self, code: str) -> Rule | None:
        """The rule of a code or alias: looked up in the packs already in use first (a finding's rule is
        there), then in every pack."""
        wanted = code.strip().upper()
        used = {pack_id: self._resolved[pack_id] for pack_id in self._order if pack_id in self._resolved}
        for packs in (used, None):
            for rule in self._distinct_rules(packs) if packs is not None else self.all_rules():
                if rule.code.upper() == wanted or wanted in (a.upper() for a in rule.aliases):
                    return rule
            if self._all:
                break
        return None

    def clause_codes(self) -> dict[str, str]:
        """Code -> name of every pack's roster and history clauses (``reconcile``'s and ``check --history``'s
        findings): severities and waivers name them like rules."""
        return {entry["code"]: str(entry.get("name", "")) for pack in self.packs.values()
                for entry in (*pack.meta.roster, *pack.meta.history)
                if isinstance(entry, dict) and isinstance(entry.get("code"), str)}

    def suggest(self, code: str) -> list[str]:
        codes = [r.code for r in self.all_rules()] + [a for r in self.all_rules() for a in r.aliases]
        import difflib

        return difflib.get_close_matches(code.strip().upper(), codes, n=3, cutoff=0.5)
