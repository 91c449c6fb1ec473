"""An executive's "awaiting my position" list holds what still waits for them: a proposal they
answered leaves it."""

import pytest

from register.models.proposals import ProposalState
from tests.register.factories import ExecutivePositionFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_answered_proposals_leave_the_executive_s_list(client, executive, strategic_table):
    common = {
        "territory": strategic_table.territory,
        "strategic_table": strategic_table,
        "state": ProposalState.SUBMITTED,
    }
    answered = ProposalFactory(title="Équipe mobile de psychogériatrie", **common)
    waiting = ProposalFactory(title="Astreinte commune du week-end", **common)
    ExecutivePositionFactory(proposal=answered, user=executive)
    client.force_login(executive)
    page = client.get("/mon-espace/").content.decode()
    panel = page.split("panel-register_awaiting_position", 1)[1].split("</section>", 1)[0]
    assert "Astreinte commune du week-end" in panel
    assert "Équipe mobile de psychogériatrie" not in panel
    assert waiting.pk
