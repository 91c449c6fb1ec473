"""The daily feedback run reads what it has to send, not the history of closed dysfunctions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from register import services
from register.models import DysfunctionState as S
from register.models import FeedbackRequest
from tests.register.factories import DysfunctionFactory

pytestmark = pytest.mark.django_db


def _closed(territory, commune, n, **fields):
    long_ago = timezone.now() - timezone.timedelta(days=60)
    return DysfunctionFactory.create_batch(
        n, territory=territory, commune=commune, state=S.CLOSED, closed_at=long_ago, **fields
    )


def _run():
    with CaptureQueriesContext(connection) as queries:
        created = services.feedback_request_due()
    return created, len(queries)


def test_a_run_with_nothing_new_reads_as_much_for_a_long_history_as_for_a_short_one(
    territory, commune
):
    _closed(territory, commune, 2)
    first, _queries = _run()
    assert len(first) == 2
    _nothing, short_history = _run()
    _closed(territory, commune, 30)
    assert len(_run()[0]) == 30
    nothing, long_history = _run()
    assert nothing == [] and short_history == long_history


def test_the_filer_of_a_duplicate_merged_later_is_still_asked(territory, commune):
    from tests.factories import UserFactory

    (kept,) = _closed(territory, commune, 1)
    assert len(_run()[0]) == 1
    other = UserFactory(email="autre.gestionnaire@exemple.fr")
    DysfunctionFactory(
        territory=territory, commune=commune, filer=other, state=S.MERGED, merged_into=kept
    )
    created, _queries = _run()
    assert [r.recipient for r in created] == [other]
    assert FeedbackRequest.objects.filter(dysfunction=kept).count() == 2
