"""{% follow_button obj %}: the button to follow (or stop following) an object, for a
signed-in person, on the pages of the objects apps declare followable."""

from django import template

from portal.follows import followable
from portal.selectors import is_following

register = template.Library()


@register.inclusion_tag("includes/follow_button.html", takes_context=True)
def follow_button(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or not getattr(user, "is_authenticated", False) or not followable(obj):
        return {"show": False}
    return {
        "show": True,
        "target_type": obj._meta.label_lower,
        "target_id": obj.pk,
        "following": is_following(user, obj),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
