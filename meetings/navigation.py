"""The tables' entries in the main menu and their panels on the personal landing page."""

from django.utils.translation import gettext_lazy as _

from meetings import selectors
from meetings.models import Decision, Meeting
from portal.dashboard import register_panel
from portal.follows import register_followable
from portal.navigation import register_nav_item
from portal.permissions import Role, roles_of


def has_a_role(user) -> bool:
    return bool(roles_of(user))


register_nav_item(
    key="tables", label=_("Tables"), url_name="meetings:table_list", order=30, shown_to=has_a_role
)
register_nav_item(
    key="decisions",
    label=_("Decisions"),
    url_name="meetings:decision_register",
    order=40,
    shown_to=has_a_role,
)

register_panel(
    key="pilot_tables",
    title=_("The tables I convene"),
    template="portal/panels/tables.html",
    roles={Role.PILOT},
    order=10,
    get_context=lambda user: {"tables": selectors.table_list_for_pilot(user)},
    kept_for=("meetings",),
)
register_panel(
    key="pilot_meetings_to_convene",
    title=_("Meetings to convene"),
    template="meetings/panels/meetings.html",
    roles={Role.PILOT},
    order=11,
    get_context=lambda user: {"meetings": selectors.meetings_to_convene_for_pilot(user)},
    kept_for=("meetings",),
    # the first one listed leaves the list when it starts
    fresh_until=lambda panel: panel["meetings"][0].starts_at if panel["meetings"] else None,
)
register_panel(
    key="pilot_minutes_to_write",
    title=_("Minutes to write or approve"),
    template="meetings/panels/meetings.html",
    roles={Role.PILOT},
    order=12,
    get_context=lambda user: {"meetings": selectors.meetings_needing_minutes_for_pilot(user)},
    kept_for=("meetings",),
    fresh_until=lambda panel: selectors.meeting_next_end_needing_minutes(),
)
register_panel(
    key="pilot_overdue_decisions",
    title=_("Overdue decisions"),
    template="meetings/panels/decisions.html",
    roles={Role.PILOT},
    order=13,
    get_context=lambda user: {"decisions": selectors.overdue_decisions_for_pilot(user)},
    kept_for=("meetings",),  # overdue from a day to the next: the day is in what is kept
)
register_panel(
    key="member_tables",
    title=_("The tables where I sit"),
    template="portal/panels/tables.html",
    roles={Role.TACTICAL_MEMBER, Role.EXECUTIVE},
    order=30,
    get_context=lambda user: {"tables": selectors.table_list_for_seat_holder(user)},
    kept_for=("meetings",),
)
register_panel(
    key="member_next_meetings",
    title=_("My next meetings"),
    template="meetings/panels/attendances.html",
    roles={Role.TACTICAL_MEMBER, Role.EXECUTIVE},
    order=31,
    get_context=lambda user: {"attendances": selectors.upcoming_attendances_for_member(user)},
    kept_for=("meetings",),
    # a meeting leaves the list when it ends
    fresh_until=lambda panel: min((a.meeting.ends_at for a in panel["attendances"]), default=None),
)
register_panel(
    key="owned_decisions",
    title=_("Decisions I carry out"),
    template="meetings/panels/decisions.html",
    roles={Role.TACTICAL_MEMBER, Role.EXECUTIVE, Role.PILOT, Role.PARTNER},
    order=32,
    get_context=lambda user: {"decisions": selectors.decisions_owned_by(user)},
    kept_for=("meetings",),
)


register_followable(Meeting, label=_("Meeting"), select_related=("table",))
register_followable(Decision, label=_("Decision"))
