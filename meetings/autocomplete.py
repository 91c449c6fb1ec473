"""The searched choices of the tables (see portal/autocomplete.py): the people a pilot picks at
a table, under their organisation, a seat's substitutes first."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from meetings import selectors
from meetings.models import Decision, Table
from portal.autocomplete import numbers_in, source, text_or_number
from portal.permissions import ensure, visible_to


def person_label(person) -> str:
    name = person.get_full_name() or person.email
    organisation = getattr(person, "organisation_name", "")
    return f"{name} ({organisation})" if organisation else name


def person_group(person) -> str:
    if getattr(person, "is_substitute", False):
        return _("Substitutes of this seat")
    return getattr(person, "organisation_name", "") or _("Without organisation")


def _words(query: str) -> Q:
    """Every word typed is in the first name, the last name or the address ("léa gau")."""
    condition = Q()
    for word in query.split():
        condition &= Q(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return condition | text_or_number(query) if query else condition


def _number(params, name: str) -> int | None:
    numbers = numbers_in(params.get(name, ""))
    return numbers[0] if numbers else None


@source("meetings.people", label=person_label, group=person_group)
def people(user, query, params):
    """The people of a table's territory (or region), for its pilot; `seat` lists that seat's
    substitutes first; `speakers=1` keeps the seat holders and pilots."""
    table = Table.objects.get(pk=_number(params, "table") or 0)
    ensure(user, "meetings.table.manage", table)
    return selectors.people_choices(
        table, seat_id=_number(params, "seat"), speakers=params.get("speakers") == "1"
    ).filter(_words(query))


@source("meetings.decision_owners", label=person_label)
def decision_owners(user, query, params):
    """The people who own decisions the person sees (the decision register's owner filter)."""
    owners = visible_to(user, Decision.objects.all()).values("owner_id")
    return (
        get_user_model()
        .objects.filter(pk__in=owners)
        .filter(_words(query))
        .order_by("last_name", "first_name", "pk")
    )
