"""Indicators: charts drawn as SVG with their numbers in a table, filterable, exportable."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal import audit, csv_files, versions
from portal.permissions import ensure

from .. import territory_versions
from ..forms import IndicatorFilterForm
from ..indicators import (
    bar_chart,
    indicator_territories,
    indicators_for,
    indicators_rows,
)

CHARTS = [
    ("by_quarter", _("Dysfunctions submitted per quarter")),
    ("by_category", _("By category")),
    ("by_state", _("By state")),
    ("by_commune", _("By commune")),
    ("by_organisation", _("Organisations most often involved")),
    ("by_service", _("Services most often involved")),
    ("by_corridor", _("Corridors of agreements most often named")),
    ("feedback", _("Feedback from the field after closure")),
]


def _filters(request):
    """The filter form and what it asks for: the territories counted, the period's bounds."""
    ensure(request.user, "register.indicators.view")
    territories = indicator_territories(request.user)
    form = IndicatorFilterForm(request.GET or None, territories=territories)
    start = end = None
    territory_ids = [pk for pk, _name in territories]
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if form.cleaned_data["territory"]:
            territory_ids = [form.cleaned_data["territory"].pk]
    return form, sorted(set(territory_ids)), start, end


def _figures(territory_ids, start, end) -> str:
    """The figures, charts and tables of these territories and period, rendered once for their
    register versions (the indicators' own: register.territory_versions) and kept under what
    they show: the territories, the period and the language. Nothing of the person is in them
    (no form, no name)."""

    def rendered() -> str:
        result = indicators_for(territory_ids=territory_ids, start=start, end=end)
        charts = [bar_chart(key, title, getattr(result, key)) for key, title in CHARTS]
        return render_to_string(
            "register/includes/indicators_figures.html", {"result": result, "charts": charts}
        )

    key = (
        "indicators_page",
        territory_ids,
        start and start.isoformat(),
        end and end.isoformat(),
        translation.get_language(),
    )
    kept_for = territory_versions.kept_for_territories(territory_ids)
    return mark_safe(versions.cached_across(kept_for, key, rendered))  # noqa: S308  (rendered by the template engine)


@login_required
def indicators(request):
    form, territory_ids, start, end = _filters(request)
    return render(
        request,
        "register/indicators.html",
        {
            "form": form,
            "figures": _figures(territory_ids, start, end),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def indicators_csv(request):
    _form, territory_ids, start, end = _filters(request)
    result = indicators_for(territory_ids=territory_ids, start=start, end=end)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicateurs-registre.csv"'
    writer = csv_files.Writer(response)
    writer.writerow(["indicator", "key", "value"])
    writer.writerows(indicators_rows(result))
    audit.export(request, "CSV: indicateurs-registre.csv")
    return response
