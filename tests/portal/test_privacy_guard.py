"""The personal-data guard (portal/privacy): names without a civility, lowercase civilities,
street addresses; silence on named places and services; linear patterns and bounded texts."""

import re._parser as sre_parse
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from portal.privacy import (
    MAX_FINDINGS_PER_TEXT,
    TEXT_MAX_LENGTH,
    check_texts,
    find_personal_data,
    names,
    patterns,
)

TODAY = date(2026, 11, 25)


def kinds(text):
    return [(f.kind, f.excerpt) for f in find_personal_data(text, today=TODAY)]


@pytest.mark.parametrize(
    ("text", "kind", "excerpt"),
    [
        ("Jeanne Martin, 84 ans, vit seule", "name", "Jeanne Martin"),
        ("MARTIN Jeanne attend un SSIAD", "name", "MARTIN Jeanne"),
        ("mon patient Marcel Girard est sorti", "name", "patient Marcel Girard"),
        ("la patiente Lemoine refuse l'aide", "name", "patiente Lemoine"),
        ("Jean-Pierre Dupont a été réorienté", "name", "Jean-Pierre Dupont"),
        ("mme Dupont est sortie", "name", "mme Dupont"),
        ("madame Girard refuse", "name", "madame Girard"),
        ("monsieur Leroy attend", "name", "monsieur Leroy"),
        ("vit au 12 rue des Lilas depuis mars", "address", "12 rue des Lilas"),
        ("3 bis, avenue de Grammont", "address", "3 bis, avenue de Grammont"),
        ("8 impasse du moulin", "address", "8 impasse du moulin"),
        ("4 place Jean Jaurès", "address", "4 place Jean Jaurès"),
    ],
)
def test_guard_catches_names_without_civility_and_addresses(text, kind, excerpt):
    assert kinds(text) == [(kind, excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "L'EHPAD Jean Jaurès n'a plus de place.",
        "Sortie de l'hôpital Louis Pasteur un vendredi.",
        "Le CMP de la rue Victor Hugo ferme en août.",
        "Une personne de Saint-Martin-le-Beau, une autre de Joué-lès-Tours.",
        "M. le directeur du CCAS a répondu ; Mme la présidente aussi.",
        "Il reste 1 place en EHPAD et 2 places d'accueil de jour.",
        "10 cours de français par semaine au centre social.",
        "France Travail et France Alzheimer sont prévenus.",
        "Le patient Alzheimer n'a pas de solution de répit.",
        "Rencontre avec Marie. Elle confirme le délai.",
        "Le collège Jules Verne et la résidence Marie Curie accueillent des aidants.",
        "Réunion à Tours le 3 mars 2026 avec le SSIAD et le CLIC.",
    ],
)
def test_guard_stays_silent_on_places_services_and_functions(text):
    assert kinds(text) == []


def test_first_names_are_shipped_with_their_source():
    listed = names.first_names()
    assert len(listed) > 3000
    assert {"jeanne", "marcel", "camille"} <= listed
    assert "saint" not in listed and "france" not in listed
    readme = (names.DATA.parent / "README.md").read_text(encoding="utf-8")
    assert "INSEE" in readme and "Licence Ouverte" in readme


def _unbounded_repeats(parsed):
    for op, value in parsed:
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
            low, high, sub = value
            if high == sre_parse.MAXREPEAT:
                yield op
            yield from _unbounded_repeats(sub)
        elif op in (sre_parse.SUBPATTERN,):
            yield from _unbounded_repeats(value[-1])
        elif op == sre_parse.BRANCH:
            for branch in value[1]:
                yield from _unbounded_repeats(branch)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            yield from _unbounded_repeats(value[1])


@pytest.mark.parametrize("pattern", patterns.PATTERNS, ids=lambda p: p.pattern[:30])
def test_every_pattern_is_linear_by_design(pattern):
    """No quantifier without an upper bound: each match attempt reads a bounded number of
    characters, so scanning a text costs a bounded amount per position."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    assert list(_unbounded_repeats(parsed)) == []


@pytest.mark.parametrize(
    "unit",
    ["a", "a@", "a.", "1 ", "0", "M. ", "Mme ", "Jean ", "Jeanne Martin ", "12 rue ", "-a", "é@x."],
)
def test_a_megabyte_of_adversarial_text_returns(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    findings = find_personal_data(text, today=TODAY)
    assert len(findings) <= MAX_FINDINGS_PER_TEXT


def test_texts_are_bounded_and_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        check_texts(comment="x" * (TEXT_MAX_LENGTH + 1))
    assert str(TEXT_MAX_LENGTH + 1) in str(error.value.message_dict["comment"])
    with pytest.raises(ValidationError) as error:
        check_texts(comment="Appeler Jeanne Martin")
    assert "Jeanne Martin" in str(error.value.message_dict["comment"])
    check_texts(comment="Une situation sans nom", other=None)


def test_every_free_text_of_the_models_is_bounded():
    from django.apps import apps
    from django.db import models

    from portal.privacy.bounds import BOUNDED_APPS

    unbounded = [
        f"{model._meta.label}.{field.name}"
        for label in BOUNDED_APPS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.local_fields
        if isinstance(field, models.TextField | models.CharField) and not field.max_length
    ]
    assert unbounded == []


def test_a_model_form_refuses_a_text_longer_than_the_bound():
    from django.forms import modelform_factory

    from register.models import ExecutivePosition

    form = modelform_factory(ExecutivePosition, fields=["comment"])(
        data={"comment": "x" * (TEXT_MAX_LENGTH + 1)}
    )
    assert not form.is_valid()
    assert "comment" in form.errors
    assert form.fields["comment"].widget.attrs["maxlength"] == str(TEXT_MAX_LENGTH)
