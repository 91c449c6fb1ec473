"""A form sent twice creates once; an action on an object someone else has just moved is
refused, with what was typed kept."""

import re

import pytest
from django.urls import reverse

from meetings.models import Decision, Meeting, MeetingStatus
from portal.models import Invitation
from register import services
from register.models import Dysfunction, DysfunctionState
from tests.meetings.factories import MeetingFactory, at
from tests.register.test_pages import form_data


def once_token(page: str) -> str:
    found = re.search(r'name="submission" value="([0-9a-f]{32})"', page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def seen(page: str, form_action: str) -> str:
    form = page[page.index(f'action="{form_action}"') :]
    form = form[: form.index("</form>")]
    return re.search(r'name="seen" value="([^"]+)"', form).group(1)


def test_sixteen_identical_posts_file_one_dysfunction(
    client, case_manager, filing, django_capture_on_commit_callbacks, mailoutbox, pilot
):
    client.force_login(case_manager)
    data = {**form_data(filing, submit=""), "submission": once_token(
        client.get("/registre/nouveau/").content.decode()
    )}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post("/registre/nouveau/", data) for _ in range(16)]
    assert Dysfunction.objects.count() == 1
    dysfunction = Dysfunction.objects.get()
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {dysfunction.get_absolute_url()}
    assert len([m for m in mailoutbox if pilot.email in m.to]) <= 1
    page = client.get(responses[-1]["Location"]).content.decode()
    assert "Ce formulaire avait déjà été envoyé" in page


def test_a_refused_form_can_be_corrected_and_sent_with_its_token(client, case_manager, filing):
    client.force_login(case_manager)
    token = once_token(client.get("/registre/nouveau/").content.decode())
    refused = client.post(
        "/registre/nouveau/", {**form_data(filing, title=""), "submission": token}
    )
    assert refused.status_code == 200 and not Dysfunction.objects.exists()
    sent = client.post("/registre/nouveau/", {**form_data(filing), "submission": token})
    assert sent.status_code == 302
    assert Dysfunction.objects.count() == 1


def test_each_token_is_its_own_submission(client, case_manager, filing):
    client.force_login(case_manager)
    for _ in range(2):
        token = once_token(client.get("/registre/nouveau/").content.decode())
        client.post("/registre/nouveau/", {**form_data(filing), "submission": token})
    assert Dysfunction.objects.count() == 2


def _post_twice(client, url, data):
    token = once_token(client.get(url).content.decode())
    return [client.post(url, {**data, "submission": token}) for _ in range(2)]


def test_meetings_decisions_and_invitations_are_created_once(
    client, pilot, tactical_table, organisation
):
    client.force_login(pilot)
    day = at(20).date().isoformat()
    url = f"/tables/{tactical_table.slug}/reunions/nouvelle/"
    plan = {"day": day, "start_time": "14:00", "end_time": "16:00", "place": "Mairie"}
    assert [r.status_code for r in _post_twice(client, url, plan)] == [302, 302]
    assert tactical_table.meetings.count() == 1
    held = MeetingFactory(table=tactical_table, status=MeetingStatus.HELD, starts_at=at(-3))
    decision = {"text": "Un groupe de travail", "owner": pilot.pk}
    responses = _post_twice(client, f"/reunions/{held.pk}/decisions/ajouter/", decision)
    assert [r.status_code for r in responses] == [302, 302]
    assert Decision.objects.filter(meeting=held).count() == 1
    responses = _post_twice(
        client,
        "/invitations/",
        {
            "email": "nouvelle.recrue@exemple.fr",
            "first_name": "Lucie",
            "last_name": "Morel",
            "organisation": organisation.pk,
            "membership_role": "case_manager",
        },
    )
    assert [r.status_code for r in responses] == [302, 302]
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("case_manager", "/registre/nouveau/"),
        ("pilot", "/propositions/nouvelle/"),
        ("pilot", "/invitations/"),
        ("pilot", "/tables/nouvelle/"),
        ("pilot", "table:meeting_plan"),
        ("pilot", "table:seat_add"),
        ("pilot", "meeting:item_add"),
        ("pilot", "meeting:decision_add"),
        ("pilot", "/conventions/nouvelle/"),
    ],
)
def test_every_creating_form_carries_a_one_time_token(
    client, request, role, url, tactical_table, pilot
):
    meeting = MeetingFactory(table=tactical_table, status=MeetingStatus.HELD, starts_at=at(-3))
    if url.startswith("table:"):
        url = reverse(f"meetings:{url[6:]}", args=[tactical_table.slug])
    elif url.startswith("meeting:"):
        url = reverse(f"meetings:{url[8:]}", args=[meeting.pk])
    client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == 200, url
    once_token(response.content.decode())


# --- stale actions ------------------------------------------------------------------------


def test_a_pilot_cannot_reject_what_another_has_just_qualified(
    client, pilot, case_manager, filing, commune
):
    d = services.dysfunction_create(filer=case_manager, submit=True, **filing)
    client.force_login(pilot)
    page = client.get(d.get_absolute_url()).content.decode()
    action = f"/registre/{d.pk}/rejeter/"
    version = seen(page, action)
    services.dysfunction_qualify(  # meanwhile, another pilot qualifies it
        dysfunction=d, actor=pilot, category=filing["category"], commune=commune
    )
    response = client.post(
        action, {"rejeter-reason": "Hors du périmètre de la table, voir le CLIC.", "seen": version}
    )
    assert response.status_code == 400
    d.refresh_from_db()
    assert d.state == DysfunctionState.QUALIFIED
    page = response.content.decode()
    assert "a changé depuis que vous avez ouvert la page" in page
    assert "Hors du périmètre de la table, voir le CLIC." in page  # nothing typed is lost
    # Having read the page again (the form now carries the new version), the pilot may reject.
    response = client.post(
        action, {"rejeter-reason": "Hors du périmètre de la table.", "seen": seen(page, action)}
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == DysfunctionState.REJECTED


def test_a_meeting_convened_meanwhile_is_not_cancelled_blindly(
    client, pilot, tactical_table, tactical_member
):
    from meetings import services as meeting_services

    meeting = MeetingFactory(table=tactical_table, starts_at=at(20))
    client.force_login(pilot)
    page = client.get(meeting.get_absolute_url()).content.decode()
    action = reverse("meetings:meeting_cancel", args=[meeting.pk])
    version = seen(page, action)
    meeting_services.meeting_convene(actor=pilot, meeting=meeting)  # another pilot convenes
    typed = "La salle du conseil est fermée pour travaux."
    response = client.post(action, {"reason": typed, "seen": version})
    assert response.status_code == 400
    page = response.content.decode()
    assert "a changé depuis que vous avez ouvert la page" in page
    assert typed in page
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CONVENED
    response = client.post(action, {"reason": typed, "seen": seen(page, action)})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED


def test_a_decision_moved_meanwhile_keeps_the_comment_typed(client, pilot, tactical_table):
    from meetings import services as meeting_services
    from tests.meetings.factories import DecisionFactory

    held = MeetingFactory(table=tactical_table, status=MeetingStatus.HELD, starts_at=at(-3))
    decision = DecisionFactory(meeting=held, owner=pilot)
    client.force_login(pilot)
    page = client.get(decision.get_absolute_url()).content.decode()
    version = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    meeting_services.decision_update_status(
        decision=decision, actor=pilot, status="in_progress", comment="Groupe de travail réuni"
    )
    typed = "Le CHU a confirmé sa participation."
    response = client.post(
        decision.get_absolute_url(), {"status": "in_progress", "comment": typed, "seen": version}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "a changé depuis que vous avez ouvert la page" in page
    assert typed in page
    assert decision.updates.count() == 1
