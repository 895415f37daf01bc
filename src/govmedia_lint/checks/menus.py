"""Kinds about an account's menu structure (e.g. WeChat official-account menus)."""

from __future__ import annotations

from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..engine.kinds import (
    ACTIVE_STATUSES,
    AccountRecord,
    CheckContext,
    MissingData,
    Outcome,
    Params,
    Violation,
    check_kind,
)
from ..model import empty_list
from .allowlist import normalize


class RequiredMenu(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    #: sub-menu items that must be under it (others may be added)
    items: list[str] = Field(default_factory=empty_list)


class RequiredMenusParams(Params):
    menus: list[RequiredMenu] = Field(min_length=1)
    #: no top-level menus other than the required ones
    only_listed: bool = False


@check_kind("required_menus", RequiredMenusParams)
def required_menus(record: AccountRecord, params: RequiredMenusParams, ctx: CheckContext) -> Iterator[Outcome]:
    """The account's top-level menus include every menu of ``menus`` with at least its ``items``
    (names compared without spacing, width or quotation differences); with ``only_listed``, no other
    top-level menu. Judged on live accounts only.
    """
    account = record.account
    if account.status not in ACTIVE_STATUSES:
        return
    if account.menus is None:
        yield MissingData(["account.menus"], account.line)
        return
    menus_line = account.key_line("menus")
    have = {normalize(m.name): m for m in account.menus}
    wanted = [normalize(m.name) for m in params.menus]
    for spec in params.menus:
        menu = have.get(normalize(spec.name))
        if menu is None:
            sub = f"（下设：{'、'.join(spec.items)}）" if spec.items else ""
            yield Violation(f"缺少主菜单“{spec.name}”{sub}", menus_line,
                            {"menu": spec.name, "required_items": spec.items})
            continue
        items = {normalize(i) for i in menu.items}
        absent = [i for i in spec.items if normalize(i) not in items]
        if absent:
            yield Violation(f"主菜单“{menu.name}”下缺少“{'”“'.join(absent)}”", menu.line,
                            {"menu": spec.name, "missing_items": absent})
    if params.only_listed:
        for menu in account.menus:
            if normalize(menu.name) not in wanted:
                yield Violation(f"主菜单“{menu.name}”不在规定的主菜单中（应为“{'”“'.join(m.name for m in params.menus)}”）",
                                menu.line, {"menu": menu.name})
