"""Pages of the tables and their seats, and the lookups every meetings page shares."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import selectors, services
from meetings.calendar import feed_ics
from meetings.forms import (
    SeatForm,
    TableForm,
)
from meetings.models import (
    Seat,
    Table,
    TableCalendarToken,
)
from portal.forms import add_service_errors
from portal.permissions import can, ensure, visible_to

from .meeting_parts import table_parts


def _message_errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _table_for(user, slug):
    tables = Table.objects.select_related("territory", "region", "collection")
    return get_object_or_404(visible_to(user, tables), slug=slug)


def _meeting_for(user, pk):
    return get_object_or_404(selectors.meeting_detail_queryset(user), pk=pk)


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
    parts = table_parts(table)
    private_feed_url = None
    if can(request.user, "meetings.table.calendar", table):
        token = services.table_calendar_token_for(table).token
        private_feed_url = request.build_absolute_uri(
            reverse("meetings:table_private_feed", args=[table.slug, token])
        )
    return render(
        request,
        "meetings/table_detail.html",
        {
            "table": table,
            "seats": selectors.table_seats(table),
            "feeds": parts["feeds"],
            "fed_by": parts["fed_by"],
            "upcoming_rows": mark_safe(parts["upcoming"]),  # noqa: S308  (rendered by the template engine)
            "past_rows": mark_safe(parts["past"]),  # noqa: S308  (rendered by the template engine)
            "may_manage": can(request.user, "meetings.table.manage", table),
            "private_feed_url": private_feed_url,
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
    """The table's public calendar, if the table publishes it: dates, times, titles and status;
    no place, video link or agenda. A table that does not publish has no public address (404)."""
    table = get_object_or_404(selectors.table_with_public_calendar(), slug=slug)
    body = feed_ics(selectors.feed_meetings_of_table(table), name=table.name, private=False)
    return _calendar_response(body, f"{table.slug}.ics")


@require_GET
def table_private_feed(request, slug, token):
    """The table's full calendar (places, video links, agendas) at its secret address."""
    found = get_object_or_404(
        TableCalendarToken.objects.select_related("table"), token=token, table__slug=slug
    )
    table = found.table
    body = feed_ics(
        selectors.feed_meetings_of_table(table, private=True), name=table.name, private=True
    )
    return _calendar_response(body, f"{table.slug}.ics")


@login_required
@require_POST
def table_feed_renew(request, slug):
    table = _table_for(request.user, slug)
    ensure(request.user, "meetings.table.manage", table)
    services.table_calendar_token_renew(actor=request.user, table=table)
    messages.success(
        request,
        _("The table's calendar has a new secret address; the old one no longer works."),
    )
    return redirect(table)


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response
