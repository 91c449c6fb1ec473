"""Pages of the agenda: items added, changed, moved, removed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meetings import services
from meetings.forms import (
    AgendaItemForm,
)
from meetings.models import (
    AgendaItem,
)
from portal.forms import add_service_errors
from portal.permissions import ensure

from .tables import _meeting_for, _message_errors


def _item_for(request, pk, item_pk):
    meeting = _meeting_for(request.user, pk)
    item = get_object_or_404(AgendaItem.objects.filter(meeting=meeting), pk=item_pk)
    item.meeting = meeting
    return meeting, item


def _item_fields(form, item=None) -> dict:
    """The agenda item's fields as the add and edit forms give them to the services."""
    data = form.cleaned_data
    subject = {}
    if item is None or not form.keeps_other_subject(item):
        subject = {"subject": data.get("subject")}
    return {
        **subject,
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
    form.initial_subject(item)
    if item.is_follow_up:
        del form.fields["number"]
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                item=item,
                actor=request.user,
                number=form.cleaned_data.get("number"),
                **_item_fields(form, item),
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
