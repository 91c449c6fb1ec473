from django import template
from django.utils.html import format_html

from portal import submissions
from portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def page_url(context, number, name="page"):
    """The current address with every filter kept and only the page number changed (`name`:
    the parameter of a second list's pages on the same page)."""
    params = context["request"].GET.copy()
    params[name] = number
    return f"?{params.urlencode()}"


@register.filter
def tel_href(number):
    """A `tel:` address a phone can dial: "02 47 54 44 34" → "tel:0247544434"."""
    digits = "".join(c for c in str(number or "") if c.isdigit() or c == "+")
    return f"tel:{digits}"


@register.filter
def machine_time(value):
    """The value of a `<time datetime>`: local ISO 8601 to the second, without fractions."""
    from datetime import datetime

    from django.utils import timezone

    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat() if hasattr(value, "isoformat") else ""


@register.simple_tag
def submission_once():
    """The hidden one-time token of a creating form: sent twice, the form creates once (see
    portal/submissions.py)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', submissions.FIELD, submissions.new_token()
    )
