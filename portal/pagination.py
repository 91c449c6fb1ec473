"""Pages of long lists whose total is kept between requests.

A paginator counts every row the list's query matches to say how many pages there are: at region
scale the pilot's register is 20,000 rows, and counting them cost more than reading the page.
`VersionedPaginator` keeps the count in the shared cache for the current version of the data
the list reads (portal.versions), under the query's own SQL (the user's visibility and the
filters are in it): any change of that data gives it a new version, so the count read is the
count of now.

`kept_page` keeps, besides the count, the rendered rows of the page shown, for the versions of
several kinds of data: under the number of the page Django's paginator shows, never under the
raw `?page=` of the query string (`?page=01`, `?page=abc`, `?page=99999` would each keep a
whole rendered page: anyone signed in could flood the shared cache and push out what everyone
else reads)."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

from portal import versions


class VersionedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, data: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.data = data

    @cached_property
    def count(self) -> int:
        try:
            sql = str(self.object_list.query)
        except EmptyResultSet:  # a query that cannot match anything
            return 0
        return versions.cached(self.data, ("count", sql), self.object_list.count)


def kept_page(queryset, per_page: int, asked, *, data, key, render, until=None):
    """The page of `queryset` Django's paginator shows for `asked` (`get_page`: not a number
    gives the first page, a number beyond the last the last one) and `render(page)`, both kept
    for the current versions of all of `data` (portal.versions.places_across): the count under
    the list's own SQL, the rendered page under that SQL, the page's number and `key` (what
    else the rendering depends on: roles stamp, language). Only pages that exist are kept,
    whatever is asked: `?page=01`, `?page=abc` or `?page=99999` reuse the page shown. Two
    queries when kept (the tokens, then the count with the page asked), three when the page
    asked is not the page shown. `until` (a datetime) bounds how long both are kept."""
    paginator = Paginator(queryset, per_page)
    try:
        sql = str(queryset.query)
    except EmptyResultSet:  # a list that cannot match anything: nothing to count or keep
        page = paginator.get_page(asked)
        return page, render(page)
    place = versions.places_across(data)

    def rows_at(number: int) -> str:
        return place(("page", sql, number, *key))

    count_at, guess = place(("count", sql)), _asked_number(asked)
    found = versions.read([count_at, rows_at(guess)])
    new = {}
    if count_at in found:
        paginator.count = found[count_at]  # the page below runs no count
    else:
        new[count_at] = paginator.count
    try:
        number = paginator.validate_number(asked)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    page = paginator.page(number)
    if number != guess:
        found = versions.read([rows_at(number)])
    if rows_at(number) in found:
        html = found[rows_at(number)]
    else:
        html = new[rows_at(number)] = render(page)
    versions.keep(new, until=until)
    return page, html


def _asked_number(asked) -> int:
    """The page most likely shown for `asked`, before the count is known."""
    try:
        return max(int(asked), 1)
    except (TypeError, ValueError):
        return 1
