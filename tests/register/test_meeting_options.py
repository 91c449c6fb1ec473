"""The meetings the pilot may put a dysfunction on (or a proposal): each offered by its display
title, with the markup of Django's select, read in one query."""

import pytest
from django import forms

from meetings.models import Meeting
from register.forms import ScheduleDysfunctionForm
from tests.meetings.factories import MeetingFactory
from tests.register.factories import DysfunctionFactory

pytestmark = pytest.mark.django_db


def _django_select(form):
    """The same field as Django writes it, each meeting named by Meeting.display_title."""
    field = forms.ModelChoiceField(queryset=form.fields["meeting"].queryset, label="Séance")
    field.label_from_instance = lambda meeting: meeting.display_title
    reference = forms.Form(prefix=form.prefix, initial=form.initial, data=form.data or None)
    reference.fields["meeting"] = field
    return str(reference["meeting"])


def test_the_meetings_are_offered_by_their_title_as_django_would(
    tactical_table, territory, commune, django_assert_num_queries
):
    dysfunction = DysfunctionFactory(territory=territory, commune=commune, state="qualified")
    titled = MeetingFactory(table=tactical_table, title="Séance « sorties » d'hiver")
    untitled = MeetingFactory(table=tactical_table, title="")
    form = ScheduleDysfunctionForm(dysfunction=dysfunction, prefix="inscrire")
    with django_assert_num_queries(1):
        html = str(form["meeting"])
    assert html == _django_select(form)
    assert untitled.display_title in html  # the table's name and the date
    assert "Séance « sorties » d&#x27;hiver" in html
    chosen = ScheduleDysfunctionForm(
        {"inscrire-meeting": str(titled.pk)}, dysfunction=dysfunction, prefix="inscrire"
    )
    assert chosen.is_valid()
    assert chosen.cleaned_data["meeting"] == Meeting.objects.get(pk=titled.pk)
    refused = ScheduleDysfunctionForm(
        {"inscrire-meeting": "0"}, dysfunction=dysfunction, prefix="inscrire"
    )
    assert not refused.is_valid()
    assert str(refused["meeting"]) == _django_select(refused)
