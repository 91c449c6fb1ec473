"""The partner's and the pilot's panels, the review desk and an organisation's page list a
bounded number of entries whatever the size of the organisation or of the territory: what
needs someone comes first, the rest is counted and reached by a link or by pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from directory import services
from tests.directory.factories import ServiceFactory
from tests.queries import assert_same_count, page_queries

pytestmark = pytest.mark.django_db


def grow(organisation, n, start=0):
    return [
        ServiceFactory(organisation=organisation, name=f"Aide numéro {start + i:03d}")
        for i in range(n)
    ]


def test_the_partner_panel_shows_what_needs_them_first_and_counts_the_rest(
    client, partner, organisation
):
    grow(organisation, 25)
    ServiceFactory(
        organisation=organisation,
        name="Zz vieille fiche",
        last_verified_on=timezone.localdate() - timedelta(days=800),
    )
    proposed = ServiceFactory(organisation=organisation, name="Zz fiche modifiée")
    services.service_propose_changes(actor=partner, service=proposed, summary="Nouveau")
    ServiceFactory(organisation=organisation, name="Zz brouillon", live=False)
    client.force_login(partner)
    body = client.get("/mon-espace/").content.decode()
    panel = body.split("Les services de ma structure", 1)[1].split("</section>", 1)[0]
    shown = re.findall(r'<li><a href="/annuaire/services/[^"]+/">([^<]+)</a>', panel)
    assert len(shown) == 10
    # Awaiting approval, then not published, then out of date; then by name.
    assert shown[:3] == ["Zz fiche modifiée", "Zz brouillon", "Zz vieille fiche"]
    assert shown[3:] == [f"Aide numéro {i:03d}" for i in range(7)]
    assert "Et 18 autres services" in panel
    assert organisation.get_absolute_url() in panel


def test_the_partner_panel_costs_the_same_queries_with_ten_or_a_hundred_services(
    client, partner, organisation
):
    client.force_login(partner)
    grow(organisation, 10)
    small = page_queries(client, "/mon-espace/")
    grow(organisation, 90, start=10)
    large = page_queries(client, "/mon-espace/")
    assert_same_count(small, large)


def test_the_pilot_panel_shows_the_ten_oldest_changes_and_counts_them_all(
    client, pilot, partner, organisation
):
    for service in grow(organisation, 12):
        services.service_propose_changes(actor=partner, service=service, summary="Modifié")
    client.force_login(pilot)
    body = client.get("/mon-espace/").content.decode()
    assert len(re.findall(r'href="/annuaire/validation/\d+/"', body)) == 10
    assert "12 modifications attendent votre validation" in body
    desk = client.get("/annuaire/validation/").content.decode()
    assert len(re.findall(r'href="/annuaire/validation/\d+/"', desk)) == 12


def test_an_organisation_page_lists_its_services_a_page_at_a_time(client, organisation):
    grow(organisation, 45)
    url = organisation.get_absolute_url()
    first = client.get(url).content.decode()
    assert first.count('<li class="service-item">') == 20
    assert "Aide numéro 000" in first and "Aide numéro 020" not in first
    assert "(45)" in first
    third = client.get(url, {"page": 3}).content.decode()
    assert "Aide numéro 040" in third and "Aide numéro 044" in third
    assert "Aide numéro 039" not in third
    small = page_queries(client, url)
    grow(organisation, 30, start=45)
    assert_same_count(small, page_queries(client, url))
