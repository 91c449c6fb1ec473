"""The queries agreement pages, service pages and the landing page read."""

from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from agreements.models import BINDING, Agreement, AgreementState, Corridor
from directory.models import Membership
from meetings.models import Decision, MeetingStatus
from portal.models import TerritoryPilot
from portal.permissions import access, visible_to

LIST_SIZE = 25


def agreement_list_visible_to(user, *, state: str | None = None):
    queryset = visible_to(user, Agreement.objects.all()).select_related("territory", "table")
    if state:
        queryset = queryset.filter(state=state)
    return queryset.prefetch_related("parties").order_by("title", "pk")


def agreement_detail(user):
    """The agreements `user` may read, with what an agreement's page shows."""
    corridors = Corridor.objects.select_related(
        "from_service__organisation", "to_service__organisation"
    )
    return (
        visible_to(user, Agreement.objects.all())
        .select_related("territory", "table", "decision__meeting", "created_by")
        .prefetch_related(
            "parties",
            Prefetch("corridors", queryset=corridors),
            "comments__author",
            "comments__organisation",
            "events__actor",
        )
    )


def agreement_recipients(agreement: Agreement) -> list[str]:
    """The parties' directory editors and the territory's pilots."""
    editors = Membership.objects.filter(
        organisation__in=agreement.parties.all(), can_edit_directory=True, user__is_active=True
    ).values_list("user__email", flat=True)
    pilots = TerritoryPilot.objects.filter(
        territory_id=agreement.territory_id, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({e for e in [*editors, *pilots] if e})


def corridors_binding_for_services(service_ids) -> list[Corridor]:
    """The corridors in force (or under review) that start or end at these services."""
    return list(
        Corridor.objects.filter(agreement__state__in=BINDING)
        .filter(Q(from_service_id__in=service_ids) | Q(to_service_id__in=service_ids))
        .select_related("agreement", "from_service__organisation", "to_service__organisation")
        .order_by("pk")
    )


def agreement_past_review_for_pilot(user):
    a = access(user)
    if not a:
        return Agreement.objects.none()
    return (
        Agreement.objects.past_review()
        .filter(territory_id__in=a.pilot_territory_ids)
        .order_by("review_on", "pk")
    )


def agreement_past_review_for_table(table_id, *, on=None) -> list[Agreement]:
    """The table's agreements in force whose review date has come by `on`."""
    return list(
        Agreement.objects.past_review(today=on).filter(table_id=table_id).order_by("review_on")
    )


def decisions_that_may_adopt(agreement: Agreement):
    """Decisions recorded in the held meetings of the table the agreement was proposed to,
    since it was proposed (a table meets a few times a year: a short list)."""
    if agreement.table_id is None:
        return Decision.objects.none()
    since = timezone.now() - timedelta(days=2 * 365)
    return (
        Decision.objects.filter(meeting__table_id=agreement.table_id, meeting__starts_at__gte=since)
        .exclude(
            meeting__status__in=[
                MeetingStatus.PLANNED,
                MeetingStatus.CONVENED,
                MeetingStatus.CANCELLED,
            ]
        )  # fmt: skip
        .select_related("meeting")
        .order_by("-meeting__starts_at", "pk")
    )


def agreement_counts(user) -> dict:
    counts = dict.fromkeys(AgreementState.values, 0)
    for state in agreement_list_visible_to(user).values_list("state", flat=True):
        counts[state] += 1
    return counts


def corridors_binding_in(territory_ids):
    """The corridors in force in these territories (the choices of a dysfunction's form)."""
    return (
        Corridor.objects.filter(
            agreement__state__in=BINDING, agreement__territory_id__in=territory_ids
        )
        .select_related("agreement", "from_service", "to_service")
        .order_by("agreement__title", "pk")
    )
