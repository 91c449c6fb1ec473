"""Permission rules of the portal itself (accounts, invitations)."""

from portal.permissions import Role, access, is_admin, roles_of, rule


@rule("portal.invite")
def may_invite(user, organisation=None) -> bool:
    """Administrators invite anyone; pilots invite staff of organisations of their territories."""
    if is_admin(user):
        return True
    a = access(user)
    if not a or Role.PILOT not in a.roles:
        return False
    return organisation is None or organisation.territory_id in a.pilot_territory_ids


@rule("portal.dashboard")
def may_see_dashboard(user, obj=None) -> bool:
    return access(user) is not None


@rule("portal.demo_mfa_exempt")
def is_exempt_from_mfa(user, obj=None) -> bool:
    from django.conf import settings

    return bool(
        settings.TABLEE_ALLOW_DEMO_MFA_EXEMPTION
        and getattr(user, "is_demo_account", False)
        and roles_of(user)
    )
