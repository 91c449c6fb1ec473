"""The register's pages: who reaches what, what they see (and do not), fixed query counts."""

import pytest
from django.core import mail

from register.models import Dysfunction, DysfunctionState
from tests.queries import EVERY_VERSION, assert_same_count, page_queries
from tests.register.factories import DysfunctionFactory

S = DysfunctionState


def form_data(filing, **extra):
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in filing.items()}
    data["observed_on"] = filing["observed_on"].isoformat()
    data["commune"] = filing["commune"].insee_code  # what the searched commune field sends
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("case_manager", 200),
        ("partner", 200),
        ("tactical_member", 200),
        ("executive", 200),
        ("pilot", 200),
        ("outsider", 403),
    ],
)
def test_register_list_status_per_role(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/registre/").status_code == status


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/registre/")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("case_manager", 200), ("partner", 200), ("tactical_member", 200), ("outsider", 403)],
)
def test_filing_form_status_per_role(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/registre/nouveau/").status_code == status


def test_filing_form_refuses_personal_data_points_to_it_and_keeps_the_text(
    client, case_manager, filing
):
    client.force_login(case_manager)
    typed = "La fille de Mme Leroy (06 12 34 56 78) a signalé l'absence de passage."
    response = client.post("/registre/nouveau/", form_data(filing, description=typed, submit=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mme Leroy" in html and "06 12 34 56 78" in html
    assert html.count('class="error"') == 2
    assert "ressemble à un numéro de téléphone" in html
    assert not Dysfunction.objects.exists()


def test_filing_form_accepts_situations_without_personal_data(client, case_manager, filing, pilot):
    client.force_login(case_manager)
    text = "M. le directeur du CCAS de Saint-Martin-le-Beau, prévenu à la réunion du 12/03/2026."
    response = client.post("/registre/nouveau/", form_data(filing, description=text, submit=""))
    dysfunction = Dysfunction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == dysfunction.get_absolute_url()
    assert dysfunction.state == S.SUBMITTED


def test_draft_button_saves_a_draft(client, case_manager, filing):
    client.force_login(case_manager)
    client.post("/registre/nouveau/", form_data(filing, draft=""))
    assert Dysfunction.objects.get().state == S.DRAFT


@pytest.fixture
def published(territory, case_manager, commune):
    return DysfunctionFactory(
        territory=territory,
        commune=commune,
        filer=case_manager,
        state=S.QUALIFIED,
        title="Pas de portage de repas le dimanche",
    )


@pytest.mark.parametrize(
    ("role", "sees_filer"),
    [
        ("pilot", True),
        ("case_manager", True),
        ("tactical_member", False),
        ("executive", False),
        ("partner", False),
    ],
)
def test_filer_identity_is_for_the_pilot_and_the_filer_only(
    client, request, published, role, sees_filer
):
    published.filer.first_name, published.filer.last_name = "Sophie", "Lemarchand"
    published.filer.save()
    client.force_login(request.getfixturevalue(role))
    for url in (published.get_absolute_url(), "/registre/"):
        html = client.get(url).content.decode()
        assert "Pas de portage de repas le dimanche" in html
        assert ("Sophie Lemarchand" in html) is sees_filer, url


def test_submitted_dysfunctions_are_not_published_to_the_tables(
    client, tactical_member, territory, commune
):
    hidden = DysfunctionFactory(territory=territory, commune=commune, state=S.SUBMITTED)
    client.force_login(tactical_member)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_a_draft_is_for_its_filer_only(client, pilot, territory, commune):
    draft = DysfunctionFactory(
        territory=territory, commune=commune, state=S.DRAFT, submitted_at=None
    )
    client.force_login(pilot)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_forged_id_is_a_404(client, pilot):
    client.force_login(pilot)
    assert client.get("/registre/999999/").status_code == 404
    assert client.post("/registre/999999/rejeter/", {"rejeter-reason": "x"}).status_code == 404


def test_pilot_triages_from_the_page(
    client, pilot, territory, commune, case_manager, django_capture_on_commit_callbacks
):
    d = DysfunctionFactory(territory=territory, commune=commune, filer=case_manager)
    client.force_login(pilot)
    page = client.get(d.get_absolute_url()).content.decode()
    assert "Qualifier et publier aux tables" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/registre/{d.pk}/demander-precisions/",
            {"demander-precisions-reason": "Depuis quand la situation dure-t-elle ?"},
        )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == S.INFORMATION_REQUESTED
    assert mail.outbox[0].to == [case_manager.email]


def test_pilot_action_without_reason_keeps_state_and_says_why(client, pilot, territory, commune):
    d = DysfunctionFactory(territory=territory, commune=commune)
    client.force_login(pilot)
    response = client.post(f"/registre/{d.pk}/rejeter/", {"rejeter-reason": ""})
    assert response.status_code == 400
    d.refresh_from_db()
    assert d.state == S.SUBMITTED


def test_illegal_transition_from_the_page_is_refused(client, pilot, territory, commune):
    d = DysfunctionFactory(territory=territory, commune=commune)
    client.force_login(pilot)
    response = client.post(f"/registre/{d.pk}/clore/", {"clore-reason": "Fini"})
    assert response.status_code == 400
    assert "ne peut pas devenir" in response.content.decode()
    d.refresh_from_db()
    assert d.state == S.SUBMITTED


def test_only_the_pilot_may_act(client, tactical_member, published):
    client.force_login(tactical_member)
    response = client.post(f"/registre/{published.pk}/rejeter/", {"rejeter-reason": "Non"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.state == S.QUALIFIED


def test_filer_sees_timeline_and_notifications(client, case_manager, published, pilot):
    from register import services
    from tests.register.factories import category

    # A move by the pilot shows in the filer's timeline and in their notification list.
    d = DysfunctionFactory(
        territory=published.territory, commune=published.commune, filer=case_manager
    )
    services.dysfunction_qualify(
        dysfunction=d,
        actor=pilot,
        category=category("transport"),
        commune=d.commune,
        reason="Vu en table.",
    )
    client.force_login(case_manager)
    detail = client.get(d.get_absolute_url()).content.decode()
    assert "Soumis → Qualifié" in detail
    assert "Vu en table." in detail
    notifications = client.get("/registre/notifications/").content.decode()
    assert d.title in notifications and "Vu en table." in notifications
    dashboard = client.get("/mon-espace/").content.decode()
    assert "Mes dysfonctionnements" in dashboard and "1 nouvelle notification" in dashboard
    client.post("/registre/notifications/")
    assert "nouvelle notification" not in client.get("/mon-espace/").content.decode()


def test_pilot_dashboard_lists_dysfunctions_to_triage(client, pilot, territory, commune):
    d = DysfunctionFactory(territory=territory, commune=commune, title="Aucune solution de répit")
    client.force_login(pilot)
    html = client.get("/mon-espace/").content.decode()
    assert "Dysfonctionnements à trier" in html and d.title in html


def _make(territory, commune, filer, n):
    for i in range(n):
        d = DysfunctionFactory(territory=territory, commune=commune, filer=filer, state=S.QUALIFIED)
        d.events.create(from_state=S.SUBMITTED, to_state=S.QUALIFIED, reason=f"r{i}")


@pytest.mark.parametrize("role", ["pilot", "case_manager", "tactical_member"])
def test_register_list_runs_the_same_number_of_queries_for_more_data(
    client, request, role, territory, commune, case_manager
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    _make(territory, commune, case_manager, 3)
    small = page_queries(client, "/registre/")
    small_computed = page_queries(client, "/registre/", renew=EVERY_VERSION)
    _make(territory, commune, case_manager, 30)
    assert_same_count(small, page_queries(client, "/registre/"))
    assert_same_count(small_computed, page_queries(client, "/registre/", renew=EVERY_VERSION))


@pytest.mark.parametrize("role", ["pilot", "case_manager"])
def test_dashboard_runs_the_same_number_of_queries_for_more_data(
    client, request, role, territory, commune, case_manager
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    _make(territory, commune, case_manager, 2)
    DysfunctionFactory.create_batch(2, territory=territory, commune=commune, filer=case_manager)
    small = page_queries(client, "/mon-espace/")
    small_computed = page_queries(client, "/mon-espace/", renew=EVERY_VERSION)
    _make(territory, commune, case_manager, 20)
    DysfunctionFactory.create_batch(20, territory=territory, commune=commune, filer=case_manager)
    assert_same_count(small, page_queries(client, "/mon-espace/"))
    assert_same_count(small_computed, page_queries(client, "/mon-espace/", renew=EVERY_VERSION))


def test_detail_runs_the_same_number_of_queries_for_more_data(
    client,
    pilot,
    territory,
    commune,
    case_manager,
    service,
    tactical_table,
):
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory

    d = DysfunctionFactory(territory=territory, commune=commune, filer=case_manager)
    d.services.set([service])
    client.force_login(pilot)
    small = page_queries(client, d.get_absolute_url())
    small_computed = page_queries(client, d.get_absolute_url(), renew=EVERY_VERSION)
    for i in range(20):
        d.events.create(from_state=S.SUBMITTED, to_state=S.SUBMITTED, reason=f"note {i}")
        DysfunctionFactory(territory=territory, commune=commune, merged_into=d, state=S.MERGED)
    for _ in range(5):
        AgendaItemFactory(meeting=MeetingFactory(table=tactical_table), subject=d)
    assert_same_count(small, page_queries(client, d.get_absolute_url()))
    computed = page_queries(client, d.get_absolute_url(), renew=EVERY_VERSION)
    assert_same_count(small_computed, computed)
    # Kept between requests, the page reads its dysfunction's rows once per change.
    assert len(small) < len(small_computed)


def test_administrator_edits_the_taxonomy_in_the_back_office(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/registre/categories/")
    assert response.status_code == 200
    assert "Sortie d&#x27;hospitalisation" in response.content.decode() or (
        "Sortie d'hospitalisation" in response.content.decode()
    )


def test_pilot_of_another_territory_and_its_tables_do_not_see_the_register(
    client, published, other_territory
):
    from meetings.models import Table
    from tests.factories import SeatFactory, TableFactory, TerritoryPilotFactory, enable_mfa

    stranger = TerritoryPilotFactory(territory=other_territory).user
    enable_mfa(stranger)
    member = SeatFactory(
        table=TableFactory(territory=other_territory, kind=Table.Kind.TACTICAL)
    ).user
    for person in (stranger, member):
        client.force_login(person)
        assert client.get(published.get_absolute_url()).status_code == 404
        assert published.title not in client.get("/registre/").content.decode()


def test_a_no_from_the_field_shows_to_the_pilot_who_reopens_the_matter(
    client, pilot, territory, commune, case_manager
):
    from django.utils import timezone

    from register.models import FeedbackRequest

    d = DysfunctionFactory(
        territory=territory, commune=commune, filer=case_manager, state=S.CLOSED,
        decided_at=timezone.now(), closed_at=timezone.now(),
    )  # fmt: skip
    FeedbackRequest.objects.create(
        dysfunction=d, recipient=case_manager, answer="no", answered_at=timezone.now()
    )
    client.force_login(pilot)
    html = client.get(d.get_absolute_url()).content.decode()
    assert "Non, rien n&#x27;a changé" in html or "Non, rien n'a changé" in html
    response = client.post(
        f"/registre/{d.pk}/rouvrir/", {"rouvrir-reason": "Le problème revient le week-end."}
    )
    recurrence = Dysfunction.objects.get(reopened_from=d)
    assert response["Location"] == recurrence.get_absolute_url()
    assert recurrence.filer == case_manager


def test_register_list_keeps_every_filter_on_the_next_page(client, pilot, territory, commune):
    from tests.factories import CommuneFactory
    from tests.register.factories import category

    waiting, housing = category("delai-attente"), category("logement")
    elsewhere = CommuneFactory(name="Amboise", insee_code="37003", territory=territory)
    DysfunctionFactory.create_batch(52, territory=territory, commune=commune, category=waiting)
    DysfunctionFactory.create_batch(3, territory=territory, commune=elsewhere, category=waiting)
    DysfunctionFactory.create_batch(3, territory=territory, commune=commune, category=housing)
    client.force_login(pilot)
    filters = {"state": S.SUBMITTED, "category": waiting.pk, "commune": commune.insee_code}

    first = client.get("/registre/", filters)
    assert len(first.context["dysfunctions"]) == 50
    next_link = first.context["page"].next_page_number()
    html = first.content.decode()
    assert f"category={waiting.pk}" in html and f"commune={commune.insee_code}" in html
    href = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client.get(f"/registre/{href}")
    assert second.context["page"].number == next_link
    listed = second.context["dysfunctions"]
    assert len(listed) == 2
    assert {(d.commune_id, d.category_id) for d in listed} == {(commune.pk, waiting.pk)}
