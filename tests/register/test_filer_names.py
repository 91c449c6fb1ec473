"""The filer's name never reaches the tables: every filer of a dysfunction (its own, those of
the duplicates merged into it, those who added their situations to it with « me too »,
everyone asked for feedback on it) is named to the pilot and to
themselves only. Each person below walks every page, feed and export they can reach from their
landing page and the dysfunction's pages; none of the responses, nor any e-mail they receive,
names a filer they may not see."""

import re
from collections import deque
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import Table
from register import services
from register.models import Dysfunction, DysfunctionState, FeedbackAnswer, FeedbackRequest
from register.services.feedback import _signed_answers
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.register.factories import DysfunctionFactory, ProposalFactory, category

S = DysfunctionState
LINK = re.compile(r'(?:href|action)="([^"#]+)"')
SKIP = ("/admin/", "/django-admin/", "/static/", "/comptes/", "/i18n/", "/cms/")
FILERS = {
    "first": ("Sidonie", "Vauquelin", "sidonie.vauquelin@exemple.fr"),
    "merged": ("Anatole", "Brisebarre", "anatole.brisebarre@exemple.fr"),
    "me_too": ("Philomène", "Castagnet", "philomene.castagnet@exemple.fr"),
}


def _names(key):
    first, last, email = FILERS[key]
    return (f"{first} {last}", last, email)


def _case_manager(territory, key):
    first, last, email = FILERS[key]
    user = UserFactory(email=email, first_name=first, last_name=last)
    org = OrganisationFactory(name=f"Équipe {key}", slug=f"equipe-{key}", territory=territory)
    MembershipFactory(user=user, organisation=org, role="case_manager")
    return user


def _walk(client, starts, limit=120):
    """Every page reachable from `starts` by GET links (one per path), with its body."""
    seen, queue, bodies = set(starts), deque(starts), []
    while queue and len(bodies) < limit:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        body = response.content.decode("utf-8", "replace")
        bodies.append((url, body))
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(body):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP) or parts.path in seen:
                continue
            seen.add(parts.path)
            queue.append(target)
    return bodies


@pytest.fixture
def story(
    client,
    territory,
    commune,
    pilot,
    tactical_table,
    strategic_table,
    tactical_member,
    django_capture_on_commit_callbacks,
):
    """Two filers report the same gap; the pilot merges the second into the first, puts it on
    the tactical table's agenda and into a proposal, closes it; both filers give feedback."""
    first = _case_manager(territory, "first")
    second = _case_manager(territory, "merged")
    third = _case_manager(territory, "me_too")
    values = {
        "title": "Pas de SSIAD le week-end",
        "description": "Une sortie d'hôpital un vendredi sans passage infirmier.",
        "observed_on": timezone.localdate() - timedelta(days=20),
        "commune": commune,
        "category": category(),
        "public": "older_people",
        "age_band": "85_plus",
        "situation_count": 2,
        "severity": "serious",
    }
    with django_capture_on_commit_callbacks(execute=True):
        kept = _tell_the_story(client, pilot, first, second, third, values, strategic_table)
    kept.refresh_from_db()
    assert kept.events.filter(actor=second).exists(), "the merged filer's answer is on the timeline"
    return {
        "kept": kept,
        "duplicate": kept.merged_dysfunctions.get(),
        "first": first,
        "second": second,
        "third": third,
    }


def _tell_the_story(client, pilot, first, second, third, values, strategic_table):
    territory, commune = strategic_table.territory, values["commune"]
    tactical_table = Table.objects.get(territory=territory, kind=Table.Kind.TACTICAL)
    kept = services.dysfunction_create(filer=first, submit=True, **values)
    duplicate = services.dysfunction_create(filer=second, submit=True, **values)
    services.dysfunction_qualify(
        dysfunction=kept, actor=pilot, category=category(), commune=commune
    )
    services.dysfunction_merge(dysfunction=duplicate, into=kept, actor=pilot)
    services.dysfunction_me_too(
        dysfunction=kept, actor=third, situation_count=2, note="Même constat à Loches."
    )
    ProposalFactory(
        territory=territory,
        tactical_table=tactical_table,
        strategic_table=strategic_table,
        state="submitted",
        created_by=pilot,
        dysfunctions=[kept],
    )
    Dysfunction.objects.filter(pk=kept.pk).update(state=S.DECIDED)
    services.dysfunction_close(dysfunction=kept, actor=pilot, reason="Convention signée.")
    Dysfunction.objects.filter(pk=kept.pk).update(closed_at=timezone.now() - timedelta(days=90))
    services.feedback_request_due()
    for request in FeedbackRequest.objects.filter(dysfunction=kept):
        label, url = _signed_answers(request)[0]
        assert client.get(url).status_code == 200, "the link asks the filer to confirm"
        confirmed = client.post(url, {"answer": FeedbackAnswer.choices[0][0]})
        assert confirmed.status_code in (200, 302), "the confirmation records the answer"
    return kept


@pytest.mark.parametrize(
    ("reader", "may_read"),
    [
        ("tactical_member", set()),
        ("executive", set()),
        ("partner", set()),
        ("case_manager", set()),
        ("first", {"first"}),
        ("second", {"merged"}),
        ("third", {"me_too"}),
    ],
)
def test_no_response_names_a_filer_the_reader_may_not_see(client, request, story, reader, may_read):
    user = (
        story[reader] if reader in ("first", "second", "third") else request.getfixturevalue(reader)
    )
    client.force_login(user)
    kept, duplicate = story["kept"], story["duplicate"]
    starts = [
        "/mon-espace/",
        "/registre/",
        kept.get_absolute_url(),
        duplicate.get_absolute_url(),
        "/registre/notifications/",
        "/propositions/",
        "/reunions/",
        "/tables/",
        "/decisions/",
        "/indicateurs/",
        "/indicateurs/export.csv",
    ]
    bodies = _walk(client, starts)
    assert any(url == kept.get_absolute_url() for url, _ in bodies), "the reader sees the gap"
    forbidden = [n for key in FILERS if key not in may_read for n in _names(key)]
    checked = 0
    for url, body in bodies:
        for name in forbidden:
            assert name not in body, f"{url} names the filer {name} to the {reader}"
            checked += 1
    mails = [m for m in mail.outbox if user.email in m.to]
    if reader in ("first", "second", "third"):
        assert mails, "each filer was told of the changes and asked for feedback"
    for message in mails:
        text = message.body + "".join(str(a[0]) for a in getattr(message, "alternatives", []))
        for name in forbidden:
            assert name not in text, f"an e-mail to the {reader} names {name}"
    print(f"{reader}: {len(bodies)} responses × {len(forbidden)} names checked ({checked} pairs)")


def test_the_pilot_reads_every_filer_and_each_filer_themselves(client, pilot, story):
    client.force_login(pilot)
    page = client.get(story["kept"].get_absolute_url()).content.decode()
    for key in FILERS:
        assert _names(key)[0] in page
    client.force_login(story["first"])
    page = client.get(story["kept"].get_absolute_url()).content.decode()
    assert _names("first")[0] in page
    assert _names("merged")[0] not in page
    assert _names("me_too")[0] not in page
    client.force_login(story["third"])
    page = client.get(story["kept"].get_absolute_url()).content.decode()
    assert _names("me_too")[0] in page
    assert _names("first")[0] not in page and _names("merged")[0] not in page


def test_the_timeline_names_pilots_to_the_tables(client, story, tactical_member, pilot):
    client.force_login(tactical_member)
    page = client.get(story["kept"].get_absolute_url()).content.decode()
    assert str(pilot) in page
    assert "un déclarant" in page or "a filer" in page


def test_a_dysfunction_filed_elsewhere_keeps_its_filer_hidden_in_lists(client, territory, commune):
    other = UserFactory(email="x@exemple.fr", first_name="Hortense", last_name="Quintal")
    MembershipFactory(
        user=other,
        organisation=OrganisationFactory(territory=territory, slug="x", name="X"),
        role="case_manager",
    )
    DysfunctionFactory(territory=territory, commune=commune, filer=other, state=S.QUALIFIED)
    reader = UserFactory(email="y@exemple.fr")
    MembershipFactory(
        user=reader, organisation=OrganisationFactory(territory=territory, slug="y", name="Y")
    )
    client.force_login(reader)
    assert "Quintal" not in client.get("/registre/").content.decode()
