"""The register list's filters (django-filter, like the directory's and the decision register's)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.communes import CommuneFilter
from portal.models import Commune
from portal.widgets import QuickSelect

from .models import Category, Dysfunction, DysfunctionState


class DysfunctionFilterSet(django_filters.FilterSet):
    """State, category and commune; the communes offered are those of the territories the
    reader sees."""

    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=DysfunctionState.choices,
        empty_label=_("All"),
        widget=QuickSelect(),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        empty_label=_("All"),
        widget=QuickSelect(),
    )
    # Searched: a regional coordinator sees the region's thousands of communes.
    commune = CommuneFilter(label=_("Commune"), queryset=Commune.objects.none())

    class Meta:
        model = Dysfunction
        fields = ["state", "category", "commune"]

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["commune"].queryset = Commune.objects.filter(territory_id__in=territories)
        self.filters["commune"].params = {"territory": sorted(territories)}
