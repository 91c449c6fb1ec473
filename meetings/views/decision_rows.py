"""The decision register's count and rows, kept between requests, exact after every change.

At region scale counting the decisions a pilot sees costs more than reading the page of 50, and
drawing the 50 rows more than both. Both are kept in the shared cache for the tables' version
(the decisions, their meetings and tables, and who sees which: seats, pilots) and the register's
(the owners' names: a person saved renews it), under the list's own SQL (the person's
visibility and the filters, today's date for "overdue only", are in it), the page asked for,
the person's roles stamp (with the day: a decision is overdue from a date) and the language;
kept no longer than the day. Read together: the versions, then both values, in two queries."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from portal import versions
from portal.permissions import roles_stamp

PER_PAGE = 50
KEPT_FOR = ("meetings", "register")


def kept_page(request, queryset):
    """The page of `queryset` asked for (the list's count kept with it) and its rows, rendered."""
    paginator = Paginator(queryset, PER_PAGE)
    asked = request.GET.get("page")

    def rows() -> tuple[int, int, str]:
        page = paginator.get_page(asked)
        return paginator.count, page.number, _rows(page)

    try:
        sql = str(queryset.query)
    except EmptyResultSet:  # a list that cannot match anything: nothing to count or keep
        page = paginator.get_page(asked)
        return page, mark_safe(_rows(page))  # noqa: S308  (rendered by the template engine)
    key = ("decision-register", sql, asked, roles_stamp(request.user), translation.get_language())
    count, number, html = versions.cached_across(KEPT_FOR, key, rows, until=versions.end_of_today())
    paginator.count = count  # read from what is kept: the page below runs no query
    return paginator.page(number), mark_safe(html)  # noqa: S308  (rendered by the template engine)


def _rows(page) -> str:
    return render_to_string("meetings/includes/decision_rows.html", {"page": page})
