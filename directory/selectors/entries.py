"""Entries and organisations as their pages, the partners' panel and the e-mails read them.
Each query decides its select_related/prefetch_related here, so that a page runs the same
number of queries whatever the size of the directory."""

from django.db.models import Prefetch, QuerySet

from directory.models import (
    Category,
    Organisation,
    Public,
    Service,
    review_deadline,
)
from portal.models import Commune, TerritoryPilot
from portal.permissions import access, visible_to


def service_prefetched(queryset: QuerySet) -> QuerySet:
    """What a list or a page of services shows: organisation, categories, publics, communes
    and conditions, in a fixed number of queries."""
    return queryset.select_related("organisation", "organisation__territory").prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("label")),
        Prefetch("publics", queryset=Public.objects.order_by("label")),
        Prefetch("communes_served", queryset=Commune.objects.order_by("name")),
        "required_conditions",
    )


DETAILS = ("phones", "schedules", "spoken_languages", "areas", "locations")


def service_with_details(queryset: QuerySet, *, for_export: bool = True) -> QuerySet:
    """Services with their structured details (phones, schedules, languages, areas, locations)
    as the service page shows them; exports also read the organisation's identifiers."""
    queryset = service_prefetched(queryset).prefetch_related(*DETAILS)
    if for_export:
        queryset = queryset.prefetch_related("organisation__identifiers", "organisation__commune")
    return queryset


def service_live() -> QuerySet:
    """The published entries: what visitors, the search and the API see."""
    return Service.objects.filter(live=True)


def service_detail_queryset(user) -> QuerySet:
    """The entries the user may see, with everything an entry's page shows."""
    return service_with_details(
        visible_to(user, Service.objects.all()).select_related("last_verified_by"),
        for_export=False,
    )


def organisation_detail_queryset(user) -> QuerySet:
    return visible_to(user, Organisation.objects.select_related("territory", "commune"))


def organisation_with_live_services(organisation: Organisation) -> Organisation:
    organisation.live_services = list(
        service_prefetched(service_live().filter(organisation=organisation)).order_by("name")
    )
    return organisation


def service_list_for_member(user) -> list[Organisation]:
    """The user's organisations with all their services (drafts too), each one's moderation
    state and whether it is out of date, and whether the user edits them."""
    from wagtail.models import WorkflowState

    a = access(user)
    if not a:
        return []
    organisations = list(
        Organisation.objects.filter(pk__in=a.organisation_ids).prefetch_related(
            Prefetch("services", queryset=Service.objects.order_by("name"))
        )
    )
    service_ids = [str(s.pk) for o in organisations for s in o.services.all()]
    in_moderation = set(
        WorkflowState.objects.filter(
            base_content_type__model="service",
            base_content_type__app_label="directory",
            object_id__in=service_ids,
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).values_list("object_id", flat=True)
    )
    deadline = review_deadline()
    for organisation in organisations:
        organisation.editable = organisation.pk in a.editable_organisation_ids
        for service in organisation.services.all():
            service.in_moderation = str(service.pk) in in_moderation
            service.out_of_date = (
                service.last_verified_on is None or service.last_verified_on < deadline
            )
    return organisations


def organisation_editors_emails(organisation) -> list[str]:
    return list(
        organisation.memberships.filter(can_edit_directory=True, user__is_active=True)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )


def territory_pilots_emails(territory_id) -> list[str]:
    return list(
        TerritoryPilot.objects.filter(territory_id=territory_id, user__is_active=True)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )
