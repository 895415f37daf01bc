"""Kinds about who does what."""

from __future__ import annotations

from typing import Iterator

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


class SeparationParams(Params):
    #: also check each post's editor against its reviewers
    posts: bool = True


@check_kind("separation_of_duties", SeparationParams)
def separation_of_duties(record: AccountRecord, params: SeparationParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Editors (编辑发布) and reviewers (审核) are different people: in the staff list and on each post."""
    staff = record.account.staff
    if staff is None or not staff.editors or not staff.reviewers:
        yield MissingData(["account.staff.editors", "account.staff.reviewers"], record.account.key_line("staff"))
    else:
        both = sorted({p.name for p in staff.editors} & {p.name for p in staff.reviewers})
        if both:
            yield Violation(f"{'、'.join(both)} 既是编辑发布人员又是审核人员，二者须分设", staff.key_line("reviewers"),
                            {"people": both})
    if params.posts:
        for post in items_in_window(record, "posts", ctx):
            if post.editor and post.reviewers and post.editor in post.reviewers:
                yield Violation(f"《{post.title or post.when}》由 {post.editor} 编辑，又由其本人审核", post.line,
                                {"editor": post.editor, "reviewers": post.reviewers})
