"""The register's panels on the personal landing page, and its main-menu entries."""

from django.utils.translation import gettext_lazy as _

from portal.dashboard import register_panel
from portal.follows import register_followable
from portal.navigation import register_nav_item
from portal.pagination import VersionedPaginator
from portal.permissions import Role, can

from . import selectors
from .models import Dysfunction, Proposal
from .services.checks import filer_emails

PANEL_SIZE = 10


def _to_triage(user) -> dict:
    """The oldest few waiting for the pilot, and how many wait in all."""
    waiting = selectors.dysfunction_list_to_triage(user)
    return {
        "dysfunctions": list(waiting[:PANEL_SIZE]),
        "total": VersionedPaginator(waiting, PANEL_SIZE, data="register").count,
    }


register_panel(
    key="register_my_dysfunctions",
    title=_("My dysfunctions"),
    template="register/panels/my_dysfunctions.html",
    roles={Role.CASE_MANAGER, Role.PARTNER},
    order=50,
    get_context=lambda user: {
        "dysfunctions": selectors.dysfunction_list_for_filer(user),
        "unread": selectors.notification_unread_count(user),
    },
)
register_panel(
    key="register_to_triage",
    title=_("Dysfunctions to triage"),
    template="register/panels/to_triage.html",
    roles={Role.PILOT},
    order=15,
    get_context=lambda user: _to_triage(user),
    kept_for=("register",),
)
register_panel(
    key="register_feedback_nothing_changed",
    title=_("Nothing changed, say the filers"),
    template="register/panels/feedback_nothing_changed.html",
    roles={Role.PILOT},
    order=16,
    get_context=lambda user: {
        "answers": list(selectors.feedback_nothing_changed_for_pilot(user)[:PANEL_SIZE])
    },
    kept_for=("register",),
)
register_panel(
    key="register_awaiting_position",
    title=_("Proposals awaiting my position"),
    template="register/panels/awaiting_position.html",
    roles={Role.EXECUTIVE},
    order=12,
    get_context=lambda user: {"proposals": selectors.proposal_awaiting_position(user)},
)

register_nav_item(
    key="register",
    label=_("Register"),
    url_name="register:list",
    order=40,
    shown_to=lambda user: can(user, "register.view"),
)
register_nav_item(
    key="proposals",
    label=_("Proposals"),
    url_name="register:proposal_list",
    order=45,
    shown_to=lambda user: can(user, "register.proposal.list"),
)
register_nav_item(
    key="indicators",
    label=_("Indicators"),
    url_name="register:indicators",
    order=50,
    shown_to=lambda user: can(user, "register.indicators.view"),
)


register_followable(Dysfunction, label=_("Dysfunction"), told_by_email=filer_emails)
register_followable(Proposal, label=_("Proposal"))
