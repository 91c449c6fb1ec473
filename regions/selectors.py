"""What the region's pages read, each query with its relations decided here."""

from django.db.models import Case, IntegerField, Q, Value, When

from meetings.models import Table
from portal.models import Region, Territory
from portal.permissions import visible_to
from register.models import Proposal


def regions_for(user):
    """The regions a person reads, and every region (its directory search is public)."""
    readable = set(visible_to(user, Region.objects.all()).values_list("pk", flat=True))
    regions = list(Region.objects.order_by("name"))
    for region in regions:
        region.readable = region.pk in readable
    return regions


def region_territories(region: Region) -> list[Territory]:
    return list(Territory.objects.filter(region=region).order_by("name"))


def region_tables(user, region: Region) -> list[Table]:
    """The region's own table(s) first, then each territory's tables, as far as the person
    may see them."""
    tables = Table.objects.filter(Q(region=region) | Q(territory__region=region))
    return list(
        visible_to(user, tables)
        .select_related("territory", "region")
        .annotate(
            regional=Case(
                When(region__isnull=False, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("regional", "territory__name", "kind", "name")
    )


def region_proposals(user, region: Region) -> list[Proposal]:
    """The proposals sent up to the region's table, as far as the person may see them."""
    return list(
        visible_to(user, Proposal.objects.filter(strategic_table__region=region))
        .select_related("territory", "strategic_table", "referred_from")
        .order_by("-referred_at", "-pk")
    )
