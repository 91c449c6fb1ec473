"""Tables and their seats: creating and changing a table, giving and ending mandates."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.apps import meetings_changed
from meetings.models import (
    Seat,
    Table,
)
from portal.permissions import ensure, forget, roles_changed


@transaction.atomic
def check_of_territory(person, table: Table, *, field: str) -> None:
    """Refuse a person who is not of the table's territory (seats, decision owners); for a
    region's table, of one of the region's territories."""
    from meetings.selectors import people_of_table

    if person is not None and not people_of_table(table).filter(pk=person.pk):
        raise ValidationError({field: _("Choose a person of the table's territory.")})


def table_save(*, actor, table: Table, feeds=None) -> Table:
    """Create or change a table (its kind, territory, notice period, quorum rule)."""
    if table.pk is None:
        ensure(actor, "meetings.table.create", table.region if table.region_id else table.territory)
    else:
        ensure(actor, "meetings.table.manage", Table.objects.get(pk=table.pk))
        ensure(actor, "meetings.table.manage", table)
    table.full_clean()
    table.save()
    if feeds is not None:
        if table.kind != Table.Kind.TACTICAL and feeds:
            raise ValidationError({"feeds": _("Only a tactical table feeds strategic tables.")})
        if any(t.kind != Table.Kind.STRATEGIC for t in feeds):
            raise ValidationError({"feeds": _("A tactical table feeds strategic tables only.")})
        table.feeds.set(feeds)
    table_collection_ensure(table=table)
    return table


def table_collection_ensure(*, table: Table):
    """One Wagtail document collection per table, restricted so that its files are served only
    to those who may read the table (see wagtail_hooks.before_serve_document)."""
    from wagtail.models import Collection, CollectionViewRestriction

    if table.collection_id:
        return table.collection
    root = Collection.get_first_root_node()
    collection = root.add_child(name=_("Table documents: %(name)s") % {"name": table.name})
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    Table.objects.filter(pk=table.pk).update(collection=collection)
    meetings_changed()
    table.collection = collection
    return collection


@transaction.atomic
def seat_add(
    *,
    actor,
    table: Table,
    user,
    organisation,
    kind: str = Seat.Kind.MEMBER,
    substitute_for: Seat | None = None,
    start_date: date,
    end_date: date | None = None,
) -> Seat:
    """Give a person a seat at a table for an organisation, as member or substitute."""
    ensure(actor, "meetings.table.manage", table)
    # Lock the table so that two pilots cannot give overlapping seats to the same person.
    Table.objects.select_for_update().filter(pk=table.pk).order_by("pk").first()
    if organisation is None:
        raise ValidationError({"organisation": _("A seat is held for an organisation.")})
    check_of_territory(user, table, field="user")
    if kind == Seat.Kind.SUBSTITUTE:
        if substitute_for is None:
            raise ValidationError(
                {"substitute_for": _("Say which member seat this stands in for.")}
            )
        if substitute_for.table_id != table.pk or substitute_for.kind != Seat.Kind.MEMBER:
            raise ValidationError(
                {"substitute_for": _("A substitute stands in for a member seat of the same table.")}
            )
    else:
        substitute_for = None
    seat = Seat(
        table=table,
        user=user,
        organisation=organisation,
        kind=kind,
        substitute_for=substitute_for,
        start_date=start_date,
        end_date=end_date,
    )
    seat.full_clean()
    overlapping = Seat.objects.filter(table=table, user=user, start_date__lte=end_date or date.max)
    overlapping = [s for s in overlapping if s.end_date is None or s.end_date >= start_date]
    if overlapping:
        raise ValidationError(_("This person already has a seat at this table for that period."))
    seat.save()
    forget(user)
    return seat


@transaction.atomic
def seat_end(*, actor, seat: Seat, end_date: date) -> Seat:
    """End a mandate (the seat stays in past attendance lists)."""
    seat = Seat.objects.select_for_update().select_related("table").get(pk=seat.pk)
    ensure(actor, "meetings.table.manage", seat.table)
    if end_date < seat.start_date:
        raise ValidationError({"end_date": _("A mandate cannot end before it starts.")})
    seat.end_date = end_date
    seat.save(update_fields=["end_date"])
    substitutes = Seat.objects.filter(substitute_for=seat, end_date__isnull=True)
    roles_changed(list(substitutes.values_list("user_id", flat=True)))
    substitutes.update(end_date=end_date)
    meetings_changed()
    forget(seat.user)
    return seat
