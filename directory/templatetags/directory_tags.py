"""The search page's facets, built in Python: the commune facet of a region lists hundreds of
options, which a template included per option renders thirty times slower."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.communes import candidate_label

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


SERVED_SHOWN = 10


@register.simple_tag
def served_facet(title, options, chosen):
    """The communes served: the SERVED_SHOWN serving the most matching services, plus those
    checked (a region has thousands of communes), then how many others exist and a field that
    adds one by its name, postal code or INSEE code."""
    chosen = list(chosen or ())
    codes = {commune.insee_code for commune in chosen}
    options = list(options or ())
    shown = options[:SERVED_SHOWN]
    listed = {o["value"] for o in shown}
    counts = {o["value"]: o["count"] for o in options}
    for commune in chosen:
        if commune.insee_code not in listed:
            value = commune.insee_code
            shown.append({"value": value, "label": commune.name, "count": counts.get(value, 0)})
            listed.add(value)
    others = sum(1 for o in options if o["value"] not in listed)
    if not shown:
        return ""
    items = format_html_join(
        "\n    ",
        '<li><input type="checkbox" form="directory-search" name="served" value="{}" '
        'id="facet-served-{}"{}>\n        <label for="facet-served-{}">{} '
        '<span class="count">({})</span></label></li>',
        (
            (option["value"], index, " checked" if option["value"] in codes else "", index,
             option["label"], option["count"])
            for index, option in enumerate(shown, start=1)
        ),
    )  # fmt: skip
    if others:
        more = ngettext(
            "%(count)s other commune is served by these services.",
            "%(count)s other communes are served by these services.",
            others,
        ) % {"count": others}
    else:
        more = ""
    return format_html(
        '<fieldset class="facet">\n  <legend>{}</legend>\n  <ul>\n    {}\n  </ul>\n'
        '  {}<div class="field"><label for="facet-served-more">{}</label>\n'
        '  <input type="text" form="directory-search" name="served" id="facet-served-more" '
        'size="16" aria-describedby="facet-served-more-hint">\n'
        '  <p class="hint" id="facet-served-more-hint">{}</p></div>\n</fieldset>',
        title,
        items,
        format_html('<p class="hint">{}</p>\n  ', more) if more else "",
        _("Another commune served"),
        _("Its name, postal code or INSEE code."),
    )


@register.simple_tag(takes_context=True)
def commune_choices(context, bound_field):
    """After a name that matches several communes, each of them as a link: the same search
    with that commune."""
    candidates = getattr(bound_field.field, "candidates", None)
    request = context.get("request")
    if not candidates or request is None:
        return ""
    links = []
    for commune in candidates:
        query = request.GET.copy()
        query[bound_field.html_name] = commune.insee_code
        links.append((f"?{query.urlencode()}", candidate_label(commune)))
    return format_html(
        '<div class="commune-choices"><p>{}</p>\n<ul>{}</ul></div>',
        _("Which commune do you mean?"),
        format_html_join("", '\n  <li><a href="{}">{}</a></li>', links),
    )
