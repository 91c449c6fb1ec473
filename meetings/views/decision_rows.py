"""The decision register's count and rows, kept between requests, exact after every change.

At region scale counting the decisions a pilot sees costs more than reading the page of 50, and
drawing the 50 rows more than both. Both are kept in the shared cache for the tables' version
(the decisions, their meetings and tables, and who sees which: seats, pilots) and the register's
(the owners' names: a person saved renews it), under the list's own SQL (the person's
visibility and the filters, today's date for "overdue only", are in it), the count apart,
the rows under the number of the page shown (never the raw `?page=`: a page that does not exist
keeps nothing), the person's roles stamp (with the day: a decision is overdue from a date) and
the language; kept no longer than the day. Read together: the versions, then both values, in
two queries."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from portal import pagination, versions
from portal.permissions import roles_stamp

PER_PAGE = 50
KEPT_FOR = ("meetings", "register")


def kept_page(request, queryset):
    """The page of `queryset` Django's paginator shows for the page asked (the list's count
    kept apart, under the list's SQL) and its rows, rendered and kept under the page's number:
    a page that does not exist keeps nothing of its own (portal.pagination.kept_page)."""
    page, html = pagination.kept_page(
        queryset,
        PER_PAGE,
        request.GET.get("page"),
        data=KEPT_FOR,
        key=("decision-register", roles_stamp(request.user), translation.get_language()),
        render=_rows,
        until=versions.end_of_today(),
    )
    return page, mark_safe(html)  # noqa: S308  (rendered by the template engine)


def _rows(page) -> str:
    return render_to_string("meetings/includes/decision_rows.html", {"page": page})
