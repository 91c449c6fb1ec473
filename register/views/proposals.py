"""Proposals: drafted by the pilot, adopted by the tactical table, decided by the strategic one."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal.forms import add_service_errors
from portal.permissions import can, ensure
from portal.transitions import allows

from .. import selectors, services
from ..forms import (
    AdoptProposalForm,
    DecisionForm,
    OptionalReasonForm,
    PositionForm,
    ProposalForm,
    ScheduleProposalForm,
    SubmitProposalForm,
)
from ..models import ProposalState
from ..services import DECIDE

P = ProposalState


def _get_visible(user, pk):
    return get_object_or_404(selectors.proposal_detail_queryset(user), pk=pk)


@login_required
def proposal_list(request):
    ensure(request.user, "register.proposal.list")
    proposals = list(selectors.proposal_list_visible_to(request.user))
    return render(
        request,
        "register/proposal_list.html",
        {
            "proposals": proposals,
            "can_create": can(request.user, "register.proposal.manage"),
            "awaiting": (
                selectors.proposal_awaiting_position(request.user)
                if request.user.is_authenticated
                else []
            ),
        },
    )


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


@dataclass
class ProposalAction:
    slug: str
    label: str
    transitions: tuple
    form_class: type


PROPOSAL_ACTIONS = [
    ProposalAction(
        "adopter",
        gettext_lazy("Adopted by the tactical table"),
        ("adopt",),
        AdoptProposalForm,
    ),
    ProposalAction(
        "soumettre",
        gettext_lazy("Submit to a strategic table"),
        ("submit",),
        SubmitProposalForm,
    ),
    ProposalAction(
        "inscrire",
        gettext_lazy("Put on the strategic agenda"),
        ("schedule",),
        ScheduleProposalForm,
    ),
    ProposalAction(
        "decider",
        gettext_lazy("Record the strategic table's decision"),
        tuple(DECIDE.values()),
        DecisionForm,
    ),
    ProposalAction(
        "mettre-en-oeuvre",
        gettext_lazy("Implemented"),
        ("implement",),
        OptionalReasonForm,
    ),
]
PROPOSAL_ACTIONS_BY_SLUG = {a.slug: a for a in PROPOSAL_ACTIONS}


def _make_form(action, proposal, data=None):
    if action.form_class in (SubmitProposalForm, AdoptProposalForm, ScheduleProposalForm):
        return action.form_class(data, proposal=proposal, prefix=action.slug)
    return action.form_class(data, prefix=action.slug)


def _available(user, proposal, bound=None):
    if not can(user, "register.proposal.manage", proposal):
        return []
    available = [a for a in PROPOSAL_ACTIONS if any(allows(proposal, t) for t in a.transitions)]
    if bound is not None and all(a.slug != bound.prefix for a in available):
        available.append(PROPOSAL_ACTIONS_BY_SLUG[bound.prefix])
    return [
        (a, bound if bound is not None and bound.prefix == a.slug else _make_form(a, proposal))
        for a in available
    ]


def _call(action, proposal, user, data):
    reason = data.get("reason", "")
    if action.slug == "adopter":
        return services.proposal_adopt(
            proposal=proposal, actor=user, meeting=data["meeting"], reason=reason
        )
    if action.slug == "soumettre":
        return services.proposal_submit(
            proposal=proposal, actor=user, strategic_table=data["strategic_table"], reason=reason
        )
    if action.slug == "inscrire":
        return services.proposal_schedule(
            proposal=proposal, actor=user, meeting=data["meeting"], reason=reason
        )
    if action.slug == "decider":
        return services.proposal_decide(
            proposal=proposal,
            actor=user,
            decision=data["decision"],
            reason=reason,
            due_date=data.get("due_date"),
        )
    return services.proposal_mark_implemented(proposal=proposal, actor=user, reason=reason)


def _render(request, proposal, bound=None, position_form=None, status=200):
    user = request.user
    may_position = can(user, "register.proposal.position", proposal)
    mine = next((p for p in proposal.positions.all() if p.user_id == user.pk), None)
    if may_position and position_form is None:
        position_form = PositionForm(
            initial={"position": mine.position, "comment": mine.comment} if mine else None
        )
    items = [i for d in proposal.dysfunctions.all() for i in d.agenda_items.all()]
    items += list(proposal.agenda_items.all())
    excerpts = selectors.minutes_excerpts(items)
    for item in items:
        item.minutes_excerpt = excerpts.get(item.pk, "")
    return render(
        request,
        "register/proposal_detail.html",
        {
            "proposal": proposal,
            "actions": _available(user, proposal, bound),
            "position_form": position_form if may_position else None,
            "my_position": mine,
            "show_positions": can(user, "register.proposal.see_positions", proposal),
        },
        status=status,
    )


@login_required
def proposal_detail(request, pk):
    return _render(request, _get_visible(request.user, pk))


@login_required
@require_POST
def proposal_action(request, pk, action):
    proposal = _get_visible(request.user, pk)
    ensure(request.user, "register.proposal.manage", proposal)
    chosen = PROPOSAL_ACTIONS_BY_SLUG.get(action)
    if chosen is None:
        raise Http404
    form = _make_form(chosen, proposal, request.POST)
    if form.is_valid():
        try:
            _call(chosen, proposal, request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
            return redirect(proposal)
    messages.error(request, _("Nothing was changed: see the message under the form."))
    return _render(request, _get_visible(request.user, pk), bound=form, status=400)


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
