"""Every date and time field is shown to the browser in the format its native picker reads
(yyyy-mm-dd, hh:mm), so editing a form shows the stored value instead of an empty field."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.utils import translation

from meetings.forms import MeetingForm

FORM_MODULES = ["portal.forms", "directory.forms", "meetings.forms", "register.forms"]


def _form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == name:
                yield value


def _declared_fields(form_class):
    fields = dict(getattr(form_class, "base_fields", {}))
    return fields


@pytest.mark.parametrize("language", ["fr", "en"])
def test_editing_a_meeting_shows_its_date_and_times_to_the_date_picker(language):
    initial = {
        "title": "Table tactique",
        "day": datetime.date(2026, 12, 21),
        "start_time": datetime.time(14, 0),
        "end_time": datetime.time(16, 30),
        "place": "Mairie",
    }
    with translation.override(language):
        html = str(MeetingForm(initial=initial))
    assert 'value="2026-12-21"' in html
    assert 'value="14:00"' in html
    assert 'value="16:30"' in html


def test_every_date_and_time_input_of_the_project_uses_the_native_format():
    checked = 0
    day = datetime.date(2026, 12, 21)
    moment = datetime.time(9, 5)
    with translation.override("fr"):
        for form_class in _form_classes():
            for name, field in _declared_fields(form_class).items():
                widget = field.widget
                if isinstance(widget, forms.DateInput) and widget.input_type == "date":
                    assert widget.format_value(day) == "2026-12-21", (form_class, name)
                    checked += 1
                elif isinstance(widget, forms.TimeInput) and widget.input_type == "time":
                    assert widget.format_value(moment) == "09:05", (form_class, name)
                    checked += 1
    assert checked >= 8
