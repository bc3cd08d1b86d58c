"""Teams and membership: the rules (a team always keeps a leader) and their activity entries."""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from plplan.activity import record_activity
from plplan.areadata.services import seed_default_modules
from plplan.authz import Capability, members_who_can, role_can
from plplan.extensions import db
from plplan.formatting import plural, possessive
from plplan.goals.services import seed_skills
from plplan.models import Invitation, Membership, Role, Team, User, utcnow
from plplan.responsibilities.services import clear_cells_of, seed_default_areas
from plplan.security import hash_token, new_token
from plplan.text import slugify
from plplan.transactions import for_update, refused_as

SLUG_ATTEMPTS = 10  # teams of one name created at the same instant, each taking the next slug
INVITATION_DAYS = 7  # how long a new invite link works, unless its creator says otherwise


class TeamRuleError(Exception):
    """A change that would break a team rule; the message is shown to the user."""


class SlugTaken(Exception):
    """Another team took the slug between looking for a free one and inserting it."""


class InvitationUsed(Exception):
    """Someone else accepted the single-use link first (or it was revoked or expired)."""

    def __init__(self):
        super().__init__(
            gettext(
                "Someone else used this invite link a moment before you. "
                "Ask the team leader for a new one."
            )
        )


def _unique_slug(name: str) -> str:
    base = slugify(name)
    taken = set(
        db.session.scalars(
            sa.select(Team.slug).where(sa.or_(Team.slug == base, Team.slug.like(f"{base}-%")))
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _add_with_free_slug(team: Team) -> None:
    """Insert the team under a free slug: when the unique index refuses the one found free
    (a team of the same name created at the same instant), look again and take the next."""
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        team.slug = _unique_slug(team.name)
        try:
            with refused_as(SlugTaken()):
                db.session.add(team)
                db.session.flush()
            return
        except SlugTaken:
            if attempt == SLUG_ATTEMPTS:
                raise


def only_team(user: User) -> Team | None:
    """The user's team when they are in exactly one (where signing in takes them), else None."""
    teams = db.session.scalars(
        sa.select(Team).join(Membership).where(Membership.user_id == user.id).limit(2)
    ).all()
    return teams[0] if len(teams) == 1 else None


def new_team(name: str, creator: User) -> Team:
    """An empty team whose creator is its first leader (an import fills it)."""
    team = Team(name=name.strip())
    _add_with_free_slug(team)
    db.session.add(Membership(team=team, user=creator, role=Role.LEADER))
    return team


def create_team(name: str, creator: User) -> Team:
    """A new team whose creator is its first leader, with the default areas and skills."""
    team = new_team(name, creator)
    seed_default_areas(team)
    seed_default_modules(team)
    seed_skills(team)
    record_activity(team, "created", "team", f"created the team {team.name}", team.id, creator)
    return team


def _leader_count(team: Team) -> int:
    """The team's leaders, counted under the lock: two leaders stepping down at the same
    moment wait for each other, so the team cannot end up without one."""
    leaders = db.session.scalars(
        for_update(
            sa.select(Membership.id).where(
                Membership.team_id == team.id, members_who_can(Capability.MANAGE_PEOPLE)
            )
        )
    )
    return len(leaders.all())


def _ensure_not_last_leader(membership: Membership, action: str) -> None:
    if membership.can(Capability.MANAGE_PEOPLE) and _leader_count(membership.team) <= 1:
        raise TeamRuleError(
            gettext(
                "A team always needs a leader: make someone else a leader before you %(action)s.",
                action=action,
            )
        )


def change_role(membership: Membership, role: Role) -> None:
    if membership.role == role:
        return
    if not role_can(role, Capability.MANAGE_PEOPLE):
        _ensure_not_last_leader(membership, gettext("change this role"))
    old = membership.role
    membership.role = role
    if not role_can(role, Capability.HOLD_AREAS):
        clear_cells_of(membership, "viewers have no column in the responsibility map")
    record_activity(
        membership.team,
        "changed_role",
        "membership",
        f"changed {possessive(membership.user.display_name)} role from {old.label} to {role.label}",
        membership.user_id,
    )


def remove_member(membership: Membership) -> None:
    _ensure_not_last_leader(membership, gettext("remove them"))
    record_activity(
        membership.team,
        "removed",
        "membership",
        f"removed {membership.user.display_name} from the team",
        membership.user_id,
    )
    clear_cells_of(membership, "removed from the team")
    db.session.delete(membership)


def leave_team(membership: Membership) -> None:
    _ensure_not_last_leader(membership, gettext("leave"))
    record_activity(membership.team, "left", "membership", "left the team", membership.user_id)
    clear_cells_of(membership, "they left the team")
    db.session.delete(membership)


def create_invitation(team: Team, role: Role, days: int, creator: User) -> tuple[Invitation, str]:
    """A new invitation and its token; the token is shown once and never stored."""
    token, token_hash = new_token()
    invitation = Invitation(
        team=team,
        role=role,
        token_hash=token_hash,
        expires_at=utcnow() + timedelta(days=days),
        created_by=creator,
    )
    db.session.add(invitation)
    db.session.flush()
    record_activity(
        team,
        "invited",
        "invitation",
        f"created an invite link for a {role.label.lower()} (valid {plural(days, 'day', 'days')})",
        invitation.id,
        creator,
    )
    return invitation, token


def pending_invitations(team: Team) -> list[Invitation]:
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(Invitation.team_id == team.id, Invitation.pending())
            .options(joinedload(Invitation.created_by))
            .order_by(Invitation.created_at.desc())
        )
    )


def revoke_invitation(invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    record_activity(
        invitation.team, "revoked", "invitation", "revoked an invite link", invitation.id
    )


def pending_invitation(token: str) -> Invitation | None:
    """The invitation behind a link, if it can still be used."""
    invitation = db.session.scalar(
        sa.select(Invitation)
        .where(Invitation.token_hash == hash_token(token))
        .options(joinedload(Invitation.team))
    )
    return invitation if invitation is not None and invitation.is_pending else None


def membership_of(team: Team, user: User) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id)
    )


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Join the team with the invited role; someone already in it keeps their role, and the
    link stays usable for the person it was meant for."""
    membership = membership_of(invitation.team, user)
    if membership is not None:
        return membership
    _claim(invitation, user)
    membership = Membership(team=invitation.team, user=user, role=invitation.role)
    db.session.add(membership)
    record_activity(
        invitation.team,
        "joined",
        "membership",
        f"joined the team as {invitation.role.label.lower()}",
        user.id,
        user,
    )
    return membership


def _claim(invitation: Invitation, user: User) -> None:
    """Use up the link in one UPDATE ... WHERE still pending: of several people accepting at
    the same instant exactly one gets past here.

    :raise InvitationUsed: it was accepted, revoked or expired meanwhile.
    """
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.pending())
        .values(accepted_at=now, accepted_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise InvitationUsed
    set_committed_value(invitation, "accepted_at", now)
    set_committed_value(invitation, "accepted_by_id", user.id)
