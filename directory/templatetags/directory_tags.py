"""The search page's facets, built in Python: the commune facet of a region lists hundreds of
options, which a template included per option renders thirty times slower."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def facet(name, title, options, chosen):
    """A facet's checkboxes with their counts (nothing when it has no option and none chosen)."""
    if not options and not chosen:
        return ""
    chosen = set(chosen or ())
    items = format_html_join(
        "\n    ",
        '<li><input type="checkbox" form="directory-search" name="{}" value="{}" '
        'id="facet-{}-{}"{}>\n        <label for="facet-{}-{}">{} '
        '<span class="count">({})</span></label></li>',
        (
            (name, option["value"], name, index, checked, name, index, option["label"],
             option["count"])
            for index, option in enumerate(options, start=1)
            for checked in [" checked" if option["value"] in chosen else ""]
        ),
    )  # fmt: skip
    return format_html(
        '<fieldset class="facet">\n  <legend>{}</legend>\n  <ul>\n    {}\n  </ul>\n</fieldset>',
        title,
        items,
    )
