"""The demo directory goes out and comes back unchanged: re-importing the portal's own export
(HSDS JSON, HSDS datapackage, data·inclusion) creates nothing and changes nothing, and the next
export gives the same identifiers and content. data·inclusion's own models check its export."""

import io
import json

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command

from directory.interop.hsds import json as hsds_json
from directory.interop.hsds import package as hsds_package
from directory.models import Organisation, Service
from portal.models import Territory


def export(format_name, path) -> str:
    out = io.StringIO()
    call_command("directory_export", "--format", format_name, str(path), stdout=out)
    return out.getvalue()


def reimport(format_name, path) -> str:
    out = io.StringIO()
    territory = Territory.objects.order_by("pk").first().slug
    call_command(
        "directory_import", "--format", format_name, "--territory", territory, str(path), stdout=out
    )
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return Service.objects.filter(live=True).count()


@pytest.mark.django_db
def test_the_demo_directory_round_trips_through_hsds(demo, tmp_path):
    counts = (Service.objects.count(), Organisation.objects.count())
    export("hsds", tmp_path / "first.json")
    first = json.loads((tmp_path / "first.json").read_text())
    assert len(first) == demo
    assert all(hsds_json.validate_service(service) == [] for service in first)
    report = reimport("hsds", tmp_path / "first.json")
    assert f"0 service(s) created, 0 updated, {demo} unchanged" in report
    export("hsds", tmp_path / "second.json")
    assert json.loads((tmp_path / "second.json").read_text()) == first
    export("hsds", tmp_path / "package")
    assert hsds_package.validate_package(tmp_path / "package") == []
    assert f"0 service(s) created, 0 updated, {demo} unchanged" in reimport(
        "hsds", tmp_path / "package"
    )
    assert (Service.objects.count(), Organisation.objects.count()) == counts


@pytest.mark.django_db
def test_the_demo_directory_round_trips_through_data_inclusion(demo, tmp_path):
    output = export("datainclusion", tmp_path / "di.json")
    document = json.loads((tmp_path / "di.json").read_text())
    for structure in document["structures"]:
        v1.Structure.model_validate(structure)
    for service in document["services"]:
        v1.Service.model_validate(service)
    assert len(document["services"]) == demo
    # What data·inclusion cannot carry is said, field by field.
    assert "Not carried by data·inclusion: summary" in output
    report = reimport("datainclusion", tmp_path / "di.json")
    assert f"0 service(s) created, 0 updated, {demo} unchanged" in report
    export("datainclusion", tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text()) == document
