"""A filer's link to what they filed does not last for ever: erased at their request (the
account anonymised, the dysfunctions kept), or detached by the daily retention command once a
dysfunction has been closed for TABLEE_FILER_RETENTION_MONTHS. The pilot, who reads every
filer, then reads none of them anywhere."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.deletion import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.personal_data import account_erase
from register.models import Dysfunction, DysfunctionEvent, DysfunctionState, FeedbackRequest
from register.services import dysfunction_detach_filers
from tests.factories import UserFactory
from tests.register import test_filer_names
from tests.register.factories import DysfunctionFactory
from tests.register.test_filer_names import FILERS, _names, _walk

# Two filers, a merge, a closure, their feedback (tests/register/test_filer_names.py).
story = test_filer_names.story

S = DysfunctionState
PILOT_PAGES = [
    "/mon-espace/",
    "/registre/",
    "/registre/a-trier/",
    "/propositions/",
    "/indicateurs/",
    "/indicateurs/export.csv",
]


def _pilot_reads(client, pilot, story):
    client.force_login(pilot)
    starts = [*PILOT_PAGES, story["kept"].get_absolute_url(), story["duplicate"].get_absolute_url()]
    bodies = _walk(client, starts)
    assert any(url == story["kept"].get_absolute_url() for url, _ in bodies)
    return bodies


def test_the_pilot_reads_both_filers_before(client, pilot, story):
    page = "".join(body for _, body in _pilot_reads(client, pilot, story))
    for key in FILERS:
        assert _names(key)[0] in page


def test_after_erasure_the_pilot_reads_the_persons_name_nowhere(
    client, pilot, administrator, story
):
    account_erase(actor=administrator, user=story["first"])
    kept = Dysfunction.objects.get(pk=story["kept"].pk)
    assert kept.filer is None, "the dysfunction stays, without the link to its filer"
    assert kept.state == S.CLOSED and kept.events.count() == story["kept"].events.count()
    bodies = _pilot_reads(client, pilot, story)
    for url, body in bodies:
        for name in _names("first"):
            assert name not in body, f"{url} still names the erased filer"
    # The other filer was not erased: the pilot still reads them.
    assert any(_names("merged")[0] in body for _, body in bodies)


def test_retention_detaches_filers_of_old_closed_dysfunctions(client, settings, pilot, story):
    settings.TABLEE_FILER_RETENTION_MONTHS = 2  # the story closed its dysfunction 90 days ago
    recent = DysfunctionFactory(
        territory=story["kept"].territory,
        commune=story["kept"].commune,
        filer=UserFactory(first_name="Hortense", last_name="Quintal"),
        state=S.CLOSED,
        submitted_at=timezone.now() - timedelta(days=40),
        closed_at=timezone.now() - timedelta(days=30),
    )
    call_command("register_detach_filers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    kept, duplicate = (Dysfunction.objects.get(pk=story[k].pk) for k in ("kept", "duplicate"))
    assert kept.filer is None and duplicate.filer is None
    assert not FeedbackRequest.objects.filter(dysfunction=kept, recipient__isnull=False).exists()
    assert kept.me_toos.get().filer is None, "who said « me too » is detached like the filers"
    # The filer, the merged filer and the « me too » filer each answered.
    assert FeedbackRequest.objects.filter(dysfunction=kept).exclude(answer="").count() == 3, (
        "the feedback answers still count in the indicators"
    )
    assert not DysfunctionEvent.objects.filter(
        dysfunction__in=[kept, duplicate], actor__in=[story["first"], story["second"]]
    ).exists()
    recent.refresh_from_db()
    assert recent.filer.last_name == "Quintal", "a dysfunction closed a month ago keeps its filer"
    # The accounts live on (the people lists of the tables' forms still offer them): what
    # changes is everything the register shows.
    bodies = [
        (url, body)
        for url, body in _pilot_reads(client, pilot, story)
        if url.startswith(("/registre/", "/propositions/", "/indicateurs/", "/mon-espace/"))
    ]
    for url, body in bodies:
        for key in FILERS:
            assert _names(key)[0] not in body, f"{url} names a detached filer"
    assert any("Hortense Quintal" in body for _, body in bodies)
    # The filer no longer finds it among their own.
    client.force_login(story["first"])
    assert "Pas de SSIAD le week-end" not in client.get("/mon-espace/").content.decode()


def test_retention_reads_only_what_is_left_to_detach(territory, commune, settings):
    """A second run finds nothing; a run costs the same whatever the history already
    detached."""
    filer = UserFactory()
    old = timezone.now() - timedelta(days=800)

    def closed(count):
        DysfunctionFactory.create_batch(
            count, territory=territory, commune=commune, filer=filer, state=S.CLOSED,
            submitted_at=old, closed_at=old,
        )  # fmt: skip

    closed(3)
    assert dysfunction_detach_filers() == 3
    assert dysfunction_detach_filers() == 0
    with CaptureQueriesContext(connection) as few:
        dysfunction_detach_filers()
    closed(30)
    dysfunction_detach_filers()
    with CaptureQueriesContext(connection) as many:
        assert dysfunction_detach_filers() == 0
    assert len(few) == len(many)
    assert Dysfunction.objects.filter(filer__isnull=False).count() == 0


def test_deleting_a_filers_account_keeps_their_dysfunctions(territory, commune):
    filer = UserFactory()
    dysfunction = DysfunctionFactory(
        territory=territory, commune=commune, filer=filer, state=S.SUBMITTED,
        submitted_at=timezone.now(),
    )  # fmt: skip
    filer.delete()
    dysfunction.refresh_from_db()
    assert dysfunction.filer is None


def test_the_database_refuses_to_delete_whom_the_history_names(tactical_member):
    """A seat holder's account cannot be deleted by the ORM (the back office says so and
    offers erasure, tests/portal/test_personal_data.py)."""
    with pytest.raises(ProtectedError):
        tactical_member.delete()
