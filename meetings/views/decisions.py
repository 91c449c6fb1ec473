"""Pages of the decisions: recording one, the register of decisions, where each stands."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from meetings import selectors, services
from meetings.filters import DecisionFilter
from meetings.forms import (
    DecisionForm,
    DecisionStatusForm,
    VoteForm,
)
from meetings.models import MINUTES_OPEN_STATUSES
from portal.forms import add_service_errors
from portal.permissions import can, ensure

from .decision_rows import kept_page
from .tables import _meeting_for


@login_required
@require_http_methods(["GET", "POST"])
def decision_add(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.meeting.manage", meeting)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(meeting)
    return render(request, "meetings/decision_form.html", {"form": form, "meeting": meeting})


@login_required
@require_GET
def decision_register(request):
    ensure(request.user, "meetings.register")
    queryset = selectors.decision_register_for(request.user)
    filterset = DecisionFilter(request.GET or None, queryset=queryset, user=request.user)
    page, rows = kept_page(request, filterset.qs)
    return render(
        request,
        "meetings/decision_register.html",
        {"filter": filterset, "page": page, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk):
    decision = get_object_or_404(selectors.decision_detail_queryset(request.user), pk=pk)
    may_update = can(request.user, "meetings.decision.update", decision)
    form = DecisionStatusForm(request.POST or None, initial={"status": decision.status})
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.decision_update_status(
                    decision=decision, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The decision's status is updated."))
                return redirect(decision)
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "decision": decision,
            "updates": selectors.decision_updates(decision),
            "form": form if may_update else None,
            "vote": selectors.decision_vote_of(decision),
            "may_vote": can(request.user, "meetings.meeting.manage", decision.meeting)
            and decision.meeting.status in MINUTES_OPEN_STATUSES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_vote(request, pk):
    decision = get_object_or_404(selectors.decision_detail_queryset(request.user), pk=pk)
    meeting = decision.meeting
    ensure(request.user, "meetings.meeting.manage", meeting)
    attendances = selectors.meeting_attendances(meeting)
    quorum = selectors.meeting_quorum(meeting, attendances)
    vote = selectors.decision_vote_of(decision)
    seats = selectors.decision_voting_seats(decision)
    form = VoteForm(request.POST or None, seats=seats, vote=vote)
    open_ = meeting.status in MINUTES_OPEN_STATUSES
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_vote_record(
                decision=decision, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The vote is recorded."))
            return redirect(decision)
    return render(
        request,
        "meetings/decision_vote.html",
        {
            "decision": decision,
            "meeting": meeting,
            "form": form,
            "quorum": quorum,
            "open": open_,
            "quorum_refusal": services.quorum_refusal(
                present=quorum.present, members=quorum.members, required=quorum.required
            )
            if quorum.applies and not quorum.met
            else "",
        },
    )
