"""Queries that the portal's pages read."""

from django.db.models import Prefetch

from portal.models import Invitation
from portal.permissions import access, is_admin


def organisation_list_for_member(user):
    from directory.models import Organisation, Service

    a = access(user)
    return list(
        Organisation.objects.filter(pk__in=a.organisation_ids).prefetch_related(
            Prefetch("services", queryset=Service.objects.order_by("name"))
        )
    )


def invitation_pending_for_pilot(user, now):
    qs = Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=now).select_related(
        "organisation", "invited_by"
    )
    if not is_admin(user):
        qs = qs.filter(organisation__territory_id__in=access(user).pilot_territory_ids)
    return list(qs)


def invitation_list_for(user):
    qs = Invitation.objects.select_related("organisation", "invited_by", "accepted_by")
    if not is_admin(user):
        qs = qs.filter(organisation__territory_id__in=access(user).pilot_territory_ids)
    return qs
