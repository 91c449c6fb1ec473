"""Pages of the minutes: reading, writing, versions, approval, publication, and the PDF
prints of the agenda and the minutes."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import extensions, selectors, services
from meetings.forms import (
    MinutesApprovalForm,
    MinutesForm,
)
from meetings.models import (
    Attendance,
)
from portal import audit
from portal.forms import add_service_errors
from portal.permissions import can, ensure
from portal.printing import pdf_from_html

from .meeting_parts import minutes_parts
from .meetings import _meeting_action
from .tables import _meeting_for, _message_errors


def _minutes_context(meeting, user):
    # The minutes show the items as their version wrote them (version.items), not the agenda.
    attendances = selectors.meeting_attendances(meeting)
    groups = {p: [] for p in Attendance.Presence.values}
    for row in attendances:
        groups[row.presence].append(row)
    return {
        "meeting": meeting,
        "table": meeting.table,
        "version": selectors.minutes_current(meeting),
        "present": groups["present"] + groups["represented"],
        "excused": groups["excused"],
        "absent": groups["absent"],
        "quorum": selectors.meeting_quorum(meeting, attendances),
        "decisions": selectors.meeting_decisions(meeting),
        "taken_here": extensions.taken_in_meeting(meeting, user),
    }


@login_required
@require_GET
def minutes_detail(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.minutes.read", meeting)
    kept = minutes_parts(request.user, meeting, lambda: _minutes_context(meeting, request.user))
    context = {
        "meeting": meeting,
        "table": meeting.table,
        "version": kept["version"],
        "body": mark_safe(kept["body"]),  # noqa: S308  (rendered by the template engine)
        "may_manage": can(request.user, "meetings.meeting.manage", meeting),
    }
    return render(request, "meetings/minutes_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.meeting.manage", meeting)
    items = selectors.agenda_items(meeting)
    version = selectors.minutes_current(meeting)
    form = MinutesForm(request.POST or None, items=items, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                actor=request.user,
                meeting=meeting,
                summary=form.cleaned_data["summary"],
                texts=form.texts(),
                dealt_with=form.dealt_with(),
                confirmed_no_patient=form.cleaned_data["confirm_no_patient"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes are saved (a new version is kept)."))
            return redirect("meetings:minutes_detail", pk=meeting.pk)
    return render(request, "meetings/minutes_form.html", {"form": form, "meeting": meeting})


@login_required
@require_GET
def minutes_versions(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.meeting.manage", meeting)
    versions = selectors.minutes_versions(meeting)
    by_number = {v.number: v for v in versions}
    diff = None
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        a = b = None
    if a is not None:
        if a not in by_number or b not in by_number:
            raise Http404
        diff = list(
            difflib.unified_diff(
                by_number[a].as_text().splitlines(),
                by_number[b].as_text().splitlines(),
                fromfile=_("version %(n)s") % {"n": a},
                tofile=_("version %(n)s") % {"n": b},
                lineterm="",
            )
        )
    return render(
        request,
        "meetings/minutes_versions.html",
        {"meeting": meeting, "versions": versions, "diff": diff, "a": a, "b": b},
    )


@login_required
@require_POST
def minutes_restore(request, pk, number):
    meeting = _meeting_for(request.user, pk)
    version = get_object_or_404(meeting.minutes_versions.all(), number=number)
    try:
        services.minutes_restore(actor=request.user, meeting=meeting, version=version)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, _("Version %(n)s is restored as a new version.") % {"n": number})
    return redirect("meetings:minutes_versions", pk=meeting.pk)


@login_required
@require_POST
def minutes_approve(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.meeting.manage", meeting)
    form = MinutesApprovalForm(request.POST, meeting=meeting)
    if not form.is_valid():
        _message_errors(request, ValidationError(form.errors["at_meeting"]))
        return redirect(meeting)
    try:
        services.minutes_approve(
            actor=request.user, meeting=meeting, at_meeting=form.cleaned_data["at_meeting"]
        )
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, _("The minutes are approved."))
    return redirect(meeting)


@login_required
@require_POST
def minutes_publish(request, pk):
    return _meeting_action(request, pk, services.minutes_publish, _("The minutes are published."))


def _pdf_response(request, template, context, filename):
    html = render_to_string(template, context, request=request)
    # The page size (A4) and the hidden navigation come from print.css.
    pdf = pdf_from_html(html, "meetings/print.css")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    audit.export(request, f"PDF: {filename}", context["meeting"])
    return response


@login_required
@require_GET
def agenda_pdf(request, pk):
    meeting = _meeting_for(request.user, pk)
    items = selectors.agenda_items(meeting)
    context = {
        "meeting": meeting,
        "table": meeting.table,
        "schedule": selectors.agenda_schedule(meeting, items),
        "follow_up": selectors.follow_up_decisions(meeting),
        "follow_up_more": extensions.follow_up_sections(meeting),
        "for_print": True,
    }
    name = f"ordre-du-jour-{slugify(meeting.table.slug)}-{meeting.starts_at:%Y-%m-%d}.pdf"
    return _pdf_response(request, "meetings/agenda_print.html", context, name)


@login_required
@require_GET
def minutes_pdf(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.minutes.read", meeting)
    context = {**_minutes_context(meeting, request.user), "for_print": True}
    name = f"compte-rendu-{slugify(meeting.table.slug)}-{meeting.starts_at:%Y-%m-%d}.pdf"
    return _pdf_response(request, "meetings/minutes_print.html", context, name)
