"""Counts and lists computed from a whole kind of data (the directory's facet counts, the
register's indicators), kept in the shared cache and exact after every change.

Each kind of data has a version token (portal.models.DataVersion). `changed(name)` gives it a new
token in the same transaction as the change (apps call it from their services and from the
signals of the rows the computation reads); `cached(name, key, compute)` reads the token first,
then the value kept under it, computing and keeping it on a miss. A value computed from data
older than the token it is kept under cannot be read again after the change: the change's
token becomes visible with the change itself (one transaction), and a reader that read the
old token keeps its value under the old token, which nobody asks for any more."""

import hashlib
import uuid
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.db import connections, router
from django.utils import timezone

from portal.models import DataVersion

TIMEOUT = 24 * 3600


def _connection():
    return connections[router.db_for_write(DataVersion)]


def _renew_noted_now(names) -> None:
    """A value computed inside a transaction that changed `names` reads what it has not
    committed: it must not be kept under the version others read, so the versions noted for
    its commit (portal.db.at_commit) are renewed at once, and still at the commit (a savepoint
    rolled back may undo this renewal, never the change's). Such a read takes the version's
    row before the commit, out of the commit's order: writing services do not read kept
    values."""
    noted = getattr(_connection(), "versions_to_renew", None)
    for name in sorted(set(names) & noted) if noted else ():
        renew(name)


def current(name: str) -> str:
    """The version token of `name` (one query; created the first time)."""
    _renew_noted_now([name])
    token = DataVersion.objects.filter(name=name).values_list("token", flat=True).first()
    if token is None:
        token = DataVersion.objects.get_or_create(name=name)[0].token
    return token.hex


def current_many(names) -> dict[str, str]:
    """The version tokens of several names, in one query."""
    names = sorted(set(names))
    if not names:
        return {}
    _renew_noted_now(names)
    tokens = {
        name: token.hex
        for name, token in DataVersion.objects.filter(name__in=names).values_list("name", "token")
    }
    for name in names:
        if name not in tokens:
            tokens[name] = current(name)
    return tokens


def changed(name: str) -> None:
    """The data `name` changed: whatever was kept for its former version is not read again once
    the change is committed. Inside a transaction the version is renewed just before the commit
    (portal.db.at_commit: no lock held while the transaction writes, none taken out of order);
    outside one, at once."""
    connection = _connection()
    if getattr(connection, "defers_renewal", lambda: False)():
        connection.versions_to_renew.add(name)
    else:
        renew(name)


def renew_all() -> None:
    """Every kind of data gets a new version: nothing kept before is read again (after a
    deployment: what is kept was drawn by the former templates and code)."""
    DataVersion.objects.update(token=uuid.uuid4())


def renew(name: str) -> None:
    """Give `name` a new version token now."""
    if not DataVersion.objects.filter(name=name).update(token=uuid.uuid4()):
        DataVersion.objects.get_or_create(name=name)
        DataVersion.objects.filter(name=name).update(token=uuid.uuid4())


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def cache_key(name: str, token: str, key) -> str:
    """Where a value computed for `key` is kept for the version `token` of `name`. A value kept
    for many versions at once (the indicators of a region's thirty territories) has its names
    and tokens shortened to their digest, so that its place stays within the length a cache
    takes for a key (250 characters; the database cache's column, 255)."""
    if len(name) + len(token) > 160:
        name, token = f"many-{_digest(name, 16)}", _digest(token, 40)
    return f"tablee:{name}:{token}:{_digest(repr(key), 32)}"


def cached(name: str, key, compute: Callable[[], object], timeout: int = TIMEOUT):
    """`compute()`, kept in the cache for the current version of `name` under `key` (any value
    whose repr says what was asked: tuples of strings and numbers)."""
    return cached_together(name, {"value": (key, compute)}, timeout)["value"]


def cached_together(name: str, entries: dict, timeout: int = TIMEOUT) -> dict:
    """Several values kept for the current version of `name`, read together (two queries on a
    hit: the token, then the values): `entries` maps a label to (key, compute); the answer maps
    each label to its value. The values missing are computed in the order given."""
    token = current(name)
    keys = {label: cache_key(name, token, key) for label, (key, _compute) in entries.items()}
    found = cache.get_many(list(keys.values()))
    values, missing = {}, {}
    for label, (_key, compute) in entries.items():
        if keys[label] in found:
            values[label] = found[keys[label]]
        else:
            values[label] = missing[keys[label]] = compute()
    if missing:
        cache.set_many(missing, timeout)
    return values


def renew_when_saved(names, models, *, relations=()) -> None:
    """Renew `names` (one name, or several) whenever a row of `models` is saved or deleted, or
    one of the many-to-many `relations` (their `through` models) gains or loses links. Writes
    that send no signal (`update()`, bulk writes) call `changed` themselves."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    names = (names,) if isinstance(names, str) else tuple(names)
    label_of_names = "+".join(names)

    def saved(sender, **kwargs):
        for name in names:
            changed(name)

    def linked(sender, action, **kwargs):
        if action in {"post_add", "post_remove", "post_clear"}:
            saved(sender)

    for model in models:
        label = model._meta.label_lower
        uid = f"{label}_{label_of_names}"
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}_saved")
        post_delete.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}_deleted")
    for through in relations:
        label = through._meta.label_lower
        m2m_changed.connect(
            linked, sender=through, weak=False, dispatch_uid=f"{label}_{label_of_names}"
        )


def renew_when_a_person_changes(*names) -> None:
    """The data `names` show people's names: renew them when a person's row is saved (a new
    name, an erasure), not when they only sign in (the last login, the password) nor when the
    account is created (nothing names it yet)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    def person_saved(sender, created=False, update_fields=None, **kwargs):
        if created:
            return
        if update_fields is None or set(update_fields) - {"last_login", "password"}:
            for name in names:
                changed(name)

    post_save.connect(
        person_saved,
        sender=get_user_model(),
        weak=False,
        dispatch_uid=f"person_{'+'.join(names)}_v",
    )


def places_across(names) -> Callable[[object], str]:
    """Where values read from several kinds of data are kept for the current versions of all of
    `names` together (one query: the tokens): a function giving the place of a key. Read them
    with `read`, keep them with `keep`: a change of any of the names gives them new places."""
    tokens = current_many(names)
    ordered = sorted(tokens)
    name, token = "+".join(ordered), "-".join(tokens[name] for name in ordered)
    return lambda key: cache_key(name, token, key)


def read(places) -> dict:
    """The values kept at `places` (one query), by place; a place holding nothing is absent."""
    return cache.get_many(list(places))


def keep(values: dict, timeout: int = TIMEOUT, *, until=None) -> None:
    """Keep `values` (by place) for `timeout` seconds, no later than `until` (a datetime, or
    None): a value whose moment has passed is not kept."""
    if until is not None:
        timeout = min(timeout, int((until - timezone.now()).total_seconds()))
    if values and timeout >= 1:
        cache.set_many(values, timeout)


def cached_across(names, key, compute: Callable[[], object], timeout: int = TIMEOUT, *, until=None):
    """`compute()`, kept for the current versions of all of `names` together (a value read
    from several kinds of data): a change of any of them gives it a new place. Two queries on
    a hit: the tokens, then the value. `until` bounds how long it is kept when time alone
    changes it (a datetime, or a function of the value computed giving one or None): a value
    whose moment has passed is not kept."""
    where = places_across(names)(key)
    found = read([where])
    if where in found:
        return found[where]
    value = compute()
    keep({where: value}, timeout, until=until(value) if callable(until) else until)
    return value


def end_of_today() -> datetime:
    """Midnight tonight, local time: what says "overdue", "to come" or "today" is kept no
    longer."""
    now = timezone.localtime()
    return datetime.combine(now.date() + timedelta(days=1), time.min, now.tzinfo)
