"""Proposals: drafted by the pilot, adopted by the tactical table, decided by the strategic one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meetings.selectors import decision_vote_of
from portal.forms import add_service_errors
from portal.pagination import kept_page
from portal.permissions import can, ensure, roles_stamp

from .. import selectors, services
from ..forms import (
    DecisionForm,
    PositionForm,
    ProposalForm,
)
from ..models import ProposalState
from . import proposal_page
from .actions import PAGES, offered_actions

P = ProposalState

PAGE_SIZE = 50


def _get_visible(user, pk):
    proposal = get_object_or_404(selectors.proposal_detail_queryset(user), pk=pk)
    return selectors.with_agenda_items(proposal)


@login_required
def proposal_list(request):
    ensure(request.user, "register.proposal.list")
    page, table = _proposal_table(request)
    return render(
        request,
        "register/proposal_list.html",
        {
            "page": page,
            "table": table,
            "can_create": can(request.user, "register.proposal.manage"),
            "awaiting": (
                selectors.proposal_awaiting_position(request.user)
                if request.user.is_authenticated
                else []
            ),
        },
    )


# What a list of proposals shows: the proposals, their links to dysfunctions (counted), the
# tables' names.
LIST_VERSIONS = ("proposals", "meetings")


def _proposal_table(request):
    """The page of the list Django's paginator shows for the page asked and its rows, rendered
    once for the versions of what they show and kept (portal.pagination.kept_page): the count
    under the list's own SQL (the person's visibility is in it), the rows under it, the page's
    number, the person's roles stamp and the language."""
    user = request.user

    def table(page) -> str:
        return render_to_string(
            "register/includes/proposal_table.html", {"proposals": list(page.object_list)}
        )

    page, html = kept_page(
        selectors.proposal_list_visible_to(user),
        PAGE_SIZE,
        request.GET.get("page"),
        data=LIST_VERSIONS,
        key=("proposal_table", roles_stamp(user), translation.get_language()),
        render=table,
    )
    return page, mark_safe(html)  # noqa: S308  (rendered by the template engine)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    ensure(request.user, "register.proposal.manage")
    initial = {}
    if request.GET.get("dysfonctionnement", "").isdigit():
        initial["dysfunctions"] = [int(request.GET["dysfonctionnement"])]
    form = ProposalForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is drafted."))
            return redirect(proposal)
    return render(request, "register/proposal_form.html", {"form": form})


def _render(request, proposal, bound=None, position_form=None, status=200):
    user = request.user
    may_position = can(user, "register.proposal.position", proposal)
    mine = next((p for p in proposal.positions.all() if p.user_id == user.pk), None)
    if may_position and position_form is None:
        position_form = PositionForm(
            initial={"position": mine.position, "comment": mine.comment} if mine else None
        )
    actions = offered_actions("proposal", user, proposal, bound)
    # From a meeting's page, "record the decision" opens the form with that meeting chosen.
    open_action = ""
    chosen = request.GET.get("reunion", "")
    if bound is None and chosen.isdigit():
        actions = [
            (a, DecisionForm(prefix=a.slug, proposal=proposal, meeting_id=int(chosen)))
            if a.slug == "decider"
            else (a, form)
            for a, form in actions
        ]
        open_action = "decider"
    return render(
        request,
        "register/proposal_detail.html",
        {
            "proposal": proposal,
            # The page shows the whole history: its action forms carry its latest entry as the
            # version seen (portal.transitions.seen_value), without asking for it again.
            "history_version": max((event.pk for event in proposal.events.all()), default=0),
            "answered": proposal_page.answered(proposal),
            "actions": actions,
            "open_action": open_action,
            "chain": selectors.proposal_chain_meetings(user, proposal),
            **_vote(user, proposal),
            "position_form": position_form if may_position else None,
            "my_position": mine,
            "show_positions": can(user, "register.proposal.see_positions", proposal),
        },
        status=status,
    )


def _vote(user, proposal) -> dict:
    """The table's vote on the outcome (kept with the proposal when given with the decision,
    else recorded later on the decision an approval opened), and whether the pilot may still
    record it on that decision: after the meeting, before its minutes are approved."""
    decision = proposal.decision
    if decision is None:
        return {"vote": proposal.outcome_vote, "may_record_vote": False}
    meeting = proposal.decided_in
    return {
        "vote": decision_vote_of(decision) or proposal.outcome_vote,
        "may_record_vote": meeting is not None
        and meeting.pk == decision.meeting_id
        and meeting.minutes_open
        and can(user, "meetings.meeting.manage", meeting),
    }


@login_required
def proposal_detail(request, pk):
    return _render(request, proposal_page.proposal_for_page(request.user, pk))


PAGES["proposal"] = (_get_visible, _render)


@login_required
@require_POST
def proposal_position(request, pk):
    proposal = _get_visible(request.user, pk)
    ensure(request.user, "register.proposal.position", proposal)
    form = PositionForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_record_position(
                proposal=proposal, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your position is recorded."))
            return redirect(proposal)
    return _render(request, _get_visible(request.user, pk), position_form=form, status=400)
