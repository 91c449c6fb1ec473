"""Schemathesis against the directory API's own OpenAPI description: every operation, with
generated parameters, answers without a server error and as the description says."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.directory.factories import ServiceFactory

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


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
