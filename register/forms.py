from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agreements.selectors import corridors_binding_in
from directory.autocomplete import service_label
from directory.models import Organisation, Service
from meetings.models import HELD_STATUSES, UPCOMING_STATUSES, Meeting, Table
from meetings.models.meetings import display_title_of
from portal.communes import CommuneField
from portal.files import validate_upload
from portal.models import Commune, Territory
from portal.permissions import visible_to
from portal.widgets import DateInput, QuickSelect, SearchedSelect, SearchedSelectMultiple

from .models import Category, Dysfunction, Position, Proposal
from .models.dysfunctions import DysfunctionState
from .models.proposals import DECISION_STATES
from .privacy import errors_by_field, find_personal_data_in
from .rules import territories_filed_in
from .selectors import decision_meetings_of


class PersonalDataGuardMixin:
    """Refuse, field by field, what looks like personal data, keeping what was typed."""

    guarded_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        texts = {name: cleaned.get(name) for name in self.guarded_fields}
        for field, messages in errors_by_field(find_personal_data_in(texts)).items():
            for message in messages:
                self.add_error(field, message)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class DysfunctionForm(PersonalDataGuardMixin, forms.ModelForm):
    guarded_fields = ("title", "description", "workaround", "suggestion")

    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        validators=[validate_upload],
        help_text=_("Documents that help understand the gap; never one that names a person."),
    )
    # Searched: the communes of the territories one files in (a region's thousands).
    commune = CommuneField(label=capfirst(Dysfunction._meta.get_field("commune").verbose_name))

    class Meta:
        model = Dysfunction
        fields = [
            "title",
            "description",
            "observed_on",
            "commune",
            "category",
            "services",
            "organisations",
            "corridor",
            "public",
            "age_band",
            "situation_count",
            "severity",
            "workaround",
            "suggestion",
        ]
        widgets = {
            "observed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 8}),
            "workaround": forms.Textarea(attrs={"rows": 3}),
            "suggestion": forms.Textarea(attrs={"rows": 3}),
            "services": SearchedSelectMultiple("directory.services"),
            "organisations": SearchedSelectMultiple("directory.organisations"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        territories = territories_filed_in(user)
        self.fields["commune"].queryset = Commune.objects.filter(territory_id__in=territories)
        self.fields["commune"].widget.params = {"territory": sorted(territories)}
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["services"].queryset = Service.objects.filter(
            organisation__territory_id__in=territories
        ).select_related("organisation")
        self.fields["services"].label_from_instance = service_label
        self.fields["organisations"].queryset = Organisation.objects.filter(
            territory_id__in=territories
        )
        for name in ("services", "organisations"):
            self.fields[name].widget.params = {"territory": sorted(territories)}
        self.fields["corridor"].queryset = corridors_binding_in(territories)
        self.fields["corridor"].label_from_instance = lambda c: (
            f"{c.from_service.name} → {c.to_service.name} ({c.agreement.title})"
        )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        findings = find_personal_data_in({"attachments": " ".join(f.name for f in files)})
        if findings:
            raise forms.ValidationError(errors_by_field(findings)["attachments"])
        return files

    def service_fields(self) -> dict:
        """What the services take: the model fields (without the relations), then the rest."""
        data = dict(self.cleaned_data)
        return {
            "services": data.pop("services", []),
            "organisations": data.pop("organisations", []),
            "attachments": data.pop("attachments", []),
            **data,
        }


class SimilarQueryForm(forms.Form):
    """What the filing form holds so far, read to offer the similar gaps while one types. An
    unknown category or commune is left out rather than refused: the offer is a hint."""

    title = forms.CharField(required=False)
    description = forms.CharField(required=False)
    category = forms.ModelChoiceField(queryset=Category.objects.none(), required=False)
    commune = CommuneField(queryset=Commune.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["commune"].queryset = Commune.objects.filter(
            territory_id__in=territories_filed_in(user)
        )

    def query(self) -> dict:
        """The selector's arguments; only the beginning of a long text counts."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "title": (data.get("title") or "")[:200],
            "description": (data.get("description") or "")[:2000],
            "category": data.get("category"),
            "commune": data.get("commune"),
        }


class MeTooForm(PersonalDataGuardMixin, forms.Form):
    """« Moi aussi »: my situations added to a gap the tables already know."""

    guarded_fields = ("note",)
    situation_count = forms.IntegerField(
        label=_("How many situations you know of"), min_value=1, max_value=10000, initial=1
    )
    note = forms.CharField(
        label=_("What your situations add (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Describe the situation, never the person."),
    )


class ReasonForm(PersonalDataGuardMixin, forms.Form):
    guarded_fields = ("reason",)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class OptionalReasonForm(ReasonForm):
    reason = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QualifyForm(PersonalDataGuardMixin, forms.Form):
    guarded_fields = ("reason",)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), widget=QuickSelect
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.none(), widget=QuickSelect
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Services involved"),
        queryset=Service.objects.none(),
        required=False,
        widget=SearchedSelectMultiple("directory.services"),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations involved"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=SearchedSelectMultiple("directory.organisations"),
    )
    reason = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, dysfunction, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "category": dysfunction.category_id,
                "commune": dysfunction.commune_id,
                "services": [s.pk for s in dysfunction.services.all()],
                "organisations": [o.pk for o in dysfunction.organisations.all()],
            },
        )
        super().__init__(*args, **kwargs)
        territory = dysfunction.territory_id
        self.fields["commune"].queryset = Commune.objects.filter(territory_id=territory)
        self.fields["services"].queryset = Service.objects.filter(
            organisation__territory_id=territory
        ).select_related("organisation")
        self.fields["services"].label_from_instance = service_label
        self.fields["organisations"].queryset = Organisation.objects.filter(territory_id=territory)
        for name in ("services", "organisations"):
            self.fields[name].widget.params = {"territory": [territory]}
        # The rows the dysfunction names are shown chosen with the labels the page has read
        # (those of its territory: the others are left to the field's own query, as before).
        self.fields["services"].widget.known = {
            s.pk: service_label(s)
            for s in dysfunction.services.all()
            if s.organisation.territory_id == territory
        }
        self.fields["organisations"].widget.known = {
            o.pk: str(o) for o in dysfunction.organisations.all() if o.territory_id == territory
        }


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Dysfunction.objects.none(),
        to_field_name="pk",
        widget=SearchedSelect("register.merge_candidates"),
    )
    reason = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidates, dysfunction=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates
        if dysfunction is not None:
            self.fields["into"].widget.params = {"dysfunction": dysfunction.pk}


class ProposalForm(PersonalDataGuardMixin, forms.ModelForm):
    guarded_fields = ("title", "rationale", "request", "resources")

    class Meta:
        model = Proposal
        fields = ["title", "tactical_table", "dysfunctions", "rationale", "request", "resources"]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 8}),
            "request": forms.Textarea(attrs={"rows": 4}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "dysfunctions": SearchedSelectMultiple("register.proposal_dysfunctions"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tactical_table"].queryset = visible_to(
            user, Table.objects.filter(kind=Table.Kind.TACTICAL), action="meetings.table.manage"
        )
        escalable = Dysfunction.objects.filter(
            state__in=[
                DysfunctionState.QUALIFIED,
                DysfunctionState.SCHEDULED,
                DysfunctionState.ESCALATED,
            ],
        )
        self.fields["dysfunctions"].queryset = visible_to(
            user, escalable, action="register.dysfunction.triage"
        )


class SubmitProposalForm(OptionalReasonForm):
    strategic_table = forms.ModelChoiceField(
        label=_("Strategic table"), queryset=Table.objects.none(), widget=QuickSelect()
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategic_table"].queryset = Table.objects.filter(
            territory_id=proposal.territory_id, kind=Table.Kind.STRATEGIC
        )


class ReferToRegionForm(ReasonForm):
    regional_table = forms.ModelChoiceField(
        label=_("Table of the region"), queryset=Table.objects.none(), widget=QuickSelect()
    )
    field_order = ["regional_table", "reason"]

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regional_table"].queryset = Table.objects.filter(
            region__territories__id=proposal.territory_id, kind=Table.Kind.STRATEGIC
        )
        self.fields["reason"].label = _("Why the territory sends it up")


class DecisionForm(ReasonForm):
    meeting = forms.ModelChoiceField(
        label=_("Strategic meeting where the table decided"),
        queryset=Meeting.objects.none(),
        widget=QuickSelect(),
        help_text=_(
            "A convened meeting of today or earlier is marked as held when the decision is "
            "recorded."
        ),
    )
    decision = forms.ChoiceField(
        label=_("Decision of the strategic table"),
        choices=[(s.value, s.label) for s in DECISION_STATES],
        widget=forms.RadioSelect,
    )
    due_date = forms.DateField(
        label=_("Due date of the implementation"),
        required=False,
        widget=DateInput(),
        help_text=_("An approval is followed in the decision register until it is done."),
    )
    votes_for = forms.IntegerField(
        label=_("Voices for"),
        required=False,
        min_value=0,
        help_text=_(
            "If the table voted: the counts are checked against the quorum and the member "
            "seats present or represented at the meeting chosen. Leave empty otherwise."
        ),
    )
    votes_against = forms.IntegerField(label=_("Voices against"), required=False, min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0)
    field_order = [
        "meeting",
        "decision",
        "reason",
        "due_date",
        "votes_for",
        "votes_against",
        "abstentions",
    ]

    def __init__(self, *args, proposal, meeting_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = decision_meetings_of(proposal.strategic_table_id)
        field = self.fields["meeting"]
        field.queryset = meetings
        field.label_from_instance = lambda m: (
            f"{m.display_title} ({m.get_status_display().lower()})"
        )
        wanted = meeting_id or proposal.scheduled_in_id
        if wanted and meetings.filter(pk=wanted).exists():
            self.initial.setdefault("meeting", wanted)


def _meetings(*, table_ids=None, kind=None, territory_id=None, held):
    statuses = HELD_STATUSES if held else UPCOMING_STATUSES
    queryset = Meeting.objects.filter(status__in=statuses).select_related("table")
    if table_ids is not None:
        queryset = queryset.filter(table_id__in=table_ids)
    if kind is not None:
        queryset = queryset.filter(table__kind=kind)
    if territory_id is not None:
        queryset = queryset.filter(table__territory_id=territory_id)
    return queryset.order_by("starts_at" if not held else "-starts_at")


class _MeetingOptions(ModelChoiceIterator):
    """The meetings offered, each named from the four columns its name needs: a pilot chooses
    among a hundred, and a model instance for each cost more than the rest of the list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "title", "starts_at", "table__name")
        for pk, title, starts_at, table_name in rows:
            yield (pk, display_title_of(title, starts_at, table_name))


class MeetingChoiceField(forms.ModelChoiceField):
    """A meeting, offered by its display title (the field still checks and returns the row)."""

    iterator = _MeetingOptions


class MeetingChoiceForm(OptionalReasonForm):
    meeting = MeetingChoiceField(label=_("Meeting"), queryset=None, widget=QuickSelect)
    field_order = ["meeting", "reason"]

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class ScheduleDysfunctionForm(MeetingChoiceForm):
    def __init__(self, *args, dysfunction, **kwargs):
        super().__init__(
            *args,
            meetings=_meetings(
                kind=Table.Kind.TACTICAL, territory_id=dysfunction.territory_id, held=False
            ),
            **kwargs,
        )
        self.fields["meeting"].label = _("Tactical meeting")


class TacticalDecisionForm(ReasonForm):
    reason = forms.CharField(
        label=_("Decision of the tactical table"), widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())


class AdoptProposalForm(MeetingChoiceForm):
    def __init__(self, *args, proposal, **kwargs):
        super().__init__(
            *args, meetings=_meetings(table_ids=[proposal.tactical_table_id], held=True), **kwargs
        )
        self.fields["meeting"].label = _("Tactical meeting where it was adopted")


class ScheduleProposalForm(MeetingChoiceForm):
    def __init__(self, *args, proposal, **kwargs):
        super().__init__(
            *args,
            meetings=_meetings(table_ids=[proposal.strategic_table_id or 0], held=False),
            **kwargs,
        )
        self.fields["meeting"].label = _("Strategic meeting")


class PositionForm(forms.Form):
    position = forms.ChoiceField(
        label=_("My position"), choices=Position.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IndicatorFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    territory = forms.ModelChoiceField(
        label=_("Territory"), required=False, queryset=None, empty_label=_("All")
    )

    def __init__(self, *args, territory_ids=None, territories=None, **kwargs):
        """`territories`: the (pk, name) pairs offered, already read (the choices are drawn
        from them without a query); else every territory, or those of `territory_ids`."""
        super().__init__(*args, **kwargs)
        field = self.fields["territory"]
        if territories is not None:
            field.queryset = Territory.objects.filter(pk__in=[pk for pk, _name in territories])
            field.choices = [("", field.empty_label), *territories]
            return
        queryset = Territory.objects.all()
        if territory_ids is not None:
            queryset = queryset.filter(pk__in=territory_ids)
        field.queryset = queryset

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end of the period comes after its start."))
        return cleaned


class OrganisationAnswerForm(PersonalDataGuardMixin, forms.Form):
    guarded_fields = ("text",)
    organisation = forms.ModelChoiceField(
        label=_("In the name of"), queryset=Organisation.objects.none()
    )
    text = forms.CharField(
        label=_("Your organisation's answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("The tables, the pilot and the filer read it on the dysfunction's timeline."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
