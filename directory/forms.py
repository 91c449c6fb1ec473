from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from directory.models import Service
from portal.communes import CommuneMultipleField, SearchedCommunes
from portal.widgets import SearchedSelectMultiple


class ServiceForm(forms.ModelForm):
    """The entry as its organisation's editors fill it in on the site."""

    communes_served = CommuneMultipleField(
        label=capfirst(Service._meta.get_field("communes_served").verbose_name),
        required=False,
        widget=SearchedCommunes(),
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "summary",
            "description",
            "categories",
            "publics",
            "public_details",
            "age_min",
            "age_max",
            "required_conditions",
            "inclusion_criteria",
            "exclusion_criteria",
            "serves_whole_territory",
            "communes_served",
            "access_mode",
            "referrers",
            "referral_form_url",
            "access_details",
            "phone",
            "email",
            "professional_contact",
            "professional_phone",
            "professional_email",
            "hours",
            "fee",
            "cost_details",
            "languages",
            "accessibility",
            "waiting_time",
        ]
        widgets = {
            "summary": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 8}),
            "public_details": forms.Textarea(attrs={"rows": 3}),
            "inclusion_criteria": forms.Textarea(attrs={"rows": 3}),
            "exclusion_criteria": forms.Textarea(attrs={"rows": 3}),
            "access_details": forms.Textarea(attrs={"rows": 3}),
            "hours": forms.Textarea(attrs={"rows": 3}),
            "cost_details": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "referral_form_url": forms.URLInput(),
            "categories": SearchedSelectMultiple("directory.categories"),
        }

    def clean(self):
        cleaned = super().clean()
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", _("The maximum age cannot be below the minimum age."))
        if age_max is not None and age_max > 130:
            self.add_error("age_max", _("The maximum age must be at most 130 years."))
        return cleaned


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label=_("What should be corrected?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("reject", _("Request changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the author"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
