"""The operators' exports (directory_export: CSV, HSDS JSON and package, data·inclusion) read
the directory as streams: the same queries whatever the number of services, each service with
its own relations, details and organisation identifiers."""

import csv
import io
import json
from datetime import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.directory.factories import (
    LocationFactory,
    OrganisationFactory,
    OrganisationIdentifierFactory,
    ServiceAreaFactory,
    ServiceFactory,
    ServiceLanguageFactory,
    ServicePhoneFactory,
    ServiceScheduleFactory,
)
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

FORMATS = [("csv", "annuaire.csv"), ("hsds", "hsds.json"), ("hsds", "hsds"),
           ("datainclusion", "di.json")]  # fmt: skip


def _services(territory, n, start=0):
    communes = [CommuneFactory(territory=territory) for _ in range(2)]
    organisations = [
        OrganisationFactory(territory=territory, commune=communes[i]) for i in range(2)
    ]
    for organisation in organisations:
        OrganisationIdentifierFactory(
            organisation=organisation, identifier=f"37{organisation.pk:07d}"
        )
    for i in range(start, start + n):
        # the organisations' services interleave by id
        organisation = organisations[i % 2]
        service = ServiceFactory(
            organisation=organisation,
            name=f"Aide aux aidants {i:02d}",
            categories=["famille--soutien-aidants"] if i % 2 else ["sante--soins-a-domicile"],
            publics=["familles"] if i % 3 else [],
            communes_served=communes[: 1 + i % 2],
            age_min=60 if i % 2 else None,
        )
        ServicePhoneFactory(service=service, number=f"02 47 00 00 {i:02d}")
        ServiceScheduleFactory(service=service, byday="MO", opens_at=time(9), closes_at=time(12))
        if i % 2:
            ServiceLanguageFactory(service=service, code="ar", name="arabe")
            ServiceAreaFactory(service=service, name=f"Quartier {i}")
        service.locations = [LocationFactory(organisation=organisation, name=f"Maison {i}")]
        service.save()


def _export(format_name, path):
    with CaptureQueriesContext(connection) as queries:
        call_command("directory_export", "--format", format_name, str(path), stdout=io.StringIO())
    return len(queries)


@pytest.mark.parametrize("format_name, target", FORMATS)
def test_an_export_reads_as_many_queries_for_many_services_as_for_few(
    territory, tmp_path, format_name, target
):
    _services(territory, 3)
    few = _export(format_name, tmp_path / f"few-{target}")
    _services(territory, 9, start=3)
    many = _export(format_name, tmp_path / f"many-{target}")
    assert few == many


def _by_name(items, key):
    return {item[key]: item for item in items}


def test_each_exported_service_carries_its_own_details(territory, tmp_path):
    _services(territory, 6)
    call_command(
        "directory_export", "--format", "hsds", str(tmp_path / "h.json"), stdout=io.StringIO()
    )
    services = _by_name(json.loads((tmp_path / "h.json").read_text()), "name")
    assert len(services) == 6
    for i in range(6):
        service = services[f"Aide aux aidants {i:02d}"]
        assert [p["number"] for p in service["phones"]] == [f"02 47 00 00 {i:02d}"]
        assert [s["opens_at"] for s in service["schedules"]] == ["09:00:00"]
        areas = [a["name"] for a in service["service_areas"]]
        assert (f"Quartier {i}" in areas) == bool(i % 2)
        assert [link["location"]["name"] for link in service["service_at_locations"]] == [
            f"Maison {i}"
        ]
        identifiers = service["organization"]["organization_identifiers"]
        assert len(identifiers) == 1
    call_command(
        "directory_export",
        "--format",
        "datainclusion",
        str(tmp_path / "d.json"),
        stdout=io.StringIO(),
    )
    document = json.loads((tmp_path / "d.json").read_text())
    assert len(document["structures"]) == 2 and len(document["services"]) == 6
    call_command(
        "directory_export", "--format", "csv", str(tmp_path / "a.csv"), stdout=io.StringIO()
    )
    rows = list(csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8")))
    assert sorted(r["name"] for r in rows) == sorted(services)
