"""Comments on the sections of a plan: threads one level deep, resolved by a leader."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from plplan.activity import record_activity
from plplan.authz import Capability
from plplan.extensions import db
from plplan.models import Plan, PlanComment, User, utcnow
from plplan.notifications import mentions
from plplan.notifications.events import Event
from plplan.notifications.outbox import notify
from plplan.vision.parts import SECTIONS_BY_KEY


@dataclass(frozen=True)
class Summary:
    """What a section's closed comments show: how many, how many still open, the latest."""

    total: int = 0
    open: int = 0
    last_at: datetime | None = None

    @classmethod
    def of(cls, threads: list[PlanComment]) -> "Summary":
        """The summary of loaded threads (their replies loaded too)."""
        everything = [c for thread in threads for c in (thread, *thread.replies)]
        return cls(
            total=len(everything),
            open=sum(thread.size for thread in threads if not thread.is_resolved),
            last_at=max((c.created_at for c in everything), default=None),
        )


def summaries(plan: Plan) -> defaultdict[str, Summary]:
    """Each section's summary (empty for one without comments), counted in one query.

    The plan page shows only these; a section's threads load when someone opens them.
    """
    rows = db.session.execute(_summaries_query(), {"plan_id": plan.id})
    return defaultdict(
        Summary,
        {
            section: Summary(total, total - resolved, last_at)
            for section, total, resolved, last_at in rows
        },
    )


@cache
def _summaries_query() -> sa.Select:
    """summaries' query, built once per process: building it (an alias of the comments for
    their threads) cost ten times what running it does."""
    thread = aliased(PlanComment)  # the comment that opens each comment's thread
    return (
        sa.select(
            PlanComment.section,
            sa.func.count(),
            sa.func.count(thread.resolved_at),
            sa.func.max(PlanComment.created_at),
        )
        .join(thread, thread.id == sa.func.coalesce(PlanComment.parent_id, PlanComment.id))
        .where(PlanComment.plan_id == sa.bindparam("plan_id"))
        .group_by(PlanComment.section)
    )


def threads(plan: Plan, section: str) -> list[PlanComment]:
    """The section's top-level comments, oldest first, replies and authors loaded (two queries)."""
    return db.session.scalars(
        sa.select(PlanComment)
        .where(
            PlanComment.plan_id == plan.id,
            PlanComment.section == section,
            PlanComment.parent_id.is_(None),
        )
        .options(
            joinedload(PlanComment.author),
            joinedload(PlanComment.resolved_by),
            selectinload(PlanComment.replies).joinedload(PlanComment.author),
        )
        .order_by(PlanComment.id)
    ).all()


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
    event = Event(
        "plan_comment",
        plan.team,
        author,
        comment,
        f"{author.display_name} {verb} on {title} in “{plan.name}”",
        "vision.thread",
        {"plan_id": plan.id, "section": comment.section},
        f"comment-{comment.id}",
        mentions.plain(body),
    )
    told = mentions.notify_mentioned(
        event,
        body,
        f"{author.display_name} mentioned you on {title} in “{plan.name}”",
        Capability.READ_DRAFTS,  # who reads a plan's comments
    )
    notify(replace(event, skip=told))
    return comment


def set_resolved(comment: PlanComment, user: User, resolved: bool = True) -> None:
    comment.resolved_at = utcnow() if resolved else None
    comment.resolved_by_id = user.id if resolved else None
