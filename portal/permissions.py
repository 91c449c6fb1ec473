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
_rules: dict[str, tuple[Rule, bool]] = {}
_visibility: dict[tuple[type, str | None], tuple[Callable, bool, bool]] = {}

# Every rule and visibility filter shares one preamble, applied here rather than in each of
# them: a visitor (anonymous or deactivated) may do nothing, and an administrator anything,
# except where a rule says that administrators are not concerned (acts that are personal, such
# as answering for one's own seat, or that belong to a role, such as triaging as the pilot).


def _is_administrator(a) -> bool:
    return Role.ADMINISTRATOR in a.roles


def rule(action: str, *, administrators: bool = True):
    """Register the rule deciding `action`. The function receives (user, obj) and is asked only
    about a signed-in person (access(user) is not None), and, unless `administrators` is False,
    only about one who is not an administrator."""

    def register(func: Rule) -> Rule:
        if action in _rules:
            raise ValueError(f"Permission rule {action!r} is registered twice.")
        _rules[action] = (func, administrators)
        return func

    return register


def can(user, action: str, obj=None) -> bool:
    try:
        decide, administrators = _rules[action]
    except KeyError:
        raise LookupError(f"No permission rule for {action!r}.") from None
    a = access(user)
    if a is None:
        return False
    if administrators and _is_administrator(a):
        return True
    return bool(decide(user, obj))


def ensure(user, action: str, obj=None) -> None:
    """Raise PermissionDenied unless `user` may do `action` to `obj`."""
    if not can(user, action, obj):
        raise PermissionDenied


def visibility(
    model: type, action: str | None = None, *, administrators: bool = True, visitors=False
):
    """Register the queryset filter listing the rows of `model` a user may see, or, with
    `action`, the rows on which the user may do that action (the choices a form offers).

    Like a rule, the filter is asked only about a signed-in person who is not an administrator
    (administrators see every row); `administrators=False` asks it about them too, and
    `visitors=True` about visitors (access(user) is then None), who otherwise see nothing."""

    def register(func):
        if (model, action) in _visibility:
            raise ValueError(f"Visibility of {model.__name__} for {action!r} is registered twice.")
        _visibility[(model, action)] = (func, administrators, visitors)
        return func

    return register


def visible_to(user, queryset, action: str | None = None):
    """The rows of `queryset` the user may see (or, with `action`, may do that action on)."""
    func, administrators, visitors = _visibility[(queryset.model, action)]
    a = access(user)
    if a is None and not visitors:
        return queryset.none()
    if a is not None and administrators and _is_administrator(a):
        return queryset
    return func(user, queryset)
