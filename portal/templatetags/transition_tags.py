from django import template
from django.utils.html import format_html

from portal import transitions

register = template.Library()


@register.simple_tag
def available_transitions(obj, user) -> dict:
    """The transitions `user` may take on `obj` now, by name: pages show the buttons of those
    the transition table and the rules allow, and no other."""
    return {move.name: move for move in transitions.available_transitions(obj, user)}


@register.simple_tag
def seen_version(obj, version=None):
    """The hidden field of an action form: the version of `obj` the person sees, so that the
    action is refused if someone else moved it in the meantime (`version`: the latest entry of
    the history the page shows, when it shows it whole)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        transitions.SEEN_FIELD,
        transitions.seen_value(obj, version),
    )
