"""Import and export: HSDS 3.0 (datapackage and JSON), data·inclusion and CSV. Mappings are
pure functions tested without the network; imports load every row or none."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from directory.interop import csv as csv_format
from directory.interop import datainclusion
from directory.interop.hsds import json as hsds_json
from directory.interop.hsds import mapping as hsds
from directory.interop.hsds import package as hsds_package
from directory.interop.hsds import reading as hsds_reading
from directory.interop.records import service_record
from directory.models import Organisation, Service
from directory.selectors import service_prefetched
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory

RECORD = {
    "external_id": "portage-repas",
    "name": "Portage de repas à domicile",
    "summary": "Repas livrés",
    "description": "Livraison de repas équilibrés du lundi au samedi.",
    "public_details": "Personnes âgées isolées",
    "inclusion_criteria": "Habiter la commune",
    "exclusion_criteria": "",
    "referrers": "",
    "referral_form_url": "",
    "access_details": "Appeler le CCAS",
    "phone": "02 47 00 00 01",
    "email": "repas@ccas.example.org",
    "professional_contact": "",
    "professional_phone": "",
    "professional_email": "",
    "hours": "Du lundi au vendredi",
    "fee": "paid",
    "cost_details": "Selon les ressources",
    "languages": "français, anglais",
    "accessibility": "",
    "waiting_time": "Une semaine",
    "categories": ["equipement-et-alimentation--alimentation"],
    "publics": ["seniors"],
    "conditions": ["residence-stable"],
    "communes": ["37122", "37261"],
    "serves_whole_territory": False,
    "age_min": 60,
    "age_max": None,
    "access_mode": "direct",
    "last_verified_on": date(2026, 3, 1),
    "organisation": {
        "external_id": "ccas-tours",
        "name": "CCAS de Tours",
        "kind": "ccas",
        "siret": "",
        "commune": "",
        "description": "",
        "email": "",
        "website": "",
    },
    "url": "https://www.ccas-tours.example.org/repas",
    "phones": [{"id": "0b7a7f4e-5c1a-4d7e-9c1e-6f0b8a1d2c3e", "number": "02 47 00 00 02",
                "extension": 12, "type": "voice", "description": "Secrétariat"}],
    "schedules": [{"id": "7d5c0c59-3a2e-4f0e-b0a4-2f9e6f1c8a11", "freq": "WEEKLY",
                   "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00:00", "closes_at": "12:00:00",
                   "valid_from": None, "valid_to": None, "description": "", "notes": ""}],
    "spoken_languages": [],
    "areas": [],
    "locations": [],
}  # fmt: skip
KEPT = ["name", "description", "categories", "publics", "communes", "age_min", "age_max",
        "access_mode", "serves_whole_territory", "hours"]  # fmt: skip


def kept(record):
    return {k: record[k] for k in KEPT}


def test_hsds_json_round_trip_and_schema():
    service = hsds.service_from_record(RECORD)
    assert hsds_json.validate_service(service) == []
    back, not_kept = hsds_reading.record_from_service(json.loads(json.dumps(service)))
    assert not_kept == []
    assert kept(back) == kept(RECORD)
    assert back["conditions"] == ["residence-stable"]
    assert back["languages"] == "français, anglais"


def test_hsds_schema_refuses_a_service_without_status_or_name():
    service = hsds.service_from_record(RECORD)
    del service["status"]
    service["name"] = None
    problems = hsds_json.validate_service(service)
    assert any("status" in p for p in problems)
    assert any(p.startswith("name") for p in problems)


def test_hsds_datapackage_round_trip(tmp_path):
    whole = {**RECORD, "external_id": "cafe", "name": "Café des aidants", "communes": [],
             "serves_whole_territory": True}  # fmt: skip
    services = [hsds.service_from_record(RECORD), hsds.service_from_record(whole)]
    hsds_package.write_package(tmp_path, services)
    assert hsds_package.validate_package(tmp_path) == []
    with hsds_package.read_package(tmp_path, limit=10_000_000) as records:
        read = list(records)
    assert records.errors == []
    assert [kept(r) for _, r in read] == [kept(RECORD), kept(whole)]


def test_hsds_datapackage_errors_name_the_file_and_row(tmp_path):
    hsds_package.write_package(tmp_path, [hsds.service_from_record(RECORD)])
    text = (tmp_path / "services.csv").read_text().replace(",active,", ",ouvert,")
    (tmp_path / "services.csv").write_text(text)
    errors = hsds_package.validate_package(tmp_path)
    assert errors and errors[0][0] == "services.csv:2"


def test_data_inclusion_round_trip_checked_by_the_published_models():
    document = datainclusion.write_document([RECORD], territory_codes=["37261"])
    for structure in document["structures"]:
        datainclusion.validate_structure(structure)
    for service in document["services"]:
        datainclusion.validate_service(service)
    assert document["services"][0]["thematiques"] == ["equipement-et-alimentation--alimentation"]
    records, errors, _not_kept = datainclusion.read_document(json.loads(json.dumps(document)))
    assert errors == []
    back = records[0][1]
    assert kept(back) == kept(RECORD)
    assert back["organisation"]["name"] == "CCAS de Tours"


def test_data_inclusion_rows_are_refused_with_the_schema_reason():
    document = datainclusion.write_document([RECORD], territory_codes=[])
    document["services"][0]["nom"] = "AB"
    document["services"][0]["publics"] = ["martiens"]
    records, errors, _not_kept = datainclusion.read_document(document)
    assert records == []
    where, reason = errors[0]
    assert where == "services[1]"
    assert "nom" in reason and "publics" in reason


def test_csv_row_round_trip():
    row = csv_format.record_to_row(RECORD)
    back = csv_format.row_to_record(row)
    assert kept(back) == kept(RECORD)


@pytest.fixture
def seeded(territory, organisation):
    tours = CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    joue = CommuneFactory(insee_code="37122", name="Joué-lès-Tours", territory=territory)
    ServiceFactory(
        organisation=organisation,
        name="Portage de repas à domicile",
        categories=["equipement-et-alimentation--alimentation"],
        publics=["seniors"],
        communes_served=[tours, joue],
        age_min=60,
    )
    ServiceFactory(
        organisation=organisation,
        name="Café des aidants",
        categories=["famille--soutien-aidants"],
        publics=["familles"],
        serves_whole_territory=True,
        access_mode=Service.AccessMode.REFERRAL,
    )
    return organisation


def snapshot():
    return sorted(
        (json.dumps(kept(service_record(s)), sort_keys=True), s.organisation.name)
        for s in service_prefetched(Service.objects.filter(live=True))
    )


@pytest.mark.django_db
@pytest.mark.parametrize("format_name, target", [
    ("hsds", "hsds"), ("hsds", "hsds.json"), ("csv", "annuaire.csv"),
])  # fmt: skip
def test_export_then_import_gives_back_the_same_directory(seeded, tmp_path, format_name, target):
    before = snapshot()
    path = tmp_path / target
    call_command("directory_export", "--format", format_name, str(path), stdout=io.StringIO())
    Service.objects.all().delete()
    Organisation.objects.all().delete()
    call_command("directory_import", "--format", format_name, str(path), stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.django_db
def test_data_inclusion_export_then_import(seeded, tmp_path):
    path = tmp_path / "di.json"
    call_command("directory_export", "--format", "datainclusion", str(path), stdout=io.StringIO())
    document = json.loads(path.read_text())
    assert len(document["services"]) == 2
    Service.objects.all().delete()
    Organisation.objects.all().delete()
    call_command("directory_import", "--format", "datainclusion", str(path), stdout=io.StringIO())
    names = sorted(Service.objects.filter(live=True).values_list("name", flat=True))
    assert names == ["Café des aidants", "Portage de repas à domicile"]
    repas = Service.objects.get(name="Portage de repas à domicile")
    assert repas.age_min == 60
    # Its zone is every commune of the territory: it comes back as the whole territory.
    assert repas.serves_whole_territory
    assert list(repas.communes_served.all()) == []


@pytest.mark.django_db
def test_an_import_with_a_broken_row_changes_nothing_and_names_line_and_reason(seeded, tmp_path):
    path = tmp_path / "annuaire.csv"
    call_command("directory_export", "--format", "csv", str(path), stdout=io.StringIO())
    rows = list(csv.DictReader(path.open()))
    rows[0]["name"] = "Portage de repas (nouveau nom)"
    rows[1]["age_min"] = "abc"
    rows.append({**rows[0], "id": "nouveau", "name": "Nouveau service", "communes": "99999"})
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    before = snapshot()
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("directory_import", "--format", "csv", str(path), stderr=errors)
    report = errors.getvalue()
    assert "3: age_min" in report
    assert "4: commune inconnue : 99999" in report
    assert snapshot() == before
    assert not Service.objects.filter(name="Nouveau service").exists()


@pytest.mark.django_db
def test_dry_run_validates_without_loading(seeded, tmp_path):
    path = tmp_path / "annuaire.csv"
    call_command("directory_export", "--format", "csv", str(path), stdout=io.StringIO())
    Service.objects.all().delete()
    out = io.StringIO()
    call_command("directory_import", "--format", "csv", "--dry-run", str(path), stdout=out)
    assert "2" in out.getvalue()
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_imported_entries_are_published_with_a_revision(seeded, tmp_path):
    path = tmp_path / "hsds.json"
    call_command("directory_export", "--format", "hsds", str(path), stdout=io.StringIO())
    Service.objects.all().delete()
    call_command("directory_import", "--format", "hsds", str(path), stdout=io.StringIO())
    service = Service.objects.get(name="Café des aidants")
    assert service.live and service.live_revision_id and not service.has_unpublished_changes


@pytest.mark.django_db
def test_search_results_export_as_csv_keeping_the_query(client, seeded):
    response = client.get("/annuaire/export.csv", {"q": "aidants", "public": "familles"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [r["name"] for r in rows] == ["Café des aidants"]
    assert "professional_phone" not in rows[0]


@pytest.mark.django_db
def test_partner_export_includes_professional_contacts(client, seeded, partner):
    client.force_login(partner)
    response = client.get("/annuaire/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert len(rows) == 2 and "professional_phone" in rows[0]


@pytest.mark.django_db
def test_export_of_a_bad_search_is_refused_with_a_message(client, seeded):
    response = client.get("/annuaire/export.csv", {"age": "abc"})
    assert response.status_code == 400
