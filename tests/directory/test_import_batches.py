"""The directory import at region scale: it writes a batch of rows at a time (as many queries
for three times the rows), checks every row before writing any (a bad row in the last batch
still leaves nothing written), and behaves as it did row by row (report, revisions, log,
moderation, withdrawal, search)."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry, Revision, WorkflowState

from directory.interop import csv as csv_format
from directory.models import Organisation, Service
from directory.selectors.search import service_ranked_ids
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory


def rows(prefix: str, count: int, **changes) -> list[dict]:
    """`count` services of `count // 2 + 1` organisations, in the portal's CSV columns."""
    return [
        {
            **dict.fromkeys(csv_format.COLUMNS, ""),
            "id": f"{prefix}-{n}",
            "organisation_id": f"{prefix}-org-{n // 2}",
            "organisation_name": f"Association {prefix} {n // 2}",
            "organisation_kind": "community",
            "organisation_commune": "37261",
            "name": f"Permanence {prefix} {n}",
            "summary": "Écoute et orientation",
            "categories": "famille--soutien-aidants",
            "publics": "familles|seniors",
            "communes": "37122|37261",
            "access_mode": "direct",
            "serves_whole_territory": "non",
            **changes,
        }
        for n in range(count)
    ]


def write(path, lines: list[dict]):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=csv_format.COLUMNS)
        writer.writeheader()
        writer.writerows(lines)
    return path


def run(path, *args, format_name="csv") -> str:
    out = io.StringIO()
    call_command("directory_import", "--format", format_name, *args, str(path), stdout=out)
    return out.getvalue()


def queries_of(path, *args) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        run(path, *args)
    return [query["sql"] for query in context.captured_queries]


def assert_same_count(small: list[str], large: list[str]) -> None:
    assert len(small) == len(large), (
        f"{len(small)} queries for the smaller file, {len(large)} for the larger:\n"
        + "\n".join(large)
    )


@pytest.fixture
def communes(territory):
    return [
        CommuneFactory(insee_code="37261", name="Tours", territory=territory),
        CommuneFactory(insee_code="37122", name="Joué-lès-Tours", territory=territory),
    ]


@pytest.mark.django_db
def test_an_import_runs_as_many_queries_for_three_times_the_rows(communes, tmp_path):
    # The first import fills the process's caches (content types, the moderation workflow).
    run(write(tmp_path / "warm.csv", rows("warm", 2)))
    small = queries_of(write(tmp_path / "small.csv", rows("small", 4)))
    large = queries_of(write(tmp_path / "large.csv", rows("large", 12)))
    assert_same_count(small, large)
    assert Service.objects.filter(live=True).count() == 2 + 4 + 12
    # Updating them costs the same too, whatever their number.
    small = queries_of(write(tmp_path / "small.csv", rows("small", 4, summary="Nouveau")))
    large = queries_of(write(tmp_path / "large.csv", rows("large", 12, summary="Nouveau")))
    assert_same_count(small, large)
    assert Service.objects.filter(summary="Nouveau").count() == 16


@pytest.mark.django_db
def test_a_bad_row_in_the_last_batch_leaves_nothing_written(communes, tmp_path, settings):
    settings.DIRECTORY_IMPORT_BATCH = 2
    lines = rows("lot", 7)
    lines[-1]["categories"] = "inconnue"
    counts = [
        model.objects.count()
        for model in (Service, Organisation, Revision, ModelLogEntry, WorkflowState)
    ]
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command("directory_import", "--format", "csv", str(write(tmp_path / "f.csv", lines)),
                     stderr=errors)  # fmt: skip
    assert "8: thématique inconnue: inconnue" in errors.getvalue()
    assert counts == [
        model.objects.count()
        for model in (Service, Organisation, Revision, ModelLogEntry, WorkflowState)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("format_name, target", [
    ("csv", "annuaire.csv"), ("hsds", "hsds.json"), ("datainclusion", "di.json"),
])  # fmt: skip
def test_an_update_import_of_an_exported_file_reports_it_unchanged(
    communes, organisation, tmp_path, settings, format_name, target
):
    settings.DIRECTORY_IMPORT_BATCH = 2
    for n in range(5):
        ServiceFactory(organisation=organisation, name=f"Accueil {n}", publics=["seniors"],
                       communes_served=communes)  # fmt: skip
    path = tmp_path / target
    call_command("directory_export", "--format", format_name, str(path), stdout=io.StringIO())
    revisions = Revision.objects.count()
    output = run(path, format_name=format_name)
    assert "0 service(s) created, 0 updated, 5 unchanged, 0 withdrawn" in output
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_imported_entries_are_published_logged_and_found_across_batches(
    communes, tmp_path, settings
):
    settings.DIRECTORY_IMPORT_BATCH = 3
    output = run(write(tmp_path / "f.csv", rows("lot", 7)), "--source", "asso")
    assert "7 service(s) created, 0 updated, 0 unchanged, 0 withdrawn (published)" in output
    assert Organisation.objects.filter(source="asso").count() == 4
    for service in Service.objects.filter(source="asso"):
        assert service.live and not service.has_unpublished_changes
        assert service.live_revision_id == service.latest_revision_id
        assert service.live_revision.content["name"] == service.name
        assert [c.insee_code for c in service.communes_served.order_by("insee_code")] == [
            "37122", "37261",
        ]  # fmt: skip
        assert sorted(p.value for p in service.publics.all()) == ["familles", "seniors"]
        entries = ModelLogEntry.objects.for_instance(service)
        assert list(entries.values_list("action", flat=True)) == ["wagtail.edit"]
    # Slugs stay unique across batches even for the same name.
    assert Service.objects.values("slug").distinct().count() == 7
    imported = set(Service.objects.filter(source="asso").values_list("pk", flat=True))
    assert imported <= set(service_ranked_ids("permanences"))

    lines = rows("lot", 7)
    lines[0]["name"] = "Permanence renommée"
    output = run(write(tmp_path / "f.csv", lines[:4]), "--source", "asso", "--withdraw-absent")
    assert "0 service(s) created, 1 updated, 3 unchanged, 3 withdrawn" in output
    renamed = Service.objects.get(external_id="lot-0")
    assert renamed.name == "Permanence renommée" and renamed.revisions.count() == 2
    assert Service.objects.filter(source="asso", live=True).count() == 4


@pytest.mark.django_db
def test_entries_an_import_creates_are_not_withdrawn_as_absent(communes, tmp_path, settings):
    settings.DIRECTORY_IMPORT_BATCH = 2
    output = run(write(tmp_path / "f.csv", rows("lot", 5)), "--source", "asso", "--withdraw-absent")
    assert "5 service(s) created, 0 updated, 0 unchanged, 0 withdrawn" in output
    assert Service.objects.filter(source="asso", live=True).count() == 5
    # The next file lists three of them: the two others are withdrawn, the three stay.
    output = run(write(tmp_path / "g.csv", rows("lot", 3)), "--source", "asso", "--withdraw-absent")
    assert "0 updated, 3 unchanged, 2 withdrawn" in output
    assert Service.objects.filter(source="asso", live=True).count() == 3


@pytest.mark.django_db
def test_drafts_are_submitted_to_moderation_in_batches(communes, tmp_path, settings):
    settings.DIRECTORY_IMPORT_BATCH = 2
    output = run(write(tmp_path / "f.csv", rows("lot", 3)), "--drafts")
    assert "3 service(s) created" in output and "awaiting the pilot's approval" in output
    assert not Service.objects.filter(live=True).exists()
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 3


@pytest.mark.django_db
def test_json_is_read_as_it_comes_with_its_limits(communes, tmp_path):
    deep = tmp_path / "deep.json"
    nested = 1
    for _level in range(40):
        nested = [nested]
    deep.write_text(json.dumps({"structures": [], "services": nested}))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("directory_import", "--format", "datainclusion", str(deep), stderr=errors)
    assert "imbriqué trop profondément (plus de 32 niveaux)" in errors.getvalue()
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x", "name": ')
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("directory_import", "--format", "hsds", str(broken), stderr=io.StringIO())
    latin = tmp_path / "latin.json"
    latin.write_bytes('[{"id": "x", "name": "Crèche"}]'.encode("latin-1"))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("directory_import", "--format", "hsds", str(latin), stderr=errors)
    assert "UTF-8" in errors.getvalue()
    assert not Service.objects.exists()
