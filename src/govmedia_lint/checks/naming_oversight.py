"""Kinds about an account's name and about who keeps control of an outsourced account."""

from __future__ import annotations

from typing import Iterator

from pydantic import Field

from ..engine.kinds import (
    AccountRecord,
    CheckContext,
    MissingData,
    Outcome,
    Params,
    Violation,
    check_kind,
    items_in_window,
)
from ..model import empty_list


class NameParams(Params):
    #: how many distinct characters of the account name must also occur in the host unit's name
    min_shared: int = Field(default=2, ge=1)
    #: words removed from both names first, so they do not count as a link (e.g. the place name)
    ignore: list[str] = Field(default_factory=empty_list)
    #: words that, in the account name, count as tied to the unit (e.g. 发布 for a government news account)
    accept: list[str] = Field(default_factory=empty_list)


def shared_chars(name: str, unit: str, ignore: list[str]) -> list[str]:
    """Distinct characters of ``name`` that also occur in ``unit``, after removing the ``ignore`` words."""
    for word in sorted(ignore, key=len, reverse=True):
        name, unit = name.replace(word, " "), unit.replace(word, " ")
    in_unit, seen = set(unit), {}  # sets: linear in both lengths, not their product (two 2 MB names: 476 s)
    for char in name:
        if char.strip() and char in in_unit:
            seen.setdefault(char, None)
    return list(seen)


@check_kind("name_matches_unit", NameParams)
def name_matches_unit(record: AccountRecord, params: NameParams, ctx: CheckContext) -> Iterator[Outcome]:
    """The account name shares at least ``min_shared`` characters with the host unit's name (a heuristic).

    Characters are compared after removing the ``ignore`` words from both (e.g. the place name);
    a name containing an ``accept`` word passes.

    A heuristic for "名称与主办单位工作职责相关联": 神木公安/神木市公安局 and 神木文旅/神木市文化和旅游局
    pass; a name with nothing of the unit in it (神木小木说/神木市文化和旅游局) is reported for review.
    """
    account = record.account
    if any(word in account.name for word in params.accept):
        return
    shared = shared_chars(account.name, account.host_unit, params.ignore)
    if len(shared) < params.min_shared:
        shown = f"只有“{'、'.join(shared)}”" if shared else "没有"
        yield Violation(f"账号名称“{account.name}”与主办单位“{account.host_unit}”{shown}共同的字"
                        f"（应至少 {params.min_shared} 个），名称应与主办单位工作职责相关联，请核实",
                        account.key_line("name"), {"name": account.name, "host_unit": account.host_unit,
                                                   "shared": shared, "min_shared": params.min_shared})


class OwnReviewParams(Params):
    #: at least this many of a post's reviewers are listed in account.staff.reviewers
    min_own: int = Field(default=1, ge=1)


@check_kind("reviewed_by_own_staff", OwnReviewParams)
def reviewed_by_own_staff(record: AccountRecord, params: OwnReviewParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Each reviewed post has at least ``min_own`` of the host unit's own reviewers among its reviewers.

    The host unit's reviewers are ``account.staff.reviewers``: an outsourced account's publishing
    stays under the unit's control.

    Posts with no reviewers recorded are left to a review-before-publishing rule (no double report).
    """
    staff = record.account.staff
    if staff is None or not staff.reviewers:
        yield MissingData(["account.staff.reviewers"], record.account.key_line("staff"))
        return
    own = {p.name for p in staff.reviewers}
    for post in items_in_window(record, "posts", ctx):
        if not post.reviewers:
            continue  # a post with no reviewer at all is the concern of a review-before-publishing rule
        ours = [r for r in post.reviewers if r in own]
        if len(ours) < params.min_own:
            shown = "、".join(post.reviewers) or "无人"
            yield Violation(f"《{post.title or post.when}》审核人为 {shown}，没有主办单位审核人员"
                            f"（{'、'.join(sorted(own))}）把关", post.line,
                            {"reviewers": post.reviewers, "own_reviewers": sorted(own)})
