"""Who reads a region's pages. The regional coordinator reads every territory of the region
(the apps' own rules give them the tables, the published register and the indicators); the
pilots of the region's territories and the members of its table read the region's page."""

from meetings.models import Table
from portal.models import Region
from portal.permissions import access, rule, visibility


def _seated_region_ids(a) -> frozenset:
    """Regions whose table a person sits at (computed once per request)."""
    cached = getattr(a, "_regions_seated", None)
    if cached is None:
        cached = frozenset(
            Table.objects.filter(pk__in=a.table_ids, region__isnull=False).values_list(
                "region_id", flat=True
            )
        )
        a._regions_seated = cached
    return cached


def region_ids_read_by(user) -> frozenset:
    a = access(user)
    return a.coordinated_region_ids | a.pilot_region_ids | _seated_region_ids(a)


def region_ids_compared_by(user) -> frozenset:
    a = access(user)
    return a.coordinated_region_ids | _seated_region_ids(a)


@rule("regions.region.view")
def may_view_region(user, region=None) -> bool:
    """The region's coordinators, the pilots of its territories, the members of its table."""
    ids = region_ids_read_by(user)
    return bool(ids) if region is None else region.pk in ids


@rule("regions.indicators.view")
def may_compare_territories(user, region=None) -> bool:
    """The territories' indicators side by side: the region's coordinators and the members of
    its table (a territory's pilot reads their own territory's indicators)."""
    ids = region_ids_compared_by(user)
    return bool(ids) if region is None else region.pk in ids


@visibility(Region)
def regions_visible_to(user, queryset):
    return queryset.filter(pk__in=region_ids_read_by(user))


@visibility(Region, action="regions.indicators.view")
def regions_compared_by(user, queryset):
    return queryset.filter(pk__in=region_ids_compared_by(user))


@visibility(Region, action="regions.directory.search", visitors=True)
def regions_searched_by(user, queryset):
    """The directory is public: anyone searches it across a region (a person who moves)."""
    return queryset
