"""The region's pages: the regions one reads, a region's tables and territories, its
territories' indicators side by side, and the directory searched across its territories."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from directory.filters import SearchForm
from directory.models import Service
from directory.views import search_results_html
from meetings.services import table_save
from portal.forms import add_service_errors
from portal.models import Region
from portal.permissions import can, ensure, visible_to
from register.indicators import indicators_side_by_side

from . import selectors
from .filters import RegionServiceFilterSet
from .forms import RegionTableForm


def _region_for(user, slug, action=None):
    return get_object_or_404(visible_to(user, Region.objects.all(), action=action), slug=slug)


@login_required
@require_GET
def region_index(request):
    return render(
        request, "regions/region_index.html", {"regions": selectors.regions_for(request.user)}
    )


@login_required
@require_GET
def region_detail(request, slug):
    region = _region_for(request.user, slug)
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "territories": selectors.region_territories(region),
            "tables": selectors.region_tables(request.user, region),
            "proposals": selectors.region_proposals(request.user, region),
            "may_compare": can(request.user, "regions.indicators.view", region),
            "may_create_table": can(request.user, "meetings.table.create", region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def region_table_create(request, slug):
    """The region's (strategic) table, created from the region's page by an administrator
    (the coordinator reads and edits nothing; the pilots run the table once it exists)."""
    region = _region_for(request.user, slug)
    ensure(request.user, "meetings.table.create", region)
    form = RegionTableForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            table = table_save(actor=request.user, table=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The region's table is created."))
            return redirect(table)
    return render(request, "regions/table_form.html", {"form": form, "region": region})


@login_required
@require_GET
def region_indicators(request, slug):
    region = _region_for(request.user, slug, action="regions.indicators.view")
    comparison = indicators_side_by_side(selectors.region_territories(region))
    return render(
        request, "regions/region_indicators.html", {"region": region, "comparison": comparison}
    )


@require_GET
def region_directory(request, slug):
    """The directory search, restricted to the services of the region's territories."""
    region = _region_for(request.user, slug, action="regions.directory.search")
    form = SearchForm(
        request.GET, professional=can(request.user, "directory.orient_as_professional")
    )
    filterset = RegionServiceFilterSet(request.GET, queryset=Service.objects.none(), region=region)
    valid = form.is_valid()
    valid = filterset.is_valid() and valid
    context = {
        "form": form,
        "filterset": filterset,
        "valid": valid,
        "region": region,
        "search_url": request.path,
    }
    if not valid:
        return render(request, "directory/search.html", context, status=400)
    context["query_string"] = request.GET.urlencode()
    context["selected"] = {name: request.GET.getlist(name) for name in filterset.filters}
    # Rendered and kept as the directory's own search (under this page's address).
    context["results_html"] = search_results_html(request, form, filterset, context)
    return render(request, "directory/search.html", context)
