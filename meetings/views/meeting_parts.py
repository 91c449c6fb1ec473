"""The read-only parts of a meeting's page (its agenda, what was taken in it, its decisions,
and the attendances the page reads), of its minutes' page (their body) and of a table's page
(its meetings, its linked tables), rendered once and kept in the shared cache between visits,
exact after every change.

They are kept for the versions of the data they show (portal/versions.py): the tables' app
(the meeting, its items and their documents, the decisions and votes, the seats, the tables;
the proposals an item is about renew it too, register/meeting_sections.py), the register (the
dysfunctions an item is about, the people's and organisations' names) and the agreements (those
to review under the follow-up item); under the person's roles stamp (what they may see and
manage, and the day: a decision is overdue from a date) and the language. Nothing of the visit
is kept: the agenda's forms (move, remove), which carry the visit's CSRF token, are left out as
a mark between the parts and drawn at each visit (`meetings.templatetags.meeting_tags`)."""

from django.template.loader import render_to_string
from django.utils import translation

from meetings import extensions, selectors
from portal import versions
from portal.permissions import roles_stamp

KEPT_FOR = ("meetings", "register", "agreements")

# Where an item's actions go in the agenda kept: PostgreSQL text holds no NUL character, so no
# title or description can contain the mark.
ACTIONS_MARK = "\x00"

# What a kept value holds: raised when it holds something else, so that no process reads a value
# of another shape.
SHAPE = 2


def meeting_parts(user, meeting, *, may_manage: bool) -> dict:
    """The agenda (`agenda`: its parts between the items' actions, and each item's pk, number
    and whether it is the follow-up item), the agenda's overrun in minutes (`overrun`) and the
    page's end (`outcomes`: what was taken in the meeting, its decisions), kept or rendered,
    and the meeting's attendances (`attendances`: seats, people, organisations, answers)."""
    editable = meeting.is_upcoming
    key = (
        "meeting-parts", SHAPE, meeting.pk, roles_stamp(user), translation.get_language(),
        may_manage, editable,
    )  # fmt: skip
    return versions.cached_across(
        KEPT_FOR,
        key,
        lambda: _compute(user, meeting, may_manage=may_manage, editable=editable),
        until=versions.end_of_today(),
    )


def _compute(user, meeting, *, may_manage: bool, editable: bool) -> dict:
    items = selectors.agenda_items(meeting)
    links = extensions.item_links(meeting, items, user)
    for item in items:
        item.extra_links = links.get(item.pk, [])
    schedule = selectors.agenda_schedule(meeting, items)
    context = {
        "meeting": meeting,
        "schedule": schedule,
        "follow_up": selectors.follow_up_decisions(meeting),
        "follow_up_more": extensions.follow_up_sections(meeting),
        "may_manage": may_manage,
        "editable": editable,
        "actions_slot": ACTIONS_MARK,
    }
    agenda = render_to_string("meetings/includes/agenda.html", context)
    outcomes = render_to_string(
        "meetings/includes/meeting_outcomes.html",
        {
            "taken_here": extensions.taken_in_meeting(meeting, user),
            "decisions": selectors.meeting_decisions(meeting),
        },
    )
    return {
        "agenda": agenda.split(ACTIONS_MARK),
        "items": [(item.pk, item.number, item.is_follow_up) for item in items],
        "overrun": selectors.agenda_overrun_minutes(meeting, schedule) if editable else 0,
        "outcomes": outcomes,
        "attendances": selectors.meeting_attendances(meeting),
    }


def minutes_parts(user, meeting, context) -> dict:
    """The minutes' body as their page shows it (`body`: attendance, items, decisions and votes,
    what was taken in the meeting) and their current version (`version`), kept for the same
    versions, roles stamp and language as the meeting's parts; `context()` is what the body is
    rendered with (the minutes' page and their print share it)."""

    def body() -> dict:
        values = context()
        return {
            "body": render_to_string("meetings/includes/minutes_body.html", values),
            "version": values["version"],
        }

    key = ("minutes-parts", SHAPE, meeting.pk, roles_stamp(user), translation.get_language())
    return versions.cached_across(KEPT_FOR, key, body, until=versions.end_of_today())


def table_parts(table) -> dict:
    """A table's page's lists: its meetings to come and past (`upcoming`, `past`, rendered)
    and the tables it sends its proposals to and receives them from (`feeds`, `fed_by`), kept
    for the tables' version (meetings, tables and their links are all rows of the tables' app)
    and the language; kept no longer than until the first meeting to come ends (it then moves
    to the past ones)."""

    def lists() -> dict:
        upcoming, past = selectors.table_meetings(table)
        feeds, fed_by = selectors.table_links(table)
        return {
            "upcoming": render_to_string(
                "meetings/includes/meeting_rows.html", {"meetings": upcoming}
            ),
            "past": render_to_string("meetings/includes/meeting_rows.html", {"meetings": past}),
            "feeds": feeds,
            "fed_by": fed_by,
            "fresh_until": min((m.ends_at for m in upcoming), default=None),
        }

    key = ("table-parts", SHAPE, table.pk, translation.get_language())
    return versions.cached_across(
        ("meetings",), key, lists, until=lambda parts: parts["fresh_until"]
    )
