"""The directory's CSV export streams: a fixed number of queries whatever the number of rows,
each row with its own relations (the relations are read as streams beside the services)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _export(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/annuaire/export.csv", params)
        assert response.streaming
        body = response.getvalue().decode()
    return list(csv.DictReader(io.StringIO(body))), len(queries)


def _services(organisation, communes, n, start=0):
    for i in range(start, start + n):
        ServiceFactory(
            organisation=organisation,
            name=f"Aide aux aidants {i:02d}",
            categories=["famille--soutien-aidants"] if i % 2 else ["sante--soins-a-domicile"],
            publics=["familles"] if i % 3 else [],
            communes_served=communes[: 1 + i % 2],
        )


def test_csv_export_reads_as_many_queries_for_many_rows_as_for_few(client, organisation):
    communes = [CommuneFactory(territory=organisation.territory) for _ in range(2)]
    _services(organisation, communes, 3)
    few, few_queries = _export(client)
    _services(organisation, communes, 9, start=3)
    many, many_queries = _export(client)
    assert (len(few), len(many)) == (3, 12)
    assert few_queries == many_queries
    _rows, with_words = _export(client, q="aidants")
    _services(organisation, communes, 4, start=12)
    rows, with_more_words = _export(client, q="aidants")
    assert len(rows) == 16 and with_words == with_more_words


def test_each_exported_row_carries_its_own_relations(client, organisation):
    communes = [CommuneFactory(territory=organisation.territory) for _ in range(2)]
    _services(organisation, communes, 6)
    rows, _queries = _export(client)
    by_name = {r["name"]: r for r in rows}
    assert [r["name"] for r in rows] == sorted(by_name)
    for i in range(6):
        row = by_name[f"Aide aux aidants {i:02d}"]
        expected = "famille--soutien-aidants" if i % 2 else "sante--soins-a-domicile"
        assert row["categories"] == expected
        assert row["publics"] == ("familles" if i % 3 else "")
        served = [c.insee_code for c in communes[: 1 + i % 2]]
        assert sorted(row["communes"].split("|") if row["communes"] else []) == sorted(served)
