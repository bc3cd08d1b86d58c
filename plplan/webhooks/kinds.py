"""The team events a chat webhook can post, as plain strings (stored in `TeamWebhook.kinds`)."""

from flask_babel import lazy_gettext

PLAN_PUBLISHED = "plan_published"
KPI_OFF_TRACK = "kpi_off_track"
AREA_WITHOUT_ACCOUNTABLE = "area_without_accountable"
# The "Send a test message" button's message; no event raises it, so it is not a choice.
TEST = "test"

# The kinds a leader chooses from, in the order the settings page lists them.
KINDS = (PLAN_PUBLISHED, KPI_OFF_TRACK, AREA_WITHOUT_ACCOUNTABLE)

# What each kind is called on the settings page and as the title of its chat message.
TITLES = {
    PLAN_PUBLISHED: lazy_gettext("Plan published"),
    KPI_OFF_TRACK: lazy_gettext("KPI off track"),
    AREA_WITHOUT_ACCOUNTABLE: lazy_gettext("Area without an Accountable"),
    TEST: lazy_gettext("Test message"),
}

# The one map from the notifications' kinds of events (plplan.notifications.events) to the
# webhook kinds they post as; an event kind not here never posts to chat.
OF_EVENT = {
    "plan_published": PLAN_PUBLISHED,
    "kpi_off_track": KPI_OFF_TRACK,
    "area_without_accountable": AREA_WITHOUT_ACCOUNTABLE,
}
