"""The saved searches' panel of the personal landing page."""

from django.utils.translation import gettext_lazy as _

from alerts import selectors
from portal.dashboard import register_panel
from portal.permissions import Role

register_panel(
    key="saved_searches",
    title=_("My saved searches"),
    template="alerts/panels/saved_searches.html",
    roles={Role.PARTNER},
    order=90,
    get_context=lambda user: {"saved_searches": list(selectors.saved_search_list_for(user)[:10])},
)
