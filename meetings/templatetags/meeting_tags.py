"""The agenda of a meeting's page, kept between visits (meetings/views/meeting_parts.py), with
each item's actions drawn at the visit: the same markup as the agenda's template, with the
visit's CSRF token (the page's other forms' token)."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_FORM = (
    '<form method="post" action="{}" class="inline-form">{}{}'
    '<button type="submit" class="link-button"{}>{}</button></form>'
)


@register.simple_tag(takes_context=True)
def kept_agenda(context, parts):
    """The agenda's parts with each item's actions between them (none are marked for a person
    who may not change the agenda)."""
    pieces = parts["agenda"]
    if len(pieces) == 1:
        return mark_safe(pieces[0])  # noqa: S308  (rendered by the template engine)
    meeting = context["meeting"]
    token = context.get("csrf_token")
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token and token != "NOTPROVIDED"
        else ""
    )
    labels = {
        name: conditional_escape(gettext(name))
        for name in ("Edit", "Move up", "Move down", "Remove")
    }
    rows = parts["items"]
    out = [pieces[0]]
    for index, (pk, number, is_follow_up) in enumerate(rows):
        out.append(
            _actions(meeting.pk, pk, number, is_follow_up, index == len(rows) - 1, csrf, labels)
        )
        out.append(pieces[index + 1])
    return mark_safe("".join(out))  # noqa: S308  (rendered by the template engine, escaped here)


def _actions(meeting_pk, pk, number, is_follow_up, last, csrf, labels) -> str:
    edit = conditional_escape(reverse("meetings:item_edit", args=[meeting_pk, pk]))
    html = (
        '\n    <div class="agenda-actions no-print">\n'
        f'      <a href="{edit}">{labels["Edit"]}</a>\n      '
    )
    if not is_follow_up:
        move = conditional_escape(reverse("meetings:item_move", args=[meeting_pk, pk]))
        delete = conditional_escape(reverse("meetings:item_delete", args=[meeting_pk, pk]))
        up = format_html(
            _FORM,
            move,
            csrf,
            mark_safe('<input type="hidden" name="direction" value="up">'),
            mark_safe(" disabled" if number <= 2 else ""),
            labels["Move up"],
        )
        down = format_html(
            _FORM,
            move,
            csrf,
            mark_safe('<input type="hidden" name="direction" value="down">'),
            mark_safe(" disabled" if last else ""),
            labels["Move down"],
        )
        remove = format_html(_FORM, delete, csrf, "", "", labels["Remove"])
        html += f"\n      {up}\n      {down}\n      {remove}\n      "
    return html + "\n    </div>\n    "
