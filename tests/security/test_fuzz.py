"""Property-based tests (hypothesis): the personal-data guard, the filing form, the search and
register filters and the CSV importer take any text without a server error, and a refused
input writes nothing."""

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.importing import ImportRefused
from directory.imports import directory_import
from directory.interop import csv as csv_format
from directory.models import Organisation, Service
from portal.privacy import MAX_FINDINGS_PER_TEXT, check_texts, find_personal_data
from register.models import Dysfunction
from tests.factories import CommuneFactory

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as people paste it: any character, with the guard's favourite shapes mixed in.
TEXT = st.text(max_size=400) | st.lists(
    st.sampled_from(
        ["Mme", "M.", "Jeanne", "Martin", "12", "rue", "des", "Lilas", "06", "12", "@", ".",
         "1 85 05", "né le", "12/03/1941", "\x00", "\u202e", "<script>", "’", "\n", " "]
    ),
    max_size=60,
).map(" ".join)  # fmt: skip


@given(text=TEXT)
@settings(max_examples=300, deadline=None)
def test_the_guard_returns_sound_findings_for_any_text(text):
    findings = find_personal_data(text, field="f", today=date(2026, 11, 25))
    assert len(findings) <= MAX_FINDINGS_PER_TEXT
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.excerpt
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start
    try:
        check_texts(f=text)
    except Exception as error:  # only a refusal with a message, never a crash
        assert type(error).__name__ == "ValidationError"


@pytest.fixture
def commune(territory):
    return CommuneFactory(name="Amboise", insee_code="37003", territory=territory)


@given(title=TEXT, description=TEXT, workaround=TEXT, count=st.text(max_size=6))
@FUZZ
def test_the_filing_form_never_fails_nor_writes_half(
    client, case_manager, commune, title, description, workaround, count
):
    client.force_login(case_manager)
    before = Dysfunction.objects.count()
    response = client.post(
        "/registre/nouveau/",
        {
            "title": title,
            "description": description,
            "workaround": workaround,
            "observed_on": "2026-10-02",
            "commune": commune.insee_code,
            "category": "delai-attente",
            "public": "older_people",
            "age_band": "85_plus",
            "situation_count": count,
            "severity": "serious",
        },
    )
    assert response.status_code < 500
    after = Dysfunction.objects.count()
    if response.status_code == 302:
        assert after == before + 1
    else:
        assert after == before


@given(query=st.text(max_size=80), age=st.text(max_size=6), commune=st.text(max_size=8))
@FUZZ
def test_search_and_register_filters_never_fail(client, case_manager, query, age, commune):
    params = {"q": query, "age": age, "commune": commune, "page": age, "category": commune}
    assert client.get("/annuaire/", params).status_code < 500
    assert client.get("/api/search", params).status_code < 500
    client.force_login(case_manager)
    assert client.get("/registre/", {"q": query, "etat": age, "page": commune}).status_code < 500


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(rows=st.lists(st.fixed_dictionaries({c: CELL for c in csv_format.COLUMNS}), max_size=4))
@FUZZ
def test_the_csv_importer_loads_all_or_nothing(territory, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_format.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    before = (Service.objects.count(), Organisation.objects.count())
    records, errors = csv_format.read_records(io.StringIO(out.getvalue()))
    try:
        directory_import(records=records, territory=territory, errors=errors)
    except ImportRefused as refused:
        assert refused.report.errors
        assert (Service.objects.count(), Organisation.objects.count()) == before


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)
SERVICE_KEYS = ["id", "name", "description", "organization", "eligibility_description",
                "minimum_age", "maximum_age", "service_areas", "attributes", "status"]  # fmt: skip


@given(
    document=JSON
    | st.lists(st.dictionaries(st.sampled_from(SERVICE_KEYS), JSON, max_size=8), max_size=3)
)
@FUZZ
def test_the_json_importers_load_all_or_nothing(territory, document):
    from directory.interop import datainclusion
    from directory.interop.hsds import json as hsds_json

    for reader in (hsds_json.read_json, datainclusion.read_document):
        before = (Service.objects.count(), Organisation.objects.count())
        records, errors, _not_kept = reader(document)
        try:
            directory_import(records=records, territory=territory, errors=errors)
        except ImportRefused as refused:
            assert refused.report.errors
            assert (Service.objects.count(), Organisation.objects.count()) == before
