"""Template tags of the register: the one way a template names a person acting on a
dysfunction (see register/filers.py)."""

from django import template

from register.filers import name_for

register = template.Library()


def _viewer(context):
    if "viewer" in context:
        return context["viewer"]
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def actor_name(context, person, dysfunction):
    """The person's name if the one reading may see it (a filer's name only for the pilot and
    themselves); a neutral word otherwise. Without a reader (e-mails, feeds) filers stay
    hidden."""
    return name_for(_viewer(context), dysfunction, person)
