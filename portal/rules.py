"""Permission rules of the portal itself (accounts, invitations), the pilot role and the
regional coordinator role."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from portal.models import Invitation, RegionalCoordinator, Territory, TerritoryPilot, User
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


@register_role_provider
def regional_roles(user, a) -> None:
    """A regional coordinator holds a RegionalCoordinator row for each region they coordinate:
    they read every territory of those regions (`coordinated_territory_ids`). `region_ids` are
    the regions a person belongs to through a territory they pilot or coordinate."""
    a.coordinated_region_ids = frozenset(
        RegionalCoordinator.objects.filter(user=user).values_list("region_id", flat=True)
    )
    a.coordinated_territory_ids = frozenset(
        Territory.objects.filter(region_id__in=a.coordinated_region_ids).values_list(
            "pk", flat=True
        )
        if a.coordinated_region_ids
        else ()
    )
    a.pilot_region_ids = frozenset(
        Territory.objects.filter(pk__in=a.pilot_territory_ids, region__isnull=False).values_list(
            "region_id", flat=True
        )
        if a.pilot_territory_ids
        else ()
    )
    if a.coordinated_region_ids:
        a.roles.add(Role.REGIONAL_COORDINATOR)


def _people_whose_region_roles_change(territory):
    """A territory joins or leaves a region: its pilots and every coordinator read again."""
    return (
        get_user_model()
        .objects.filter(Q(coordinator_roles__isnull=False) | Q(pilot_roles__territory=territory))
        .values("pk")
    )


roles_follow(RegionalCoordinator, lambda coordinator: [coordinator.user_id])
roles_follow(Territory, _people_whose_region_roles_change)


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


@rule("portal.region.manage")
def may_manage_regions(user, region=None) -> bool:
    """Administrators (allowed before any rule is asked) group territories into regions and
    name their coordinators."""
    return False


@rule("portal.account.erase")
def may_erase_accounts(user, account=None) -> bool:
    """Administrators (allowed before any rule is asked) erase an account on request."""
    return False


@visibility(User, "portal.account.erase")
def accounts_erasable_by(user, queryset):
    """Only administrators (who see every account) export or erase another person's data."""
    return queryset.none()


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
