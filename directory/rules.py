"""Permission rules of the directory."""

from django.db.models import Q

from directory.models import Membership, Organisation, Service
from portal.permissions import (
    Role,
    access,
    can,
    register_role_provider,
    roles_follow,
    rule,
    visibility,
)


@register_role_provider
def membership_roles(user, a) -> None:
    """Partner staff and case managers hold a Membership row of their organisation."""
    memberships = list(
        Membership.objects.filter(user=user).values_list(
            "organisation_id", "role", "can_edit_directory", "organisation__territory_id"
        )
    )
    a.organisation_ids = frozenset(m[0] for m in memberships)
    a.editable_organisation_ids = frozenset(m[0] for m in memberships if m[2])
    a.member_territory_ids = frozenset(m[3] for m in memberships)
    if memberships:
        a.roles.add(Role.PARTNER)
    if any(m[1] == Membership.Role.CASE_MANAGER for m in memberships):
        a.roles.add(Role.CASE_MANAGER)


roles_follow(Membership, lambda membership: [membership.user_id])
# The territory of an organisation is a fact of its members' roles (member_territory_ids).
roles_follow(Organisation, lambda organisation: organisation.memberships.values("user_id"))


@visibility(Organisation, action="portal.invite")
def organisations_open_to_invitation(user, queryset):
    """The organisations a person may invite staff to (the rule portal.invite, as a filter)."""
    return queryset.filter(territory_id__in=access(user).pilot_territory_ids)


@rule("directory.organisation.edit")
def may_edit_organisation(user, organisation) -> bool:
    """Administrators, the territory's pilots, and the organisation's own directory editors."""
    a = access(user)
    return (
        organisation.territory_id in a.pilot_territory_ids
        or organisation.pk in a.editable_organisation_ids
    )


@rule("directory.membership.manage")
def may_manage_membership(user, organisation) -> bool:
    """Administrators and the pilots of the organisation's territory say who works there."""
    return organisation.territory_id in access(user).pilot_territory_ids


@rule("directory.service.edit")
def may_edit_service(user, service=None) -> bool:
    """Whoever may edit the organisation may edit (and propose changes to) its services;
    without a service: whether the person edits any."""
    if service is None:
        a = access(user)
        return bool(a.pilot_territory_ids or a.editable_organisation_ids)
    return can(user, "directory.organisation.edit", service.organisation)


@rule("directory.service.moderate")
def may_moderate_service(user, service=None) -> bool:
    """The pilots of the service's territory and administrators approve changes; without a
    service: whether the person moderates any."""
    a = access(user)
    if service is None:
        return bool(a.pilot_territory_ids)
    return service.organisation.territory_id in a.pilot_territory_ids


@visibility(Service, action="directory.service.edit")
def services_edited_by(user, queryset):
    a = access(user)
    return queryset.filter(
        Q(organisation__territory_id__in=a.pilot_territory_ids)
        | Q(organisation_id__in=a.editable_organisation_ids)
    )


@visibility(Service, action="directory.service.moderate")
def services_moderated_by(user, queryset):
    return queryset.filter(organisation__territory_id__in=access(user).pilot_territory_ids)


@rule("directory.service.see_professional_contacts")
def may_see_professional_contacts(user, service=None) -> bool:
    """Every signed-in member of the network (not visitors)."""
    return bool(access(user).roles)


@rule("directory.orient_as_professional")
def orients_as_professional(user, obj=None) -> bool:
    """Every signed-in member of the network is a professional: whom they orient is referred
    by a professional, so "on referral only" does not count against the person."""
    return may_see_professional_contacts(user)


@rule("directory.service.suggest")
def may_suggest_correction(user, service=None) -> bool:
    return True  # every signed-in person


@rule("directory.suggestion.handle")
def may_handle_suggestion(user, service=None) -> bool:
    """Those told of a suggestion say it is handled: the entry's editors and its pilots."""
    return may_edit_service(user, service) or may_moderate_service(user, service)


@rule("directory.service.versions")
def may_read_versions(user, service=None) -> bool:
    """An entry's versions are read by those who may edit or review it."""
    return may_edit_service(user, service) or may_moderate_service(user, service)


@rule("directory.review")
def may_review_directory(user, obj=None) -> bool:
    """The pilot's lists: out-of-date entries, changes awaiting approval."""
    return bool(access(user).pilot_territory_ids)


@rule("directory.import")
def may_import(user, obj=None) -> bool:
    return False  # administrators only (allowed before any rule is asked)


@visibility(Organisation, visitors=True)
def organisations_visible_to(user, queryset):
    """The directory's organisations are public."""
    return queryset


@visibility(Service, visitors=True)
def services_visible_to(user, queryset):
    """Everyone sees the published entries; editors also see their drafts."""
    a = access(user)
    shown = Q(live=True)
    if a:
        shown |= Q(organisation_id__in=a.editable_organisation_ids)
        shown |= Q(organisation__territory_id__in=a.pilot_territory_ids)
    return queryset.filter(shown)
