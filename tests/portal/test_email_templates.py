"""Plain-text e-mails and their subjects show apostrophes and ampersands as typed: no HTML
escape ("d&#x27;urgence") in any e-mail template of the project, in French or in English."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from portal.notifications import render_email

TYPED = "Cellule d'urgence <Nord> & Sud"
ESCAPES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")


class Anything:
    """Stands for any object a template reads: every attribute is typed text with an
    apostrophe, dates are dates, numbers are numbers."""

    pk = 1
    number = 1
    duration_minutes = 30

    def __getattr__(self, name):
        if name.endswith("_at"):
            return timezone.make_aware(datetime.datetime(2026, 12, 21, 14, 0))
        if name.endswith("_date") or name.endswith("_on"):
            return datetime.date(2026, 12, 21)
        if name == "get_absolute_url":
            return "/page/"
        return Anything()

    def __str__(self):
        return TYPED


def _email_templates():
    root = Path(settings.BASE_DIR)
    names = []
    for path in sorted(root.glob("*/templates/*/email/*_subject.txt")):
        relative = path.relative_to(path.parents[2])
        names.append(str(relative)[: -len("_subject.txt")])
    return names


def test_every_app_has_its_email_templates_found():
    names = _email_templates()
    assert {name.split("/")[0] for name in names} >= {"portal", "directory", "meetings", "register"}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("template", _email_templates())
def test_email_text_and_subject_have_no_html_escape(template, language):
    context = {
        name: Anything()
        for name in (
            "meeting",
            "table",
            "seat",
            "service",
            "suggestion",
            "organisation",
            "invitation",
            "dysfunction",
            "event",
            "decision",
            "proposal",
            "author",
            "comment",
            "agreement",
            "entry",
            "saved",
            "target",
            "kind",
        )
    }
    context.update(
        approved=True,
        items=[Anything()],
        services=[Anything()],
        organisations=[(Anything(), [Anything()])],
        answers=[(TYPED, "/reponse/")],
        accept_path="/invitation/",
        meeting_url="/reunion/",
        notice_days=3,
        late_notice=True,
        changes={"entered": [], "changed": [], "left": [{"name": TYPED}]},
        search_url="/annuaire/",
        unsubscribe_url="/annuaire/recherches/desabonnement/x/",
        target_url="/registre/1/",
        from_label=TYPED,
        to_label=TYPED,
        text=TYPED,
        unfollow_url="/notifications/ne-plus-suivre/x/",
    )
    subject, body, _ = render_email(template=template, context=context, language=language)
    for text in (subject, body):
        for escape in ESCAPES:
            assert escape not in text, (template, text)
    assert "'" in subject + body or TYPED in body
