"""The register seen from a meeting: the proposals the strategic table decided there (on the
meeting's page and in its minutes); beside an agenda item about a proposal still waiting for
its decision, the link that records it in this meeting; and, on an item's form, the searched
choice of the dysfunction or proposal it is about."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.extensions import (
    register_item_links,
    register_item_subject,
    register_taken_in_meeting,
)
from meetings.selectors import decision_vote_of
from portal import versions
from portal.permissions import can, visible_to
from portal.widgets import SearchedSelect

from .models import Dysfunction, Proposal, ProposalState
from .selectors import agenda_dysfunctions, agenda_proposals, decision_meetings_of


def _decided_here(meeting, user) -> list[dict]:
    proposals = (
        visible_to(user, Proposal.objects.filter(decided_in=meeting))
        .select_related("outcome_vote", "decision__vote")
        .order_by("pk")
    )
    return [
        {
            "text": f"{p.reference} · {p.title}",
            "vote": (decision_vote_of(p.decision) if p.decision else None) or p.outcome_vote,
            "url": p.get_absolute_url(),
            "note": f"{p.get_state_display()} : {p.decision_reason}"
            if p.decision_reason
            else p.get_state_display(),
        }
        for p in proposals
    ]


def _decide_links(meeting, items, user) -> dict:
    proposal_type = ContentType.objects.get_for_model(Proposal)
    by_proposal = {i.subject_id: i.pk for i in items if i.subject_type_id == proposal_type.pk}
    if not by_proposal or not decision_meetings_of(meeting.table_id).filter(pk=meeting.pk).exists():
        return {}
    waiting = Proposal.objects.filter(
        pk__in=by_proposal, state=ProposalState.SCHEDULED, strategic_table_id=meeting.table_id
    )
    return {
        by_proposal[p.pk]: [
            {
                "text": _("Record the strategic table's decision on %(reference)s")
                % {"reference": p.reference},
                "url": f"{p.get_absolute_url()}?reunion={meeting.pk}#action-decider",
            }
        ]
        for p in waiting
        if can(user, "register.proposal.manage", p)
    }


register_taken_in_meeting(
    key="proposals-decided",
    title=gettext_lazy("Proposals decided in this meeting"),
    get_entries=_decided_here,
)
register_item_links(_decide_links)

# The meetings' pages kept between visits (meetings/views/meeting_parts.py) show the proposals an
# agenda item is about, those decided in the meeting and the links to decide them: a proposal
# saved renews the tables' version.
versions.renew_when_saved("meetings", [Proposal])


def _subject_field(model, label, source, rows):
    def make_field(meeting):
        field = forms.ModelChoiceField(
            label=label,
            queryset=rows(meeting),
            required=False,
            widget=SearchedSelect(source, params={"meeting": meeting.pk}),
            help_text=_("Leave empty if the item is about neither."),
        )
        field.label_from_instance = str
        return field

    register_item_subject(key=model._meta.model_name, model=model, make_field=make_field)


_subject_field(
    Dysfunction,
    gettext_lazy("Dysfunction of the register it is about"),
    "register.agenda_dysfunctions",
    agenda_dysfunctions,
)
_subject_field(
    Proposal,
    gettext_lazy("Proposal it is about"),
    "register.agenda_proposals",
    agenda_proposals,
)
