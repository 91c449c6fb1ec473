"""Pages of saved searches: the list, keeping the search one is looking at, changing or
dropping one, and unsubscribing from an alert's e-mail without signing in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alerts import selectors, services
from alerts.forms import SavedSearchForm
from alerts.models import SavedSearch
from portal.forms import add_service_errors
from portal.permissions import visible_to


def _saved_or_404(request, pk):
    return get_object_or_404(visible_to(request.user, SavedSearch.objects.all()), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_list(request):
    """The person's saved searches, and the form keeping the search they come from."""
    query = selectors.search_query_clean(request.GET.get("query", ""))
    form = SavedSearchForm(request.POST or None, initial={"query": query})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.saved_search_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
                frequency=form.cleaned_data["frequency"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The search “%(name)s” is saved.") % {"name": saved.name})
            return redirect("alerts:list")
    saved_searches = [
        (
            saved,
            SavedSearchForm(
                initial={"name": saved.name, "frequency": saved.frequency}, prefix=f"s{saved.pk}"
            ),
        )
        for saved in selectors.saved_search_list_for(request.user)
    ]
    return render(
        request,
        "alerts/saved_search_list.html",
        {
            "form": form,
            "query": form["query"].value() or "",
            "saved_searches": saved_searches,
            "frequencies": SavedSearch.Frequency.choices,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def saved_search_edit(request, pk):
    saved = _saved_or_404(request, pk)
    form = SavedSearchForm(request.POST, prefix=f"s{saved.pk}")
    if form.is_valid():
        try:
            services.saved_search_update(
                actor=request.user,
                saved=saved,
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The search is updated."))
            return redirect("alerts:list")
    for error in [*form.non_field_errors(), *[e for f in form for e in f.errors]]:
        messages.error(request, error)
    return redirect("alerts:list")


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved = _saved_or_404(request, pk)
    services.saved_search_delete(actor=request.user, saved=saved)
    messages.success(request, _("The search “%(name)s” is deleted.") % {"name": saved.name})
    return redirect("alerts:list")


@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request, token):
    """The link of every alert: a confirmation page (a mail scanner opening the link changes
    nothing), then one POST; using the link again says it is already done."""
    saved = get_object_or_404(selectors.saved_search_by_token(token))
    done = saved.frequency == SavedSearch.Frequency.NONE
    changed = False
    if request.method == "POST":
        saved, changed = services.saved_search_unsubscribe(token=token)
        done = True
    return render(
        request,
        "alerts/unsubscribe.html",
        {"saved": saved, "done": done, "changed": changed},
    )
