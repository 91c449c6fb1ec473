"""Alerts at region scale: an entry published or withdrawn makes each immediate search look at
that entry only (one task for all those of a transaction), the catch-up and the weekly digest
run every search whole and read each service once whatever the number of searches, and a
search describing a person asks the database who would take them instead of reading every
service of the directory."""

from itertools import count

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from alerts import tasks
from alerts.models import SavedSearch
from alerts.services import alerts_send, saved_search_create
from directory.models import Service
from tests.directory.factories import ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
NUMBERS = count()


@pytest.fixture
def organisation(territory):
    CommuneFactory(insee_code="37261", name="Tours", territory=territory)
    return OrganisationFactory(name="Association des aidants", territory=territory)


def aidants(organisation, how_many: int, **fields) -> list[Service]:
    return [
        ServiceFactory(
            organisation=organisation,
            name=f"Groupe des aidants {next(NUMBERS)}",
            serves_whole_territory=True,
            **fields,
        )
        for _n in range(how_many)
    ]


def publish(service: Service) -> None:
    """The entry published as the pilot's approval does, its alerts leaving at the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        service.save_revision().publish()


def sent_to(user) -> list[str]:
    return [m.body for m in mail.outbox if m.to == [user.email]]


def test_an_immediate_alert_looks_at_the_published_entry_and_the_catch_up_at_all(
    case_manager, organisation
):
    (first,) = aidants(organisation, 1)
    saved = saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )
    assert list(saved.snapshot) == [str(first.pk)]
    # Rows written without a publication (as a script would): not looked at by the next alert.
    unsignalled = aidants(organisation, 3, summary="Sans publication")
    newcomer = ServiceFactory(
        organisation=organisation, name="Formation des aidants", serves_whole_territory=True
    )
    mail.outbox.clear()
    publish(newcomer)
    (body,) = sent_to(case_manager)
    assert "Formation des aidants" in body
    assert not any(s.name in body for s in unsignalled)
    saved.refresh_from_db()
    assert set(saved.snapshot) == {str(first.pk), str(newcomer.pk)}
    # The catch-up after an outage runs the search whole: the three are told now.
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert alerts_send(frequency="immediate") == 1
    (body,) = sent_to(case_manager)
    assert all(s.name in body for s in unsignalled)
    assert "Formation des aidants" not in body


def test_a_withdrawn_entry_is_told_as_gone_and_the_others_stay_found(case_manager, organisation):
    services = aidants(organisation, 3)
    saved = saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services[1].unpublish()
    (body,) = sent_to(case_manager)
    assert services[1].name in body and services[0].name not in body
    saved.refresh_from_db()
    assert set(saved.snapshot) == {str(services[0].pk), str(services[2].pk)}


def test_entries_withdrawn_in_one_transaction_make_one_task(
    case_manager, organisation, monkeypatch
):
    services = aidants(organisation, 4)
    saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )
    runs = []
    monkeypatch.setattr(tasks, "alerts_send", lambda **kwargs: runs.append(kwargs) or 0)
    with TestCase.captureOnCommitCallbacks(execute=True):
        with transaction.atomic():
            for service in services[:3]:
                service.unpublish()
    assert [run["among"] for run in runs] == [sorted(s.pk for s in services[:3])]
    # A transaction rolled back queues nothing, and the next one starts afresh.
    runs.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services[3].unpublish()
            raise RuntimeError
        with transaction.atomic():
            services[0].save_revision().publish()
    assert [run["among"] for run in runs] == [[services[0].pk]]


def test_an_immediate_alert_costs_the_same_whatever_the_number_of_services_found(
    case_manager, organisation
):
    saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )

    def queries_of_one_publication(found: int) -> int:
        aidants(organisation, found)
        service = ServiceFactory(
            organisation=organisation, name=f"Formation des aidants {next(NUMBERS)}"
        )
        with CaptureQueriesContext(connection) as queries:
            alerts_send(frequency="immediate", among=[service.pk])
        return len(queries)

    assert queries_of_one_publication(2) == queries_of_one_publication(20)


def test_the_digest_reads_each_service_once_whatever_the_number_of_searches(
    case_manager, partner, organisation
):
    aidants(organisation, 5)

    def category_reads(searches: int) -> int:
        SavedSearch.objects.all().delete()
        for n in range(searches):
            saved_search_create(
                actor=case_manager if n % 2 else partner,
                name=f"Aidants {n}",
                query="q=aidants" if n % 2 else "age=40",
                frequency="weekly",
            )
        with CaptureQueriesContext(connection) as queries:
            alerts_send(frequency="weekly")
        return sum('"directory_service_categories"' in q["sql"] for q in queries)

    assert category_reads(1) == category_reads(6) == 1


def test_a_search_describing_a_person_reads_only_the_services_that_would_take_them(
    case_manager, organisation
):
    too_young = aidants(organisation, 6, age_min=60)
    taking = aidants(organisation, 2)

    with CaptureQueriesContext(connection) as queries:
        saved = saved_search_create(
            actor=case_manager, name="Quarante ans", query="age=40", frequency="weekly"
        )
    assert set(saved.snapshot) == {str(s.pk) for s in taking}
    reads = [q["sql"] for q in queries if '"directory_service_categories"' in q["sql"]]
    assert len(reads) == 1
    assert not any(str(s.pk) in reads[0] for s in too_young)


def test_a_published_import_runs_every_search_and_a_draft_import_none(
    case_manager, organisation, tmp_path, monkeypatch
):
    from tests.directory.test_import_batches import rows, run, write

    saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )
    runs = []
    monkeypatch.setattr(tasks, "alerts_send", lambda **kwargs: runs.append(kwargs) or 0)
    lines = rows("lot", 3, communes="37261", organisation_commune="37261")
    with TestCase.captureOnCommitCallbacks(execute=True):
        run(write(tmp_path / "drafts.csv", lines), "--drafts")
    assert runs == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        run(write(tmp_path / "published.csv", rows("autre", 3, communes="37261")))
    assert [run["among"] for run in runs] == [None]


def test_a_look_at_one_entry_agrees_with_the_whole_search_beyond_its_hits_limit(
    case_manager, organisation, monkeypatch
):
    from alerts.selectors import saved_search_results
    from directory.selectors import search

    services = aidants(organisation, 3)
    # The ceiling of hits (10,000 at region scale) made small.
    monkeypatch.setattr(search.service_ranked_ids, "__defaults__", (2,))
    saved = saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )
    assert len(saved.snapshot) == 2
    (beyond,) = [s for s in services if str(s.pk) not in saved.snapshot]
    mail.outbox.clear()
    publish(beyond)
    saved.refresh_from_db()
    assert set(saved.snapshot) == set(saved_search_results(saved))
    assert sent_to(case_manager) == []


def test_a_new_address_of_an_entry_is_remembered(case_manager, organisation):
    (service,) = aidants(organisation, 1)
    saved = saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )
    Service.objects.filter(pk=service.pk).update(slug="nouvelle-adresse")
    publish(Service.objects.get(pk=service.pk))
    saved.refresh_from_db()
    assert saved.snapshot[str(service.pk)][2] == "nouvelle-adresse"


def test_an_organisation_renamed_is_told_at_once(case_manager, organisation):
    services = aidants(organisation, 2)
    saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )
    mail.outbox.clear()
    organisation.name = "Maison des aidants"
    with TestCase.captureOnCommitCallbacks(execute=True):
        organisation.save()
    (body,) = sent_to(case_manager)
    assert all(s.name in body for s in services)


def test_many_entries_changed_at_once_run_every_search_whole(
    case_manager, organisation, monkeypatch
):
    from alerts import signal_handlers

    services = aidants(organisation, 3)
    saved_search_create(
        actor=case_manager, name="Aidants", query="q=aidants", frequency="immediate"
    )
    monkeypatch.setattr(signal_handlers, "MOST_LOOKED_AT", 2)
    runs = []
    monkeypatch.setattr(tasks, "alerts_send", lambda **kwargs: runs.append(kwargs) or 0)
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        for service in services:
            service.unpublish()
    assert [run["among"] for run in runs] == [None]
