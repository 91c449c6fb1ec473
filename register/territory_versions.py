"""The register's versions by territory, for what is kept of one territory's dysfunctions (the
indicators): a change of a dysfunction, or of what hangs from it (a step of its road, an
attachment, a « me too », a feedback request, its services and organisations), renews its
territory's version, `register@<id>` (both territories' when it moves), and leaves what is kept
for the other territories of the region. Everything else the register's version follows (the
names it shows: categories, communes, organisations, services, agreements, corridors, people;
proposals; every write without signals) renews the shared version, `register-shared`, which
every value kept by territory is also kept for.

The region-wide version `register` is renewed by all of them, as before: what reads several
territories' rows without knowing which (the lists, the pages, the landing panels) keeps
following it."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from portal import versions

SHARED = "register-shared"


def territory_version(territory_id) -> str:
    return f"register@{territory_id}"


def kept_for_territories(territory_ids) -> list[str]:
    """The versions a value computed from these territories' dysfunctions is kept for."""
    return [SHARED, *(territory_version(pk) for pk in sorted(set(territory_ids)))]


def register_changed() -> None:
    """The register changed without saying where (a write without signals, a name it shows):
    every value kept for it, whatever its territory, is computed again."""
    versions.changed("register")
    versions.changed(SHARED)


def _territories_changed(territory_ids) -> None:
    versions.changed("register")
    known = {pk for pk in territory_ids if pk is not None}
    if not known or None in territory_ids:
        versions.changed(SHARED)  # where it was is not known: every territory's
    for pk in sorted(known):
        versions.changed(territory_version(pk))


def _territories_of(dysfunction_ids) -> set:
    from .models import Dysfunction

    ids = set(dysfunction_ids)
    found = set(Dysfunction.objects.filter(pk__in=ids).values_list("territory_id", flat=True))
    return found or {None}


def _dysfunction_moving(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a dysfunction is saved, the territory it is leaving (when it may change)."""
    if instance.pk is None or (
        update_fields is not None and not {"territory", "territory_id"} & set(update_fields)
    ):
        instance._territory_before = instance.territory_id
        return
    instance._territory_before = (
        type(instance).objects.filter(pk=instance.pk).values_list("territory_id", flat=True).first()
    )


def _dysfunction_changed(sender, instance, **kwargs) -> None:
    before = getattr(instance, "_territory_before", instance.territory_id)
    _territories_changed({instance.territory_id, before} - {None} or {None})


def _part_changed(sender, instance, **kwargs) -> None:
    """A row that hangs from a dysfunction (a step, an attachment, a « me too », a request)."""
    _territories_changed(_territories_of([instance.dysfunction_id]))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A dysfunction's services or organisations linked or unlinked (from either side)."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        _territories_changed({instance.territory_id})
    elif pk_set:
        _territories_changed(_territories_of(pk_set))
    else:  # a service's or organisation's links cleared: which dysfunctions is not said
        register_changed()


def connect(*, by_territory, shared, shared_relations) -> None:
    """Connect the register's versions to the rows that renew them (once, at start-up):
    `by_territory` are the dysfunction and the models that hang from it, `shared` the models
    whose change renews every territory's, `shared_relations` their many-to-many links."""
    from .models import Dysfunction

    pre_save.connect(_dysfunction_moving, sender=Dysfunction, dispatch_uid="register_t_moving")
    for model in by_territory:
        receiver = _dysfunction_changed if model is Dysfunction else _part_changed
        label = model._meta.label_lower
        post_save.connect(receiver, sender=model, dispatch_uid=f"{label}_register_t_saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{label}_register_t_deleted")
    for through in (Dysfunction.services.through, Dysfunction.organisations.through):
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"{through._meta.label_lower}_register_t"
        )
    versions.renew_when_saved(("register", SHARED), shared, relations=shared_relations)
    # The filers' names in the lists.
    versions.renew_when_a_person_changes("register", SHARED)
