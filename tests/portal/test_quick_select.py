"""QuickSelect writes Django's select in Python: the same markup, whatever is chosen, and the
field still checks the choice against every row."""

from django import forms

from portal.models import Commune
from portal.widgets import QuickSelect


def _communes(territory):
    return [
        Commune.objects.create(
            insee_code=f"3700{n}", name=f"Commune <{n}> d'Indre", territory=territory
        )
        for n in range(1, 4)
    ]


def _form(widget, data=None, initial=None, territory=None):
    class CommuneForm(forms.Form):
        commune = forms.ModelChoiceField(
            label="Commune",
            queryset=Commune.objects.filter(territory=territory).order_by("name"),
            widget=widget,
            help_text="Celle du constat.",
        )
        kind = forms.ChoiceField(
            label="Sorte", choices=[("a", "Une & autre"), ("b", "Bé")], widget=widget
        )

    return CommuneForm(data, initial=initial)


def _fields(form) -> tuple[str, str]:
    return str(form["commune"]), str(form["kind"])


def test_the_markup_is_djangos_whatever_is_chosen(territory, django_assert_num_queries):
    communes = _communes(territory)
    cases = [
        {},
        {"initial": {"commune": communes[1].pk, "kind": "b"}},
        {"data": {"commune": str(communes[2].pk), "kind": "a"}},
        {"data": {"commune": "999999", "kind": "z"}},  # refused: the input is shown again
    ]
    for case in cases:
        django_form = _form(forms.Select, territory=territory, **case)
        quick_form = _form(QuickSelect, territory=territory, **case)
        if "data" in case:
            assert django_form.is_valid() == quick_form.is_valid()
        assert _fields(quick_form) == _fields(django_form), case
    with django_assert_num_queries(1):  # the rows in one query (no cursor, no count)
        str(_form(QuickSelect, territory=territory)["commune"])
