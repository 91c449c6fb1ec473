import django_filters
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import OPEN_DECISION_STATUSES, Decision, DecisionStatus, Table
from portal.permissions import visible_to
from portal.widgets import QuickSelect, SearchedSelect


class BooleanSelect(django_filters.widgets.BooleanWidget, QuickSelect):
    """The "overdue only" choice (its values as django-filter reads them), written in Python."""


class DecisionFilter(django_filters.FilterSet):
    """The decision register's filters: table, status, owner, overdue."""

    table = django_filters.ModelChoiceFilter(
        label=_("Table"),
        field_name="meeting__table",
        queryset=Table.objects.none(),
        widget=QuickSelect(),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DecisionStatus.choices, widget=QuickSelect()
    )
    # The owners of a region's decisions are many: searched, never listed whole.
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        widget=SearchedSelect("meetings.decision_owners"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=BooleanSelect(),
    )

    class Meta:
        model = Decision
        fields = ["table", "status", "owner", "overdue"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["table"].queryset = visible_to(user, Table.objects.all())
        owners = self.queryset.values("owner_id")
        self.filters["owner"].queryset = (
            get_user_model().objects.filter(pk__in=owners).order_by("last_name", "first_name")
        )

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=OPEN_DECISION_STATUSES, due_date__lt=timezone.localdate())
