"""Schemathesis against the directory API's own OpenAPI description: every operation, with
generated parameters, answers without a server error and as the description says."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

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
    case.call_and_validate()
