"""Query counts of pages: a page costs the same number of queries whatever the amount of data
it shows (no query per row). Compare the SQL of one page at two sizes of data."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import versions


def page_queries(client, url, data=None, *, renew=(), emptied=False) -> list[str]:
    """The SQL one GET of `url` runs, measured on a second GET (the first one fills the
    process's caches, such as content types and the Wagtail site). `renew` names data versions
    (portal.versions) renewed between the two, so that what is kept for them is computed
    again: the cost of the page just after a change; `emptied` empties the shared cache
    between the two: the cost of the first request of all."""
    assert client.get(url, data).status_code == 200
    for name in renew:
        versions.changed(name)
    if emptied:
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def assert_same_count(small: list[str], large: list[str]) -> None:
    """The page ran as many queries with more data as with less."""
    assert len(small) == len(large), (
        f"{len(small)} queries with less data, {len(large)} with more:\n" + "\n".join(large)
    )


# Every kind of data whose computations are kept between requests (portal/versions.py).
EVERY_VERSION = (
    "directory",
    "moderation",
    "register",
    "register-shared",
    "meetings",
    "agreements",
    "proposals",
)


def watch_kept(monkeypatch) -> list:
    """What `portal.versions` keeps in the cache during the test: (value, timeout) of each
    value set, in order."""
    kept = []
    real = versions.cache

    class Watched:
        def __getattr__(self, name):
            return getattr(real, name)

        def set(self, key, value, timeout=None, **kwargs):
            kept.append((value, timeout))
            return real.set(key, value, timeout, **kwargs)

        def set_many(self, values, timeout=None, **kwargs):
            kept.extend((value, timeout) for value in values.values())
            return real.set_many(values, timeout, **kwargs)

    monkeypatch.setattr(versions, "cache", Watched())
    return kept
