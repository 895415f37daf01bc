"""Kinds about who does what."""

from __future__ import annotations

from typing import Iterator, Literal

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


class TrainedParams(Params):
    #: the staff lists whose people must be trained before taking up the post
    roles: list[Literal["leader", "operators", "editors", "reviewers"]] = Field(
        default_factory=lambda: ["operators", "editors", "reviewers"])


@check_kind("staff_trained", TrainedParams)
def staff_trained(record: AccountRecord, params: TrainedParams, ctx: CheckContext) -> Iterator[Outcome]:
    """Every person of the ``roles`` lists was trained (``trained_on``), and not after taking up the post
    (``on_duty_since``, where given): "须经培训后方可上岗".
    """
    staff = record.account.staff
    if staff is None:
        yield MissingData(["account.staff"], record.account.line)
        return
    untrained = []
    for role in params.roles:
        value = getattr(staff, role)
        for person in [value] if role == "leader" else (value or []):  # an unknown list: nobody to judge
            if person is None:
                continue
            if person.trained_on is None:
                untrained.append(person)
            elif person.on_duty_since and person.trained_on > person.on_duty_since:
                yield Violation(f"{person.name} {person.on_duty_since} 上岗，{person.trained_on} 才培训，应先培训后上岗",
                                person.line, {"person": person.name, "trained_on": person.trained_on.isoformat(),
                                              "on_duty_since": person.on_duty_since.isoformat()})
    if untrained:
        names = "、".join(dict.fromkeys(p.name for p in untrained))
        yield MissingData([f"account.staff（{names}）.trained_on"], untrained[0].line, len(untrained))
