from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import TEXT_LIMIT, Corridor
from directory.models import Organisation, Service
from meetings.models import Table
from portal.models import Territory
from portal.widgets import DateInput, SearchedSelectMultiple


class AgreementForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties (organisations)"),
        queryset=Organisation.objects.none(),
        help_text=_("At least two organisations."),
        widget=SearchedSelectMultiple("directory.organisations"),
    )
    public = forms.CharField(
        label=_("Public and criteria covered"), widget=forms.Textarea, max_length=TEXT_LIMIT
    )
    procedure = forms.CharField(
        label=_("Referral procedure"), widget=forms.Textarea, required=False, max_length=TEXT_LIMIT
    )
    commitments = forms.CharField(
        label=_("Commitments"), widget=forms.Textarea, required=False, max_length=TEXT_LIMIT
    )
    effective_from = forms.DateField(label=_("In force from"), required=False, widget=DateInput())
    review_on = forms.DateField(label=_("To review on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    signed_document = forms.FileField(label=_("Signed document"), required=False)

    def __init__(self, *args, territories, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        if agreement is not None:
            del self.fields["territory"]
            territory_ids = [agreement.territory_id]
        else:
            territory_ids = list(territories.values_list("pk", flat=True))
            if len(territory_ids) == 1:
                self.fields["territory"].initial = territory_ids[0]
        self.fields["parties"].queryset = Organisation.objects.filter(
            territory_id__in=territory_ids
        ).order_by("name")
        self.fields["parties"].widget.params = {"territory": sorted(territory_ids)}


class CorridorForm(forms.Form):
    from_service = forms.ModelChoiceField(
        label=_("Referring service"), queryset=Service.objects.none()
    )
    to_service = forms.ModelChoiceField(
        label=_("Receiving service"), queryset=Service.objects.none()
    )
    public = forms.CharField(label=_("Public referred"), max_length=300)
    age_min = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0, max_value=120)
    channel = forms.ChoiceField(label=_("Channel"), choices=Corridor.Channel.choices)
    channel_details = forms.CharField(label=_("Form or contact"), max_length=300, required=False)
    response_days = forms.IntegerField(
        label=_("Answer within (working days)"), required=False, min_value=0, max_value=365
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        services = (
            Service.objects.filter(organisation__in=agreement.parties.all(), live=True)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        for name in ("from_service", "to_service"):
            self.fields[name].queryset = services
            self.fields[name].label_from_instance = lambda s: f"{s.organisation.name} · {s.name}"


class ProposeForm(forms.Form):
    table = forms.ModelChoiceField(label=_("Tactical table"), queryset=Table.objects.none())
    reason = forms.CharField(
        label=_("Note"), widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = Table.objects.filter(
            territory_id=agreement.territory_id, kind=Table.Kind.TACTICAL
        ).order_by("name")


class AdoptForm(forms.Form):
    decision = forms.ModelChoiceField(label=_("Decision of the table"), queryset=None)
    reason = forms.CharField(
        label=_("Note"), widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = lambda d: f"{d.meeting} · {d.text[:80]}"


class MoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea, required=False, max_length=2000
    )


class CommentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none()
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea, max_length=TEXT_LIMIT)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(organisations)
        self.fields["organisation"].queryset = organisations
        if not choices:  # the pilot speaks for the network
            del self.fields["organisation"]
        elif len(choices) == 1:
            self.fields["organisation"].initial = choices[0].pk
