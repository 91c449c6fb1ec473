"""The register's pages. Thin: parse, ask the rules, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import EmptyResultSet, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import versions
from portal.forms import add_service_errors
from portal.pagination import VersionedPaginator
from portal.permissions import can, ensure, roles_stamp
from portal.transitions import allows

from .. import selectors, services
from ..feedback import feedback_token_read
from ..filers import filer_count, filers_shown_to
from ..filters import DysfunctionFilterSet
from ..forms import (
    DysfunctionForm,
    MeTooForm,
    OrganisationAnswerForm,
    SimilarQueryForm,
)
from ..kept import dysfunction_for_page
from ..models import Dysfunction, FeedbackAnswer
from ..models.dysfunctions import DysfunctionState
from ..rules import territories_seen_by
from .actions import PAGES, offered_actions

S = DysfunctionState
PAGE_SIZE = 50


def _get_visible(user, pk):
    found = get_object_or_404(selectors.dysfunction_detail_queryset(user), pk=pk)
    return selectors.dysfunction_corridor_read(found)


@login_required
def register_list(request):
    ensure(request.user, "register.view")
    user = request.user
    filterset = DysfunctionFilterSet(
        request.GET or None,
        queryset=selectors.dysfunction_list_visible_to(user),
        territories=territories_seen_by(user),
    )
    page = VersionedPaginator(filterset.qs, PAGE_SIZE, data="register").get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "register/register_list.html",
        {
            "page": page,
            "table": _register_table(user, page, caption=_("Dysfunctions"), filers=True),
            "filter_form": filterset.form,
            "perms_file": can(user, "register.dysfunction.file"),
            "perms_triage": can(user, "register.triage_list"),
        },
    )


def _register_table(user, page, *, caption: str, filers: bool) -> str:
    """The page's rows, rendered once for the register's version and kept under the page's own
    SQL (the person's visibility, the filters and the page are in it), the person's roles
    stamp (who may see the filers), the language and whether the filers' column may show."""

    def rows() -> str:
        dysfunctions = list(page.object_list)
        for dysfunction in dysfunctions:
            dysfunction.filer_visible = filers and can(
                user, "register.dysfunction.see_filer", dysfunction
            )
        return render_to_string(
            "register/includes/dysfunction_table.html",
            {
                "dysfunctions": dysfunctions,
                "caption": caption,
                "show_filer": any(d.filer_visible for d in dysfunctions),
            },
        )

    try:
        sql = str(page.object_list.query)
    except EmptyResultSet:
        return mark_safe(rows())  # noqa: S308  (rendered by the template engine)
    key = ("register_table", sql, roles_stamp(user), translation.get_language(), caption, filers)
    return mark_safe(versions.cached("register", key, rows))  # noqa: S308  (rendered by the template engine)


@login_required
def triage_list(request):
    ensure(request.user, "register.triage_list")
    queryset = selectors.dysfunction_list_to_triage(request.user)
    page = VersionedPaginator(queryset, PAGE_SIZE, data="register").get_page(
        request.GET.get("page")
    )
    caption = _("Submitted, waiting for the pilot")
    return render(
        request,
        "register/triage_list.html",
        {"page": page, "table": _register_table(request.user, page, caption=caption, filers=False)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dysfunction_create(request):
    ensure(request.user, "register.dysfunction.file")
    form = DysfunctionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # Before a new gap is filed, the similar ones the tables already know are offered:
        # the case manager adds their situations to one (« me too ») or files theirs anyway.
        similar = (
            []
            if request.POST.get("similar_seen")
            else selectors.dysfunction_similar(
                request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                category=form.cleaned_data.get("category"),
                commune=form.cleaned_data.get("commune"),
            )
        )
        if similar:
            return render(
                request,
                "register/dysfunction_form.html",
                {
                    "form": form,
                    "dysfunction": None,
                    "similar": similar,
                    "situation_count": form.cleaned_data["situation_count"],
                    "submit": "submit" in request.POST,
                },
            )
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
@require_GET
def dysfunction_similar(request):
    """The similar gaps the tables know, as JSON, for the filing form's script while the case
    manager types (the same offer the form makes on sending without the script). Only what
    the person sees, never who filed it."""
    ensure(request.user, "register.dysfunction.file")
    form = SimilarQueryForm(request.GET, user=request.user)
    found = selectors.dysfunction_similar(request.user, **form.query())
    results = [
        {
            "reference": d.reference,
            "title": d.title,
            "url": d.get_absolute_url(),
            "category": str(d.category) if d.category_id else "",
            "commune": d.commune.name if d.commune_id else "",
            "situations": d.situation_count,
            "situations_label": ngettext(
                "%(count)s situation", "%(count)s situations", d.situation_count
            )
            % {"count": d.situation_count},
            "state": d.get_state_display(),
            "me_too_url": reverse("register:dysfunction_me_too", args=[d.pk])
            if can(request.user, "register.dysfunction.me_too", d)
            else None,
        }
        for d in found
    ]
    return JsonResponse({"results": results})


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


def _answer_form(user, dysfunction, bound=None):
    """The answer form of an organisation the dysfunction names, for its directory editors."""
    if bound is not None:
        return bound
    if not can(user, "register.dysfunction.answer", dysfunction):
        return None
    return OrganisationAnswerForm(
        organisations=selectors.organisations_answering(user, dysfunction)
    )


def _me_too_form(user, dysfunction, bound=None):
    if bound is not None:
        return bound
    if not can(user, "register.dysfunction.me_too", dysfunction):
        return None
    return MeTooForm()


def _named(pk):
    """A dysfunction the page only names: its reference and address are made of its number,
    which the row shown already holds (no query)."""
    return Dysfunction(pk=pk) if pk else None


def _render_detail(
    request, dysfunction, bound=None, status=200, answer_form=None, me_too_form=None
):
    items = list(dysfunction.agenda_items.all())
    excerpts = getattr(dysfunction, "minutes_excerpts", None)
    if excerpts is None:
        excerpts = selectors.minutes_excerpts(items)
    for item in items:
        item.minutes_excerpt = excerpts.get(item.pk, "")
    events = list(dysfunction.events.all())
    return render(
        request,
        "register/dysfunction_detail.html",
        {
            "dysfunction": dysfunction,
            "merged_into": _named(dysfunction.merged_into_id),
            "reopened_from": _named(dysfunction.reopened_from_id),
            "events": events,
            # The version the action forms carry: the latest entry of the timeline shown.
            "version": max((event.pk for event in events), default=0),
            "agenda_items": items,
            "show_filer": can(request.user, "register.dysfunction.see_filer", dysfunction),
            "filers": filers_shown_to(request.user, dysfunction),
            "can_edit": can(request.user, "register.dysfunction.edit", dysfunction),
            "actions": offered_actions("dysfunction", request.user, dysfunction, bound),
            # A proposal carries the dysfunctions it answers: they must be able to escalate.
            "can_propose": allows(dysfunction, "escalate")
            and can(request.user, "register.proposal.manage", dysfunction),
            "answer_form": _answer_form(request.user, dysfunction, answer_form),
            "filer_count": filer_count(dysfunction),
            "my_me_too": next(
                (m for m in dysfunction.me_toos.all() if m.filer_id == request.user.pk), None
            ),
            "me_too_form": _me_too_form(request.user, dysfunction, me_too_form),
        },
        status=status,
    )


@login_required
def dysfunction_detail(request, pk):
    return _render_detail(request, dysfunction_for_page(request.user, pk))


PAGES["dysfunction"] = (_get_visible, _render_detail)


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
    """The link of the e-mail opens a page that asks the filer to confirm the answer they
    clicked; only the confirmation (a POST) records it, so a mail scanner that follows every
    link answers nothing. Once answered, the same page lets the filer change the answer."""
    try:
        request_id, answer = feedback_token_read(token)
    except signing.BadSignature:
        raise Http404 from None
    feedback = get_object_or_404(selectors.feedback_request_queryset(), pk=request_id)
    if request.method == "POST":
        try:
            feedback = services.feedback_answer(
                request_id=feedback.pk, answer=request.POST.get("answer", "")
            )
        except ValidationError:
            raise Http404 from None
        return render(
            request,
            "register/feedback_thanks.html",
            {"feedback": feedback, "answers": FeedbackAnswer.choices, "token": token},
        )
    return render(
        request,
        "register/feedback_confirm.html",
        {
            "feedback": feedback,
            "clicked": answer if answer in FeedbackAnswer.values else "",
            "clicked_label": FeedbackAnswer(answer).label
            if answer in FeedbackAnswer.values
            else "",
            "answers": FeedbackAnswer.choices,
        },
    )


@login_required
@require_POST
def dysfunction_answer(request, pk):
    """An organisation the dysfunction names answers it before the table discusses it."""
    dysfunction = _get_visible(request.user, pk)
    ensure(request.user, "register.dysfunction.answer", dysfunction)
    form = OrganisationAnswerForm(
        request.POST, organisations=selectors.organisations_answering(request.user, dysfunction)
    )
    if form.is_valid():
        try:
            services.dysfunction_answer(
                actor=request.user, dysfunction=dysfunction, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your organisation's answer is on the timeline."))
            return redirect(dysfunction)
    dysfunction = _get_visible(request.user, pk)
    return _render_detail(request, dysfunction, status=400, answer_form=form)


@login_required
@require_POST
def dysfunction_me_too(request, pk):
    """« Moi aussi »: the case manager adds their situations to a gap the tables know."""
    dysfunction = _get_visible(request.user, pk)
    ensure(request.user, "register.dysfunction.me_too", dysfunction)
    form = MeTooForm(request.POST)
    if form.is_valid():
        try:
            services.dysfunction_me_too(
                dysfunction=dysfunction, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your situations are added to %(reference)s; you will be told of its changes.")
                % {"reference": dysfunction.reference},
            )
            return redirect(dysfunction)
    dysfunction = _get_visible(request.user, pk)
    return _render_detail(request, dysfunction, status=400, me_too_form=form)
