"""Permission rules of saved searches: each person manages their own (administrators too: a
saved search is personal)."""

from alerts.models import SavedSearch
from portal.permissions import rule, visibility


@rule("alerts.saved_search.create", administrators=False)
def may_save_search(user, obj=None) -> bool:
    """Every signed-in person may keep searches of the directory."""
    return True


@rule("alerts.saved_search.manage", administrators=False)
def may_manage_saved_search(user, saved) -> bool:
    return saved.user_id == user.pk


@visibility(SavedSearch, administrators=False)
def saved_searches_visible_to(user, queryset):
    return queryset.filter(user=user)
