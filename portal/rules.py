"""Permission rules of the portal itself (accounts, invitations), and the pilot role."""

from portal.models import Invitation, TerritoryPilot
from portal.permissions import (
    Role,
    access,
    register_role_provider,
    roles_follow,
    roles_of,
    rule,
    visibility,
)


@register_role_provider
def pilot_role(user, a) -> None:
    """A pilot holds a TerritoryPilot row for each territory they lead."""
    a.pilot_territory_ids = frozenset(
        TerritoryPilot.objects.filter(user=user).values_list("territory_id", flat=True)
    )
    if a.pilot_territory_ids:
        a.roles.add(Role.PILOT)


roles_follow(TerritoryPilot, lambda pilot: [pilot.user_id])


@rule("portal.invite")
def may_invite(user, organisation=None) -> bool:
    """Administrators invite anyone; pilots invite staff of organisations of their territories."""
    a = access(user)
    if Role.PILOT not in a.roles:
        return False
    return organisation is None or organisation.territory_id in a.pilot_territory_ids


@rule("portal.pilot.manage")
def may_manage_pilots(user, territory=None) -> bool:
    """Administrators (allowed before any rule is asked) say who pilots a territory."""
    return False


@rule("portal.invite_outside_organisations")
def may_invite_outside_organisations(user, obj=None) -> bool:
    """Only administrators invite a person who belongs to no organisation (a future pilot)."""
    return False


@visibility(Invitation)
def invitations_visible_to(user, queryset):
    """Administrators see every invitation; pilots those to organisations of their territories."""
    return queryset.filter(organisation__territory_id__in=access(user).pilot_territory_ids)


@rule("portal.dashboard")
def may_see_dashboard(user, obj=None) -> bool:
    return True  # every signed-in person


@rule("portal.demo_mfa_exempt", administrators=False)
def is_exempt_from_mfa(user, obj=None) -> bool:
    from django.conf import settings

    return bool(
        settings.TABLEE_ALLOW_DEMO_MFA_EXEMPTION
        and getattr(user, "is_demo_account", False)
        and roles_of(user)
    )


@rule("portal.follow")
def may_follow(user, target=None) -> bool:
    """Anyone signed in follows what they see (the caller has fetched `target` through
    visible_to, and the notification centre asks again when it is read)."""
    return True
