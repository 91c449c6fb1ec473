"""Pages of long lists whose total is kept between requests.

A paginator counts every row the list's query matches to say how many pages there are: at region
scale the pilot's register is 20,000 rows, and counting them cost more than reading the page.
`VersionedPaginator` keeps the count in the shared cache for the current version of the data
the list reads (portal.versions), under the query's own SQL (the user's visibility and the
filters are in it): any change of that data gives it a new version, so the count read is the
count of now."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
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
