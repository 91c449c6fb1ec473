"""Pages of the directory: search with facets and eligibility, service and organisation pages,
editing with moderation, suggestions, the pilot's review lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory import extensions, selectors, service_page, services, streaming
from directory.filters import SearchForm, ServiceFilterSet
from directory.forms import ReviewForm, ServiceForm, SuggestionForm
from directory.models import Service
from directory.selectors.search import PAGE_SIZE
from portal import audit, versions
from portal.forms import add_service_errors
from portal.permissions import can, ensure, visible_to


def _search_input(request):
    form = SearchForm(
        request.GET, professional=can(request.user, "directory.orient_as_professional")
    )
    filterset = ServiceFilterSet(request.GET, queryset=Service.objects.none())
    valid = form.is_valid()
    valid = filterset.is_valid() and valid
    return form, filterset, valid


@require_GET
def service_search(request):
    form, filterset, valid = _search_input(request)
    context = {"form": form, "filterset": filterset, "valid": valid}
    if not valid:
        return render(request, "directory/search.html", context, status=400)
    context["query_string"] = request.GET.urlencode()
    context["selected"] = {name: request.GET.getlist(name) for name in filterset.filters}
    context["results_html"] = search_results_html(request, form, filterset, context)
    return render(request, "directory/search.html", context)


def search_results_html(request, form, filterset, context) -> str:
    """The facets and the results of a search, rendered once for the directory's version (and
    the versions of the notes this user is shown: see extensions.register_search_notes) and
    kept in the shared cache: the same search reads them again until the directory changes.
    What the results show depends on the query string, the language and, for the notes, the
    link to save the search and the eligibility of a person referred, on who asks: those are
    in the key."""
    user = request.user
    note_versions = extensions.search_note_versions(user)
    key = (
        "search_results",
        request.path,
        context["query_string"],
        translation.get_language(),
        user.is_authenticated,
        form.professional,
        tuple((name, versions.current(name)) for name in note_versions),
    )

    def render_results() -> str:
        person = form.person()
        result = selectors.service_search(
            query=form.cleaned_data["q"],
            filterset=filterset,
            person=person,
            page_number=request.GET.get("page"),
        )
        listed = list(result.page.object_list)
        notes = extensions.search_notes(services=listed, person=person, user=user)
        for service in listed:
            service.notes = notes.get(service.pk, [])
        return render_to_string(
            "directory/includes/search_results.html",
            {**context, "result": result, "user": user, "request": request},
        )

    return mark_safe(versions.cached("directory", key, render_results))  # noqa: S308  (rendered by the template engine above)


@require_GET
def service_search_export(request):
    """The result set of a search (same query string) as a CSV file."""
    form, filterset, valid = _search_input(request)
    if not valid:
        return render(
            request,
            "directory/search.html",
            {"form": form, "filterset": filterset, "valid": False},
            status=400,
        )
    services = streaming.service_export(query=form.cleaned_data["q"], filterset=filterset)
    lines = streaming.service_csv_lines(
        services,
        include_professional=can(request.user, "directory.service.see_professional_contacts"),
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="annuaire.csv"'
    audit.export(request, "CSV: annuaire.csv")
    return response


@require_GET
def service_detail(request, slug):
    service = get_object_or_404(selectors.service_page_queryset(request.user), slug=slug)
    user = request.user
    show_professional = can(user, "directory.service.see_professional_contacts", service)
    out_of_date = service.is_out_of_date()
    heading, description = service_page.described(
        service, show_professional=show_professional, out_of_date=out_of_date
    )
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "heading": heading,
            "description": description,
            "out_of_date": out_of_date,
            "may_edit": can(user, "directory.service.edit", service),
            "may_read_versions": can(user, "directory.service.versions", service),
            "may_suggest": can(user, "directory.service.suggest", service),
            "sections": extensions.service_sections(service=service, user=user),
        },
    )


@require_GET
def organisation_detail(request, slug):
    organisation = get_object_or_404(
        selectors.organisation_detail_queryset(request.user), slug=slug
    )
    page = Paginator(selectors.organisation_live_services(organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "page": page,
            "services": list(page.object_list),
            "may_edit": can(request.user, "directory.organisation.edit", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request, slug):
    """A partner proposes changes; they are published once the pilot approves them."""
    service = get_object_or_404(visible_to(request.user, Service.objects.all()), slug=slug)
    ensure(request.user, "directory.service.edit", service)
    draft = service.get_latest_revision_as_object() if service.latest_revision_id else service
    form = ServiceForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_propose_changes(
                actor=request.user, service=service, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your changes were sent to the pilot; they will be published once approved."),
            )
            return redirect(service.get_absolute_url() if service.live else "portal:dashboard")
    return render(request, "directory/service_form.html", {"form": form, "service": service})


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request, organisation_slug):
    organisation = get_object_or_404(
        selectors.organisation_detail_queryset(request.user), slug=organisation_slug
    )
    ensure(request.user, "directory.organisation.edit", organisation)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The new service was sent to the pilot; it will be published once approved."),
            )
            return redirect("portal:dashboard")
    return render(
        request, "directory/service_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
def service_mark_verified(request, slug):
    service = get_object_or_404(visible_to(request.user, Service.objects.all()), slug=slug)
    services.service_mark_verified(actor=request.user, service=service)
    messages.success(request, _("The entry is marked as verified today."))
    return redirect(service.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def service_suggest(request, slug):
    service = get_object_or_404(selectors.service_live().select_related("organisation"), slug=slug)
    ensure(request.user, "directory.service.suggest", service)
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.service_suggest_correction(
            actor=request.user, service=service, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Thank you: the organisation and the pilot were told."))
        return redirect(service.get_absolute_url())
    return render(request, "directory/suggest.html", {"form": form, "service": service})


@login_required
@require_GET
def service_versions(request, slug):
    """The approved versions of an entry and what each changed."""
    service = get_object_or_404(visible_to(request.user, Service.objects.all()), slug=slug)
    ensure(request.user, "directory.service.versions", service)
    return render(
        request,
        "directory/service_versions.html",
        {"service": service, "versions": selectors.service_versions(service)},
    )


@login_required
@require_POST
def suggestion_handled(request, slug):
    """An editor or the pilot marks a correction suggestion of the entry as handled."""
    service = get_object_or_404(visible_to(request.user, Service.objects.all()), slug=slug)
    ensure(request.user, "directory.suggestion.handle", service)
    pk = request.POST.get("suggestion", "")
    suggestion = get_object_or_404(
        selectors.suggestion_open().filter(service=service), pk=int(pk) if pk.isdigit() else 0
    )
    services.suggestion_mark_handled(actor=request.user, suggestion=suggestion)
    messages.success(request, _("The suggestion is marked as handled."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("directory:review_list")
    return redirect(back)


@login_required
@require_GET
def review_list(request):
    """The pilot's desk: changes awaiting approval and out-of-date entries."""
    ensure(request.user, "directory.review")
    awaiting, awaiting_count = selectors.service_awaiting_approval_for_pilot(
        request.user, limit=REVIEW_SHOWN
    )
    out_of_date = selectors.service_out_of_date_for_pilot(request.user)
    suggestions = selectors.suggestion_open_for_pilot(request.user)
    return render(
        request,
        "directory/review_list.html",
        {
            "shown": REVIEW_SHOWN,
            "awaiting": awaiting,
            "awaiting_count": awaiting_count,
            "out_of_date": out_of_date[:REVIEW_SHOWN],
            "out_of_date_count": out_of_date.count(),
            "suggestions": suggestions[:REVIEW_SHOWN],
            "suggestion_count": suggestions.count(),
        },
    )


# Each list of the review desk shows its oldest rows first, this many at most, and its count.
REVIEW_SHOWN = 200


@login_required
@require_http_methods(["GET", "POST"])
def review_service(request, pk):
    service = get_object_or_404(visible_to(request.user, Service.objects.all()), pk=pk)
    ensure(request.user, "directory.service.moderate", service)
    task_state = service.current_workflow_task_state
    if task_state is None:
        messages.info(request, _("No change of this entry awaits approval."))
        return redirect("directory:review_list")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_review(
                actor=request.user,
                service=service,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("directory:review_list")
    # What approval publishes: the latest revision (a partner may have changed their proposal
    # since the workflow started).
    revision = service.latest_revision or task_state.revision
    proposed = revision.as_object()
    return render(
        request,
        "directory/review_service.html",
        {
            "service": service,
            "proposed": proposed,
            "revision": revision,
            "task_state": task_state,
            "form": form,
            "changes": selectors.service_changes(service, proposed),
            "suggestions": selectors.suggestion_open().filter(service=service),
            "sections": extensions.service_sections(service=service, user=request.user),
        },
    )
