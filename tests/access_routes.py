"""The table of every team-scoped route: its method, path, endpoint, the capability it needs,
the answer it gives when allowed, and the answers an object rule changes (see test_access.py).
"""

from dataclasses import dataclass, field

from plplan.authz import Capability


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # placeholders: {slug} and the keys of the `world` fixture's ids
    # `data` keys and values may use the same placeholders
    endpoint: str
    capability: Capability
    ok: int = 200
    data: dict = field(default_factory=dict)
    # answers that follow from an object rule rather than the role, e.g. {"viewer": 404}
    exceptions: dict = field(default_factory=dict)


# The world's area has its budget on, hidden from viewers: they get 404 as for hidden data.
HIDDEN_FROM_VIEWERS = {"viewer": 404}
BUDGET = "/t/{slug}/responsibilities/areas/{area_id}/budget"
NO_UPLOAD = "/t/{slug}/bundle/import/" + "0" * 64


KPI_SETTINGS = {
    "name": "PQLs",
    "unit": "count",
    "direction": "up",
    "cadence": "monthly",
    "owner_id": "",
    "link": "",
}

COMM_DATA = {
    "audience": "n:Board",
    "what": "Quarterly update",
    "channel": "email",
    "cadence": "quarterly",
    "owner": "",
    "first_due": "2026-12-01",
}

ROUTES = [
    Route("GET", "/t/{slug}/", "teams.home", Capability.READ),
    Route("GET", "/t/{slug}/members", "teams.members", Capability.READ),
    Route("GET", "/t/{slug}/activity", "teams.activity", Capability.READ),
    Route("GET", "/t/{slug}/activity.csv", "teams.activity_csv", Capability.READ),
    Route("GET", "/t/{slug}/search?q=plan", "search.results", Capability.READ),
    Route("GET", "/t/{slug}/people/suggest?q=ta", "mentions.suggest", Capability.COMMENT),
    Route(
        "POST",
        "/t/{slug}/members/{member_id}/role",
        "teams.change_role",
        Capability.MANAGE_PEOPLE,
        303,
        {"role": "viewer"},
    ),
    Route(
        "POST",
        "/t/{slug}/members/{member_id}/remove",
        "teams.remove_member",
        Capability.MANAGE_PEOPLE,
        303,
    ),
    Route("POST", "/t/{slug}/leave", "teams.leave", Capability.READ, 303),
    Route("GET", "/t/{slug}/invitations", "teams.invitations", Capability.MANAGE_PEOPLE),
    Route(
        "POST",
        "/t/{slug}/invitations",
        "teams.invitations",
        Capability.MANAGE_PEOPLE,
        200,
        {"days": "7", "role": "member"},
    ),
    Route(
        "POST",
        "/t/{slug}/invitations/{invitation_id}/revoke",
        "teams.revoke_invitation",
        Capability.MANAGE_PEOPLE,
        303,
    ),
    # responsibilities
    Route("GET", "/t/{slug}/responsibilities/", "responsibilities.grid", Capability.READ),
    Route("GET", "/t/{slug}/responsibilities/cards", "responsibilities.cards", Capability.READ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/cells",
        "responsibilities.set_cell",
        Capability.EDIT_MAP,
        303,
        {"role": "R", "member_id": "{member_id}"},
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/export.csv",
        "responsibilities.export_csv",
        Capability.READ,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/settings",
        "responsibilities.settings",
        Capability.EDIT_MAP,
        303,
        {"load_threshold": "4"},
    ),
    Route("GET", "/t/{slug}/responsibilities/mine", "responsibilities.mine", Capability.READ),
    Route("GET", "/t/{slug}/responsibilities/areas", "responsibilities.areas", Capability.EDIT_MAP),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas",
        "responsibilities.areas",
        Capability.EDIT_MAP,
        303,
        {"name": "Pricing"},
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{area_id}",
        "responsibilities.area",
        Capability.READ,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/edit",
        "responsibilities.edit_area",
        Capability.EDIT_MAP,
        303,
        {"name": "Budget", "purpose": "", "duties": "", "decisions": ""},
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/move",
        "responsibilities.move_area",
        Capability.EDIT_MAP,
        303,
        {"direction": "down"},
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/archive",
        "responsibilities.archive_area",
        Capability.EDIT_MAP,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/restore",
        "responsibilities.restore_area",
        Capability.EDIT_MAP,
        303,
    ),
    # area data: which kinds of data an area carries, the team's currency and fiscal year
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/modules",
        "areadata.set_modules",
        Capability.EDIT_MAP,
        303,
        {"modules-budget": "members"},
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/area-data/settings",
        "areadata.settings",
        Capability.EDIT_MAP,
        303,
        {
            "currency": "USD",
            "fiscal_year_start": "4",
            "budget_threshold_pct": "15",
            "area_id": "{area_id}",
        },
    ),
    # budget: the world's member is not the area's A or R, so only the leader edits it
    Route(
        "GET",
        BUDGET + "/lines/new",
        "areadata.new_budget_line",
        Capability.EDIT_AREA_DATA,
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/lines",
        "areadata.add_budget_line",
        Capability.EDIT_AREA_DATA,
        303,
        {"name": "Ads", "category": "Marketing", "amount": "100", "per": "month"},
        HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "GET",
        BUDGET + "/lines/{line_id}",
        "areadata.budget_line",
        Capability.READ_AREA_DATA,
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/lines/{line_id}",
        "areadata.budget_line",
        Capability.EDIT_AREA_DATA,
        303,
        {
            "planned-{month}": "12.50",
            "was-planned-{month}": "10.00",
            "version-planned-{month}": "1",
        },
        HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/lines/{line_id}/explanation",
        "areadata.explain_budget_line",
        Capability.EDIT_AREA_DATA,
        303,
        {"driver": "Usage grew", "action": "Renegotiate"},
        HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "GET",
        BUDGET + ".csv",
        "areadata.budget_csv",
        Capability.READ_AREA_DATA,
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/upload",
        "areadata.upload_budget",
        Capability.EDIT_AREA_DATA,
        422,  # no file sent: the form asks for one
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/carry-forward",
        "areadata.carry_budget_forward",
        Capability.EDIT_AREA_DATA,
        303,
        exceptions=HIDDEN_FROM_VIEWERS,
    ),
    Route(
        "POST",
        BUDGET + "/upload/confirm",
        "areadata.confirm_budget_upload",
        Capability.EDIT_AREA_DATA,
        303,
        {"csv_text": "Line,Category,Kind\nHosting,Tools,Planned\n"},
        HIDDEN_FROM_VIEWERS,
    ),
    # KPIs: the world's Go-to-market area carries them, visible to viewers; nobody holds it
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis",
        "areadata.add_kpi",
        Capability.EDIT_AREA_DATA,
        303,
        {"template": "pql"},
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis/{kpi_id}",
        "areadata.kpi",
        Capability.READ,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis/{kpi_id}/settings",
        "areadata.kpi_settings",
        Capability.EDIT_AREA_DATA,
        303,
        KPI_SETTINGS,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis/{kpi_id}/targets",
        "areadata.kpi_target",
        Capability.EDIT_AREA_DATA,
        303,
        {"starts": "{kpi_period}", "value": "100"},
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{kpi_area_id}/kpis/{kpi_id}/entries",
        "areadata.record_entry",
        Capability.EDIT_AREA_DATA,
        303,
        {"period": "{kpi_period}", "value": "42", "version": "0"},
    ),
    # the communication plan: leaders and the area's A and R edit it (the world's area has no
    # A or R, so members may not), viewers see it where a leader showed it to them (here)
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/new",
        "areadata.new_communication",
        Capability.EDIT_AREA_DATA,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/new",
        "areadata.new_communication",
        Capability.EDIT_AREA_DATA,
        303,
        COMM_DATA,
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/{comm_id}/edit",
        "areadata.edit_communication",
        Capability.EDIT_AREA_DATA,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/{comm_id}/edit",
        "areadata.edit_communication",
        Capability.EDIT_AREA_DATA,
        303,
        COMM_DATA,
    ),
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/{comm_id}/delete",
        "areadata.delete_communication",
        Capability.EDIT_AREA_DATA,
        303,
    ),
    # the row's owner may mark it done too; the world's row is owned by the target member
    Route(
        "POST",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/{comm_id}/done",
        "areadata.mark_done",
        Capability.EDIT_AREA_DATA,
        303,
        {"done{comm_id}-done_on": "2026-01-05", "done{comm_id}-note": "Sent"},
    ),
    Route(
        "GET",
        "/t/{slug}/responsibilities/areas/{area_id}/comms/history",
        "areadata.communication_history",
        Capability.READ,
    ),
    # goals: the world's goal is owned by the member and mentored by the target member
    Route("GET", "/t/{slug}/goals/", "goals.mine", Capability.OWN_GOALS),
    Route("GET", "/t/{slug}/goals/team", "goals.team", Capability.REVIEW_GOALS),
    Route("GET", "/t/{slug}/goals/closed", "goals.closed", Capability.OWN_GOALS),
    Route("GET", "/t/{slug}/goals/team/closed", "goals.team_closed", Capability.REVIEW_GOALS),
    Route("GET", "/t/{slug}/goals/new", "goals.new", Capability.OWN_GOALS),
    Route(
        "POST",
        "/t/{slug}/goals/new",
        "goals.new",
        Capability.OWN_GOALS,
        303,
        {
            "owner": "{owner_id}",
            "title": "Speak at the all-hands",
            "success": "One talk",
            "skill": "{skill_id}",
            "visibility": "team",
        },
    ),
    Route("GET", "/t/{slug}/goals/{goal_id}", "goals.show", Capability.OWN_GOALS),
    # a card of My goals opened for htmx; a plain request goes to the goal page's check-in
    Route("GET", "/t/{slug}/goals/{goal_id}/card", "goals.card", Capability.OWN_GOALS, 302),
    Route("GET", "/t/{slug}/goals/{goal_id}/edit", "goals.edit", Capability.OWN_GOALS),
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/edit",
        "goals.edit",
        Capability.OWN_GOALS,
        303,
        {
            "title": "Run interviews alone",
            "success": "Ten",
            "skill": "{skill_id}",
            "visibility": "team",
            "version": "2",  # created, then one check-in
        },
    ),
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/checkins",
        "goals.check_in",
        Capability.OWN_GOALS,
        303,
        {
            "goal{goal_id}-progress": "40",
            "goal{goal_id}-status": "on_track",
            "goal{goal_id}-confidence": "4",
            "goal{goal_id}-happened": "Two calls",
        },
    ),
    # Only the mentor or a reviewer acknowledges; the member here is the goal's owner.
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/checkins/{checkin_id}/acknowledge",
        "goals.acknowledge",
        Capability.REVIEW_GOALS,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/comments",
        "goals.comment",
        Capability.OWN_GOALS,
        303,
        {"body": "Go!"},
    ),
    Route("GET", "/t/{slug}/goals/{goal_id}/close", "goals.close", Capability.OWN_GOALS),
    Route(
        "POST",
        "/t/{slug}/goals/{goal_id}/close",
        "goals.close",
        Capability.OWN_GOALS,
        303,
        {"status": "done", "outcome": "achieved", "learned": "Ask fewer questions"},
    ),
    Route("GET", "/t/{slug}/goals/skills", "goals.skills", Capability.MANAGE_SKILLS),
    Route(
        "POST",
        "/t/{slug}/goals/skills",
        "goals.skills",
        Capability.MANAGE_SKILLS,
        303,
        {"name": "Negotiation"},
    ),
    Route(
        "POST",
        "/t/{slug}/goals/skills/{skill_id}",
        "goals.update_skill",
        Capability.MANAGE_SKILLS,
        303,
        {"skill{skill_id}-name": "Storytelling", "skill{skill_id}-levels": "Learning"},
    ),
    Route(
        "POST",
        "/t/{slug}/goals/skills/{skill_id}/archive",
        "goals.archive_skill",
        Capability.MANAGE_SKILLS,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/goals/settings",
        "goals.settings",
        Capability.MANAGE_SKILLS,
        303,
        {"goal_stale_days": "10"},
    ),
    # vision
    Route("GET", "/t/{slug}/vision", "vision.index", Capability.READ, 302),
    Route("GET", "/t/{slug}/plans", "vision.plans", Capability.READ),
    Route(
        "POST", "/t/{slug}/plans", "vision.plans", Capability.EDIT_PLAN, 303, {"name": "Next year"}
    ),
    # viewers get 200 because the world's plan is published; an unpublished one is a 404 to them
    Route("GET", "/t/{slug}/plans/{plan_id}", "vision.plan", Capability.READ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rename",
        "vision.rename",
        Capability.EDIT_PLAN,
        303,
        {"name": "X"},
    ),
    Route("POST", "/t/{slug}/plans/{plan_id}/archive", "vision.archive", Capability.EDIT_PLAN, 303),
    Route(
        "POST", "/t/{slug}/plans/{plan_id}/duplicate", "vision.duplicate", Capability.EDIT_PLAN, 303
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/current",
        "vision.make_current",
        Capability.EDIT_PLAN,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/fields/vision",
        "vision.save_field",
        Capability.EDIT_PLAN,
        303,
        {"value": "A vision", "version": "1"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows",
        "vision.add_row",
        Capability.EDIT_PLAN,
        303,
        {"kind": "need"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}",
        "vision.save_row",
        Capability.EDIT_PLAN,
        303,
        {"text": "Shoppers wait", "version": "1"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}/delete",
        "vision.delete_row",
        Capability.EDIT_PLAN,
        303,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/rows/{item_id}/move",
        "vision.move_row",
        Capability.EDIT_PLAN,
        303,
        {"direction": "up"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/presence",
        "vision.presence",
        Capability.READ_DRAFTS,
        200,
        {"section": "pillars"},
    ),
    Route("POST", "/t/{slug}/plans/{plan_id}/publish", "vision.publish", Capability.PUBLISH, 303),
    # published content only, so viewers too (the world's plan is published twice)
    Route("GET", "/t/{slug}/plans/{plan_id}/publications", "vision.publications", Capability.READ),
    Route(
        "GET",
        "/t/{slug}/plans/{plan_id}/publications/compare?from=1&to=2",
        "vision.compare_publications",
        Capability.READ,
    ),
    Route(
        "GET",
        "/t/{slug}/plans/{plan_id}/publications/draft",
        "vision.compare_draft",
        Capability.READ_DRAFTS,
    ),
    Route("GET", "/t/{slug}/plans/{plan_id}/history", "vision.revisions", Capability.READ_DRAFTS),
    Route(
        "GET",
        "/t/{slug}/plans/{plan_id}/compare?from={first_revision_id}&to={revision_id}",
        "vision.compare",
        Capability.READ_DRAFTS,
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/revisions/{revision_id}/restore",
        "vision.restore",
        Capability.EDIT_PLAN,
        303,
    ),
    Route(
        "GET", "/t/{slug}/plans/{plan_id}/comments/vision", "vision.thread", Capability.READ_DRAFTS
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/comments",
        "vision.comment",
        Capability.COMMENT,
        303,
        {"section": "vision", "body": "Why now?"},
    ),
    Route(
        "POST",
        "/t/{slug}/plans/{plan_id}/comments/{comment_id}/resolve",
        "vision.resolve",
        Capability.EDIT_PLAN,
        303,
    ),
    # export
    Route("GET", "/t/{slug}/one-pager", "export.one_pager", Capability.EXPORT),
    Route("GET", "/t/{slug}/one-pager.pdf", "export.one_pager_pdf", Capability.EXPORT),
    Route("GET", "/t/{slug}/one-pager.md", "export.one_pager_markdown", Capability.EXPORT),
    Route("GET", "/t/{slug}/share-links", "export.share_links", Capability.SHARE),
    Route(
        "POST",
        "/t/{slug}/share-links",
        "export.share_links",
        Capability.SHARE,
        200,
        {"plan": "{plan_id}", "source": "published", "paper": "a4", "sections": "vision"},
    ),
    Route(
        "POST",
        "/t/{slug}/share-links/{share_link_id}/revoke",
        "export.revoke_share_link",
        Capability.SHARE,
        303,
    ),
    # chat webhook
    Route("GET", "/t/{slug}/chat", "webhooks.chat", Capability.MANAGE_CHAT),
    Route(
        "POST",
        "/t/{slug}/chat",
        "webhooks.chat",
        Capability.MANAGE_CHAT,
        303,
        {"url": "https://93.184.215.14/services/T0/B0/abcd", "kinds": "plan_published"},
    ),
    # no webhook saved: the test message is refused with "Save a webhook URL first"
    Route("POST", "/t/{slug}/chat/test", "webhooks.test_message", Capability.MANAGE_CHAT, 422),
    Route("POST", "/t/{slug}/chat/remove", "webhooks.remove", Capability.MANAGE_CHAT, 303),
    # deliveries that failed
    Route("GET", "/t/{slug}/deliveries", "deliveries.deliveries_page", Capability.SEE_DELIVERIES),
    Route(
        "POST",
        "/t/{slug}/deliveries/{outbox_id}/retry",
        "deliveries.retry",
        Capability.SEE_DELIVERIES,
        303,
    ),
    # the team bundle: no file chosen is refused; nobody uploaded a bundle of this digest
    Route("GET", "/t/{slug}/bundle", "bundle.index", Capability.MOVE_TEAM),
    Route("GET", "/t/{slug}/bundle/team.json", "bundle.download", Capability.MOVE_TEAM),
    Route("POST", "/t/{slug}/bundle/import", "bundle.upload", Capability.MOVE_TEAM, 422),
    Route("GET", NO_UPLOAD, "bundle.dry_run", Capability.MOVE_TEAM, 404),
    Route("POST", NO_UPLOAD, "bundle.confirm", Capability.MOVE_TEAM, 404, {"name": "Copy"}),
]


# Personal routes (not team-scoped): what each visitor gets; anonymous visitors log in first.
# The item is the member's (the world's plan was published: they heard of it); nobody else
# learns that it exists.
SIGNED_IN = {"outsider": 200, "viewer": 200, "member": 200, "leader": 200}
ONLY_THE_RECIPIENT = {"outsider": 404, "viewer": 404, "member": 303, "leader": 404}

PERSONAL_ROUTES = [
    Route("GET", "/inbox", "inbox.index", Capability.READ, exceptions=SIGNED_IN),
    Route(
        "POST",
        "/inbox/{notification_id}/read",
        "inbox.read",
        Capability.READ,
        exceptions=ONLY_THE_RECIPIENT,
    ),
    Route(
        "POST",
        "/inbox/{notification_id}/open",
        "inbox.open_item",
        Capability.READ,
        exceptions=ONLY_THE_RECIPIENT,
    ),
    Route(
        "POST",
        "/inbox/read-all",
        "inbox.read_all",
        Capability.READ,
        exceptions={key: 303 for key in SIGNED_IN},
    ),
    Route(
        "POST",
        "/auth/profile/notifications",
        "auth.notification_preferences",
        Capability.READ,
        data={"notify-plan_published": "in_app"},
        exceptions={key: 303 for key in SIGNED_IN},
    ),
    Route(
        "POST",
        "/auth/profile/digest",
        "auth.digest_schedule",
        Capability.READ,
        data={"digest-frequency": "weekly", "digest-weekday": "2", "digest-hour": "9"},
        exceptions={key: 303 for key in SIGNED_IN},
    ),
]
