"""Comments on the sections of a plan: threads one level deep, resolved by a leader."""

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from plplan.activity import record_activity
from plplan.extensions import db
from plplan.models import Plan, PlanComment, User, utcnow
from plplan.vision.parts import SECTIONS_BY_KEY


def threads(plan: Plan) -> dict[str, list[PlanComment]]:
    """Top-level comments by section, oldest first, replies and authors loaded (two queries)."""
    by_section: dict[str, list[PlanComment]] = defaultdict(list)
    for comment in db.session.scalars(
        sa.select(PlanComment)
        .where(PlanComment.plan_id == plan.id, PlanComment.parent_id.is_(None))
        .options(
            joinedload(PlanComment.author),
            joinedload(PlanComment.resolved_by),
            selectinload(PlanComment.replies).joinedload(PlanComment.author),
        )
        .order_by(PlanComment.id)
    ):
        by_section[comment.section].append(comment)
    return by_section


def open_counts(by_section: dict[str, list[PlanComment]]) -> dict[str, int]:
    """Comments (with replies) in unresolved threads, per section."""
    return {
        section: sum(thread.size for thread in items if not thread.is_resolved)
        for section, items in by_section.items()
    }


def add_comment(
    plan: Plan, section: str, body: str, author: User, parent: PlanComment | None = None
) -> PlanComment:
    """A new thread on `section`, or a reply (always to the thread's first comment)."""
    if parent is not None and parent.parent_id is not None:
        parent = db.session.get(PlanComment, parent.parent_id)
    comment = PlanComment(
        plan_id=plan.id,
        section=parent.section if parent else section,
        parent_id=parent.id if parent else None,
        author_id=author.id,
        body=body,
    )
    db.session.add(comment)
    db.session.flush()
    title = SECTIONS_BY_KEY[comment.section].title
    verb = "replied to a comment" if parent else "commented"
    record_activity(
        plan.team, "commented", "plan", f"{verb} on {title} in “{plan.name}”", plan.id, author
    )
    return comment


def set_resolved(comment: PlanComment, user: User, resolved: bool = True) -> None:
    comment.resolved_at = utcnow() if resolved else None
    comment.resolved_by_id = user.id if resolved else None
