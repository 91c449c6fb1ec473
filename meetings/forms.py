from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from directory.models import Organisation
from meetings import extensions, selectors
from meetings.autocomplete import person_label
from meetings.calendar import meeting_date_range_error, meeting_day_is_sensible
from meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionStatus,
    DecisionVote,
    Meeting,
    Seat,
    Table,
    VoteChoice,
)
from portal.files import validate_upload
from portal.models import Territory
from portal.permissions import visible_to
from portal.widgets import DateInput, SearchedSelect, TimeInput

User = get_user_model()


def _person_field(field, table: Table, **params) -> None:
    """A person searched among the table's people (meetings.people), under their organisation."""
    field.queryset = selectors.people_choices(
        table, seat_id=params.get("seat"), speakers=bool(params.get("speakers"))
    )
    field.label_from_instance = person_label
    field.widget = SearchedSelect(
        "meetings.people", params={"table": table.pk, **{k: v for k, v in params.items() if v}}
    )
    field.widget.choices = field.choices


def _territory_ids(table: Table) -> list[int]:
    if table.region_id is not None:
        return list(
            Territory.objects.filter(region_id=table.region_id).values_list("pk", flat=True)
        )
    return [table.territory_id]


class TableForm(forms.ModelForm):
    class Meta:
        model = Table
        fields = [
            "name",
            "slug",
            "kind",
            "territory",
            "description",
            "feeds",
            "notice_days",
            "quorum_kind",
            "quorum_value",
            "publishes_calendar",
        ]
        widgets = {"feeds": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        territories = visible_to(
            user, self.fields["territory"].queryset, action="meetings.table.create"
        )
        self.fields["territory"].queryset = territories
        self.fields["feeds"].queryset = Table.objects.filter(
            kind=Table.Kind.STRATEGIC, territory__in=territories
        )
        self.fields["feeds"].required = False

    def clean(self):
        data = super().clean()
        rule, value = data.get("quorum_kind"), data.get("quorum_value")
        if rule == Table.Quorum.COUNT and not value:
            self.add_error("quorum_value", _("Give the number of member seats needed."))
        if rule == Table.Quorum.SHARE and (not value or value > 100):
            self.add_error("quorum_value", _("Give a share between 1 and 100 percent."))
        if rule == Table.Quorum.NONE:
            data["quorum_value"] = None
        if data.get("kind") != Table.Kind.TACTICAL and data.get("feeds"):
            self.add_error("feeds", _("Only a tactical table feeds strategic tables."))
        return data


class SeatForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("A seat is held for an organisation.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Seat.Kind.choices)
    substitute_for = forms.ModelChoiceField(
        label=_("Stands in for"), queryset=Seat.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Mandate start"), widget=DateInput())
    end_date = forms.DateField(label=_("Mandate end"), required=False, widget=DateInput())

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, **kwargs)
        _person_field(self.fields["user"], table)
        organisation = self.fields["organisation"]
        organisation.queryset = selectors.organisations_of_table(table)
        organisation.widget = SearchedSelect(
            "directory.organisations", params={"territory": _territory_ids(table)}
        )
        organisation.widget.choices = organisation.choices
        self.fields["substitute_for"].queryset = (
            Seat.objects.current()
            .filter(table=table, kind=Seat.Kind.MEMBER)
            .select_related("user", "organisation")
        )
        self.fields["substitute_for"].label_from_instance = lambda s: f"{s.user} — {s.organisation}"

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("A mandate cannot end before it starts."))
        if data.get("kind") == Seat.Kind.SUBSTITUTE and not data.get("substitute_for"):
            self.add_error("substitute_for", _("Say which member seat this stands in for."))
        return data


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    @classmethod
    def initial_for(cls, meeting):
        start = timezone.localtime(meeting.starts_at)
        end = timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "place": meeting.place,
            "video_url": meeting.video_url,
        }

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and not meeting_day_is_sensible(day):
            self.add_error("day", meeting_date_range_error())
        elif day and start and end:
            zone = timezone.get_current_timezone()
            data["starts_at"] = timezone.make_aware(datetime.combine(day, start), zone)
            data["ends_at"] = timezone.make_aware(datetime.combine(day, end), zone)
            if end <= start:
                self.add_error("end_time", _("The meeting must end after it starts."))
            moved = not self.initial or (
                self.initial.get("day"),
                self.initial.get("start_time"),
            ) != (day, start)
            if moved and data["starts_at"] < timezone.now():
                self.add_error("day", _("A meeting cannot be planned in the past."))
        if not data.get("place") and not data.get("video_url") and not self.has_error("video_url"):
            self.add_error("place", _("Give a place, a video link, or both."))
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "video_url": data["video_url"],
            "title": data["title"],
        }


class AgendaItemForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=2, required=False)
    title = forms.CharField(label=_("Title"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=600, initial=15
    )
    presenter = forms.ModelChoiceField(
        label=_("Presenter"), queryset=User.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, help_text=_("Markdown.")
    )
    decision = forms.ModelChoiceField(
        label=_("Earlier decision"), queryset=Decision.objects.none(), required=False
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents of the table"),
        queryset=get_document_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    upload = forms.FileField(
        label=_("Add a document"), required=False, validators=[validate_upload]
    )

    def __init__(self, *args, meeting, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        table = meeting.table
        _person_field(self.fields["presenter"], table, speakers=1)
        self.fields["decision"].queryset = Decision.objects.filter(
            meeting__table=table, meeting__starts_at__lt=meeting.starts_at
        )
        if table.collection_id:
            self.fields["documents"].queryset = get_document_model().objects.filter(
                collection_id=table.collection_id
            )
        if not editing:
            del self.fields["number"]
        # What the item is about, as the apps above offer it (a dysfunction, a proposal).
        self.subject_fields = {}
        for key, (model, make_field) in extensions.item_subject_kinds().items():
            name = f"subject_{key}"
            self.fields[name] = make_field(meeting)
            self.subject_fields[name] = model

    def initial_subject(self, item) -> None:
        """Show the item's subject in its field, if it is of a kind offered here."""
        for name, model in self.subject_fields.items():
            if item.subject_type_id and item.subject_type.model_class() is model:
                self.initial[name] = item.subject_id

    def keeps_other_subject(self, item) -> bool:
        """An item about something no field offers keeps its subject untouched."""
        if not item.subject_type_id:
            return False
        return item.subject_type.model_class() not in self.subject_fields.values()

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned[n] for n in self.subject_fields if cleaned.get(n) is not None]
        if len(chosen) > 1:
            raise forms.ValidationError(_("An item is about one subject at most: choose one."))
        cleaned["subject"] = chosen[0] if chosen else None
        return cleaned


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[c for c in Attendance.Answer.choices if c[0] != Attendance.Answer.NONE],
        widget=forms.RadioSelect,
    )
    substitute = forms.ModelChoiceField(
        label=_("The substitute you send"),
        queryset=Seat.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, substitutes=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["substitute"]
        if substitutes is None:
            del self.fields["substitute"]
            return
        field.queryset = substitutes
        field.label_from_instance = lambda seat: seat.user.get_full_name() or seat.user.email
        if self.initial.get("substitute") is None:
            first = substitutes.first()
            self.initial["substitute"] = first.pk if first else None


class SubstituteAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come in their place?"),
        choices=[
            c
            for c in Attendance.SubstituteAnswer.choices
            if c[0] != Attendance.SubstituteAnswer.NONE
        ],
        widget=forms.RadioSelect,
    )


def _known_label(person, row) -> str:
    """How the representative already chosen reads, without asking the database again."""
    if row.substitute_id and row.substitute.user_id == person.pk:
        person.organisation_name = row.substitute.organisation.name
    return person_label(person)


class AttendanceForm(forms.Form):
    """One presence and one representative per convened member seat."""

    def __init__(self, *args, attendances, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        attendances = list(attendances)
        for row in attendances:
            presence = f"presence_{row.pk}"
            representative = f"represented_by_{row.pk}"
            initial_presence, initial_representative = row.presence, row.represented_by
            sent = row.substitute if row.answer == Attendance.Answer.SUBSTITUTE else None
            declined = row.substitute_answer == Attendance.SubstituteAnswer.NOT_COMING
            if row.presence == Attendance.Presence.UNKNOWN and sent and not declined:
                # The member said they send their substitute: the sheet starts from that.
                initial_presence = Attendance.Presence.REPRESENTED
                initial_representative = sent.user
            self.fields[presence] = forms.ChoiceField(
                label=_("Attendance of %(person)s (%(organisation)s)")
                % {"person": row.seat.user, "organisation": row.seat.organisation},
                choices=Attendance.Presence.choices,
                initial=initial_presence,
            )
            field = forms.ModelChoiceField(
                label=_("Represented by"),
                queryset=User.objects.none(),
                required=False,
                initial=initial_representative.pk if initial_representative else None,
            )
            _person_field(field, row.meeting.table, seat=row.seat_id)
            if initial_representative is not None:
                field.widget.known = {
                    initial_representative.pk: _known_label(initial_representative, row)
                }
            self.fields[representative] = field
            self.rows.append((row, self[presence], self[representative]))

    def clean(self):
        data = super().clean()
        for _row, presence, representative in self.rows:
            if data.get(presence.name) == Attendance.Presence.REPRESENTED and not data.get(
                representative.name
            ):
                self.add_error(representative.name, _("Say who represented this member."))
        return data

    def records(self):
        return {
            row.pk: (
                self.cleaned_data[presence.name],
                self.cleaned_data.get(representative.name),
            )
            for row, presence, representative in self.rows
        }


class MinutesForm(forms.Form):
    summary = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea, required=False, help_text=_("Markdown.")
    )
    # Shown once the personal-data guard found something (see services.minutes_save).
    confirm_no_patient = forms.BooleanField(
        label=_("I confirm the minutes name no patient"), required=False
    )

    def __init__(self, *args, items, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        saved = {e["item"]: e["text"] for e in version.items} if version else {}
        if version is not None:
            self.fields["summary"].initial = version.summary
        self.rows = []
        for item in items:
            text = f"text_{item.pk}"
            dealt = f"dealt_{item.pk}"
            self.fields[text] = forms.CharField(
                label=f"{item.number}. {item.title}",
                widget=forms.Textarea,
                required=False,
                initial=saved.get(item.pk, ""),
            )
            self.fields[dealt] = forms.BooleanField(
                label=_("Dealt with"), required=False, initial=item.dealt_with or item.is_follow_up
            )
            self.rows.append((item, self[text], self[dealt]))

    def texts(self):
        return {item.pk: self.cleaned_data[text.name] for item, text, _d in self.rows}

    def dealt_with(self):
        return [item.pk for item, _t, dealt in self.rows if self.cleaned_data[dealt.name]]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        _person_field(self.fields["owner"], meeting.table)
        self.fields["item"].queryset = meeting.items.order_by("number")


class DecisionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DecisionStatus.choices)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, required=False)


class MinutesApprovalForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label=_("Approved at the meeting of"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Not in a meeting (approved in writing)"),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = selectors.minutes_approval_meetings(meeting)
        field = self.fields["at_meeting"]
        field.queryset = meetings
        field.label_from_instance = lambda m: m.display_title
        following = meetings.first()
        if following is not None:
            self.initial.setdefault("at_meeting", following.pk)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class VoteForm(forms.Form):
    """The vote on a decision: the counts, or each present seat's voice."""

    method = forms.ChoiceField(
        label=_("How the vote is recorded"),
        choices=DecisionVote.Method.choices,
        widget=forms.RadioSelect,
        initial=DecisionVote.Method.COUNTS,
    )
    votes_for = forms.IntegerField(label=_("Voices for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Voices against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)

    def __init__(self, *args, seats, vote=None, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = {}
        if vote is not None:
            self.fields["method"].initial = vote.method
            for name in ("votes_for", "votes_against", "abstentions"):
                self.fields[name].initial = getattr(vote, name)
            earlier = {v.attendance_id: v.choice for v in vote.seat_votes.all()}
        self.seat_rows = []
        for row in seats:
            voter = row.represented_by if row.represented_by_id else row.seat.user
            name = f"seat_{row.pk}"
            label = _("Voice of the seat of %(person)s (%(organisation)s)") % {
                "person": row.seat.user,
                "organisation": row.seat.organisation,
            }
            if row.represented_by_id:
                label += " — " + _("voted by %(person)s") % {"person": voter}
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[("", _("Did not vote"))] + list(VoteChoice.choices),
                required=False,
                initial=earlier.get(row.pk, ""),
            )
            self.seat_rows.append((row, self[name]))

    def service_kwargs(self):
        data = self.cleaned_data
        if data["method"] == DecisionVote.Method.SEATS:
            return {
                "method": data["method"],
                "seat_choices": {row.pk: data[field.name] for row, field in self.seat_rows},
            }
        return {
            "method": data["method"],
            "votes_for": data["votes_for"] or 0,
            "votes_against": data["votes_against"] or 0,
            "abstentions": data["abstentions"] or 0,
        }
