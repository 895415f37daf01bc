"""Clauses a pack cites for findings that are not rules of a check kind: ``roster:`` (``reconcile``) and
``history:`` (``check --history``). Each section is a list of entries validated by its own model (a
``Clause`` with the finding it covers and its examples); a pack inherits its parent's entries for the
findings it does not cite itself."""

from __future__ import annotations

from typing import Literal, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .packs import Pack, PackError, PackSet, Source

C = TypeVar("C", bound="Clause")


class Clause(BaseModel):
    """What every cited clause has: code, name, title, severity and why, the source, the explanation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name: str
    title: str
    severity: str = Field(pattern="^(error|warning|info)$")
    basis: Optional[Literal["obligation", "veto", "principle", "declared", "deduction", "heuristic"]] = None
    source: Source
    explain: str
    pack: str = ""


def own_clauses(pack: Pack, section: str, model: type[C], what: str) -> list[C]:
    """The pack's own entries of ``section`` (``roster``, ``history``); a bad one is a ``PackError`` naming
    ``what`` it is (名册条款 …)."""
    clauses = []
    for raw in getattr(pack.meta, section):
        raw = dict(raw)
        if isinstance(raw.get("source"), dict):
            raw["source"] = {"document": pack.meta.document, "ref": pack.meta.ref, **raw["source"]}
        try:
            clauses.append(model.model_validate({**raw, "pack": pack.id}))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            raise PackError(f"{pack.file}: {what} {raw.get('code', '?')} 无效：{problems}") from None
    return clauses


def pack_clauses(pack: Pack, packset: PackSet, section: str, model: type[C], what: str) -> list[C]:
    """The pack's clauses: its own, then its parent's for the findings (``finding``) it does not cite itself."""
    own = own_clauses(pack, section, model, what)
    parent = packset.packs.get(pack.meta.extends or "")
    if parent is None:
        return own
    covered = {clause.finding for clause in own}
    return own + [c for c in pack_clauses(parent, packset, section, model, what) if c.finding not in covered]


def every_clause(packset: PackSet, section: str, model: type[C], what: str) -> list[C]:
    """Every pack's own clauses of ``section`` (each once)."""
    return [clause for pack in packset.packs.values() for clause in own_clauses(pack, section, model, what)]
