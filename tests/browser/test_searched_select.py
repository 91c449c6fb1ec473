"""A growing choice is searched: the pilot finds the dysfunction to merge into by typing a few
words, picks it, and the form sends its number (the plain field the script enhances)."""

import re

import pytest
from django.conf import settings
from django.test import Client

from register.models import DysfunctionState as S
from tests.factories import CommuneFactory
from tests.register.factories import DysfunctionFactory

pytestmark = [
    pytest.mark.browser,
    # Like the other browser tests: the reference lists the migrations made are restored for
    # the next one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_pilot_merges_into_a_searched_dysfunction(page, live_server, pilot, territory):
    commune = CommuneFactory(territory=territory)
    duplicate = DysfunctionFactory(territory=territory, commune=commune, title="Doublon")
    target = DysfunctionFactory(
        territory=territory, commune=commune, state=S.QUALIFIED, title="Attente SSIAD à Chinon"
    )
    client = Client()
    client.force_login(pilot)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )

    page.goto(f"/registre/{duplicate.pk}/")
    page.get_by_text("Fusionner dans un autre dysfonctionnement").first.click()
    form = page.locator("form").filter(has=page.locator('input[name="fusionner-into"]'))
    form.get_by_role("searchbox").fill("ssiad")
    form.get_by_role("button", name=re.compile("Attente SSIAD à Chinon")).click()
    assert form.locator('input[name="fusionner-into"]').input_value() == str(target.pk)
    form.get_by_role("button", name="Fusionner dans un autre dysfonctionnement").click()
    page.wait_for_url(f"**/registre/{target.pk}/")
    duplicate.refresh_from_db()
    assert duplicate.state == S.MERGED and duplicate.merged_into_id == target.pk
