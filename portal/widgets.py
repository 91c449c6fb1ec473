"""Form widgets shared by every app."""

from urllib.parse import urlencode

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.autocomplete import numbers_in


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


def _attributes(attrs: dict):
    """What django/forms/widgets/attrs.html writes."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """Django's select, with the same markup, written in Python: the hundred meetings a pilot
    may put a dysfunction on render in a millisecond instead of two templates per option. The
    rows of a model choice are read as one list (Django's iterator() opens a server-side
    cursor on PostgreSQL: three round trips). Options in groups are left to Django."""

    def _options(self) -> list:
        choices = self.choices
        if type(choices) is ModelChoiceIterator:
            field = choices.field
            head = [("", field.empty_label)] if field.empty_label is not None else []
            return head + [choices.choice(row) for row in choices.queryset.all()]
        # Not list(): it would ask an iterator for its length.
        return [choice for choice in choices]  # noqa: C416

    def render(self, name, value, attrs=None, renderer=None):
        choices = self._options()
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = set(self.format_value(value))
        rows, selected = [], False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            is_chosen = option_value in chosen and (self.allow_multiple_selected or not selected)
            selected = selected or is_chosen
            rows.append(
                f'\n  <option value="{escape(option_value)}"{" selected" if is_chosen else ""}>'
                f"{conditional_escape(label)}</option>\n"
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>', name, _attributes(attrs), mark_safe("".join(rows))
        )


class SearchedSelect(forms.Widget):
    """A choice among rows that can grow (see portal/autocomplete.py): renders only the chosen
    rows, never the whole list. `source` names a registered source; `params` (set by the form,
    e.g. {"territory": 3}) narrow it."""

    template_name = "portal/widgets/searched_select.html"
    allow_multiple_selected = False

    def __init__(self, source: str, params: dict | None = None, attrs=None, known=None):
        super().__init__(attrs)
        self.source = source
        self.params = params or {}
        self.choices = []
        # Labels of rows the form already holds ({pk: label}): shown without asking the database
        # again (a sheet of many rows, each with its own choice).
        self.known = dict(known or {})

    def format_value(self, value):
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def value_from_datadict(self, data, files, name):
        # One text field ("12, 34"), or the same name repeated (what a multiple select sends).
        parts = data.getlist(name) if hasattr(data, "getlist") else data.get(name, "")
        parts = parts if isinstance(parts, list | tuple) else [parts]
        raw = ", ".join(str(p) for p in parts if p is not None)
        numbers = [str(n) for n in numbers_in(raw)]
        if self.allow_multiple_selected:
            return numbers
        # Text without a number goes through, so that the field says the choice is invalid.
        return numbers[0] if numbers else raw.strip()

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def _chosen(self, values):
        queryset = getattr(self.choices, "queryset", None)
        if not values or queryset is None:
            return []
        numbers = [n for v in values for n in numbers_in(v)]
        if numbers and all(n in self.known for n in numbers):
            return [(n, self.known[n]) for n in numbers]
        label = getattr(self.choices, "field", None)
        rows = queryset.filter(pk__in=numbers)
        return [(row.pk, label.label_from_instance(row) if label else str(row)) for row in rows]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = context["widget"]["value"]
        url = reverse("autocomplete", args=[self.source])
        if self.params:
            url += "?" + urlencode(self.params, doseq=True)
        context["widget"].update(
            {
                "text": ", ".join(values),
                "chosen": self._chosen(values),
                "url": url,
                "multiple": self.allow_multiple_selected,
            }
        )
        return context


class SearchedSelectMultiple(SearchedSelect):
    allow_multiple_selected = True
