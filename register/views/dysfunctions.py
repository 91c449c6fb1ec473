"""The register's pages. Thin: parse, ask the rules, call a selector or a service, render."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal.forms import add_service_errors
from portal.permissions import can, ensure
from portal.transitions import allows

from .. import selectors, services
from ..feedback import feedback_token_read
from ..filers import filers_shown_to
from ..filters import DysfunctionFilterSet
from ..forms import (
    DysfunctionForm,
    MergeForm,
    OptionalReasonForm,
    QualifyForm,
    ReasonForm,
    ScheduleDysfunctionForm,
    TacticalDecisionForm,
)
from ..models import FeedbackAnswer, FeedbackRequest
from ..models.dysfunctions import DysfunctionState
from ..rules import territories_seen_by

S = DysfunctionState
PAGE_SIZE = 50


def _get_visible(user, pk):
    return get_object_or_404(selectors.dysfunction_detail_queryset(user), pk=pk)


@login_required
def register_list(request):
    ensure(request.user, "register.view")
    filterset = DysfunctionFilterSet(
        request.GET or None,
        queryset=selectors.dysfunction_list_visible_to(request.user),
        territories=territories_seen_by(request.user),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    dysfunctions = list(page.object_list)
    for dysfunction in dysfunctions:
        dysfunction.filer_visible = can(request.user, "register.dysfunction.see_filer", dysfunction)
    return render(
        request,
        "register/register_list.html",
        {
            "page": page,
            "dysfunctions": dysfunctions,
            "filter_form": filterset.form,
            "show_filer": any(d.filer_visible for d in dysfunctions),
            "perms_file": can(request.user, "register.dysfunction.file"),
            "perms_triage": can(request.user, "register.triage_list"),
        },
    )


@login_required
def triage_list(request):
    ensure(request.user, "register.triage_list")
    return render(
        request,
        "register/triage_list.html",
        {"dysfunctions": selectors.dysfunction_list_to_triage(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dysfunction_create(request):
    ensure(request.user, "register.dysfunction.file")
    form = DysfunctionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            dysfunction = services.dysfunction_create(
                filer=request.user, submit=submit, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submit:
                messages.success(request, _("Your dysfunction was sent to the pilot."))
            else:
                messages.success(request, _("Your draft is saved. Submit it when it is ready."))
            return redirect(dysfunction)
    return render(request, "register/dysfunction_form.html", {"form": form, "dysfunction": None})


@login_required
@require_http_methods(["GET", "POST"])
def dysfunction_edit(request, pk):
    dysfunction = _get_visible(request.user, pk)
    ensure(request.user, "register.dysfunction.edit", dysfunction)
    form = DysfunctionForm(
        request.POST or None, request.FILES or None, instance=dysfunction, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            services.dysfunction_update(dysfunction=dysfunction, actor=request.user, **fields)
            if "submit" in request.POST:
                services.dysfunction_submit(dysfunction=dysfunction, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(dysfunction)
    return render(
        request, "register/dysfunction_form.html", {"form": form, "dysfunction": dysfunction}
    )


@login_required
@require_POST
def dysfunction_submit(request, pk):
    dysfunction = _get_visible(request.user, pk)
    ensure(request.user, "register.dysfunction.submit", dysfunction)
    try:
        services.dysfunction_submit(dysfunction=dysfunction, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your dysfunction was sent to the pilot."))
    return redirect(dysfunction)


@dataclass
class PilotAction:
    slug: str
    label: str
    transition: str
    form_class: type
    needs_reason: bool = True


PILOT_ACTIONS = [
    PilotAction(
        "qualifier", gettext_lazy("Qualify and publish to the tables"), "qualify", QualifyForm
    ),
    PilotAction(
        "demander-precisions",
        gettext_lazy("Ask the filer for more information"),
        "request_information",
        ReasonForm,
    ),
    PilotAction("fusionner", gettext_lazy("Merge into another dysfunction"), "merge", MergeForm),
    PilotAction("rejeter", gettext_lazy("Reject"), "reject", ReasonForm),
    PilotAction(
        "inscrire",
        gettext_lazy("Put on a tactical meeting's agenda"),
        "schedule",
        ScheduleDysfunctionForm,
    ),
    PilotAction(
        "resoudre", gettext_lazy("Solved at the tactical level"), "solve", TacticalDecisionForm
    ),
    PilotAction(
        "mettre-en-oeuvre",
        gettext_lazy("Implementation started"),
        "start_implementation",
        OptionalReasonForm,
    ),
    PilotAction("clore", gettext_lazy("Close"), "close", ReasonForm),
]
REOPEN = PilotAction("rouvrir", gettext_lazy("Reopen as a new dysfunction"), "", ReasonForm)
ACTIONS_BY_SLUG = {a.slug: a for a in [*PILOT_ACTIONS, REOPEN]}


def _make_form(action, dysfunction, data=None):
    prefix = action.slug
    if action.form_class is QualifyForm:
        return QualifyForm(data, dysfunction=dysfunction, prefix=prefix)
    if action.form_class is ScheduleDysfunctionForm:
        return ScheduleDysfunctionForm(data, dysfunction=dysfunction, prefix=prefix)
    if action.form_class is MergeForm:
        return MergeForm(
            data, candidates=selectors.dysfunction_merge_candidates(dysfunction), prefix=prefix
        )
    return action.form_class(data, prefix=prefix)


def _available_actions(user, dysfunction, bound=None):
    if not can(user, "register.dysfunction.triage", dysfunction):
        return []
    available = []
    for action in PILOT_ACTIONS:
        if allows(dysfunction, action.transition):
            available.append(action)
    if dysfunction.state == S.CLOSED:
        available.append(REOPEN)
    if bound is not None and all(a.slug != bound.prefix for a in available):
        # Show the refused form with its message, even if the action no longer applies.
        available.append(ACTIONS_BY_SLUG[bound.prefix])
    return [
        (a, bound if bound is not None and bound.prefix == a.slug else _make_form(a, dysfunction))
        for a in available
    ]


def _call(action, dysfunction, user, data):
    if action.slug == "qualifier":
        return services.dysfunction_qualify(dysfunction=dysfunction, actor=user, **data)
    if action.slug == "fusionner":
        return services.dysfunction_merge(dysfunction=dysfunction, actor=user, **data)
    if action.slug == "inscrire":
        return services.dysfunction_schedule(dysfunction=dysfunction, actor=user, **data)
    if action.slug == "resoudre":
        return services.dysfunction_solve_at_tactical_level(
            dysfunction=dysfunction, actor=user, **data
        )
    function = {
        "demander-precisions": services.dysfunction_request_information,
        "rejeter": services.dysfunction_reject,
        "mettre-en-oeuvre": services.dysfunction_start_implementation,
        "clore": services.dysfunction_close,
        "rouvrir": services.dysfunction_reopen,
    }[action.slug]
    return function(dysfunction=dysfunction, actor=user, **data)


def _render_detail(request, dysfunction, bound=None, status=200):
    items = list(dysfunction.agenda_items.all())
    excerpts = selectors.minutes_excerpts(items)
    for item in items:
        item.minutes_excerpt = excerpts.get(item.pk, "")
    return render(
        request,
        "register/dysfunction_detail.html",
        {
            "dysfunction": dysfunction,
            "events": list(dysfunction.events.all()),
            "agenda_items": items,
            "show_filer": can(request.user, "register.dysfunction.see_filer", dysfunction),
            "filers": filers_shown_to(request.user, dysfunction),
            "can_edit": can(request.user, "register.dysfunction.edit", dysfunction),
            "actions": _available_actions(request.user, dysfunction, bound),
            "can_propose": dysfunction.state in (S.QUALIFIED, S.SCHEDULED)
            and can(request.user, "register.proposal.manage", dysfunction),
        },
        status=status,
    )


@login_required
def dysfunction_detail(request, pk):
    return _render_detail(request, _get_visible(request.user, pk))


@login_required
@require_POST
def dysfunction_action(request, pk, action):
    dysfunction = _get_visible(request.user, pk)
    ensure(request.user, "register.dysfunction.triage", dysfunction)
    chosen = ACTIONS_BY_SLUG.get(action)
    if chosen is None:
        raise Http404
    form = _make_form(chosen, dysfunction, request.POST)
    if form.is_valid():
        try:
            result = _call(chosen, dysfunction, request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
            return redirect(result if chosen.slug in ("rouvrir", "fusionner") else dysfunction)
    dysfunction = _get_visible(request.user, pk)
    messages.error(request, _("Nothing was changed: see the message under the form."))
    return _render_detail(request, dysfunction, bound=form, status=400)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Attachments are served only to those who see the dysfunction (never from a public
    media address)."""
    from django.http import FileResponse

    dysfunction = _get_visible(request.user, pk)
    attachment = next((a for a in dysfunction.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    if request.method == "POST":
        services.notification_mark_all_read(user=request.user)
        return redirect("register:notifications")
    return render(
        request,
        "register/notifications.html",
        {"notifications": selectors.notification_list_for(request.user)},
    )


@require_http_methods(["GET", "POST"])
def feedback_answer(request, token):
    """One click from the e-mail records the answer; the page lets the filer change it."""
    try:
        request_id, answer = feedback_token_read(token)
    except signing.BadSignature:
        raise Http404 from None
    if request.method == "POST":
        answer = request.POST.get("answer", "")
    try:
        feedback = services.feedback_answer(request_id=request_id, answer=answer)
    except (FeedbackRequest.DoesNotExist, ValidationError):
        raise Http404 from None
    return render(
        request,
        "register/feedback_thanks.html",
        {"feedback": feedback, "answers": FeedbackAnswer.choices, "token": token},
    )
