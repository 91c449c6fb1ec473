from django import template

from portal import transitions

register = template.Library()


@register.simple_tag
def available_transitions(obj, user) -> dict:
    """The transitions `user` may take on `obj` now, by name: pages show the buttons of those
    the transition table and the rules allow, and no other."""
    return {move.name: move for move in transitions.available_transitions(obj, user)}
