"""An HSDS 3.0 package folder is read in constant memory: its tables are staged on disk and each
service is joined on its own. What an operator sees does not change: the same services whatever
the order of the tables' rows, each broken reference named with its file and line, the same
records at each pass, and nothing left on disk once the import ends."""

import copy
import csv
import io
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.interop import files
from directory.interop.hsds import mapping as hsds
from directory.interop.hsds import package as hsds_package
from directory.interop.hsds import staging
from directory.models import Service

EXAMPLE = Path(__file__).parent / "data" / "hsds30" / "csv"
RECORD = {
    "external_id": "", "name": "", "summary": "Repas livrés", "description": "Livraison de repas.",
    "public_details": "", "inclusion_criteria": "", "exclusion_criteria": "", "referrers": "",
    "referral_form_url": "", "access_details": "", "phone": "", "email": "",
    "professional_contact": "", "professional_phone": "", "professional_email": "", "hours": "",
    "fee": "free", "cost_details": "", "languages": "", "accessibility": "", "waiting_time": "",
    "categories": [], "publics": [], "conditions": [], "communes": [],
    "serves_whole_territory": True, "age_min": 60, "age_max": None, "access_mode": "direct",
    "last_verified_on": None, "url": "",
    "organisation": {"external_id": "", "name": "", "kind": "ccas", "siret": "", "commune": "",
                     "description": "", "email": "", "website": ""},
}  # fmt: skip


def service(n: int) -> dict:
    """A compound service with two phones, hours, a language, an area and a place; two
    organisations share the services."""

    def new_id(kind):
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"test-{n}-{kind}"))

    record = copy.deepcopy(RECORD)
    record.update(external_id=f"service-{n}", name=f"Service numéro {n}")
    record["organisation"].update(
        external_id=f"org-{n % 2}", name=f"Organisation {n % 2}", siret=f"1234567890000{n % 2}"
    )
    record["phones"] = [{"id": new_id(f"phone-{k}"), "number": f"02 47 00 0{n} 0{k}",
                         "extension": None, "type": "voice", "description": ""}
                        for k in (0, 1)]  # fmt: skip
    record["schedules"] = [{"id": new_id("hours"), "freq": "WEEKLY", "byday": "MO", "opens_at":
                            f"0{n}:00:00", "closes_at": "12:00:00", "valid_from": None,
                            "valid_to": None, "description": "", "notes": ""}]  # fmt: skip
    record["spoken_languages"] = [{"id": new_id("language"), "code": "ar", "name": "arabe",
                                   "note": ""}]  # fmt: skip
    record["areas"] = [{"id": new_id("area"), "name": f"Quartier {n}", "description": "",
                        "extent": None, "extent_type": None, "uri": None}]  # fmt: skip
    record["locations"] = [{"id": new_id("place"), "kind": "physical", "name": f"Lieu {n}",
                            "address_1": f"{n} rue Nationale", "postal_code": "37000",
                            "city": "Tours"}]  # fmt: skip
    return hsds.service_from_record(record)


def read(folder: Path):
    """(records, errors, fields not kept) of the folder, read as the import reads it."""
    with hsds_package.read_package(folder, limit=10_000_000) as records:
        read_records = list(records)
    return read_records, records.errors, records.not_kept


def table(folder: Path, name: str) -> tuple[list[str], list[dict]]:
    with open(folder / name, newline="", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        return list(reader.fieldnames), list(reader)


def rewrite(folder: Path, name: str, header: list[str], rows: list[dict]) -> None:
    with open(folder / name, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def package(tmp_path) -> Path:
    folder = tmp_path / "package"
    hsds_package.write_package(folder, [service(n) for n in range(4)])
    return folder


def test_child_rows_in_another_order_than_the_services_give_the_same_services(package):
    before, errors, not_kept = read(package)
    assert errors == [] and len(before) == 4
    # Each service's phones in the order it gave them, its place with its address.
    assert [[phone["number"] for phone in record["phones"]] for _where, record in before] == [
        [f"02 47 00 0{n} 0{k}" for k in (0, 1)] for n in range(4)
    ]
    assert [record["locations"][0]["address_1"] for _where, record in before] == [
        f"{n} rue Nationale" for n in range(4)
    ]
    # Every other table lists the last service's rows first, each service's in their order.
    order = {}
    for name in ("services.csv", "organizations.csv", "locations.csv"):
        _header, rows = table(package, name)
        order.update((row["id"], position) for position, row in enumerate(rows))
    for name in ["phones.csv", "schedules.csv", "languages.csv", "service_areas.csv",
                 "service_at_location.csv", "addresses.csv", "attributes.csv",
                 "organization_identifiers.csv", "locations.csv", "organizations.csv"]:  # fmt: skip
        header, rows = table(package, name)
        assert rows, name

        def owner(row):
            for column in ("service_id", "location_id", "link_id", "organization_id", "id"):
                if row.get(column) in order:
                    return -order[row[column]]
            return 0

        rewrite(package, name, header, sorted(rows, key=owner))
    after, errors_after, not_kept_after = read(package)
    assert after == before
    assert (errors_after, not_kept_after) == (errors, not_kept)


def test_a_broken_reference_is_named_with_its_file_and_line(package):
    header, rows = table(package, "phones.csv")
    rows[2]["service_id"] = "00000000-0000-4000-8000-000000000001"
    rewrite(package, "phones.csv", header, rows)
    header, rows = table(package, "service_at_location.csv")
    rows[1]["location_id"] = "00000000-0000-4000-8000-000000000002"
    rewrite(package, "service_at_location.csv", header, rows)
    records, errors, _not_kept = read(package)
    assert errors == [
        ("phones.csv:4",
         "service_id ne mène à aucun(e) service : 00000000-0000-4000-8000-000000000001"),
        ("service_at_location.csv:3",
         "location_id ne mène à aucun(e) location : 00000000-0000-4000-8000-000000000002"),
    ]  # fmt: skip
    assert len(records) == 4  # the services themselves are read; the import refuses them all


def test_the_records_are_the_same_at_each_pass(package):
    header, rows = table(package, "languages.csv")
    rows[0]["service_id"] = "00000000-0000-4000-8000-000000000003"
    rewrite(package, "languages.csv", header, rows)
    with hsds_package.read_package(package, limit=10_000_000) as records:
        first = list(records)
        first_errors, first_not_kept = records.errors, records.not_kept
        second = list(records)
        assert second == first and len(first) == 4
        assert records.errors == first_errors == [(
            "languages.csv:2",
            "service_id ne mène à aucun(e) service : 00000000-0000-4000-8000-000000000003",
        )]  # fmt: skip
        assert records.not_kept == first_not_kept


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """The temporary folder of this test's imports, and what was in it while a package's
    tables were being joined."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    seen = []
    index = staging.Staging.index

    def noting_what_is_staged(self):
        seen.extend(path.name for path in folder.rglob("*"))
        return index(self)

    monkeypatch.setattr(staging.Staging, "index", noting_what_is_staged)
    return folder, seen


def test_the_staged_tables_are_removed_when_the_records_are_closed(package, scratch):
    folder, seen = scratch
    records, _errors, _dropped = files.read("hsds", package)
    with records:
        assert len(list(records)) == 4
        assert "package.sqlite3" in [path.name for path in folder.rglob("*")]
    assert list(folder.iterdir()) == []


@pytest.mark.django_db
def test_nothing_is_left_on_disk_after_an_import_or_a_refusal(territory, tmp_path, scratch):
    folder, seen = scratch
    call_command("directory_import", "--format", "hsds", str(EXAMPLE), stdout=io.StringIO())
    assert Service.objects.count() == 1
    assert "package.sqlite3" in seen
    assert list(folder.iterdir()) == []
    seen.clear()
    broken = tmp_path / "broken"
    shutil.copytree(EXAMPLE, broken)
    text = (broken / "service_at_location.csv").read_text()
    (broken / "service_at_location.csv").write_text(
        text.replace("ac148810-d857-441c-9679-408f346de14b", "00000000-0000-4000-8000-000000000004")
    )
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("directory_import", "--format", "hsds", str(broken), stderr=errors)
    assert "service_at_location.csv:2" in errors.getvalue()
    assert "package.sqlite3" in seen
    assert list(folder.iterdir()) == []


def test_a_staging_that_cannot_be_written_leaves_nothing_on_disk(package, scratch, monkeypatch):
    folder, _seen = scratch

    def full_disk(*args, **kwargs):
        raise staging.sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(staging.sqlite3, "connect", full_disk)
    with pytest.raises(staging.sqlite3.OperationalError):
        staging.Staging({table: ["id"] for table in staging.FOLLOWED}, {})
    assert list(folder.iterdir()) == []
