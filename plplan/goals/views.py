"""Mentoring goals pages: My goals, Team growth, a goal with its check-ins, skills and settings."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user

from plplan.authz import Capability, may_acknowledge, may_comment_on_goal, may_edit_goal, team_view
from plplan.chart_variants import both
from plplan.extensions import db
from plplan.formatting import plural
from plplan.goals import archive, charts, services
from plplan.goals.forms import (
    AcknowledgeForm,
    CheckInForm,
    CloseForm,
    CommentForm,
    SettingsForm,
    SkillForm,
    form_data,
    goal_form,
)
from plplan.htmx import hx_redirect, is_htmx, is_partial, notice_only, render
from plplan.idempotency import idempotent
from plplan.lookup import child_or_404, team_object_or_404
from plplan.models import CheckIn, Goal, Membership, Skill, User
from plplan.people import contributors
from plplan.text import NameTaken

bp = Blueprint("goals", __name__, url_prefix="/t/<slug>/goals")


@bp.app_context_processor
def _goal_helpers():
    """`goals_attention(membership)` for the team navigation: called only where it is shown."""
    return {"goals_attention": nav_attention}


def nav_attention(membership: Membership) -> int:
    """The navigation's attention badge, counted once per request (a page's tag counts it too);
    a page that showed my goals first counts them instead of asking again."""
    if "goals_attention" not in g:
        shown = g.get("my_goals")
        g.goals_attention = (
            services.attention_count(membership)
            if shown is None
            else len(shown.stale) + len(shown.to_acknowledge)
        )
    return g.goals_attention


def my_goals(membership: Membership) -> services.MyGoals:
    """`services.my_goals` for a page that shows them: the navigation's badge is counted
    from them (the same two lists), one query fewer."""
    g.my_goals = services.my_goals(membership)
    return g.my_goals


def _goal(membership: Membership, goal_id: int) -> Goal:
    """A goal this member may see; a private goal of someone else is simply not there."""
    return team_object_or_404(
        membership, Goal, goal_id, services.visible_to(membership), options=services.GOAL_DETAILS
    )


def _goal_url(goal: Goal, anchor: str | None = None) -> str:
    return url_for("goals.show", slug=goal.team.slug, goal_id=goal.id, _anchor=anchor)


# -- My goals and Team growth -------------------------------------------------------------------


@bp.get("/")
@team_view(Capability.OWN_GOALS)
def mine(membership: Membership):
    """A member's start page in the team: open goals, stale ones, check-ins to acknowledge.

    A card's check-in form is closed until opened, so it loads then (`card`); without
    JavaScript the card links to the goal page's form."""
    mine = my_goals(membership)
    return render(
        "goals/mine.html",
        team=membership.team,
        mine=mine,
        checkin_forms={},
        overdue_ids=services.overdue_ids(mine.open_goals),
        idle_days=services.idle_days(mine.stale),
    )


@bp.get("/<int:goal_id>/card")
@team_view(Capability.OWN_GOALS)
def card(membership: Membership, goal_id: int):
    """A card of My goals with its check-in form open, for htmx; others go to the goal page."""
    goal = _goal(membership, goal_id)
    if not may_edit_goal(membership, goal) or not goal.is_open:
        abort(403)
    if not is_partial():
        return redirect(_goal_url(goal, "check-in"))
    return _goal_card(membership, goal, 200, CheckInForm.for_goal(goal))


def _goal_card(membership: Membership, goal: Goal, status: int, form=None, notice=None):
    """One goal's card on My goals: with its check-in form open when `form` is given (opened,
    or sent back with its errors), closed after a check-in made from it."""
    return render(
        "goals/mine.html",
        "goal_card",
        status,
        team=membership.team,
        goal=goal,
        checkin_forms={goal.id: form} if form else {},
        overdue_ids=services.overdue_ids([goal]),
        notice=notice,
    )


PEOPLE_SHOWN = 30  # rows per person-by-person chart on Team growth until everyone is asked for


@bp.get("/team")
@team_view(Capability.REVIEW_GOALS)
def team(membership: Membership):
    """Leaders' view: goals per person and per skill, what is late, the skills picture.

    The charts with a row per person show the first PEOPLE_SHOWN until everyone is asked for
    (`?people=all`): a big team's page stays the size of what fits on a screen or two."""
    everyone = request.args.get("people") == "all"
    growth = services.team_growth(membership, None if everyone else PEOPLE_SHOWN)
    return render(
        "goals/team.html",
        team=membership.team,
        growth=growth,
        people_hidden=growth.people_count - len(growth.people),
        idle_days=services.idle_days([goal for goal in growth.flagged if goal.stale]),
        legend_items=charts.LEGEND,
        **charts.team_growth_charts(growth),
    )


# -- the closed goals archive ---------------------------------------------------------------------


@bp.get("/closed")
@team_view(Capability.OWN_GOALS)
def closed(membership: Membership):
    """My closed goals and their retrospectives."""
    return _archive(membership, people=None, owner_id=membership.user_id)


@bp.get("/team/closed")
@team_view(Capability.REVIEW_GOALS)
def team_closed(membership: Membership):
    """Everyone's closed goals, for those who review goals."""
    return _archive(membership, people=contributors(membership.team, Capability.OWN_GOALS))


def _archive(membership: Membership, people, owner_id: int | None = None):
    team = membership.team
    filters = archive.ArchiveFilter(request.args, services.skills(team, True), people)
    return render(
        "goals/closed.html",
        "closed_list",
        team=team,
        filters=filters,
        team_wide=people is not None,
        goals=archive.closed_goals(membership, filters, owner_id),
        outcomes=archive.OUTCOME_LABELS,
    )


# -- creating and editing goals -----------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@team_view(Capability.OWN_GOALS)
@idempotent
def new(membership: Membership):
    """Members create their own goals; leaders may create one for anyone in the team."""
    form = goal_form(membership, choose_owner=membership.can(Capability.REVIEW_GOALS))
    if form.validate_on_submit():
        owner = db.session.get(User, form.chosen_owner_id())
        goal = services.create_goal(membership.team, owner, form.fields(), current_user)
        db.session.commit()
        flash(gettext("Goal created. Check in whenever something moves."), "success")
        return hx_redirect(_goal_url(goal))
    if not form.is_submitted() and "owner" in form:
        form.owner.data = membership.user_id
    return render(
        "goals/form.html", "goal_form", 422 if form.errors else 200, team=membership.team, form=form
    )


@bp.route("/<int:goal_id>/edit", methods=["GET", "POST"])
@team_view(Capability.OWN_GOALS)
def edit(membership: Membership, goal_id: int):
    """Edit what the goal is; its value and status change only through check-ins."""
    goal = _goal(membership, goal_id)
    if not may_edit_goal(membership, goal):
        abort(403)
    form = goal_form(membership, goal, data=None if request.method == "POST" else form_data(goal))
    status, saved = 200, None
    if form.validate_on_submit():
        try:
            services.update_goal(goal, form.fields(), form.version.data or 0, current_user)
        except services.GoalConflict:
            db.session.rollback()
            goal = _goal(membership, goal_id)
            form.version.data = goal.version  # saving again now overwrites, knowingly
            status, saved = 409, goal
        else:
            db.session.commit()
            flash(gettext("Goal saved."), "success")
            return hx_redirect(_goal_url(goal))
    elif form.errors:
        status = 422
    return render(
        "goals/form.html",
        "goal_form",
        status,
        team=membership.team,
        form=form,
        goal=goal,
        conflict=saved,
    )


# -- a goal's page: check-ins, acknowledgements, comments ----------------------------------------


def _ack_form(checkin_id: int, **kw) -> AcknowledgeForm:
    return AcknowledgeForm(prefix=f"ack{checkin_id}", **kw)


def _goal_page(membership: Membership, goal: Goal, status: int = 200, block="progress", **forms):
    """The goal page, or one of its sections (progress, comments) for htmx."""
    checkins = services.history(goal)
    forms.setdefault("checkin_form", CheckInForm.for_goal(goal))
    forms.setdefault("comment_form", CommentForm(formdata=None))
    ack_forms = {c.id: _ack_form(c.id, formdata=None) for c in checkins if not c.acknowledged_at}
    ack_forms.update(forms.pop("ack_forms", {}))
    return render(
        "goals/show.html",
        block,
        status,
        team=membership.team,
        goal=goal,
        checkins=checkins,
        previous=checkins[-1] if checkins else None,
        chart=both(charts.progress_chart, goal, checkins),
        comments=services.comments(goal),
        ack_forms=ack_forms,
        overdue=services.is_overdue(goal),
        **forms,
    )


@bp.get("/<int:goal_id>")
@team_view(Capability.OWN_GOALS)
def show(membership: Membership, goal_id: int):
    return _goal_page(membership, _goal(membership, goal_id))


@bp.post("/<int:goal_id>/checkins")
@team_view(Capability.OWN_GOALS)
@idempotent
def check_in(membership: Membership, goal_id: int):
    """Record a check-in in place: the goal page's progress section comes back with the chart
    moved, or, from My goals, the goal's card."""
    goal = _goal(membership, goal_id)
    if not may_edit_goal(membership, goal) or not goal.is_open:
        abort(403)
    form = CheckInForm(goal)
    from_card = is_partial() and request.form.get("from") == "card"
    if not form.validate_on_submit():
        if from_card:
            return _goal_card(membership, goal, 422, form)
        return _goal_page(membership, goal, 422, checkin_form=form)
    services.check_in(goal, current_user, form.fields())
    db.session.commit()
    if from_card:
        return _goal_card(membership, goal, 200, notice=gettext("Check-in saved."))
    return _after_change(membership, goal, "progress", gettext("Check-in saved."))


@bp.post("/<int:goal_id>/checkins/<int:checkin_id>/acknowledge")
@team_view(Capability.OWN_GOALS)
def acknowledge(membership: Membership, goal_id: int, checkin_id: int):
    """The mentor (or a leader) acknowledges a check-in, optionally replying with feedback."""
    goal = _goal(membership, goal_id)
    checkin = child_or_404(goal, CheckIn, checkin_id)
    if not may_acknowledge(membership, goal):
        abort(403)
    form = _ack_form(checkin.id)
    # One already acknowledged is refused below, whatever was typed.
    if checkin.acknowledged_at is None and not form.validate_on_submit():
        return _goal_page(membership, goal, 422, ack_forms={checkin.id: form})
    if not services.acknowledge(checkin, current_user, form.feedback.data or ""):
        db.session.rollback()
        return _refuse(
            goal, gettext("Someone acknowledged this check-in meanwhile: your reply was not sent.")
        )
    db.session.commit()
    notice = gettext("Check-in acknowledged.")
    if is_partial():  # the notice goes with the check-in, where the button was
        return _goal_page(membership, goal, 200, "progress", acknowledged=(checkin.id, notice))
    flash(notice, "success")
    return hx_redirect(_goal_url(goal, f"checkin-{checkin.id}"))


@bp.post("/<int:goal_id>/comments")
@team_view(Capability.OWN_GOALS)
@idempotent
def comment(membership: Membership, goal_id: int):
    goal = _goal(membership, goal_id)
    if not may_comment_on_goal(membership, goal):
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        return _goal_page(membership, goal, 422, "comments", comment_form=form)
    services.add_comment(goal, current_user, form.body.data)
    db.session.commit()
    return _after_change(membership, goal, "comments", gettext("Comment added."))


def _refuse(goal: Goal, message: str):
    """Nothing changes; htmx keeps what was typed and shows why, a plain post goes back."""
    if is_htmx():
        return notice_only(message, 409)
    flash(message, "error")
    return hx_redirect(_goal_url(goal))


def _after_change(membership: Membership, goal: Goal, block: str, notice: str):
    """htmx gets the refreshed section in place; a plain form post goes back to the page."""
    if is_partial():
        return _goal_page(membership, goal, 200, block, notice=notice)
    flash(notice, "success")
    return hx_redirect(_goal_url(goal, f"goal-{block}"))


@bp.route("/<int:goal_id>/close", methods=["GET", "POST"])
@team_view(Capability.OWN_GOALS)
def close(membership: Membership, goal_id: int):
    """Close a goal with a short retrospective."""
    goal = _goal(membership, goal_id)
    if not may_edit_goal(membership, goal) or not goal.is_open:
        abort(403)
    form = CloseForm()
    if form.validate_on_submit():
        services.close_goal(goal, form.status.data, form.outcome.data, form.learned.data)
        db.session.commit()
        flash(gettext("Goal closed. Well done for reflecting on it."), "success")
        return hx_redirect(_goal_url(goal))
    return render(
        "goals/close.html",
        "close_form",
        422 if form.errors else 200,
        team=membership.team,
        goal=goal,
        form=form,
    )


# -- skills and settings (leaders) ---------------------------------------------------------------


def _skills_page(membership: Membership, status: int = 200, **forms):
    team = membership.team
    all_skills = services.skills(team, include_archived=True)
    edit_forms = {
        skill.id: SkillForm(formdata=None, obj=skill, prefix=f"skill{skill.id}")
        for skill in all_skills
    }
    edit_forms.update(forms.pop("edit_forms", {}))
    forms.setdefault("skill_form", SkillForm(formdata=None))
    forms.setdefault(
        "settings_form", SettingsForm(formdata=None, goal_stale_days=team.goal_stale_days)
    )
    return render(
        "goals/skills.html",
        status=status,
        team=team,
        skills=all_skills,
        edit_forms=edit_forms,
        **forms,
    )


def _valid_skill_form(membership: Membership, form: SkillForm, skill_id: int | None = None) -> bool:
    if not form.validate_on_submit():
        return False
    if services.skill_name_taken(membership.team, form.name.data, except_id=skill_id):
        _skill_name_taken(form)
        return False
    return True


def _skill_name_taken(form: SkillForm) -> None:
    form.name.errors.append(gettext("The team already has a skill with this name."))


def _back_to_skills(membership: Membership):
    return hx_redirect(url_for("goals.skills", slug=membership.team.slug))


@bp.route("/skills", methods=["GET", "POST"])
@team_view(Capability.MANAGE_SKILLS)
def skills(membership: Membership):
    """The team's skills with their levels, and the staleness setting; a POST adds a skill."""
    if request.method == "GET":
        return _skills_page(membership)
    form = SkillForm()
    if not _valid_skill_form(membership, form):
        return _skills_page(membership, 422, skill_form=form)
    try:
        skill = services.add_skill(membership.team, form.name.data, form.levels.data or "")
    except NameTaken:
        _skill_name_taken(form)
        return _skills_page(membership, 422, skill_form=form)
    db.session.commit()
    flash(gettext("Added the skill %(name)s.", name=skill.name), "success")
    return _back_to_skills(membership)


@bp.post("/skills/<int:skill_id>")
@team_view(Capability.MANAGE_SKILLS)
def update_skill(membership: Membership, skill_id: int):
    """Rename a skill or describe its levels."""
    skill = team_object_or_404(membership, Skill, skill_id)
    form = SkillForm(prefix=f"skill{skill.id}")
    if not _valid_skill_form(membership, form, skill.id):
        return _skills_page(membership, 422, edit_forms={skill.id: form})
    try:
        services.update_skill(skill, form.name.data, form.levels.data or "")
    except NameTaken:
        _skill_name_taken(form)
        return _skills_page(membership, 422, edit_forms={skill.id: form})
    db.session.commit()
    flash(gettext("Saved the skill %(name)s.", name=skill.name), "success")
    return _back_to_skills(membership)


@bp.post("/skills/<int:skill_id>/archive")
@team_view(Capability.MANAGE_SKILLS)
def archive_skill(membership: Membership, skill_id: int):
    """Archive a skill (or restore an archived one): existing goals keep it."""
    skill = team_object_or_404(membership, Skill, skill_id)
    services.set_skill_archived(skill, skill.archived_at is None)
    db.session.commit()
    if skill.archived_at:
        message = gettext("The skill %(name)s is archived.", name=skill.name)
    else:
        message = gettext("The skill %(name)s is restored.", name=skill.name)
    flash(message, "success")
    return _back_to_skills(membership)


@bp.post("/settings")
@team_view(Capability.MANAGE_SKILLS)
def settings(membership: Membership):
    form = SettingsForm()
    if not form.validate_on_submit():
        return _skills_page(membership, 422, settings_form=form)
    services.set_stale_days(membership.team, form.goal_stale_days.data)
    db.session.commit()
    days = plural(form.goal_stale_days.data, "day", "days")
    flash(gettext("Goals now count as stale after %(days)s.", days=days), "success")
    return _back_to_skills(membership)
