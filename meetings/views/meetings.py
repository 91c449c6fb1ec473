"""Pages of a meeting: planning, changing, convening, cancelling, answering, attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import extensions, selectors, services
from meetings.forms import (
    AnswerForm,
    AttendanceForm,
    CancelForm,
    MeetingForm,
    MinutesApprovalForm,
    SubstituteAnswerForm,
)
from meetings.models import (
    Attendance,
    Seat,
)
from portal.forms import add_service_errors
from portal.permissions import can, ensure
from portal.transitions import allows

from .meeting_parts import meeting_parts
from .tables import _meeting_for, _message_errors, _table_for


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
    return _render_meeting(request, _meeting_for(request.user, pk))


def _render_meeting(request, meeting, *, cancel_form=None, status=200):
    """The meeting's page; `cancel_form`, a refused cancellation, is shown open with what was
    typed."""
    may_manage = can(request.user, "meetings.meeting.manage", meeting)
    may_read_minutes = can(request.user, "meetings.minutes.read", meeting)
    parts = meeting_parts(request.user, meeting, may_manage=may_manage)
    attendances = parts["attendances"]
    my_attendance = next((a for a in attendances if a.seat.user_id == request.user.pk), None)
    standing_in = next(
        (
            a
            for a in attendances
            if a.answer == Attendance.Answer.SUBSTITUTE
            and a.substitute_id
            and a.substitute.user_id == request.user.pk
        ),
        None,
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "table": meeting.table,
            "agenda": parts,
            "overrun": parts["overrun"],
            "attendances": attendances,
            "quorum": selectors.meeting_quorum(meeting, attendances),
            "outcomes": mark_safe(parts["outcomes"]),  # noqa: S308  (rendered by the template engine)
            "my_attendance": my_attendance,
            "standing_in": standing_in,
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
            "cancel_form": cancel_form or CancelForm(),
            "approval_form": MinutesApprovalForm(meeting=meeting)
            if may_manage and allows(meeting, "approve_minutes")
            else None,
        },
        status=status,
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
def meeting_send_update(request, pk):
    """The pilot sends the members the meeting as it now stands, after changes to its agenda."""
    return _meeting_action(
        request,
        pk,
        services.meeting_send_update,
        _("The updated agenda and invitation have been sent to the members and substitutes."),
    )


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = _meeting_for(request.user, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting, reason=reason)
    except ValidationError as error:
        # Shown again with the reason typed, over the meeting as it now stands.
        add_service_errors(form, error)
        return _render_meeting(
            request, _meeting_for(request.user, pk), cancel_form=form, status=400
        )
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
    substitutes = services.substitutes_for(attendance)
    form = AnswerForm(
        request.POST or None,
        initial={"answer": attendance.answer, "substitute": attendance.substitute_id},
        substitutes=substitutes if substitutes.exists() else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_answer(
                actor=request.user,
                attendance=attendance,
                answer=form.cleaned_data["answer"],
                substitute=form.cleaned_data.get("substitute"),
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
def stand_in(request, pk):
    """The page of the substitute a member sent: the meeting, its agenda, and their answer."""
    meeting = _meeting_for(request.user, pk)
    attendance = get_object_or_404(
        Attendance.objects.select_related("seat__user", "seat__organisation", "substitute__user"),
        meeting=meeting,
        answer=Attendance.Answer.SUBSTITUTE,
        substitute__user=request.user,
    )
    form = SubstituteAnswerForm(
        request.POST or None,
        initial={"answer": attendance.substitute_answer},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_substitute_answer(
                actor=request.user, attendance=attendance, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you, your answer is recorded."))
            return redirect("meetings:stand_in", pk=meeting.pk)
    items = selectors.agenda_items(meeting)
    return render(
        request,
        "meetings/stand_in.html",
        {
            "form": form,
            "meeting": meeting,
            "table": meeting.table,
            "attendance": attendance,
            "schedule": selectors.agenda_schedule(meeting, items),
            "follow_up": selectors.follow_up_decisions(meeting),
            "follow_up_more": extensions.follow_up_sections(meeting),
        },
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
