"""The register's searched choices (see portal/autocomplete.py)."""

from meetings.models import Meeting
from portal.autocomplete import numbers_in, source, text_or_number
from portal.permissions import access, ensure
from register import selectors
from register.models import Dysfunction, DysfunctionState


@source("register.merge_candidates")
def merge_candidates(user, query, params):
    """The dysfunctions another one may be merged into, for the pilot who triages it."""
    dysfunction = Dysfunction.objects.get(pk=(numbers_in(params.get("dysfunction", "")) or [0])[0])
    ensure(user, "register.dysfunction.triage", dysfunction)
    return selectors.dysfunction_merge_candidates(dysfunction).filter(
        text_or_number(query, "title")
    )


@source("register.proposal_dysfunctions")
def proposal_dysfunctions(user, query, params):
    """The dysfunctions a pilot's proposal may answer."""
    a = access(user)
    return Dysfunction.objects.filter(
        text_or_number(query, "title"),
        territory_id__in=a.pilot_territory_ids if a else [],
        state__in=[
            DysfunctionState.QUALIFIED,
            DysfunctionState.SCHEDULED,
            DysfunctionState.ESCALATED,
        ],
    ).order_by("-submitted_at")


def _meeting_managed(user, params):
    meeting = Meeting.objects.select_related("table").get(
        pk=(numbers_in(params.get("meeting", "")) or [0])[0]
    )
    ensure(user, "meetings.meeting.manage", meeting)
    return meeting


@source("register.agenda_dysfunctions")
def agenda_dysfunctions(user, query, params):
    """The dysfunctions an item of the pilot's meeting may be about."""
    meeting = _meeting_managed(user, params)
    return selectors.agenda_dysfunctions(meeting).filter(text_or_number(query, "title"))


@source("register.agenda_proposals")
def agenda_proposals(user, query, params):
    """The proposals an item of the pilot's meeting may be about."""
    meeting = _meeting_managed(user, params)
    return selectors.agenda_proposals(meeting).filter(text_or_number(query, "title"))
