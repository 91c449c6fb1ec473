"""Demo: case managers' « moi aussi » on gaps the tables know, what people follow and what they
were told of it, so that the counts, the indicators and the notification centre show a real
picture."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType

from meetings.models import Decision
from portal.models import Follow, FollowNotification

from ..models import Dysfunction, DysfunctionEvent, MeToo
from ..models.dysfunctions import ME_TOO_STATES
from ..territory_versions import register_changed

NOTES = [
    "Même constat pour deux personnes suivies dans le Lochois.",
    "Situation identique après une sortie d'hôpital un samedi.",
    "",
    "Le relais a fini par venir de la commune voisine, trois semaines après.",
]


def seed_me_too_and_follows(context, dysfunctions, now) -> None:
    users = context.users
    joiners = [users["partner"], users["case_manager"]]
    open_ones = [d for d in dysfunctions if d.state in ME_TOO_STATES]
    me_toos, events = [], []
    for index, dysfunction in enumerate(open_ones[:8]):
        filer = next(u for u in joiners if u.pk != dysfunction.filer_id)
        at = min(dysfunction.updated_at + timedelta(days=3), now)
        count = 1 + index % 3
        note = NOTES[index % len(NOTES)]
        me_toos.append(
            MeToo(
                dysfunction=dysfunction, filer=filer, situation_count=count, note=note,
                created_at=at, updated_at=at,
            )
        )  # fmt: skip
        reason = f"« Moi aussi » : {count} situation(s) de plus connue(s) sur le terrain."
        events.append(
            DysfunctionEvent(
                dysfunction=dysfunction, at=at, actor=filer, from_state=dysfunction.state,
                to_state=dysfunction.state, transition="me_too",
                reason=f"{reason}\n{note}".strip(),
            )
        )  # fmt: skip
        dysfunction.situation_count += count
    MeToo.objects.bulk_create(me_toos)
    DysfunctionEvent.objects.bulk_create(events)
    Dysfunction.objects.bulk_update([m.dysfunction for m in me_toos], ["situation_count"])
    register_changed()  # written in bulk, without signals: the indicators follow

    # Filers follow what they filed or joined; the tactical member follows a few gaps and
    # decisions, and was told of their latest moves.
    kind = ContentType.objects.get_for_model(Dysfunction)
    follows = {(d.filer_id, kind.pk, d.pk) for d in dysfunctions}
    follows |= {(m.filer_id, kind.pk, m.dysfunction_id) for m in me_toos}
    member = users["tactical_member"]
    watched = open_ones[8:12]
    follows |= {(member.pk, kind.pk, d.pk) for d in watched}
    decision_kind = ContentType.objects.get_for_model(Decision)
    decisions = list(Decision.objects.filter(meeting__table__territory=context.territory)[:2])
    follows |= {(member.pk, decision_kind.pk, d.pk) for d in decisions}
    Follow.objects.bulk_create(
        [Follow(user_id=u, target_type_id=k, target_id=pk) for u, k, pk in sorted(follows)],
        ignore_conflicts=True,
    )
    notifications = []
    for index, dysfunction in enumerate(watched):
        notifications.append(
            FollowNotification(
                recipient=member, target_type=kind, target_id=dysfunction.pk,
                to_state=dysfunction.state, created_at=now - timedelta(days=index + 1),
                text="Point d'étape du pilote avant la prochaine table tactique.",
                read_at=None if index < 2 else now - timedelta(days=index),
            )
        )  # fmt: skip
    FollowNotification.objects.bulk_create(notifications)
