"""The decision register's count and rows, kept between requests, exact after every change.

At region scale counting the decisions a pilot sees costs more than reading the page of 50, and
drawing the 50 rows more than both. Both are kept in the shared cache for the tables' version
(the decisions, their meetings and tables, and who sees which: seats, pilots) and the register's
(the owners' names: a person saved renews it), under the list's own SQL (the person's
visibility and the filters, today's date for "overdue only", are in it), the page asked for,
the person's roles stamp (with the day: a decision is overdue from a date) and the language;
kept no longer than the day. Read together: the versions, then both values, in two queries."""

from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from portal import versions
from portal.permissions import roles_stamp

PER_PAGE = 50
KEPT_FOR = ("meetings", "register")


def kept_page(request, queryset):
    """The page of `queryset` asked for (its paginator's count kept) and its rows, rendered."""
    paginator = Paginator(queryset, PER_PAGE)
    asked = request.GET.get("page")
    try:
        sql = str(queryset.query)
    except EmptyResultSet:  # a list that cannot match anything: nothing to count or keep
        page = paginator.get_page(asked)
        return page, mark_safe(_rows(page))  # noqa: S308  (rendered by the template engine)
    tokens = versions.current_many(KEPT_FOR)
    stamp = "-".join(tokens[name] for name in KEPT_FOR)
    count_key = versions.cache_key("decision-register", stamp, ("count", sql))
    rows_key = versions.cache_key(
        "decision-register",
        stamp,
        ("rows", sql, asked, roles_stamp(request.user), translation.get_language()),
    )
    found = cache.get_many([count_key, rows_key])
    if count_key in found:
        paginator.count = found[count_key]  # the paginator's cached property, read once
    page = paginator.get_page(asked)
    rows = found.get(rows_key)
    if rows is None:
        rows = _rows(page)
        kept = {rows_key: rows}
        if count_key not in found:
            kept[count_key] = paginator.count
        cache.set_many(kept, _seconds_left_today())
    return page, mark_safe(rows)  # noqa: S308  (rendered by the template engine)


def _rows(page) -> str:
    return render_to_string("meetings/includes/decision_rows.html", {"page": page})


def _seconds_left_today() -> int:
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, now.tzinfo)
    return max(1, min(versions.TIMEOUT, int((midnight - now).total_seconds())))
