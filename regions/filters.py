"""The directory search across a region: the directory's own facets, over the services of the
organisations of the region's territories."""

from directory.filters import ServiceFilterSet
from portal.models import Commune


class RegionServiceFilterSet(ServiceFilterSet):
    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.filters["served"].queryset = Commune.objects.filter(territory__region=region)

    def search_key(self) -> tuple:
        return (*super().search_key(), self.region.pk)

    def filter_queryset(self, queryset):
        queryset = queryset.filter(organisation__territory__region=self.region)
        return super().filter_queryset(queryset)
