"""The one place that answers "may this user do X to this object?".

Roles are data: an administrator is a superuser; a pilot holds a TerritoryPilot row; partner
staff and case managers hold Membership rows of an organisation; tactical members and executives
hold a current Seat at a tactical or strategic table. Each app registers its rules (in its
rules.py) and its visibility filters here; views, API, feeds, exports and e-mails all ask
`can()`, `ensure()` and `visible_to()`, never decide on their own.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    CASE_MANAGER = "case_manager", _("Case manager")
    PARTNER = "partner", _("Partner staff")
    TACTICAL_MEMBER = "tactical_member", _("Tactical table member")
    EXECUTIVE = "executive", _("Executive (strategic table)")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that must turn on two-factor authentication before reaching anything but their profile.
MFA_REQUIRED_ROLES = frozenset({Role.PILOT, Role.EXECUTIVE, Role.ADMINISTRATOR})

_CACHE_ATTR = "_tablee_access"

RoleProvider = Callable[[object, "_Access"], None]
_role_providers: list[RoleProvider] = []


def register_role_provider(func: RoleProvider) -> RoleProvider:
    """Register a function telling what one app knows of a user's roles.

    It receives (user, access) once per request, adds to `access.roles` and sets the facts the
    app's rules read (the directory sets `organisation_ids`, the meetings `table_ids`...). The
    portal thereby knows no domain app: each app contributes its roles from its rules.py."""
    _role_providers.append(func)
    return func


class _Access:
    """What the database says about one user's roles, computed once per request."""

    def __init__(self, user):
        self.roles = set()
        if user.is_superuser:
            self.roles.add(Role.ADMINISTRATOR)
        for provide in _role_providers:
            provide(user, self)
        self.roles = frozenset(self.roles)


def access(user) -> _Access | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _Access(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached roles (after a service changed them)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user) -> frozenset:
    a = access(user)
    return a.roles if a else frozenset()


def has_role(user, role: Role) -> bool:
    return role in roles_of(user)


def requires_mfa(user) -> bool:
    return bool(roles_of(user) & MFA_REQUIRED_ROLES)


def is_pilot_of(user, territory_id) -> bool:
    a = access(user)
    return bool(a) and territory_id in a.pilot_territory_ids


def is_admin(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


# --- rules -------------------------------------------------------------------------------

Rule = Callable[[object, object], bool]
_rules: dict[str, Rule] = {}
_visibility: dict[tuple[type, str | None], Callable] = {}


def rule(action: str):
    """Register the rule deciding `action`; the function receives (user, obj)."""

    def register(func: Rule) -> Rule:
        if action in _rules:
            raise ValueError(f"Permission rule {action!r} is registered twice.")
        _rules[action] = func
        return func

    return register


def can(user, action: str, obj=None) -> bool:
    try:
        decide = _rules[action]
    except KeyError:
        raise LookupError(f"No permission rule for {action!r}.") from None
    return bool(decide(user, obj))


def ensure(user, action: str, obj=None) -> None:
    """Raise PermissionDenied unless `user` may do `action` to `obj`."""
    if not can(user, action, obj):
        raise PermissionDenied


def visibility(model: type, action: str | None = None):
    """Register the queryset filter listing the rows of `model` a user may see, or, with
    `action`, the rows on which the user may do that action (the choices a form offers)."""

    def register(func):
        if (model, action) in _visibility:
            raise ValueError(f"Visibility of {model.__name__} for {action!r} is registered twice.")
        _visibility[(model, action)] = func
        return func

    return register


def visible_to(user, queryset, action: str | None = None):
    """The rows of `queryset` the user may see (or, with `action`, may do that action on)."""
    return _visibility[(queryset.model, action)](user, queryset)
