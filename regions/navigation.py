"""The region's entry in the main menu, for those who read a region."""

from django.utils.translation import gettext_lazy as _

from portal.navigation import register_nav_item
from portal.permissions import can


def reads_a_region(user) -> bool:
    return can(user, "regions.region.view")


register_nav_item(
    key="region", label=_("Region"), url_name="regions:index", order=70, shown_to=reads_a_region
)
