"""Derived indexes (the search index and Wagtail's reference index) kept by signals on every
save. Loading many rows at once (a restore, the demo) saves each row several times: pausing the
indexes and rebuilding them once, when everything is in place, gives the same index for a
fraction of the work."""

from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def search_index_paused():
    """Saves inside the block leave the search index alone (the caller rebuilds it)."""
    backends = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield


def rebuild_indexes() -> None:
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)


@contextmanager
def indexes_rebuilt_once():
    """Pause both indexes for the block, then rebuild them once if it ended normally."""
    with search_index_paused(), disable_reference_index_auto_update():
        yield
    rebuild_indexes()
