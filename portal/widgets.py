"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A native date picker: browsers read and write yyyy-mm-dd whatever the page's language,
    so the value is rendered in that format (a localised "21/12/2026" would show as empty)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class TimeInput(forms.TimeInput):
    """A native time picker, which reads hh:mm."""

    input_type = "time"

    def __init__(self, attrs=None, format="%H:%M"):
        super().__init__(attrs=attrs, format=format)
