"""HSDS 3.0 as the specification publishes it: its own examples import as they are, the
portal's exports pass the official schemas (vendored unchanged), identifiers hold from one
exchange to the next, and bad files are refused with a reason, nothing written."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.interop.hsds import json as hsds_json
from directory.interop.hsds import package as hsds_package
from directory.interop.records import service_record
from directory.models import Location, Organisation, Service
from directory.selectors import service_with_details

EXAMPLES = Path(__file__).parent / "data" / "hsds30"


def run(*args, **kwargs):
    out = io.StringIO()
    call_command("directory_import", *args, stdout=out, **kwargs)
    return out.getvalue()


def export(format_name, path):
    call_command("directory_export", "--format", format_name, str(path), stdout=io.StringIO())


def records():
    services = service_with_details(Service.objects.filter(live=True)).order_by("external_id")
    result = []
    for service in services:
        record = service_record(service)
        for key in ("slug", "updated_at", "source"):
            record.pop(key)
        record["organisation"].pop("slug")
        result.append(record)
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("example", ["service_full.json", "csv"])
def test_the_specifications_own_examples_import_as_they_are(territory, example):
    output = run("--format", "hsds", str(EXAMPLES / example))
    assert "1 service(s) created" in output
    service = service_with_details(Service.objects.all()).get()
    assert service.external_id == "ac148810-d857-441c-9679-408f346de14b"
    assert service.live and service.name == "Community Counselling"
    assert service.url == "http://example.com/counselling"
    assert service.organisation.alternate_name == "Example Org"
    phone = service.phones.get()
    assert (phone.number, phone.extension) == ('"+44 1234 234567"', 100)
    schedule = service.schedules.get()
    assert (schedule.byday, str(schedule.opens_at), str(schedule.closes_at)) == (
        "TH,FR", "10:00:00", "18:00:00",
    )  # fmt: skip
    assert [(lang.name, lang.code) for lang in service.spoken_languages.all()] == [("Urdu", "ur")]
    area = service.areas.get()
    assert area.extent_type == "geojson"
    location = service.locations.get()
    assert (location.name, location.address_1, location.city, location.latitude) == (
        "MyCity Civic Center", "1-30 Main Street", "MyCity", 100,
    )  # fmt: skip
    identifier = service.organisation.identifiers.get()
    assert (identifier.scheme, identifier.identifier) == ("GB-COH", "1234567")
    # What the portal does not keep is named, field by field.
    assert "Not kept: schedule.dtstart" in output
    assert "Not kept: service.funding" in output or "Not kept: funding.csv" in output


@pytest.mark.django_db
def test_the_paged_list_is_read_as_a_list_of_services(territory):
    document = json.loads((EXAMPLES / "service_list.json").read_text())
    records, errors, _dropped = hsds_json.read_json(document)
    assert errors == [] and len(records) == len(document["contents"]) == 1
    assert "1 service(s) created" in run("--format", "hsds", str(EXAMPLES / "service_list.json"))
    assert Service.objects.get().organisation.name == "Example Organization Inc."


@pytest.mark.django_db
@pytest.mark.parametrize("example", ["service_full.json", "csv"])
def test_import_export_import_keeps_every_stored_field(territory, tmp_path, example):
    run("--format", "hsds", str(EXAMPLES / example))
    first = records()
    for target in ("hsds.json", "package"):
        export("hsds", tmp_path / target)
        Service.objects.all().delete()
        Organisation.objects.all().delete()
        Location.objects.all().delete()
        run("--format", "hsds", str(tmp_path / target))
        assert records() == first


@pytest.mark.django_db
def test_the_export_passes_the_official_schemas(territory, tmp_path):
    run("--format", "hsds", str(EXAMPLES / "service_full.json"))
    export("hsds", tmp_path / "hsds.json")
    for service in json.loads((tmp_path / "hsds.json").read_text()):
        assert hsds_json.validate_service(service) == []
        assert None not in service.values()
    export("hsds", tmp_path / "package")
    assert hsds_package.validate_package(tmp_path / "package") == []
    official = (hsds_json.STANDARD_DIR / "datapackage.json").read_text()
    assert (tmp_path / "package" / "datapackage.json").read_text() == official


@pytest.mark.django_db
@pytest.mark.parametrize("example", ["service_full.json", "csv"])
def test_importing_the_same_data_again_changes_nothing(territory, tmp_path, example):
    run("--format", "hsds", str(EXAMPLES / example))
    again = run("--format", "hsds", str(EXAMPLES / example))
    assert "0 service(s) created, 0 updated, 1 unchanged" in again
    export("hsds", tmp_path / "hsds.json")
    first_export = (tmp_path / "hsds.json").read_text()
    assert "0 service(s) created, 0 updated, 1 unchanged" in run(
        "--format", "hsds", str(tmp_path / "hsds.json")
    )
    export("hsds", tmp_path / "hsds.json")
    assert (tmp_path / "hsds.json").read_text() == first_export
    assert Service.objects.count() == 1 and Organisation.objects.count() == 1


@pytest.mark.django_db
def test_an_edited_copy_updates_exactly_what_changed(territory, tmp_path):
    run("--format", "hsds", str(EXAMPLES / "service_full.json"))
    document = json.loads((EXAMPLES / "service_full.json").read_text())
    document["schedules"][0]["closes_at"] = "17:30:00"
    document["phones"][0]["extension"] = 200
    (tmp_path / "edited.json").write_text(json.dumps(document))
    assert "0 service(s) created, 1 updated" in run(
        "--format", "hsds", str(tmp_path / "edited.json")
    )
    service = Service.objects.get()
    assert str(service.schedules.get().closes_at) == "17:30:00"
    assert service.phones.get().extension == 200
    assert service.name == "Community Counselling"


@pytest.mark.django_db
def test_an_import_can_wait_for_the_pilots_approval(territory):
    output = run("--format", "hsds", "--drafts", str(EXAMPLES / "service_full.json"))
    assert "as drafts awaiting the pilot's approval" in output
    service = Service.objects.get()
    assert not service.live
    assert service.current_workflow_state is not None


def copy_package(tmp_path) -> Path:
    folder = tmp_path / "package"
    shutil.copytree(EXAMPLES / "csv", folder)
    return folder


def refused(path, tmp_path=None) -> str:
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("directory_import", "--format", "hsds", str(path), stderr=errors)
    assert not Service.objects.exists() and not Organisation.objects.exists()
    return errors.getvalue()


@pytest.mark.django_db
def test_a_missing_resource_file_is_refused(territory, tmp_path):
    folder = copy_package(tmp_path)
    (folder / "phones.csv").unlink()
    assert "phones.csv: fichier de ressource manquant" in refused(folder)


@pytest.mark.django_db
def test_an_unknown_column_is_refused(territory, tmp_path):
    folder = copy_package(tmp_path)
    text = (folder / "services.csv").read_text().replace("last_modified", "last_modified,colour", 1)
    lines = text.splitlines()
    lines[1] += ",blue"
    (folder / "services.csv").write_text("\n".join(lines) + "\n")
    assert "colour" in refused(folder)


@pytest.mark.django_db
def test_a_wrong_type_is_refused_naming_file_and_row(territory, tmp_path):
    folder = copy_package(tmp_path)
    text = (folder / "services.csv").read_text().replace(",12,100,", ",douze,100,")
    (folder / "services.csv").write_text(text)
    assert "services.csv:2" in refused(folder)


@pytest.mark.django_db
def test_a_dangling_reference_is_refused(territory, tmp_path):
    folder = copy_package(tmp_path)
    text = (folder / "services.csv").read_text()
    text = text.replace(
        "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "00000000-0000-4000-8000-000000000000"
    )
    (folder / "services.csv").write_text(text)
    assert "00000000-0000-4000-8000-000000000000" in refused(folder)


@pytest.mark.django_db
def test_duplicate_identifiers_are_refused(territory, tmp_path):
    folder = copy_package(tmp_path)
    lines = (folder / "phones.csv").read_text().splitlines()
    (folder / "phones.csv").write_text("\n".join([*lines, lines[1]]) + "\n")
    assert "phones.csv:3" in refused(folder)


@pytest.mark.django_db
def test_a_file_above_the_size_limit_is_refused(territory, tmp_path, settings):
    settings.DIRECTORY_IMPORT_MAX_BYTES = 20_000_000
    big = tmp_path / "big.json"
    with open(big, "w") as out:
        out.write('[{"id": "x", "name": "' + "a" * 50_000_000 + '"}]')
    assert "limite de 20.0 Mo" in refused(big)


@pytest.mark.django_db
def test_json_nested_a_thousand_deep_is_refused(territory, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 1000 + "]" * 1000)
    assert "imbriqué trop profondément" in refused(deep)
