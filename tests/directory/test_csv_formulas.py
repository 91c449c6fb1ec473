"""A cell that a spreadsheet would run as a formula is written inert in every CSV the portal
writes, and read back unchanged by the importers."""

import csv
import io

import pytest
from django.core.management import call_command

from directory.models import Service
from portal import csv_files
from tests.directory.factories import ServiceFactory

FORMULAS = ['=HYPERLINK("http://x.example")', "+33 2 47 00 00 00", "-1+2", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_cell_is_written_with_a_leading_apostrophe_and_read_back(text):
    out = io.StringIO()
    csv_files.Writer(out).writerow([text, "Portage de repas", 3, -2])
    cells = next(csv.reader(io.StringIO(out.getvalue())))
    assert cells == ["'" + text, "Portage de repas", "3", "-2"]
    out = io.StringIO()
    writer = csv_files.DictWriter(out, fieldnames=["name"])
    writer.writeheader()
    writer.writerow({"name": text})
    assert [row["name"] for row in csv_files.DictReader(io.StringIO(out.getvalue()))] == [text]


@pytest.mark.django_db
def test_directory_export_neutralises_formulas(client, organisation):
    ServiceFactory(organisation=organisation, name='=HYPERLINK("http://x.example","Clic")')
    response = client.get("/annuaire/export.csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == ['\'=HYPERLINK("http://x.example","Clic")']


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "hsds"])
def test_an_exported_formula_is_imported_back_unchanged(organisation, tmp_path, fmt):
    name = "=1+1 Portage de repas"
    ServiceFactory(organisation=organisation, name=name)
    path = tmp_path / ("annuaire.csv" if fmt == "csv" else "hsds")
    call_command("directory_export", "--format", fmt, str(path), stdout=io.StringIO())
    text = "".join(p.read_text() for p in ([path] if fmt == "csv" else path.glob("*.csv")))
    assert "'=1+1 Portage de repas" in text
    Service.objects.all().delete()
    call_command("directory_import", "--format", fmt, str(path), stdout=io.StringIO())
    assert list(Service.objects.values_list("name", flat=True)) == [name]


@pytest.mark.django_db
def test_indicators_export_neutralises_formulas(client, pilot, territory):
    from register.models import Category
    from tests.register.factories import DysfunctionFactory

    label = "=cmd|' /C calc'!A0"
    DysfunctionFactory(
        territory=territory, category=Category.objects.create(value="formule", label=label)
    )
    client.force_login(pilot)
    response = client.get("/indicateurs/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["by_category", "'" + label, "1"] in rows
    for row in rows:
        assert not any(cell.startswith(csv_files.FORMULA_STARTS) for cell in row), row
