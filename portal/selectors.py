"""Queries that the portal's pages read."""

from portal.models import Invitation
from portal.permissions import visible_to


def invitation_pending_for_pilot(user, now):
    qs = Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=now).select_related(
        "organisation", "invited_by"
    )
    return list(visible_to(user, qs))


def invitation_list_for(user):
    return visible_to(
        user, Invitation.objects.select_related("organisation", "invited_by", "accepted_by")
    )
