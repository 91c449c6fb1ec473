"""French agreement: feminine states of a proposal, sentences that read right with one
answer or many, and wording that does not assume the gender of a person."""

from django.utils import translation
from django.utils.translation import gettext

from register.models.dysfunctions import DysfunctionState
from register.models.proposals import ProposalState


def test_a_rejected_proposal_is_feminine_and_a_rejected_dysfunction_masculine():
    with translation.override("fr"):
        assert str(ProposalState.REJECTED.label) == "Rejetée"
        assert str(DysfunctionState.REJECTED.label) == "Rejeté"


def test_the_answers_sentence_reads_right_with_a_single_answer():
    with translation.override("fr"):
        text = gettext(
            "%(answered)s of %(members)s members answered; %(forecast)s will come or send"
            " their substitute."
        ) % {"answered": 1, "members": 6, "forecast": 1}
    assert "1 titulaires" not in text
    assert "1 viendront" not in text
    assert "1" in text and "6" in text


def test_a_substitution_does_not_assume_the_gender_of_the_member():
    with translation.override("fr"):
        text = gettext("represented by %(person)s") % {"person": "Léa Martin"}
    assert "représenté " not in text and "représentée" not in text
    assert "Léa Martin" in text
