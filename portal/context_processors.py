from django.utils.functional import SimpleLazyObject

from portal.navigation import nav_items_for
from portal.permissions import can, roles_of
from portal.selectors import follow_unread_count


def _menu_pages():
    from portal.models import HomePage

    home = HomePage.objects.live().first()
    if home is None:
        return []
    return list(home.get_children().live().in_menu())


def portal(request):
    user = request.user
    return {
        "nav_items": SimpleLazyObject(lambda: nav_items_for(user, request.path)),
        "menu_pages": SimpleLazyObject(_menu_pages),
        "user_roles": SimpleLazyObject(lambda: roles_of(user)),
        # Read only by the header of a signed-in person: one query, whatever the page.
        "unread_notifications": SimpleLazyObject(
            lambda: follow_unread_count(user) if user.is_authenticated else 0
        ),
        "demo_mfa_exempt": SimpleLazyObject(lambda: can(user, "portal.demo_mfa_exempt")),
    }
