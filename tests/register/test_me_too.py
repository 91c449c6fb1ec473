"""« Moi aussi »: while filing, similar open dysfunctions of the territory are offered; a case
manager adds their situations to one instead of filing a duplicate, is counted and told of
its changes, and stays hidden from the tables like every filer."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from register import selectors, services
from register.filers import filer_ids, name_for
from register.models import Dysfunction, DysfunctionState, MeToo
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.queries import assert_same_count, page_queries
from tests.register.factories import DysfunctionFactory, category

S = DysfunctionState


@pytest.fixture
def known(territory, commune, case_manager):
    """A gap the tables know: qualified, filed by the case manager."""
    return DysfunctionFactory(
        territory=territory,
        commune=commune,
        filer=case_manager,
        state=S.QUALIFIED,
        title="Pas de passage infirmier le week-end après une sortie d'hospitalisation",
        description="Les SSIAD ne reprennent pas les sorties du vendredi avant le mardi.",
        category=category("sortie-hospitalisation"),
        situation_count=2,
    )


@pytest.fixture
def colleague(territory):
    user = UserFactory(email="agathe.roussel@exemple.fr", first_name="Agathe", last_name="Roussel")
    organisation = OrganisationFactory(name="DAC Sud", slug="dac-sud", territory=territory)
    MembershipFactory(user=user, organisation=organisation, role="case_manager")
    return user


def test_me_too_counts_the_situations_and_the_filer(known, colleague, case_manager):
    services.dysfunction_me_too(dysfunction=known, actor=colleague, situation_count=3)
    known.refresh_from_db()
    assert known.situation_count == 5
    assert filer_ids(Dysfunction.objects.get(pk=known.pk)) == {case_manager.pk, colleague.pk}
    services.dysfunction_me_too(dysfunction=known, actor=colleague, situation_count=1)
    known.refresh_from_db()
    assert known.situation_count == 6
    assert MeToo.objects.get().situation_count == 4
    assert known.events.filter(transition="me_too", actor=colleague).count() == 2


def test_the_added_filer_is_told_of_the_changes_like_the_first(
    known, colleague, case_manager, pilot, django_capture_on_commit_callbacks
):
    services.dysfunction_me_too(dysfunction=known, actor=colleague, situation_count=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.dysfunction_reject(dysfunction=known, actor=pilot, reason="Hors du champ.")
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted([case_manager.email, colleague.email])
    assert colleague.register_notifications.count() == 1


def test_me_too_is_refused_to_the_filer_to_a_closed_gap_and_to_another_territory(
    known, case_manager, colleague, other_territory, tactical_member
):
    with pytest.raises(PermissionDenied):
        services.dysfunction_me_too(dysfunction=known, actor=case_manager, situation_count=1)
    outsider = UserFactory(email="ailleurs@exemple.fr")
    MembershipFactory(
        user=outsider,
        organisation=OrganisationFactory(slug="ailleurs", territory=other_territory),
        role="case_manager",
    )
    with pytest.raises(PermissionDenied):
        services.dysfunction_me_too(dysfunction=known, actor=outsider, situation_count=1)
    Dysfunction.objects.filter(pk=known.pk).update(state=S.CLOSED)
    with pytest.raises(PermissionDenied):
        services.dysfunction_me_too(dysfunction=known, actor=colleague, situation_count=1)


def test_me_too_guards_the_note_and_the_count(known, colleague):
    with pytest.raises(ValidationError):
        services.dysfunction_me_too(dysfunction=known, actor=colleague, situation_count=0)
    with pytest.raises(ValidationError):
        services.dysfunction_me_too(
            dysfunction=known,
            actor=colleague,
            situation_count=1,
            note="Mme Josette Martin, née le 12/03/1941, appelez le 06 12 34 56 78.",
        )
    assert not MeToo.objects.exists()


def test_similar_open_gaps_are_offered_on_the_words_of_the_title(
    known, colleague, territory, commune, other_territory
):
    DysfunctionFactory(
        territory=territory, commune=commune, state=S.CLOSED,
        title="Pas de passage infirmier le week-end (réglé)",
    )  # fmt: skip
    DysfunctionFactory(
        territory=territory, commune=commune, state=S.QUALIFIED,
        title="Transport vers l'accueil de jour introuvable",
        description="Aucun transport adapté le mercredi.",
    )  # fmt: skip
    found = selectors.dysfunction_similar(
        colleague,
        title="Sortie d'hospitalisation un vendredi : aucun passage infirmier",
        description="",
        category=None,
        commune=None,
    )
    assert [d.pk for d in found] == [known.pk]


def test_filing_offers_the_similar_gaps_before_saving_and_me_too_joins_one(
    client, known, colleague, filing
):
    client.force_login(colleague)
    data = {
        **{k: v for k, v in filing.items() if k not in ("commune", "category")},
        "commune": filing["commune"].insee_code,
        "category": filing["category"].pk,
        "observed_on": filing["observed_on"].isoformat(),
        "submit": "1",
    }
    page = client.post("/registre/nouveau/", data)
    assert page.status_code == 200
    body = page.content.decode()
    assert known.reference in body and "Pas de passage infirmier le week-end" in body
    assert f"/registre/{known.pk}/moi-aussi/" in body
    assert not Dysfunction.objects.filter(filer=colleague).exists()
    response = client.post(f"/registre/{known.pk}/moi-aussi/", {"situation_count": "3"})
    assert response.status_code == 302
    known.refresh_from_db()
    assert known.situation_count == 5
    # Filing anyway, once the similar gaps were seen, files it.
    response = client.post("/registre/nouveau/", {**data, "similar_seen": "1"})
    assert response.status_code == 302
    assert Dysfunction.objects.filter(filer=colleague).count() == 1


def test_the_tables_read_counts_never_the_added_filer(
    client, known, colleague, tactical_member, pilot
):
    services.dysfunction_me_too(
        dysfunction=known, actor=colleague, situation_count=3, note="Même constat à Amboise."
    )
    client.force_login(tactical_member)
    body = client.get(known.get_absolute_url()).content.decode()
    assert "Roussel" not in body and "Agathe" not in body
    assert "2 déclarants" in body
    assert "Même constat à Amboise." in body
    assert name_for(tactical_member, known, colleague) != str(colleague)
    client.force_login(pilot)
    assert "Agathe Roussel" in client.get(known.get_absolute_url()).content.decode()
    client.force_login(colleague)
    body = client.get(known.get_absolute_url()).content.decode()
    assert "Agathe Roussel" in body
    assert "Vous avez ajouté 3 situations" in body


def test_the_dysfunction_page_keeps_its_query_count_with_more_me_toos(
    client, known, pilot, territory
):
    client.force_login(pilot)
    counts = []
    for size in (1, 4):
        for _i in range(size):
            user = UserFactory()
            MembershipFactory(
                user=user,
                organisation=OrganisationFactory(territory=territory),
                role="case_manager",
            )
            services.dysfunction_me_too(dysfunction=known, actor=user, situation_count=1)
        counts.append(page_queries(client, known.get_absolute_url()))
    assert_same_count(*counts)


@pytest.mark.postgres
def test_similarity_uses_french_full_text_on_postgresql(known, colleague):
    """« sorties » and « hospitalisations » find « sortie d'hospitalisation » (French stems)."""
    found = selectors.dysfunction_similar(
        colleague,
        title="Sorties d'hospitalisations sans infirmiers",
        description="",
        category=None,
        commune=None,
    )
    assert [d.pk for d in found] == [known.pk]


# --- while typing: the similar gaps offered live, before anything is sent ------------------


def _similar(client, **params):
    return client.get("/registre/nouveau/semblables/", params)


def test_the_similar_gaps_are_offered_while_typing_without_the_filer(
    client, known, colleague, case_manager, commune
):
    client.force_login(colleague)
    response = _similar(
        client,
        title="Sortie d'hospitalisation un vendredi : aucun passage infirmier",
        description="",
        category=known.category_id,
        commune=commune.pk,
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    (found,) = response.json()["results"]
    assert found["reference"] == known.reference
    assert found["title"] == known.title
    assert found["url"] == known.get_absolute_url()
    assert found["me_too_url"] == f"/registre/{known.pk}/moi-aussi/"
    assert found["situations"] == 2
    assert found["commune"] == "Saint-Martin-le-Beau"
    # Never who filed it.
    body = response.content.decode()
    for trace in (case_manager.email, case_manager.first_name, case_manager.last_name):
        assert trace not in body
    assert "filer" not in body


def test_typing_finds_nothing_in_what_one_may_not_see_and_no_me_too_on_ones_own(
    client, known, case_manager, other_territory
):
    words = {"title": "Sortie d'hospitalisation un vendredi : aucun passage infirmier"}
    outsider = UserFactory(email="ailleurs@exemple.fr")
    MembershipFactory(
        user=outsider,
        organisation=OrganisationFactory(slug="ailleurs", territory=other_territory),
        role="case_manager",
    )
    client.force_login(outsider)
    assert _similar(client, **words).json()["results"] == []
    # The filer is offered their own gap (to open it), without « me too » on it.
    client.force_login(case_manager)
    (found,) = _similar(client, **words).json()["results"]
    assert found["reference"] == known.reference and found["me_too_url"] is None


def test_typing_too_little_or_an_unknown_choice_answers_an_empty_list(client, known, colleague):
    client.force_login(colleague)
    assert _similar(client, title="le").json()["results"] == []
    response = _similar(client, title="passage infirmier week-end", category="x", commune="999999")
    assert response.status_code == 200
    assert [r["reference"] for r in response.json()["results"]] == [known.reference]


def test_the_filing_form_carries_the_live_offer_for_its_script(client, colleague):
    client.force_login(colleague)
    body = client.get("/registre/nouveau/").content.decode()
    assert 'data-similar-source="/registre/nouveau/semblables/"' in body
    assert "js/similar-dysfunctions.js" in body


def test_the_live_offer_keeps_its_query_count_with_more_similar_gaps(
    client, known, colleague, territory, commune
):
    client.force_login(colleague)
    words = {"title": "passage infirmier week-end", "commune": commune.insee_code}
    counts = []
    for size in (1, 3):
        for _i in range(size):
            DysfunctionFactory(
                territory=territory, commune=commune, state=S.QUALIFIED,
                title="Aucun passage infirmier le week-end",
            )  # fmt: skip
        counts.append(page_queries(client, "/registre/nouveau/semblables/", words))
    assert_same_count(*counts)
