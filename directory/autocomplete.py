"""The directory's searched choices (see portal/autocomplete.py): published services and
organisations of the territories asked for (the directory is public)."""

from directory.models import Category, Organisation, Service
from portal.autocomplete import source, territory_ids, text_or_number


def service_label(service) -> str:
    return f"{service.name} — {service.organisation.name}"


@source("directory.services", label=service_label, group=lambda s: s.organisation.name)
def services(user, query, params):
    """Listed under their organisation: two organisations often name a service alike."""
    return (
        Service.objects.filter(
            text_or_number(query, "name", "organisation__name"),
            live=True,
            organisation__territory_id__in=territory_ids(params),
        )
        .select_related("organisation")
        .only("name", "organisation__name")
        .order_by("organisation__name", "name", "pk")
    )


@source("directory.categories", group=lambda c: c.group)
def categories(user, query, params):
    """The thématiques, under their family ("Santé", "Logement et hébergement"…)."""
    return Category.objects.filter(text_or_number(query, "label", "group")).order_by(
        "group", "label", "pk"
    )


@source("directory.organisations")
def organisations(user, query, params):
    return Organisation.objects.filter(
        text_or_number(query, "name"), territory_id__in=territory_ids(params)
    ).order_by("name", "pk")
