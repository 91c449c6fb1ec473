"""The one place that answers "may this user do X to this object?".

Roles are data: an administrator is a superuser; a pilot holds a TerritoryPilot row; partner
staff and case managers hold Membership rows of an organisation; tactical members and executives
hold a current Seat at a tactical or strategic table; a regional coordinator holds a
RegionalCoordinator row and reads (never edits) every territory of the region. Each app
registers its rules (in its rules.py) and its visibility filters here; views, API, feeds,
exports and e-mails all ask `can()`, `ensure()` and `visible_to()`, never decide on their own.
"""

from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    CASE_MANAGER = "case_manager", _("Case manager")
    PARTNER = "partner", _("Partner staff")
    TACTICAL_MEMBER = "tactical_member", _("Tactical table member")
    EXECUTIVE = "executive", _("Executive (strategic table)")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that must turn on two-factor authentication before reaching anything but their profile.
# The regional coordinator reads every register of a region: as much as a pilot reads.
MFA_REQUIRED_ROLES = frozenset(
    {Role.PILOT, Role.EXECUTIVE, Role.REGIONAL_COORDINATOR, Role.ADMINISTRATOR}
)

_CACHE_ATTR = "_tablee_access"

RoleProvider = Callable[[object, "_Access"], None]
_role_providers: list[RoleProvider] = []


def register_role_provider(func: RoleProvider) -> RoleProvider:
    """Register a function telling what one app knows of a user's roles.

    It receives (user, access) when the roles are read, adds to `access.roles` and sets the
    facts the app's rules read (the directory sets `organisation_ids`, the meetings
    `table_ids`...), each a frozenset of plain values: they are kept in the person's session
    until `roles_changed` says otherwise (see `roles_follow`). The portal thereby knows no
    domain app: each app contributes its roles from its rules.py."""
    _role_providers.append(func)
    return func


class _Access:
    """What the database says about one user's roles, read once per request, or once per
    session while nothing that gives them a role changes (RolesInSessionMiddleware)."""

    def __init__(self, user, facts: dict | None = None):
        self.from_session = facts is not None
        if facts is None:
            self.roles = set()
            for provide in _role_providers:
                provide(user, self)
        else:
            for name, values in facts.items():
                setattr(self, name, frozenset(values))
        # Read from the user's own row on every request, never kept.
        roles = set(self.roles) - {Role.ADMINISTRATOR}
        if user.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        self.roles = frozenset(Role(r) for r in roles)

    def facts(self) -> dict:
        """What the providers found, as the session keeps it."""
        kept = {n: v for n, v in vars(self).items() if isinstance(v, frozenset)}
        return {n: list(v) for n, v in kept.items() if not n.startswith("_")}


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


# --- roles kept in the session ---------------------------------------------------------------

SESSION_KEY = "_tablee_roles"


def _stamp(user) -> list:
    """What the kept roles must match: the person, their roles' version, whether they are a
    superuser (the administrator's role is read from the flag) and the day (seats begin and end
    on a date)."""
    return [user.pk, user.roles_version, user.is_superuser, timezone.localdate().isoformat()]


def roles_stamp(user) -> tuple:
    """The person, their roles' version and the day: what is kept for what a person may see
    (landing panels, lists) is kept under it, and not read again once their roles change."""
    return tuple(_stamp(user))


def restore_access(user, session) -> None:
    """Take the roles kept in the session when they are still the person's."""
    kept = session.get(SESSION_KEY)
    if kept and kept[0] == _stamp(user) and getattr(user, _CACHE_ATTR, None) is None:
        setattr(user, _CACHE_ATTR, _Access(user, kept[1]))


def keep_access(user, session) -> None:
    """Keep in the session the roles read during the request (if they were read)."""
    read = getattr(user, _CACHE_ATTR, None)
    if read is not None and not read.from_session:
        session[SESSION_KEY] = [_stamp(user), read.facts()]


def roles_changed(user_ids: Iterable[int] | models.QuerySet) -> None:
    """The roles of these people changed: the roles kept in their sessions are read again at
    their next request (now, and again once the transaction commits, so that a request that
    read the roles in between keeps nothing stale)."""
    if not isinstance(user_ids, models.QuerySet):
        user_ids = sorted({pk for pk in user_ids if pk is not None})
        if not user_ids:
            return

    def bump():
        people = get_user_model().objects.filter(pk__in=user_ids)
        people.update(roles_version=F("roles_version") + 1)

    bump()
    transaction.on_commit(bump)


def roles_follow(model, users: Callable[[object], Iterable[int]]) -> None:
    """Whenever a row of `model` is saved or deleted, the roles of `users(row)` changed (a role
    provider registers the rows it reads)."""

    def changed(sender, instance, raw=False, **kwargs):
        if raw:  # rows loaded as data (manage.py restore) keep the accounts as they were
            return
        roles_changed(users(instance))

    name = f"{model._meta.label}.roles"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{name}.save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{name}.delete")


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


def kept_for_page(user, model, pk, names, read: Callable[[], object]):
    """The row `pk` of `model` as `read()` gives it with everything its page shows (the same
    whoever reads it), kept for the versions `names` (portal.versions), if `user` may see it;
    else 404. Who may see it is asked of the database at each call, before anything kept is
    read; `read()` gives None when the row is gone."""
    from django.http import Http404

    from portal import versions

    if not visible_to(user, model.objects.filter(pk=pk)).exists():
        raise Http404
    found = versions.cached_across(names, (model._meta.label_lower, "page", pk), read)
    if found is None:  # deleted between the two reads
        raise Http404
    return found
