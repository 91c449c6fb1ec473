"""The register's actions on a dysfunction or a proposal, each declared once: its French
address, the transitions it takes (from the model's transition table), its form and its service.
One view serves them all; the detail pages offer what the transition table and the rules allow."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.forms import add_service_errors
from portal.permissions import can, ensure
from portal.transitions import allows

from .. import selectors, services
from ..forms import (
    AdoptProposalForm,
    DecisionForm,
    MergeForm,
    OptionalReasonForm,
    QualifyForm,
    ReasonForm,
    ReferToRegionForm,
    ScheduleDysfunctionForm,
    ScheduleProposalForm,
    SubmitProposalForm,
    TacticalDecisionForm,
)
from ..models import Dysfunction, Proposal


@dataclass(frozen=True)
class Action:
    """One action of a detail page. `service(obj, actor, **cleaned_data)` does it; the label is
    that of its first transition unless given; `follow_result` leads to what the service
    returns (the dysfunction that remains after a merge, the new one after a reopening)."""

    model: type
    slug: str
    transitions: tuple[str, ...]
    form_class: type
    service: Callable
    label: str = ""
    form_kwargs: Callable = field(default=lambda obj: {})
    follow_result: bool = False

    @property
    def title(self) -> str:
        return self.label or self.model.workflow[self.transitions[0]].label

    def rule(self) -> str:
        return self.model.workflow[self.transitions[0]].rule

    def form(self, obj, data=None):
        return self.form_class(data, prefix=self.slug, **self.form_kwargs(obj))

    def offered(self, user, obj) -> bool:
        workflow = self.model.workflow
        return any(
            allows(obj, name) and can(user, workflow[name].rule, obj) for name in self.transitions
        )


def _dysfunction(service):
    return lambda obj, actor, **data: service(dysfunction=obj, actor=actor, **data)


def _proposal(service):
    return lambda obj, actor, **data: service(proposal=obj, actor=actor, **data)


def _for_dysfunction(obj):
    return {"dysfunction": obj}


def _for_proposal(obj):
    return {"proposal": obj}


D, P = Dysfunction, Proposal
ACTIONS = {
    "dysfunction": [
        Action(
            D,
            "qualifier",
            ("qualify",),
            QualifyForm,
            _dysfunction(services.dysfunction_qualify),
            form_kwargs=_for_dysfunction,
        ),
        Action(
            D,
            "demander-precisions",
            ("request_information",),
            ReasonForm,
            _dysfunction(services.dysfunction_request_information),
        ),
        Action(
            D,
            "fusionner",
            ("merge",),
            MergeForm,
            _dysfunction(services.dysfunction_merge),
            form_kwargs=lambda obj: {
                "candidates": selectors.dysfunction_merge_candidates(obj),
                "dysfunction": obj,
            },
            follow_result=True,
        ),
        Action(D, "rejeter", ("reject",), ReasonForm, _dysfunction(services.dysfunction_reject)),
        Action(
            D,
            "inscrire",
            ("schedule",),
            ScheduleDysfunctionForm,
            _dysfunction(services.dysfunction_schedule),
            form_kwargs=_for_dysfunction,
        ),
        Action(
            D,
            "resoudre",
            ("solve",),
            TacticalDecisionForm,
            _dysfunction(services.dysfunction_solve_at_tactical_level),
        ),
        Action(
            D,
            "mettre-en-oeuvre",
            ("start_implementation",),
            OptionalReasonForm,
            _dysfunction(services.dysfunction_start_implementation),
        ),
        Action(D, "clore", ("close",), ReasonForm, _dysfunction(services.dysfunction_close)),
        Action(
            D,
            "rouvrir",
            ("reopen",),
            ReasonForm,
            _dysfunction(services.dysfunction_reopen),
            follow_result=True,
        ),
    ],
    "proposal": [
        Action(
            P,
            "adopter",
            ("adopt",),
            AdoptProposalForm,
            _proposal(services.proposal_adopt),
            form_kwargs=_for_proposal,
        ),
        Action(
            P,
            "soumettre",
            ("submit",),
            SubmitProposalForm,
            _proposal(services.proposal_submit),
            form_kwargs=_for_proposal,
        ),
        Action(
            P,
            "inscrire",
            ("schedule",),
            ScheduleProposalForm,
            _proposal(services.proposal_schedule),
            form_kwargs=_for_proposal,
        ),
        Action(
            P,
            "decider",
            tuple(services.DECIDE.values()),
            DecisionForm,
            _proposal(services.proposal_decide),
            label=gettext_lazy("Record the strategic table's decision"),
            form_kwargs=_for_proposal,
        ),
        Action(
            P,
            "transmettre-a-la-region",
            ("refer_to_region",),
            ReferToRegionForm,
            _proposal(services.proposal_refer_to_region),
            form_kwargs=_for_proposal,
        ),
        Action(
            P,
            "mettre-en-oeuvre",
            ("implement",),
            OptionalReasonForm,
            _proposal(services.proposal_mark_implemented),
        ),
    ],
}


def offered_actions(kind: str, user, obj, bound=None) -> list:
    """(action, form) pairs for the detail page: the actions the table and the rules allow, and
    a refused form with its message even if its action no longer applies."""
    actions = ACTIONS[kind]
    available = [a for a in actions if a.offered(user, obj)]
    if bound is not None and all(a.slug != bound.prefix for a in available):
        available += [a for a in actions if a.slug == bound.prefix]
    return [
        (a, bound if bound is not None and bound.prefix == a.slug else a.form(obj))
        for a in available
    ]


# Each detail page registers how it finds its object and renders itself with a refused form.
PAGES: dict[str, tuple[Callable, Callable]] = {}


@login_required
@require_POST
def object_action(request, pk, action, kind):
    """Every action of the register's detail pages: parse the action's form, call its service,
    go back to the page (or show the form with the service's refusal)."""
    get_visible, render_page = PAGES[kind]
    obj = get_visible(request.user, pk)
    chosen = next((a for a in ACTIONS[kind] if a.slug == action), None)
    if chosen is None:
        raise Http404
    ensure(request.user, chosen.rule(), obj)
    form = chosen.form(obj, request.POST)
    if form.is_valid():
        try:
            result = chosen.service(obj, request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": chosen.title})
            return redirect(result if chosen.follow_result else obj)
    messages.error(request, _("Nothing was changed: see the message under the form."))
    return render_page(request, get_visible(request.user, pk), bound=form, status=400)
