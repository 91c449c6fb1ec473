"""Pages of agreements: the list, drafting and editing, the agreement's page with its corridors,
comments and history, the steps of its life cycle, and its signed document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements import selectors, services
from agreements.forms import (
    AdoptForm,
    AgreementForm,
    CommentForm,
    CorridorForm,
    MoveForm,
    ProposeForm,
)
from agreements.models import Agreement, AgreementState
from portal.forms import add_service_errors
from portal.models import Territory
from portal.permissions import can, ensure, visible_to
from portal.transitions import available_transitions

FORM_FIELDS = (
    "title", "parties", "public", "procedure", "commitments", "effective_from", "review_on",
    "ends_on",
)  # fmt: skip


def _agreement_or_404(user, pk) -> Agreement:
    return get_object_or_404(selectors.agreement_detail(user), pk=pk)


def _pilot_territories(user):
    """The territories where the user may draft agreements."""
    territories = Territory.objects.order_by("name")
    return territories.filter(
        pk__in=[t.pk for t in territories if can(user, "agreements.agreement.create", t)]
    )


def _comment_organisations(user, agreement):
    parties = agreement.parties.all()
    return visible_to(user, parties, "agreements.comment_on_behalf_of").order_by("name")


@login_required
@require_GET
def agreement_list(request):
    state = request.GET.get("etat") or ""
    if state not in AgreementState.values:
        state = ""
    agreements = selectors.agreement_list_visible_to(request.user, state=state or None)
    page = Paginator(agreements, selectors.LIST_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "page_obj": page,
            "state": state,
            "states": AgreementState.choices,
            "may_create": can(request.user, "agreements.agreement.create"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    ensure(request.user, "agreements.agreement.create")
    territories = _pilot_territories(request.user)
    form = AgreementForm(request.POST or None, request.FILES or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                actor=request.user,
                territory=data["territory"],
                signed_document=data["signed_document"],
                **{name: data[name] for name in FORM_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is drafted: now set its corridors."))
            return redirect(agreement)
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "agreement": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    ensure(request.user, "agreements.agreement.manage", agreement)
    initial = {name: getattr(agreement, name) for name in FORM_FIELDS if name != "parties"}
    initial["parties"] = list(agreement.parties.all())
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        territories=_pilot_territories(request.user),
        agreement=agreement,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_update(
                actor=request.user,
                agreement=agreement,
                signed_document=data["signed_document"],
                **{name: data[name] for name in FORM_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect(agreement)
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "agreement": agreement},
        status=400 if form.errors else 200,
    )


def _render_detail(request, agreement, *, status=200, **bound):
    user = request.user
    manage = can(user, "agreements.agreement.manage", agreement)
    moves = available_transitions(agreement, user)
    context = {
        "agreement": agreement,
        "may_manage": manage,
        "moves": [m for m in moves if m.name not in ("propose", "adopt")],
        "may_propose": any(m.name == "propose" for m in moves),
        "may_adopt": any(m.name == "adopt" for m in moves),
        "may_comment": can(user, "agreements.agreement.comment", agreement),
        "corridors_editable": manage
        and agreement.state in (AgreementState.DRAFT, AgreementState.PROPOSED),
    }
    if context["corridors_editable"]:
        context["corridor_form"] = bound.get("corridor_form") or CorridorForm(agreement=agreement)
    if context["may_propose"]:
        context["propose_form"] = bound.get("propose_form") or ProposeForm(agreement=agreement)
    if context["may_adopt"]:
        context["adopt_form"] = bound.get("adopt_form") or AdoptForm(
            decisions=selectors.decisions_that_may_adopt(agreement)
        )
    if context["moves"]:
        context["move_form"] = bound.get("move_form") or MoveForm()
    if context["may_comment"]:
        context["comment_form"] = bound.get("comment_form") or CommentForm(
            organisations=_comment_organisations(user, agreement)
        )
    return render(request, "agreements/agreement_detail.html", context, status=status)


@login_required
@require_GET
def agreement_detail(request, pk):
    return _render_detail(request, _agreement_or_404(request.user, pk))


def _done(request, agreement, message):
    messages.success(request, message)
    return redirect(agreement)


@login_required
@require_POST
def corridor_add(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    ensure(request.user, "agreements.agreement.manage", agreement)
    form = CorridorForm(request.POST, agreement=agreement)
    if form.is_valid():
        try:
            services.corridor_add(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, agreement, _("The corridor is added."))
    return _render_detail(request, agreement, corridor_form=form, status=400)


@login_required
@require_POST
def corridor_remove(request, pk, corridor_pk):
    agreement = _agreement_or_404(request.user, pk)
    corridor = get_object_or_404(agreement.corridors.all(), pk=corridor_pk)
    try:
        services.corridor_remove(actor=request.user, corridor=corridor)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(agreement)
    return _done(request, agreement, _("The corridor is removed."))


@login_required
@require_POST
def agreement_comment(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    ensure(request.user, "agreements.agreement.comment", agreement)
    form = CommentForm(request.POST, organisations=_comment_organisations(request.user, agreement))
    if form.is_valid():
        try:
            services.agreement_comment(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, agreement, _("Your comment is added."))
    return _render_detail(request, agreement, comment_form=form, status=400)


@login_required
@require_POST
def agreement_step(request, pk, name):
    """Every step of the life cycle, from the buttons the agreement's page derives from its
    transitions: propose and adopt with their forms, the others with a reason."""
    agreement = _agreement_or_404(request.user, pk)
    if name not in Agreement.workflow.transitions:
        raise Http404
    ensure(request.user, Agreement.workflow[name].rule, agreement)
    if name == "propose":
        form, key = ProposeForm(request.POST, agreement=agreement), "propose_form"
        call = services.agreement_propose
    elif name == "adopt":
        decisions = selectors.decisions_that_may_adopt(agreement)
        form, key = AdoptForm(request.POST, decisions=decisions), "adopt_form"
        call = services.agreement_adopt
    else:
        form, key = MoveForm(request.POST), "move_form"

        def call(**kwargs):
            return services.agreement_move(name=name, **kwargs)

    if form.is_valid():
        try:
            call(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request, agreement, _("Done: %(step)s.") % {"step": Agreement.workflow[name].label}
            )
    agreement = _agreement_or_404(request.user, pk)
    return _render_detail(request, agreement, status=400, **{key: form})


@login_required
@require_GET
def signed_document(request, pk):
    """The signed document, only to those who read the agreement, as a download."""
    agreement = _agreement_or_404(request.user, pk)
    if not agreement.signed_document:
        raise Http404
    name = agreement.signed_document.name.rsplit("/", 1)[-1]
    return FileResponse(agreement.signed_document.open("rb"), as_attachment=True, filename=name)
