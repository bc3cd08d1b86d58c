"""The people page's list: PAGE people at a time, by name, or those a search finds.

A 200-person team's list with a role form per row is a quarter of a megabyte; a page of it is
what anyone reads at once, and a search finds the one person a leader came for. The count of
everyone found comes with the rows (a window function), so a page costs one query.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from plplan.extensions import db
from plplan.models import Membership, Team, User

PAGE = 30  # people per page of the people page, as many as the grid's columns


@dataclass(frozen=True)
class Roster:
    """One page of the people found, and where it sits among them."""

    members: list[Membership]
    search: str
    page: int  # 1 for the first
    total: int  # everyone the search found (everyone without one)

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.members) - 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))


def roster(team: Team, search: str = "", page: int = 1, by_email: bool = False) -> Roster:
    """The `page`th PAGE people of the team whose name (or email, for those who may see
    emails: `by_email`) contains `search`; a page past the end gives the first one."""
    search = search.strip()
    query = (
        sa.select(Membership, sa.func.count().over())
        .join(Membership.user)
        .where(Membership.team_id == team.id)
        .options(contains_eager(Membership.user))
        .order_by(User.display_name, Membership.id)
    )
    if search:
        found = User.display_name.icontains(search, autoescape=True)
        if by_email:
            found |= User.email.icontains(search, autoescape=True)
        query = query.where(found)
    page = max(page, 1)
    rows = db.session.execute(query.limit(PAGE).offset((page - 1) * PAGE)).all()
    if not rows and page > 1:  # an old link past the end (people left): start again
        return roster(team, search, 1, by_email)
    total = rows[0][1] if rows else 0
    return Roster([m for m, _ in rows], search, page, total)
