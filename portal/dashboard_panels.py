"""The landing-page panels of the foundation: the pilot's pending invitations and the partner's
organisations and services (the tables' panels live in meetings/navigation.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dashboard import register_panel
from portal.permissions import Role
from portal.selectors import (
    invitation_pending_for_pilot,
    organisation_list_for_member,
)

register_panel(
    key="pilot_invitations",
    title=_("Invitations waiting for an answer"),
    template="portal/panels/invitations.html",
    roles={Role.PILOT, Role.ADMINISTRATOR},
    order=20,
    get_context=lambda user: {"invitations": invitation_pending_for_pilot(user, timezone.now())},
)
register_panel(
    key="partner_organisations",
    title=_("My organisation's services"),
    template="portal/panels/organisations.html",
    roles={Role.PARTNER},
    order=40,
    get_context=lambda user: {"organisations": organisation_list_for_member(user)},
)
