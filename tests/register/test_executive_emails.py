"""Executives hear of the proposals that reach their strategic table (submitted) and its
meeting's agenda (scheduled); their "awaiting my position" list drops what they answered."""

import pytest
from django.core import mail

from register import services
from register.models import DysfunctionState, ProposalState
from tests.register.factories import DysfunctionFactory

S, P = DysfunctionState, ProposalState
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def adopted(pilot, tactical_table, held_tactical_meeting, territory, commune):
    dysfunction = DysfunctionFactory(territory=territory, commune=commune, state=S.QUALIFIED)
    proposal = services.proposal_create(
        actor=pilot,
        tactical_table=tactical_table,
        title="Équipe mobile de psychogériatrie",
        rationale="Des situations sans réponse l'après-midi.",
        request="Financer l'équipe mobile d'urgence.",
        dysfunctions=[dysfunction],
    )
    services.proposal_adopt(proposal=proposal, actor=pilot, meeting=held_tactical_meeting)
    return proposal


def test_executives_are_told_when_a_proposal_reaches_their_table_and_its_agenda(
    pilot,
    executive,
    tactical_member,
    adopted,
    strategic_meeting,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.LANGUAGE_CODE = "fr"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(
            proposal=adopted, actor=pilot, strategic_table=strategic_meeting.table
        )
    (submitted,) = mail.outbox
    assert submitted.to == [executive.email]
    assert f"Proposition {adopted.reference} soumise à" in submitted.subject
    assert "Financer l'équipe mobile d'urgence." in submitted.body
    assert adopted.get_absolute_url() in submitted.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_schedule(proposal=adopted, actor=pilot, meeting=strategic_meeting)
    (scheduled,) = mail.outbox
    assert scheduled.to == [executive.email]
    assert adopted.reference in scheduled.subject
    assert "ordre du jour" in scheduled.subject
    assert strategic_meeting.display_title in scheduled.body
    assert tactical_member.email not in {*submitted.to, *scheduled.to}


def test_the_awaiting_list_drops_what_the_executive_answered_on_the_page(
    client, pilot, executive, adopted, strategic_table
):
    services.proposal_submit(proposal=adopted, actor=pilot, strategic_table=strategic_table)
    client.force_login(executive)
    dashboard = client.get("/mon-espace/", **FR).content.decode()
    assert "Propositions en attente de mon avis" in dashboard
    listing = client.get("/propositions/", **FR).content.decode()
    awaiting = listing.split("En attente de mon avis", 1)[1].split("</ul>", 1)[0]
    assert "Équipe mobile de psychogériatrie" in awaiting
    response = client.post(
        f"/propositions/{adopted.pk}/avis/", {"position": "support", "comment": ""}, **FR
    )
    assert response.status_code == 302
    dashboard = client.get("/mon-espace/", **FR).content.decode()
    panel = dashboard.split("Propositions en attente de mon avis", 1)[-1].split("</section>")[0]
    assert "Équipe mobile de psychogériatrie" not in panel
    listing = client.get("/propositions/", **FR).content.decode()
    assert "En attente de mon avis" not in listing
    assert "Équipe mobile de psychogériatrie" in listing  # still in the list of all proposals
