"""Entries and organisations as their pages, the partners' panel and the e-mails read them.
Each query decides its select_related/prefetch_related here, so that a page runs the same
number of queries whatever the size of the directory."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Cast, RowNumber

from directory.models import (
    Category,
    Membership,
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


def service_page_queryset(user) -> QuerySet:
    """The entries the user may see, with what an entry's page reads beside its kept part
    (directory/service_page.py): the row, its organisation and territory, who verified it."""
    return visible_to(user, Service.objects.all()).select_related(
        "organisation", "organisation__territory", "last_verified_by"
    )


def organisation_detail_queryset(user) -> QuerySet:
    return visible_to(user, Organisation.objects.select_related("territory", "commune"))


def organisation_live_services(organisation: Organisation) -> QuerySet:
    """An organisation's published entries by name, as its page lists them (a page at a time)."""
    return service_prefetched(service_live().filter(organisation=organisation)).order_by(
        "name", "pk"
    )


def service_list_for_member(user, *, per_organisation: int = 10) -> list[Organisation]:
    """The user's organisations, each with `per_organisation` of its services (drafts too), those
    that need the partner first (awaiting approval, not published, with unpublished changes, out
    of date), then by name; each one's moderation state and whether it is out of date, the
    organisation's count of services and whether the user edits them. Three queries, whatever
    the number of services (an organisation may list a thousand)."""
    from wagtail.models import WorkflowState

    a = access(user)
    if not a:
        return []
    organisations = list(
        Organisation.objects.filter(pk__in=a.organisation_ids)
        .annotate(service_count=Count("services"))
        .order_by("name")
    )
    deadline = review_deadline()
    in_moderation = Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Service),
            object_id=Cast(OuterRef("pk"), CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    )
    out_of_date = Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=deadline)
    shown = (
        Service.objects.filter(organisation__in=[o.pk for o in organisations])
        .annotate(
            in_moderation=in_moderation,
            out_of_date=ExpressionWrapper(out_of_date, output_field=BooleanField()),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("organisation_id"),
                order_by=[
                    F("in_moderation").desc(),
                    F("live").asc(),
                    F("has_unpublished_changes").desc(),
                    F("out_of_date").desc(),
                    F("name").asc(),
                    F("pk").asc(),
                ],
            )
        )
        .filter(rank__lte=per_organisation)
        .order_by("organisation_id", "rank")
    )
    by_organisation = {}
    for service in shown:
        by_organisation.setdefault(service.organisation_id, []).append(service)
    for organisation in organisations:
        organisation.editable = organisation.pk in a.editable_organisation_ids
        organisation.shown_services = by_organisation.get(organisation.pk, [])
        organisation.more_services = organisation.service_count - len(organisation.shown_services)
    return organisations


def organisation_editors_emails(organisation) -> list[str]:
    return list(
        organisation.memberships.filter(can_edit_directory=True, user__is_active=True)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )


def _emails_by(queryset, key: str, ids) -> dict[int, list[str]]:
    """{id: sorted e-mails} read in one query per 500 ids."""
    ids, found = list(ids), {}
    for start in range(0, len(ids), 500):
        rows = (
            queryset.filter(**{f"{key}__in": ids[start : start + 500]}, user__is_active=True)
            .values_list(key, "user__email")
            .order_by(key, "user__email")
        )
        for pk, email in rows:
            found.setdefault(pk, []).append(email)
    return found


def organisations_editors_emails(organisation_ids) -> dict[int, list[str]]:
    """organisation_editors_emails of many organisations at once, by organisation id."""
    return _emails_by(
        Membership.objects.filter(can_edit_directory=True), "organisation_id", organisation_ids
    )


def territories_pilots_emails(territory_ids) -> dict[int, list[str]]:
    """territory_pilots_emails of many territories at once, by territory id."""
    return _emails_by(TerritoryPilot.objects.all(), "territory_id", territory_ids)


def territory_pilots_emails(territory_id) -> list[str]:
    return list(
        TerritoryPilot.objects.filter(territory_id=territory_id, user__is_active=True)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )
