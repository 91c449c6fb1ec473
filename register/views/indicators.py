"""Indicators: charts drawn as SVG with their numbers in a table, filterable, exportable."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal import audit, csv_files
from portal.permissions import ensure

from ..forms import IndicatorFilterForm
from ..indicators import (
    bar_chart,
    indicator_territory_ids,
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


def _compute(request):
    ensure(request.user, "register.indicators.view")
    allowed = indicator_territory_ids(request.user)
    form = IndicatorFilterForm(request.GET or None, territory_ids=allowed)
    start = end = None
    territory_ids = allowed
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if form.cleaned_data["territory"]:
            territory_ids = {form.cleaned_data["territory"].pk}
    result = indicators_for(territory_ids=territory_ids, start=start, end=end)
    return form, result


@login_required
def indicators(request):
    form, result = _compute(request)
    charts = [bar_chart(key, title, getattr(result, key)) for key, title in CHARTS]
    return render(
        request,
        "register/indicators.html",
        {"form": form, "result": result, "charts": charts, "query": request.GET.urlencode()},
    )


@login_required
def indicators_csv(request):
    _form, result = _compute(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicateurs-registre.csv"'
    writer = csv_files.Writer(response)
    writer.writerow(["indicator", "key", "value"])
    writer.writerows(indicators_rows(result))
    audit.export(request, "CSV: indicateurs-registre.csv")
    return response
