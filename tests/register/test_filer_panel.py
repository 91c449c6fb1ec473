"""A case manager's landing page lists the twenty gaps they filed or joined (« moi aussi »)
that moved last, newest first, however many they filed."""

from datetime import timedelta

from django.utils import timezone

from register.models import Dysfunction
from register.models.dysfunctions import DysfunctionState as S
from tests.register.factories import DysfunctionFactory, MeTooFactory


def _titles_on_landing(client) -> list[str]:
    body = client.get("/mon-espace/").content.decode()
    panel = body[body.index("Mes dysfonctionnements") :]
    return [line for line in panel.split("<li>")[1:21]]


def test_the_panel_shows_the_newest_filed_and_joined_gaps_first(
    client, case_manager, territory, commune
):
    now = timezone.now()
    filed = []
    for i in range(25):
        gap = DysfunctionFactory(
            territory=territory, commune=commune, filer=case_manager, title=f"Déclaré n°{i:02d}"
        )
        filed.append(gap)
        Dysfunction.objects.filter(pk=gap.pk).update(updated_at=now - timedelta(days=30 - i))
    joined = MeTooFactory(
        filer=case_manager,
        dysfunction=DysfunctionFactory(territory=territory, commune=commune, state=S.QUALIFIED,
                                       title="Rejoint par moi aussi"),
    ).dysfunction  # fmt: skip
    Dysfunction.objects.filter(pk=joined.pk).update(updated_at=now - timedelta(days=10, hours=12))
    client.force_login(case_manager)
    shown = _titles_on_landing(client)
    expected = [f"Déclaré n°{i:02d}" for i in range(24, 19, -1)] + ["Rejoint par moi aussi"]
    expected += [f"Déclaré n°{i:02d}" for i in range(19, 5, -1)]
    assert [next(t for t in expected if t in line) for line in shown] == expected
    body = client.get("/mon-espace/").content.decode()
    assert "Déclaré n°05" not in body and "Déclaré n°00" not in body
