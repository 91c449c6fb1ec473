"""Pages of the decisions: recording one, the register of decisions, where each stands."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from meetings import selectors, services
from meetings.filters import DecisionFilter
from meetings.forms import (
    DecisionForm,
    DecisionStatusForm,
)
from portal.forms import add_service_errors
from portal.permissions import can, ensure

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
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "meetings/decision_register.html", {"filter": filterset, "page": page})


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
        },
    )
