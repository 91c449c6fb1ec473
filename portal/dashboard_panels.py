"""The landing-page panels of the foundation: the pilot's pending invitations (the tables'
panels live in meetings/navigation.py, the directory's in directory/dashboard_panels.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dashboard import register_panel
from portal.permissions import Role
from portal.selectors import invitation_pending_for_pilot

register_panel(
    key="pilot_invitations",
    title=_("Invitations waiting for an answer"),
    template="portal/panels/invitations.html",
    roles={Role.PILOT, Role.ADMINISTRATOR},
    order=20,
    get_context=lambda user: {"invitations": invitation_pending_for_pilot(user, timezone.now())},
)
