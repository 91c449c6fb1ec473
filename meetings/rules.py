"""Permission rules of the tables."""

from django.db.models import Q

from meetings.models import Table
from portal.permissions import access, is_admin, rule, visibility


@rule("meetings.table.manage")
def may_manage_table(user, table) -> bool:
    """The territory's pilots (and administrators) manage its tables."""
    if is_admin(user):
        return True
    a = access(user)
    return bool(a) and table.territory_id in a.pilot_territory_ids


@visibility(Table)
def tables_visible_to(user, queryset):
    """A member sees the tables they sit at; a pilot those of their territories."""
    if is_admin(user):
        return queryset
    a = access(user)
    if not a:
        return queryset.none()
    return queryset.filter(Q(territory_id__in=a.pilot_territory_ids) | Q(pk__in=a.table_ids))
