"""The directory's panels of the personal landing page."""

from django.utils.translation import gettext_lazy as _

from directory import selectors
from portal import versions
from portal.dashboard import register_panel
from portal.permissions import Role

PANEL_SIZE = 10

register_panel(
    key="partner_organisations",
    title=_("My organisation's services"),
    template="directory/panels/partner_services.html",
    roles={Role.PARTNER},
    order=40,
    get_context=lambda user: {"organisations": selectors.service_list_for_member(user)},
    kept_for=("directory", "moderation"),
)


def _out_of_date_count(user) -> int:
    """Kept for the directory's version under the count's own SQL (the pilot's territories and
    the day's deadline are in it): the count reads a fifth of the directory or all of it."""
    out_of_date = selectors.service_out_of_date_for_pilot(user)
    return versions.cached("directory", ("out_of_date", str(out_of_date.query)), out_of_date.count)


def _review(user) -> dict:
    awaiting, awaiting_count = selectors.service_awaiting_approval_for_pilot(user, limit=PANEL_SIZE)
    return {
        "awaiting": awaiting,
        "awaiting_count": awaiting_count,
        "out_of_date_count": _out_of_date_count(user),
    }


register_panel(
    key="directory_review",
    title=_("Directory: to review"),
    template="directory/panels/pilot_review.html",
    roles={Role.PILOT, Role.ADMINISTRATOR},
    order=45,
    get_context=_review,
    kept_for=("directory", "moderation"),
)
# Its forms carry the person's CSRF token and the page's address: computed at each visit.
register_panel(
    key="directory_suggestions",
    title=_("Correction suggestions"),
    template="directory/panels/suggestions.html",
    roles={Role.PILOT, Role.ADMINISTRATOR},
    order=46,
    get_context=lambda user: {
        "suggestions": list(selectors.suggestion_open_for_pilot(user)[:PANEL_SIZE])
    },
)
