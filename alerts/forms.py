from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import SavedSearch


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=100)
    frequency = forms.ChoiceField(
        label=_("E-mail me when services enter or leave the results, or change their criteria"),
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
