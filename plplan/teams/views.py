"""Team pages: create, home, members and roles, invitations, joining and leaving."""

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from plplan.activity import activity_log, activity_rows, link_to, recent_activity
from plplan.authz import Capability, team_view
from plplan.csvfile import csv_download
from plplan.extensions import db
from plplan.goals.views import my_goals
from plplan.htmx import hx_redirect, render
from plplan.idempotency import idempotent, idempotent_shown_once
from plplan.lookup import team_object_or_404
from plplan.mail import external_url
from plplan.models import Invitation, Membership
from plplan.people import first_members
from plplan.people import members as team_members
from plplan.teams import services
from plplan.teams.forms import ActivityFilter, InvitationForm, RoleForm, TeamForm
from plplan.teams.roster import roster
from plplan.teams.start import getting_started

bp = Blueprint("teams", __name__)
HOME_PEOPLE = 12  # the team home names a few; the people page has everyone
bp.add_app_template_global(link_to, "activity_link")


@bp.route("/teams/new", methods=["GET", "POST"])
@login_required
@idempotent
def create():
    form = TeamForm()
    if form.validate_on_submit():
        team = services.create_team(form.name.data, current_user)
        db.session.commit()
        flash(gettext("%(team)s is ready. Four steps get it going.", team=team.name), "success")
        return hx_redirect(url_for("teams.home", slug=team.slug))
    return render("teams/new.html", form=form, status=422 if form.errors else 200)


@bp.get("/t/<slug>/")
@team_view(Capability.READ)
def home(membership: Membership):
    """The team's front page: who is in it and what happened lately; a new team's leader sees
    the getting-started steps first."""
    people, everyone = first_members(membership.team, HOME_PEOPLE)
    return render(
        "teams/home.html",
        team=membership.team,
        steps=getting_started(membership),
        my_goals=my_goals(membership) if membership.can(Capability.OWN_GOALS) else None,
        members=people,
        member_count=everyone,
        activity=recent_activity(membership),
    )


@bp.get("/t/<slug>/activity")
@team_view(Capability.READ)
def activity(membership: Membership):
    """The whole activity log, a page at a time, filtered by module, person and days."""
    team = membership.team
    filters = ActivityFilter(request.args, team_members(team))
    log = activity_log(membership, filters.criteria(), request.args.get("before"))
    return render("teams/activity.html", team=team, filters=filters, log=log)


@bp.get("/t/<slug>/activity.csv")
@team_view(Capability.READ)
def activity_csv(membership: Membership):
    """The filtered log as CSV: the audit log, every entry the member may see."""
    team = membership.team
    filters = ActivityFilter(request.args, team_members(team))
    base = current_app.config["PLPLAN_BASE_URL"]
    rows = activity_rows(membership, filters.criteria(), base)
    return csv_download(rows, f"{team.slug}-activity.csv")


@bp.get("/t/<slug>/members")
@team_view(Capability.READ)
def members(membership: Membership):
    """Everyone in the team, a page at a time (`?page=`), or those a search (`?q=`) finds;
    htmx gets the list alone."""
    return _members_page(membership)


def _members_page(membership: Membership, status: int = 200):
    found = roster(
        membership.team,
        request.args.get("q", ""),
        request.args.get("page", 1, type=int),
        by_email=membership.can(Capability.SEE_EMAILS),
    )
    return render(
        "teams/members.html",
        "member_list",
        status,
        team=membership.team,
        found=found,
        role_form=RoleForm(),
    )


def _change_membership(membership: Membership, change, success: str, then: str):
    """Run a membership change, then go to `then`; a broken team rule is shown instead."""
    try:
        change()
    except services.TeamRuleError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("teams.members", slug=membership.team.slug), 303)
    db.session.commit()
    flash(success, "success")
    return redirect(then, 303)


@bp.post("/t/<slug>/members/<int:member_id>/role")
@team_view(Capability.MANAGE_PEOPLE)
def change_role(membership: Membership, member_id: int):
    other = team_object_or_404(membership, Membership, member_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(gettext("Choose one of the roles offered."), "error")
        return redirect(url_for("teams.members", slug=membership.team.slug), 303)
    return _change_membership(
        membership,
        lambda: services.change_role(other, form.role.role),
        gettext(
            "%(name)s is now %(role)s.",
            name=other.user.display_name,
            role=form.role.role.label.lower(),
        ),
        url_for("teams.members", slug=membership.team.slug),
    )


@bp.post("/t/<slug>/members/<int:member_id>/remove")
@team_view(Capability.MANAGE_PEOPLE)
def remove_member(membership: Membership, member_id: int):
    other = team_object_or_404(membership, Membership, member_id)
    return _change_membership(
        membership,
        lambda: services.remove_member(other),
        gettext("%(name)s was removed from the team.", name=other.user.display_name),
        url_for("teams.members", slug=membership.team.slug),
    )


@bp.post("/t/<slug>/leave")
@team_view(Capability.READ)
def leave(membership: Membership):
    return _change_membership(
        membership,
        lambda: services.leave_team(membership),
        gettext("You left %(team)s.", team=membership.team.name),
        url_for("main.home"),
    )


@bp.route("/t/<slug>/invitations", methods=["GET", "POST"])
@team_view(Capability.MANAGE_PEOPLE)
@idempotent_shown_once
def invitations(membership: Membership):
    """Create invite links (the new link is shown once, to copy) and list the pending ones."""
    team = membership.team
    form = InvitationForm()
    new_link = None
    if form.validate_on_submit():
        _, token = services.create_invitation(team, form.role.role, form.days.data, current_user)
        db.session.commit()
        new_link = external_url("teams.join", token=token)
        form = InvitationForm(formdata=None)
    return render(
        "teams/invitations.html",
        "invitations",
        422 if form.errors else 200,
        team=team,
        form=form,
        new_link=new_link,
        pending=services.pending_invitations(team),
    )


@bp.post("/t/<slug>/invitations/<int:invitation_id>/revoke")
@team_view(Capability.MANAGE_PEOPLE)
def revoke_invitation(membership: Membership, invitation_id: int):
    invitation = team_object_or_404(membership, Invitation, invitation_id)
    services.revoke_invitation(invitation)
    db.session.commit()
    flash(gettext("The invite link no longer works."), "success")
    return hx_redirect(url_for("teams.invitations", slug=membership.team.slug))


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str):
    """An invitation link: sign in or register, then join with one click."""
    invitation = services.pending_invitation(token)
    if invitation is None:
        return render("teams/join_invalid.html", status=404)
    if not current_user.is_authenticated:
        return render("teams/join.html", invitation=invitation, token=token)
    if request.method == "POST":
        try:
            membership = services.accept_invitation(invitation, current_user)
        except services.InvitationUsed as used:
            db.session.rollback()
            return render("teams/join_invalid.html", status=409, reason=str(used))
        db.session.commit()
        flash(gettext("You joined %(team)s.", team=membership.team.name), "success")
        return redirect(url_for("teams.home", slug=membership.team.slug), 303)
    already = services.membership_of(invitation.team, current_user)
    return render("teams/join.html", invitation=invitation, token=token, already=already)
