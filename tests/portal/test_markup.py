"""Markup every page relies on: grouped choices in a fieldset named by its legend (a screen
reader announces the question with each choice) and a favicon."""

from django import forms
from django.template.loader import render_to_string


class ChoicesForm(forms.Form):
    feeds = forms.MultipleChoiceField(
        label="Calendriers suivis",
        choices=[("a", "Table A"), ("b", "Table B")],
        widget=forms.CheckboxSelectMultiple,
    )
    answer = forms.ChoiceField(
        label="Votre réponse", choices=[("yes", "Oui"), ("no", "Non")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", required=False)


def test_checkbox_and_radio_groups_are_fieldsets_with_a_legend():
    html = render_to_string("includes/form_fields.html", {"form": ChoicesForm()})
    assert html.count("<fieldset") == 2
    assert "<legend>Calendriers suivis" in html
    assert "<legend>Votre réponse" in html
    assert '<label for="id_note">Note</label>' in html


def test_pages_name_a_favicon_and_the_browser_finds_it(client, db):
    from django.contrib.staticfiles import finders

    home = client.get("/annuaire/")
    assert '<link rel="icon" href="/static/img/favicon.svg"' in home.content.decode()
    assert finders.find("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


class Message:
    tags = "success"

    def __str__(self):
        return "Vos modifications ont été envoyées."


def test_messages_are_announced_and_stay_a_list(rf, db):
    """role="status" on the list itself would hide its items' list semantics."""
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string("base.html", {"messages": [Message()]}, request=request)
    assert '<div role="status">' in html
    assert '<ul class="messages">' in html
