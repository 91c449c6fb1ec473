"""Schemathesis against the directory API's own OpenAPI description: every operation, with
generated parameters, answers without a server error and as the description says."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.directory.factories import ServiceFactory

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_tests_connection():
    """Served through WSGI rather than the test client, each request would close the database
    connection when it ends, which on PostgreSQL ends the test's transaction: keep it open for
    the test, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def directory(organisation):
    ServiceFactory(organisation=organisation, name="Portage de repas", slug="portage")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_described(case, directory):
    # The filters' values (categories, publics, communes, kinds) come from reference lists kept
    # in the database: a well-formed but unknown value gets the described 400, not a 200.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
