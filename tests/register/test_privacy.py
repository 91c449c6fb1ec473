"""The personal-data guard: what it refuses, why, and what it must let through."""

from datetime import date

import pytest

from register.privacy import errors_by_field, explain, find_personal_data, find_personal_data_in

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "kind", "excerpt"),
    [
        ("Son numéro est 1 85 05 78 006 084 36.", "nir", "1 85 05 78 006 084 36"),
        ("NIR 2850578006084 noté au dossier", "nir", "2850578006084"),
        ("Corse : 1 72 03 2A 123 456 78", "nir", "1 72 03 2A 123 456 78"),
        ("carte TREM 8512 3112 présentée", "nam", "TREM 8512 3112"),
        ("joindre la fille au 06 12 34 56 78 le soir", "phone", "06 12 34 56 78"),
        ("appeler le +33 6 12 34 56 78", "phone", "+33 6 12 34 56 78"),
        ("le CLSC au (418) 555-1234", "phone", "(418) 555-1234"),
        ("écrire à jean.dupont@gmail.com", "email", "jean.dupont@gmail.com"),
        ("patiente née le 12/03/1941 à Tours", "birth_date", "12/03/1941"),
        ("date de naissance : 3 mars 1950", "birth_date", "3 mars 1950"),
        ("un homme, 14/07/1938, vivant seul", "birth_date", "14/07/1938"),
        ("Mme Dupont est sortie vendredi", "name", "Mme Dupont"),
        ("M. Martin attend depuis mars", "name", "M. Martin"),
        ("Monsieur Jean Lefèvre a appelé", "name", "Monsieur Jean Lefèvre"),
        ("Madame Girard refuse l'aide", "name", "Madame Girard"),
        ("Mr Smith, anglophone", "name", "Mr Smith"),
        ("MME DURAND sans aide", "name", "MME DURAND"),
    ],
)
def test_guard_refuses_personal_data_and_says_what_and_why(text, kind, excerpt):
    findings = find_personal_data(text, field="description", today=TODAY)
    assert [(f.kind, f.excerpt, f.field) for f in findings] == [(kind, excerpt, "description")]
    message = explain(findings[0])
    assert excerpt in message
    assert findings[0].reason in message


@pytest.mark.parametrize(
    "text",
    [
        "Une personne âgée de la commune de Saint-Martin-le-Beau attend un SSIAD.",
        "Réunion de la table tactique du 12/03/2026 : point reporté.",
        "Constaté le 2026-02-10, puis le 3 mars 2026.",
        "M. le directeur du CCAS a été prévenu.",
        "Madame la Directrice de l'EHPAD Le Clos Saint-Martin est informée.",
        "Monsieur le Maire de Chinon soutient la démarche.",
        "Le SSIAD du Véron et du Chinonais n'a plus de place.",
        "Conformément à la loi du 11 février 2005 sur le handicap.",
        "15 situations en 2025, code INSEE 37261, 3 semaines d'attente.",
        "Le numéro vert 3977 contre la maltraitance.",
        "",
    ],
)
def test_guard_lets_situations_through(text):
    assert find_personal_data(text, field="description", today=TODAY) == []


def test_guard_reports_each_field_and_each_finding():
    findings = find_personal_data_in(
        {"title": "Mme Leroy sans SSIAD", "description": "appeler le 02 47 00 00 00", "x": None},
        today=TODAY,
    )
    errors = errors_by_field(findings)
    assert set(errors) == {"title", "description"}
    assert "Mme Leroy" in errors["title"][0]
