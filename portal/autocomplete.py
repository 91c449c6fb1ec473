"""Searched choices: a choice that can grow (a territory's services, its open dysfunctions…) is
never listed whole in a page. Its field takes the number of the chosen rows (their reference
works too: "D-0123"); a script turns it into a search box fed by the endpoint below, and without
the script the endpoint is a plain page where one finds the numbers to type.

Apps register their sources, as they register rules:

    @autocomplete.source("register.merge_candidates")
    def merge_candidates(user, query, params):  # -> a queryset, already limited to `user`
        ...

A source that finds nothing it may show returns an empty queryset; one asked about a row the
user may not act on raises PermissionDenied (the endpoint answers 404).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, JsonResponse
from django.shortcuts import render

LIMIT = 20
_SOURCES: dict[str, "Source"] = {}


@dataclass(frozen=True)
class Source:
    find: Callable
    label: Callable = str
    group: Callable | None = None
    value: Callable = attrgetter("pk")
    value_heading: str = ""


def source(
    name: str,
    label: Callable = str,
    group: Callable | None = None,
    value: Callable = attrgetter("pk"),
    value_heading: str = "",
):
    """Register a source; `label` says how a row reads in the list (its str() by default);
    `group`, if given, names the heading a row is listed under (its organisation…): the source
    orders its rows by it. `value` is what the field takes (the row's number by default; a
    commune's INSEE code), `value_heading` the plain page's heading of that column."""

    def register(function):
        _SOURCES[name] = Source(function, label, group, value, value_heading)
        return function

    return register


def territory_ids(params) -> list[int]:
    return [int(t) for t in params.getlist("territory") if t.isdigit()]


def text_or_number(query: str, *fields: str):
    """A filter matching the words in any of the fields, or the row's number."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    numbers = numbers_in(query)
    if numbers and not query.strip("Dd-P0123456789 "):
        condition |= Q(pk=numbers[0])
    return condition


def numbers_in(text: str) -> list[int]:
    """The row numbers a person typed: "12, D-0034 45" gives [12, 34, 45]."""
    return [int(n) for n in re.findall(r"\d+", text or "")]


def search(name: str, user, query: str, params) -> tuple[list[tuple[int, str, str]], bool]:
    """At most LIMIT (number, label, group) rows matching the query, and whether there are
    more; the group is "" for a source that does not group."""
    if name not in _SOURCES:
        raise Http404
    found = _SOURCES[name]
    queryset: QuerySet = found.find(user, query.strip(), params)
    rows = list(queryset[: LIMIT + 1])
    return [
        (found.value(row), found.label(row), found.group(row) if found.group else "")
        for row in rows[:LIMIT]
    ], len(rows) > LIMIT


@login_required
def autocomplete_view(request, name):
    return answer(request, name)


def answer(request, name):
    """The rows of a source matching `q`: JSON for the script (format=json), else a page."""
    query = request.GET.get("q", "")
    try:
        results, more = search(name, request.user, query, request.GET)
    except (ValueError, PermissionDenied, ObjectDoesNotExist):
        raise Http404 from None
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {"value": v, "label": label, "group": group} for v, label, group in results
                ],
                "more": more,
            }
        )
    kept = [(k, v) for k, v in request.GET.items() if k not in {"q", "format"}]
    return render(
        request,
        "portal/autocomplete.html",
        {
            "query": query,
            "results": results,
            "more": more,
            "kept": kept,
            "value_heading": _SOURCES[name].value_heading,
        },
    )
