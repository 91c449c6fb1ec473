"""Demo register: about eighty dysfunctions over the past year, in every state and category,
each with the road it travelled, and the filers' feedback on the closed ones."""

import random
from datetime import timedelta

from directory.models import Service
from portal.demo import DemoContext

from ..models import (
    Category,
    Dysfunction,
    DysfunctionEvent,
    DysfunctionState,
    FeedbackAnswer,
    FeedbackRequest,
)
from ..taxonomy import STARTING_CATEGORIES
from .situations import SITUATIONS

S = DysfunctionState

# The states of the 80 dysfunctions, in the proportions one sees after a year of register.
STATE_PLAN = (
    [S.DRAFT] * 4
    + [S.SUBMITTED] * 8
    + [S.INFORMATION_REQUESTED] * 4
    + [S.QUALIFIED] * 10
    + [S.MERGED] * 5
    + [S.REJECTED] * 5
    + [S.SCHEDULED] * 8
    + [S.ESCALATED] * 10
    + [S.DECIDED] * 8
    + [S.IMPLEMENTING] * 8
    + [S.CLOSED] * 10
)

# The road each state has travelled (the states before it).
ROADS = {
    S.DRAFT: [S.DRAFT],
    S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
    S.INFORMATION_REQUESTED: [S.DRAFT, S.SUBMITTED, S.INFORMATION_REQUESTED],
    S.QUALIFIED: [S.DRAFT, S.SUBMITTED, S.QUALIFIED],
    S.MERGED: [S.DRAFT, S.SUBMITTED, S.MERGED],
    S.REJECTED: [S.DRAFT, S.SUBMITTED, S.REJECTED],
    S.SCHEDULED: [S.DRAFT, S.SUBMITTED, S.QUALIFIED, S.SCHEDULED],
    S.ESCALATED: [S.DRAFT, S.SUBMITTED, S.QUALIFIED, S.SCHEDULED, S.ESCALATED],
    S.DECIDED: [S.DRAFT, S.SUBMITTED, S.QUALIFIED, S.SCHEDULED, S.ESCALATED, S.DECIDED],
    S.IMPLEMENTING: [
        S.DRAFT, S.SUBMITTED, S.QUALIFIED, S.SCHEDULED, S.ESCALATED, S.DECIDED, S.IMPLEMENTING,
    ],
    S.CLOSED: [
        S.DRAFT, S.SUBMITTED, S.QUALIFIED, S.SCHEDULED, S.ESCALATED, S.DECIDED, S.IMPLEMENTING,
        S.CLOSED,
    ],
}  # fmt: skip

REASONS = {
    S.INFORMATION_REQUESTED: "Pouvez-vous préciser combien de situations vous avez rencontrées "
    "depuis janvier ?",
    S.QUALIFIED: "Constat partagé par d'autres gestionnaires de cas ; publié aux tables.",
    S.MERGED: "Même rupture qu'un signalement déjà qualifié : fusionné.",
    S.REJECTED: "Situation individuelle relevant du plan de service, non d'un "
    "dysfonctionnement du réseau.",
    S.SCHEDULED: "Inscrit à l'ordre du jour de la prochaine table tactique.",
    S.ESCALATED: "Porté par une proposition adoptée par la table tactique.",
    S.DECIDED: "La table stratégique a approuvé la proposition.",
    S.IMPLEMENTING: "Mise en œuvre engagée par les structures concernées.",
    S.CLOSED: "La mesure est en place depuis un mois ; dysfonctionnement clos.",
}


def seed_dysfunctions(context: DemoContext, rng: random.Random, now) -> list[Dysfunction]:
    """The dysfunctions of STATE_PLAN, oldest (and furthest travelled) first, each with the
    history of its road."""
    territory = context.territory
    for order, (value, label) in enumerate(STARTING_CATEGORIES, start=1):
        Category.objects.get_or_create(value=value, defaults={"label": label, "order": order * 10})
    categories = {c.value: c for c in Category.objects.all()}
    communes = list(context.communes.values())
    # The first commune of each quarter of the list, so that titles are stable.
    filers = [context.users["case_manager"], context.users["partner"]]
    pilot = context.users["pilot"]
    organisations = context.organisations

    services_by_org = {}
    for service in Service.objects.filter(organisation__territory=territory):
        services_by_org.setdefault(service.organisation.name, []).append(service)

    # The oldest dysfunctions travelled furthest: the closed ones come first.
    plan = [state for state in STATE_PLAN if state != S.CLOSED]
    rng.shuffle(plan)
    plan = [S.CLOSED] * STATE_PLAN.count(S.CLOSED) + plan
    dysfunctions, roads = [], []
    for index, state in enumerate(plan):
        situation = SITUATIONS[index % len(SITUATIONS)]
        title, category, public, age_band, severity, text, workaround, suggestion, orgs = situation
        commune = context.communes["37261"] if index == 0 else communes[index % len(communes)]
        days_ago = 360 - index * 4 - rng.randint(0, 3)
        submitted = now - timedelta(days=days_ago, hours=rng.randint(0, 8))
        road = ROADS[state]
        times = [submitted - timedelta(days=1)]
        for _step in road[1:]:
            times.append(min(times[-1] + timedelta(days=rng.randint(6, 30)), now))
        dysfunction = Dysfunction(
            territory=territory,
            commune=commune,
            title=f"{title} ({commune.name})",
            description=text,
            observed_on=(submitted - timedelta(days=rng.randint(2, 20))).date(),
            category=categories[category],
            public=public,
            age_band=age_band,
            situation_count=rng.randint(1, 9),
            severity=severity,
            workaround=workaround,
            suggestion=suggestion,
            filer=filers[index % 2],
            state=state,
            created_at=times[0],
            updated_at=times[-1],
            submitted_at=times[1] if len(times) > 1 else None,
            decided_at=times[road.index(S.DECIDED)] if S.DECIDED in road else None,
            closed_at=times[road.index(S.CLOSED)] if S.CLOSED in road else None,
        )
        dysfunctions.append(dysfunction)
        roads.append((road, times, [organisations[o] for o in orgs if o in organisations]))
    # Duplicates point to a qualified dysfunction, written first.
    kept = [d for d in dysfunctions if d.state != S.MERGED]
    Dysfunction.objects.bulk_create(kept)
    target = next(d for d in kept if d.state == S.QUALIFIED)
    duplicates = [d for d in dysfunctions if d.state == S.MERGED]
    for duplicate in duplicates:
        duplicate.merged_into = target
    Dysfunction.objects.bulk_create(duplicates)

    events = []
    for dysfunction, (road, times, orgs) in zip(dysfunctions, roads, strict=True):
        dysfunction.organisations.set(orgs)
        linked = [s for o in orgs for s in services_by_org.get(o.name, [])][:2]
        if linked:
            dysfunction.services.set(linked)
        previous = ""
        for step, at in zip(road, times, strict=True):
            actor = dysfunction.filer if step in (S.DRAFT, S.SUBMITTED) else pilot
            events.append(
                DysfunctionEvent(
                    dysfunction=dysfunction,
                    at=at,
                    actor=actor,
                    from_state=previous,
                    to_state=step,
                    reason=REASONS.get(step, ""),
                )
            )
            previous = step
    DysfunctionEvent.objects.bulk_create(events)
    return dysfunctions


def seed_feedback(dysfunctions, rng, now):
    answers = [
        FeedbackAnswer.YES,
        FeedbackAnswer.PARTLY,
        FeedbackAnswer.YES,
        FeedbackAnswer.NO,
        FeedbackAnswer.TOO_EARLY,
    ]
    requests = []
    due = now - timedelta(days=42)
    closed = [d for d in dysfunctions if d.state == S.CLOSED and d.closed_at <= due]
    for index, dysfunction in enumerate(closed):
        answer = answers[index % len(answers)] if index < 8 else ""
        requests.append(
            FeedbackRequest(
                dysfunction=dysfunction,
                recipient=dysfunction.filer,
                requested_at=dysfunction.closed_at + timedelta(days=42),
                answer=answer,
                answered_at=min(dysfunction.closed_at + timedelta(days=45), now)
                if answer
                else None,
            )
        )
    FeedbackRequest.objects.bulk_create(requests)
