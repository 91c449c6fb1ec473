"""Demo register: ten proposals in every state, with the executives' positions and the
strategic decisions."""

from datetime import timedelta

from ..models import (
    DysfunctionState,
    ExecutivePosition,
    Position,
    Proposal,
    ProposalEvent,
    ProposalState,
)

S = DysfunctionState
P = ProposalState

PROPOSALS = [
    ("Convention de sortie d'hospitalisation entre le CHU et les SSIAD", P.IMPLEMENTED),
    ("Équipe mobile de psychogériatrie pour le Chinonais", P.APPROVED),
    ("Accueil de jour : dérogation d'âge pour les malades jeunes", P.APPROVED_WITH_CHANGES),
    ("Transport solidaire vers les consultations hospitalières", P.REJECTED),
    ("Répit à domicile le week-end, mutualisé entre deux services", P.DEFERRED),
    ("Cahier de liaison numérique partagé entre services à domicile", P.SCHEDULED),
    ("Liste d'attente partagée des accueils de jour", P.SUBMITTED),
    ("Hébergement temporaire réservé pour les logements insalubres", P.ADOPTED),
    ("Transmission des justificatifs APA par le CCAS", P.DRAFT),
    ("Campagne d'information des officines sur le numéro unique", P.IMPLEMENTED),
]

PROPOSAL_ROADS = {
    P.DRAFT: [P.DRAFT],
    P.ADOPTED: [P.DRAFT, P.ADOPTED],
    P.SUBMITTED: [P.DRAFT, P.ADOPTED, P.SUBMITTED],
    P.SCHEDULED: [P.DRAFT, P.ADOPTED, P.SUBMITTED, P.SCHEDULED],
    P.APPROVED: [P.DRAFT, P.ADOPTED, P.SUBMITTED, P.SCHEDULED, P.APPROVED],
    P.APPROVED_WITH_CHANGES: [
        P.DRAFT, P.ADOPTED, P.SUBMITTED, P.SCHEDULED, P.APPROVED_WITH_CHANGES,
    ],
    P.REJECTED: [P.DRAFT, P.ADOPTED, P.SUBMITTED, P.SCHEDULED, P.REJECTED],
    P.DEFERRED: [P.DRAFT, P.ADOPTED, P.SUBMITTED, P.SCHEDULED, P.DEFERRED],
    P.IMPLEMENTED: [P.DRAFT, P.ADOPTED, P.SUBMITTED, P.SCHEDULED, P.APPROVED, P.IMPLEMENTED],
}  # fmt: skip

DECISION_REASONS = {
    P.APPROVED: "Approuvée à l'unanimité ; financement sur le fonds d'intervention régional.",
    P.APPROVED_WITH_CHANGES: "Approuvée pour une expérimentation d'un an, avec un bilan à la "
    "table tactique de l'automne.",
    P.REJECTED: "Rejetée : le budget de l'année est engagé ; la table tactique cherchera une "
    "solution avec les communes.",
    P.DEFERRED: "Ajournée à la prochaine séance, dans l'attente du chiffrage des deux services.",
}


def _proposal_dysfunction_states(state):
    """Which dysfunctions a proposal in `state` carries."""
    if state in (P.DRAFT,):
        return (S.QUALIFIED,)
    if state == P.REJECTED:
        return (S.QUALIFIED,)
    if state in (P.APPROVED, P.APPROVED_WITH_CHANGES):
        return (S.DECIDED,)
    if state == P.IMPLEMENTED:
        return (S.IMPLEMENTING, S.CLOSED)
    return (S.ESCALATED,)


def seed_proposals(context, dysfunctions, rng, now):
    tables = context.extra.get("tables", {})
    tactical = tables.get("table-tactique-touraine")
    strategic = tables.get("table-strategique-touraine")
    if tactical is None or strategic is None:
        return []
    pilot = context.users["pilot"]
    executive = context.users["executive"]
    pools = {}
    for d in dysfunctions:
        pools.setdefault(d.state, []).append(d)
    events, positions, made = [], [], []
    for index, (title, state) in enumerate(PROPOSALS):
        road = PROPOSAL_ROADS[state]
        start = now - timedelta(days=300 - index * 25)
        times = [start]
        for _step in road[1:]:
            times.append(min(times[-1] + timedelta(days=rng.randint(10, 40)), now))
        proposal = Proposal.objects.create(
            territory=context.territory,
            title=title,
            rationale=(
                "Plusieurs gestionnaires de cas ont signalé cette rupture de parcours ; la "
                "table tactique l'a examinée et propose une réponse commune.\n\n"
                "- **Constat** : des situations répétées sur plusieurs communes du territoire ;\n"
                "- **Proposition** : une organisation partagée entre les structures concernées."
            ),
            request=f"Approuver : {title.lower()}.",
            resources="Temps de coordination des structures ; pas de financement nouveau."
            if index % 2
            else "Un financement de 40 000 € sur un an (fonds d'intervention régional).",
            tactical_table=tactical,
            strategic_table=strategic if P.SUBMITTED in road else None,
            state=state,
            decision_reason=DECISION_REASONS.get(
                P.APPROVED if state == P.IMPLEMENTED else state, ""
            ),
            created_by=pilot,
            created_at=times[0],
            adopted_at=times[1] if len(times) > 1 else None,
            submitted_at=times[2] if len(times) > 2 else None,
            decided_at=times[4] if len(times) > 4 else None,
        )
        carried = []
        for wanted in _proposal_dysfunction_states(state):
            pool = pools.get(wanted, [])
            if pool:
                carried.append(pool.pop())
        proposal.dysfunctions.set(carried)
        made.append(proposal)
        previous = ""
        for step, at in zip(road, times, strict=True):
            events.append(
                ProposalEvent(
                    proposal=proposal,
                    at=at,
                    actor=pilot,
                    from_state=previous,
                    to_state=step,
                    reason=DECISION_REASONS.get(step, ""),
                )
            )
            previous = step
        if P.SUBMITTED in road:
            positions.append(
                ExecutivePosition(
                    proposal=proposal,
                    user=executive,
                    position=[
                        Position.SUPPORT,
                        Position.SUPPORT,
                        Position.ABSTAIN,
                        Position.OPPOSE,
                    ][index % 4],
                    comment="Sous réserve d'un bilan chiffré à six mois." if index % 3 else "",
                    recorded_at=times[2] + timedelta(days=3),
                )
            )
    ProposalEvent.objects.bulk_create(events)
    ExecutivePosition.objects.bulk_create(positions)
    return made
