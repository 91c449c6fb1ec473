"""The directory search's input: the words, the facets (django-filter) and the person being
oriented. Unknown values and absurd ages come back as form errors, never as server errors."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.eligibility import MAX_AGE, Person
from directory.models import Category, Organisation, Public, Service
from portal.communes import CommuneField, CommunesFilter
from portal.models import Commune

MAX_QUERY_LENGTH = 200


class ServiceFilterSet(django_filters.FilterSet):
    """The facets of the search. Several values of one facet widen (or), facets narrow (and)."""

    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="value",
        method="filter_category",
    )
    public = django_filters.ModelMultipleChoiceFilter(
        label=_("Public"),
        queryset=Public.objects.all(),
        to_field_name="value",
        method="filter_public",
    )
    served = CommunesFilter(
        label=_("Commune served"), queryset=Commune.objects.all(), method="filter_served"
    )
    access = django_filters.MultipleChoiceFilter(
        label=_("Access"), field_name="access_mode", choices=Service.AccessMode.choices
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind of organisation"),
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
    )

    class Meta:
        model = Service
        fields = []

    def search_key(self) -> tuple:
        """What this search asks, as plain values: the searches kept in the cache are kept
        under it (directory.selectors.search). A subclass that narrows the services otherwise
        adds what it narrows them by."""
        data = self.form.cleaned_data
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            tuple(
                (name, tuple(sorted(getattr(value, "pk", value) for value in data.get(name) or ())))
                for name in sorted(self.filters)
            ),
        )

    # M2M filters go through a sub-query so that the results need no DISTINCT.
    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        ids = Service.objects.filter(categories__in=value).values("pk")
        return queryset.filter(pk__in=ids)

    def filter_public(self, queryset, name, value):
        if not value:
            return queryset
        ids = Service.objects.filter(publics__in=value).values("pk")
        return queryset.filter(pk__in=ids)

    def filter_served(self, queryset, name, value):
        if not value:
            return queryset
        territories = {c.territory_id for c in value if c.territory_id}
        ids = Service.objects.filter(
            Q(communes_served__in=value)
            | Q(serves_whole_territory=True, organisation__territory_id__in=territories)
        ).values("pk")
        return queryset.filter(pk__in=ids)


class SearchForm(forms.Form):
    """The words of the search and the person to orient."""

    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Your search is too long: %(limit_value)d characters at most.")
        },
    )
    age = forms.IntegerField(
        label=_("Age of the person"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "invalid": _("The age must be a whole number of years."),
            "min_value": _("The age cannot be negative."),
            "max_value": _("The age must be at most %(limit_value)s years."),
        },
    )
    commune = CommuneField(label=_("Commune where the person lives"), required=False)
    referred = forms.BooleanField(
        label=_("Oriented by a professional"),
        required=False,
    )

    def __init__(self, *args, professional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.professional = professional
        if professional:
            # Whom a signed-in professional orients is, by definition, referred by them.
            del self.fields["referred"]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def person(self) -> Person | None:
        data = self.cleaned_data
        commune = data.get("commune")
        person = Person(
            age=data.get("age"),
            commune_id=commune.pk if commune else None,
            commune_territory_id=commune.territory_id if commune else None,
            referred_by_professional=self.professional or bool(data.get("referred")),
        )
        return person if person.is_described else None
