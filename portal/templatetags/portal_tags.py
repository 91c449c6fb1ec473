from django import template

from portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with every filter kept and only the page number changed."""
    params = context["request"].GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"
