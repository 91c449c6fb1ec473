"""Pages of the tables, meetings, minutes and decisions. Thin: parse input, call a selector or
a service, render. Permissions are asked of portal.permissions; objects are fetched within what
the user may see (404 otherwise)."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import selectors, services
from meetings.calendar import feed_ics
from meetings.filters import DecisionFilter
from meetings.forms import (
    AgendaItemForm,
    AnswerForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    DecisionStatusForm,
    MeetingForm,
    MinutesForm,
    SeatForm,
    TableForm,
)
from meetings.models import (
    AgendaItem,
    Attendance,
    CalendarToken,
    Seat,
    Table,
)
from portal.forms import add_service_errors
from portal.permissions import can, ensure, visible_to
from portal.transitions import allows


def _message_errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _table_for(user, slug):
    return get_object_or_404(
        visible_to(user, Table.objects.select_related("territory", "collection")), slug=slug
    )


def _meeting_for(user, pk):
    return get_object_or_404(selectors.meeting_detail_queryset(user), pk=pk)


# --- tables ------------------------------------------------------------------------------


@login_required
@require_GET
def table_list(request):
    return render(
        request,
        "meetings/table_list.html",
        {
            "tables": selectors.table_list_for(request.user),
            "may_create": can(request.user, "meetings.table.create"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def table_edit(request, slug=None):
    table = _table_for(request.user, slug) if slug else Table()
    if slug:
        ensure(request.user, "meetings.table.manage", table)
    else:
        ensure(request.user, "meetings.table.create")
    form = TableForm(request.POST or None, instance=table, user=request.user)
    if request.method == "POST" and form.is_valid():
        feeds = list(form.cleaned_data.get("feeds") or [])
        try:
            table = services.table_save(
                actor=request.user, table=form.save(commit=False), feeds=feeds
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The table is saved."))
            return redirect(table)
    return render(request, "meetings/table_form.html", {"form": form, "table": table})


@login_required
@require_GET
def table_detail(request, slug):
    table = _table_for(request.user, slug)
    upcoming, past = selectors.table_meetings(table)
    return render(
        request,
        "meetings/table_detail.html",
        {
            "table": table,
            "seats": selectors.table_seats(table),
            "feeds": list(table.feeds.all()),
            "fed_by": list(table.fed_by.all()),
            "upcoming": upcoming,
            "past": past,
            "may_manage": can(request.user, "meetings.table.manage", table),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_add(request, slug):
    table = _table_for(request.user, slug)
    ensure(request.user, "meetings.table.manage", table)
    form = SeatForm(request.POST or None, table=table)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_add(actor=request.user, table=table, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The seat is added."))
            return redirect(table)
    return render(request, "meetings/seat_form.html", {"form": form, "table": table})


@login_required
@require_POST
def seat_end(request, slug, pk):
    table = _table_for(request.user, slug)
    seat = get_object_or_404(Seat.objects.filter(table=table), pk=pk)
    ensure(request.user, "meetings.table.manage", table)
    try:
        services.seat_end(actor=request.user, seat=seat, end_date=timezone.localdate())
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, _("The mandate has ended."))
    return redirect(table)


@require_GET
def table_feed(request, slug):
    """The table's public calendar: dates, times, places and status; no video link or agenda."""
    table = get_object_or_404(selectors.table_with_public_calendar(), slug=slug)
    body = feed_ics(selectors.feed_meetings_of_table(table), name=table.name, private=False)
    return _calendar_response(body, f"{table.slug}.ics")


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- meetings ----------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request):
    past = request.GET.get("passees") == "1"
    page = Paginator(selectors.meeting_list_for(request.user, upcoming=not past), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "meetings/meeting_list.html", {"page": page, "past": past})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_plan(request, slug):
    table = _table_for(request.user, slug)
    ensure(request.user, "meetings.table.manage", table)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(
                actor=request.user, table=table, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The meeting is planned. Build its agenda, then convene it.")
            )
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "table": table})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.meeting.manage", meeting)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_update(
                actor=request.user, meeting=meeting, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "table": meeting.table, "meeting": meeting},
    )


@login_required
@require_GET
def meeting_detail(request, pk):
    meeting = _meeting_for(request.user, pk)
    items = selectors.agenda_items(meeting)
    attendances = selectors.meeting_attendances(meeting)
    my_attendance = next((a for a in attendances if a.seat.user_id == request.user.pk), None)
    may_manage = can(request.user, "meetings.meeting.manage", meeting)
    may_read_minutes = can(request.user, "meetings.minutes.read", meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "table": meeting.table,
            "schedule": selectors.agenda_schedule(meeting, items),
            "follow_up": selectors.follow_up_decisions(meeting),
            "attendances": attendances,
            "quorum": selectors.meeting_quorum(meeting, attendances),
            "decisions": selectors.meeting_decisions(meeting),
            "my_attendance": my_attendance,
            "answer_form": AnswerForm(initial={"answer": my_attendance.answer})
            if my_attendance
            else None,
            "may_manage": may_manage,
            "may_read_minutes": may_read_minutes,
            "show_attendance": meeting.is_held and (may_manage or may_read_minutes),
            "started": meeting.starts_at <= timezone.now(),
            "late": may_manage
            and allows(meeting, "convene")
            and services.convocation_is_late(meeting),
            "cancel_form": CancelForm(),
            "agenda_editable": meeting.is_upcoming,
        },
    )


def _meeting_action(request, pk, action, success: str):
    meeting = _meeting_for(request.user, pk)
    try:
        action(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, success)
    return redirect(meeting)


@login_required
@require_POST
def meeting_convene(request, pk):
    meeting = _meeting_for(request.user, pk)
    try:
        meeting = services.meeting_convene(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _message_errors(request, error)
        return redirect(meeting)
    messages.success(request, _("The convocation has been sent to the members and substitutes."))
    if meeting.late_notice:
        messages.warning(
            request,
            _("This convocation is sent later than the table's notice period (%(days)s days).")
            % {"days": meeting.table.notice_days},
        )
    return redirect(meeting)


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = _meeting_for(request.user, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting, reason=reason)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, _("The meeting is cancelled."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_held(request, pk):
    return _meeting_action(
        request, pk, services.meeting_mark_held, _("The meeting is marked as held.")
    )


@login_required
@require_POST
def agenda_carry_over(request, pk):
    meeting = _meeting_for(request.user, pk)
    try:
        created = services.agenda_carry_over(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _message_errors(request, error)
        return redirect(meeting)
    messages.success(
        request,
        _("%(count)s item(s) carried over to the next meeting.") % {"count": len(created)},
    )
    return redirect(created[0].meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_answer(request, pk):
    """The RSVP page: a member answers for their own seat."""
    meeting = _meeting_for(request.user, pk)
    attendance = get_object_or_404(
        Attendance.objects.select_related("seat__organisation"),
        meeting=meeting,
        seat__user=request.user,
        seat__kind=Seat.Kind.MEMBER,
    )
    form = AnswerForm(request.POST or None, initial={"answer": attendance.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_answer(
                actor=request.user, attendance=attendance, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you, your answer is recorded."))
            return redirect(meeting)
    return render(
        request,
        "meetings/answer_form.html",
        {"form": form, "meeting": meeting, "attendance": attendance},
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.meeting.manage", meeting)
    attendances = selectors.meeting_attendances(meeting)
    form = AttendanceForm(request.POST or None, attendances=attendances)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, meeting=meeting, records=form.records())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Attendance is recorded."))
            return redirect(meeting)
    return render(
        request,
        "meetings/attendance_form.html",
        {
            "form": form,
            "meeting": meeting,
            "quorum": selectors.meeting_quorum(meeting, attendances),
        },
    )


# --- agenda ------------------------------------------------------------------------------


def _item_for(request, pk, item_pk):
    meeting = _meeting_for(request.user, pk)
    item = get_object_or_404(AgendaItem.objects.filter(meeting=meeting), pk=item_pk)
    item.meeting = meeting
    return meeting, item


def _item_fields(form) -> dict:
    """The agenda item's fields as the add and edit forms give them to the services."""
    data = form.cleaned_data
    return {
        "title": data["title"],
        "kind": data["kind"],
        "duration_minutes": data["duration_minutes"],
        "presenter": data["presenter"],
        "description": data["description"],
        "decision": data["decision"],
        "documents": list(data["documents"]),
        "upload": data.get("upload"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_add(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.meeting.manage", meeting)
    form = AgendaItemForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(
                meeting=meeting,
                actor=request.user,
                **_item_fields(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item is added to the agenda."))
            return redirect(meeting)
    return render(request, "meetings/item_form.html", {"form": form, "meeting": meeting})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, pk, item_pk):
    meeting, item = _item_for(request, pk, item_pk)
    ensure(request.user, "meetings.meeting.manage", meeting)
    initial = {
        "number": item.number,
        "title": item.title,
        "kind": item.kind,
        "duration_minutes": item.duration_minutes,
        "presenter": item.presenter_id,
        "description": item.description,
        "decision": item.decision_id,
        "documents": list(item.documents.values_list("pk", flat=True)),
    }
    form = AgendaItemForm(
        request.POST or None, request.FILES or None, meeting=meeting, editing=True, initial=initial
    )
    if item.is_follow_up:
        del form.fields["number"]
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                item=item,
                actor=request.user,
                number=form.cleaned_data.get("number"),
                **_item_fields(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect(meeting)
    return render(
        request, "meetings/item_form.html", {"form": form, "meeting": meeting, "item": item}
    )


@login_required
@require_POST
def agenda_item_move(request, pk, item_pk):
    meeting, item = _item_for(request, pk, item_pk)
    try:
        services.agenda_item_move(
            item=item, actor=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        _message_errors(request, error)
    return redirect(f"{meeting.get_absolute_url()}#ordre-du-jour")


@login_required
@require_POST
def agenda_item_delete(request, pk, item_pk):
    meeting, item = _item_for(request, pk, item_pk)
    try:
        services.agenda_item_delete(item=item, actor=request.user)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, _("The item is removed from the agenda."))
    return redirect(meeting)


# --- minutes -----------------------------------------------------------------------------


def _minutes_context(meeting):
    items = selectors.agenda_items(meeting)
    attendances = selectors.meeting_attendances(meeting)
    groups = {p: [] for p in Attendance.Presence.values}
    for row in attendances:
        groups[row.presence].append(row)
    return {
        "meeting": meeting,
        "table": meeting.table,
        "version": selectors.minutes_current(meeting),
        "items": items,
        "present": groups["present"] + groups["represented"],
        "excused": groups["excused"],
        "absent": groups["absent"],
        "quorum": selectors.meeting_quorum(meeting, attendances),
        "decisions": selectors.meeting_decisions(meeting),
    }


@login_required
@require_GET
def minutes_detail(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.minutes.read", meeting)
    context = _minutes_context(meeting)
    context["may_manage"] = can(request.user, "meetings.meeting.manage", meeting)
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
    try:
        services.minutes_approve(
            actor=request.user, meeting=meeting, at_meeting=selectors.meeting_following(meeting)
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


# --- PDF ---------------------------------------------------------------------------------


def _pdf_response(request, template, context, filename):
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    html = render_to_string(template, context, request=request)
    stylesheet = CSS(filename=finders.find("meetings/print.css"))
    # No base URL: the PDF never fetches anything over the network.
    pdf = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
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
        "for_print": True,
    }
    name = f"ordre-du-jour-{slugify(meeting.table.slug)}-{meeting.starts_at:%Y-%m-%d}.pdf"
    return _pdf_response(request, "meetings/agenda_print.html", context, name)


@login_required
@require_GET
def minutes_pdf(request, pk):
    meeting = _meeting_for(request.user, pk)
    ensure(request.user, "meetings.minutes.read", meeting)
    context = {**_minutes_context(meeting), "for_print": True}
    name = f"compte-rendu-{slugify(meeting.table.slug)}-{meeting.starts_at:%Y-%m-%d}.pdf"
    return _pdf_response(request, "meetings/minutes_print.html", context, name)


# --- decisions ---------------------------------------------------------------------------


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


# --- personal calendar -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar_subscribe(request):
    if request.method == "POST":
        services.calendar_token_regenerate(user=request.user)
        messages.success(request, _("A new address is ready; the old one no longer works."))
        return redirect("meetings:calendar_subscribe")
    token = services.calendar_token_for(request.user)
    feed_url = request.build_absolute_uri(reverse("meetings:personal_feed", args=[token.token]))
    tables = selectors.table_list_for_seat_holder(request.user)
    return render(
        request, "meetings/calendar_subscribe.html", {"feed_url": feed_url, "tables": tables}
    )


@require_GET
def personal_feed(request, token):
    owner = get_object_or_404(CalendarToken.objects.select_related("user"), token=token).user
    if not owner.is_active:
        raise Http404
    body = feed_ics(
        selectors.feed_meetings_of_person(owner),
        name=_("My meetings — Tablée"),
        private=True,
    )
    return _calendar_response(body, "mes-reunions.ics")
