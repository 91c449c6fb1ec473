"""Demo territory, the register: about eighty dysfunctions over the past year, in every state and
category, ten proposals in every state with the executives' positions and the strategic
decisions, and the filers' feedback, so that the indicators show a real picture.

Idempotent: if the register of the demo territory already holds its first dysfunction, nothing
is added. Rows are written in bulk (history rows are only ever inserted)."""

import random
from datetime import timedelta

from django.utils import timezone

from portal.demo import DemoContext

from .models import (
    Category,
    Dysfunction,
    DysfunctionEvent,
    DysfunctionState,
    ExecutivePosition,
    FeedbackAnswer,
    FeedbackRequest,
    Position,
    Proposal,
    ProposalEvent,
    ProposalState,
)

S = DysfunctionState
P = ProposalState

# title, category, public, age band, severity, what happened, workaround, suggestion, organisations
SITUATIONS = [
    (
        "Sortie d'hospitalisation le vendredi soir sans relais infirmier",
        "sortie-hospitalisation", "older_people", "85_plus", "serious",
        "Une personne de plus de 85 ans, vivant seule, sort du service de médecine un vendredi "
        "à 18 h. Le SSIAD n'est prévenu que le lundi et ne peut intervenir avant le mercredi.",
        "L'infirmière libérale du bourg passe bénévolement le samedi.",
        "Prévenir le SSIAD 48 heures avant toute sortie programmée ; éviter les sorties du "
        "vendredi soir sans relais organisé.",
        ["Centre hospitalier universitaire de Tours", "SSIAD de l'agglomération tourangelle"],
    ),
    (
        "Plus de trois mois d'attente pour une place en accueil de jour Alzheimer",
        "delai-attente", "older_people", "75_84", "serious",
        "Un couple âgé dont l'épouse présente des troubles cognitifs avancés attend une place "
        "en accueil de jour depuis plus de trois mois ; l'aidant s'épuise.",
        "Heures d'aide à domicile supplémentaires financées en urgence par la caisse de retraite.",
        "Créer des places d'accueil de jour temporaire, ou une liste d'attente partagée.",
        ["Entraide Alzheimer 37", "EHPAD Les Tilleuls"],
    ),
    (
        "Aucun transport pour les consultations de suivi en dehors de l'agglomération",
        "transport", "older_people", "75_84", "moderate",
        "Des personnes sans véhicule vivant dans le Lochois renoncent à leurs consultations au "
        "CHU faute de transport ; le transport sanitaire n'est pas prescrit.",
        "Covoiturage par des voisins, au cas par cas.",
        "Étendre le transport solidaire aux consultations hospitalières.",
        ["Transport solidaire Sud Touraine", "Centre hospitalier de Loches"],
    ),
    (
        "Refus du SAAD pour les interventions de moins d'une heure",
        "criteres-exclusion", "disabled_adults", "18_59", "moderate",
        "Un adulte en situation de handicap a besoin d'une aide de trente minutes matin et soir "
        "pour les transferts ; le service d'aide à domicile refuse les interventions de moins "
        "d'une heure.",
        "La famille assure les transferts du soir.",
        "Revoir les critères d'intervention minimale ou mutualiser entre deux services.",
        ["Service d'aide à domicile Touraine Services"],
    ),
    (
        "Orientation vers le CLIC alors que la personne relève du CSAPA",
        "information-orientation", "precarious", "18_59", "moderate",
        "Une personne ayant une consommation d'alcool à risque est orientée par les urgences "
        "vers le CLIC, qui n'est pas compétent ; trois semaines sont perdues.",
        "Appel direct de la gestionnaire de cas au CSAPA.",
        "Mettre à jour l'annuaire commun et former les urgences à l'orientation.",
        ["CLIC Touraine Nord-Ouest", "CSAPA Port-Bretagne"],
    ),
    (
        "Logement insalubre sans solution d'hébergement temporaire",
        "logement", "older_people", "75_84", "critical",
        "Une personne âgée vit dans un logement sans chauffage ; aucune solution d'hébergement "
        "temporaire n'existe le temps des travaux.",
        "Hébergement chez un proche pendant deux semaines.",
        "Réserver des places d'hébergement temporaire en EHPAD pour ces situations.",
        ["CCAS de Tours", "EHPAD Le Clos Saint-Martin"],
    ),
    (
        "Dossier APA bloqué faute de justificatif de ressources",
        "administratif-financier", "older_people", "85_plus", "moderate",
        "Le dossier d'allocation personnalisée d'autonomie reste incomplet pendant deux mois "
        "faute d'un avis d'imposition que la personne ne sait pas obtenir.",
        "Le CCAS accompagne la démarche en ligne.",
        "Permettre au CCAS de transmettre les justificatifs avec l'accord de la personne.",
        ["Conseil départemental d'Indre-et-Loire – direction de l'autonomie", "CCAS de Chinon"],
    ),
    (
        "Les informations de sortie n'arrivent pas au médecin traitant",
        "coordination", "chronic", "60_74", "serious",
        "Après une hospitalisation pour insuffisance cardiaque, le compte rendu n'arrive au "
        "médecin traitant qu'après trois semaines ; le traitement n'est pas adapté.",
        "La pharmacie transmet l'ordonnance de sortie au médecin.",
        "Envoi systématique du compte rendu de sortie par messagerie sécurisée le jour même.",
        ["Centre hospitalier du Chinonais", "Maison de santé du Richelais"],
    ),
    (
        "Aucune offre de répit pour les aidants le week-end",
        "soutien-aidants", "carers", "all", "serious",
        "Des aidants de personnes atteintes de maladie neuro-évolutive n'ont aucune solution "
        "de répit le week-end sur le sud du territoire.",
        "Hospitalisation de répit demandée aux urgences, inadaptée.",
        "Ouvrir une offre de répit à domicile le week-end, mutualisée entre deux services.",
        ["Association des aidants de Touraine", "Aide à domicile en milieu rural du Lochois"],
    ),
    (
        "Pas de psychiatre pour les personnes âgées à domicile",
        "absence-offre", "older_people", "75_84", "serious",
        "Aucune équipe de psychiatrie du sujet âgé n'intervient à domicile sur le Chinonais ; "
        "les situations de crise finissent aux urgences.",
        "Téléconsultation ponctuelle avec le CHU.",
        "Créer une équipe mobile de psychogériatrie couvrant tout le territoire.",
        ["Centre hospitalier du Chinonais"],
    ),
    (
        "Matériel médical livré une semaine après le retour à domicile",
        "sortie-hospitalisation", "older_people", "85_plus", "serious",
        "Le lit médicalisé prescrit à la sortie est livré sept jours après le retour ; la "
        "personne dort dans un fauteuil.",
        "Prêt d'un lit par l'EHPAD voisin.",
        "Prescrire et commander le matériel dès la décision de sortie.",
        ["Centre hospitalier universitaire de Tours", "Pharmacie des Halles"],
    ),
    (
        "Accès impossible au portage de repas au-delà de quinze kilomètres",
        "acces-service", "older_people", "75_84", "moderate",
        "Le portage de repas ne dessert pas les hameaux situés à plus de quinze kilomètres du "
        "bourg-centre.",
        "Repas préparés par une voisine.",
        "Étendre la tournée ou conventionner avec un second prestataire.",
        ["CCAS de Joué-lès-Tours"],
    ),
    (
        "Personne de moins de 60 ans exclue de l'accueil de jour malgré une maladie jeune",
        "criteres-exclusion", "chronic", "18_59", "serious",
        "Une personne de 56 ans atteinte d'une maladie d'Alzheimer jeune est refusée par "
        "l'accueil de jour au motif de l'âge.",
        "Aucune solution : maintien à domicile avec l'époux.",
        "Ouvrir une dérogation d'âge pour les malades jeunes.",
        ["EHPAD Les Tilleuls"],
    ),
    (
        "Numéro du service d'appui introuvable pour les pharmaciens",
        "information-orientation", "all", "all", "minor",
        "Les pharmacies d'officine ne connaissent pas le numéro unique du dispositif d'appui ; "
        "elles appellent le CHU.",
        "La gestionnaire de cas a distribué des cartes dans trois officines.",
        "Campagne d'information auprès des officines et mise à jour de l'annuaire.",
        ["Pharmacie du Pont de Cher", "Dispositif d'appui à la coordination de Touraine"],
    ),
    (
        "Deux services interviennent sans se connaître chez la même personne",
        "coordination", "disabled_adults", "18_59", "moderate",
        "Le SSIAD et le SAAD interviennent chez la même personne aux mêmes heures sans cahier "
        "de liaison commun.",
        "Cahier de liaison papier mis en place par la famille.",
        "Un cahier de liaison partagé, numérique, entre services à domicile.",
        ["SSIAD du Sud Touraine", "Service d'aide à domicile Touraine Services"],
    ),
    (
        "Hébergement d'urgence refusé à une personne avec un animal",
        "logement", "precarious", "18_59", "serious",
        "Une personne sans domicile, accompagnée de son chien, refuse l'hébergement d'urgence "
        "qui n'accepte pas les animaux.",
        "Nuitées d'hôtel payées par une association.",
        "Prévoir des places acceptant les animaux dans l'hébergement d'urgence.",
        ["CCAS de Saint-Pierre-des-Corps"],
    ),
    (
        "Documents de liaison rédigés uniquement en français",
        "autre", "all", "all", "minor",
        "Des familles non francophones ne comprennent pas les documents de sortie et de liaison "
        "remis à domicile ; aucune version traduite ni interprétariat n'est prévu.",
        "Traduction improvisée par un voisin ou un enfant.",
        "Recourir à l'interprétariat professionnel et traduire les documents les plus courants.",
        ["Centre hospitalier universitaire de Tours", "CCAS de Tours"],
    ),
]  # fmt: skip

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


def seed(context: DemoContext) -> None:
    territory = context.territory
    first_title = f"{SITUATIONS[0][0]} ({context.communes['37261'].name})"
    if Dysfunction.objects.filter(territory=territory, title=first_title).exists():
        return
    rng = random.Random(37)
    now = timezone.now()
    from .taxonomy import STARTING_CATEGORIES

    for order, (value, label) in enumerate(STARTING_CATEGORIES, start=1):
        Category.objects.get_or_create(value=value, defaults={"label": label, "order": order * 10})
    categories = {c.value: c for c in Category.objects.all()}
    communes = list(context.communes.values())
    # The first commune of each quarter of the list, so that titles are stable.
    filers = [context.users["case_manager"], context.users["partner"]]
    pilot = context.users["pilot"]
    organisations = context.organisations

    from directory.models import Service

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

    proposals = _seed_proposals(context, dysfunctions, rng, now)
    _seed_feedback(dysfunctions, rng, now)
    _link_meetings(context, dysfunctions, proposals)


def _seed_proposals(context, dysfunctions, rng, now):
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


def _seed_feedback(dysfunctions, rng, now):
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


TACTICAL_STATES = (S.ESCALATED, S.DECIDED, S.IMPLEMENTING, S.CLOSED)


def _link_meetings(context, dysfunctions, proposals):
    """Put the dysfunctions and proposals on the agendas of the demo meetings (when the tables'
    demo has planned them): scheduled ones on the next tactical meeting, those that went
    further on a past one; proposals adopted in a tactical meeting and decided in a strategic
    one, with the approvals followed in the decision register."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max

    from meetings.models import (
        HELD_STATUSES,
        UPCOMING_STATUSES,
        AgendaItem,
        Decision,
        DecisionStatus,
        Meeting,
    )

    tables = context.extra.get("tables", {})
    tactical = tables.get("table-tactique-touraine")
    strategic = tables.get("table-strategique-touraine")
    if tactical is None or strategic is None:
        return
    meetings = {
        table: (
            list(
                Meeting.objects.filter(table=table, status__in=HELD_STATUSES).order_by("-starts_at")
            ),
            list(
                Meeting.objects.filter(table=table, status__in=UPCOMING_STATUSES).order_by(
                    "starts_at"
                )
            ),
        )
        for table in (tactical, strategic)
    }
    if not all(past and future for past, future in meetings.values()):
        return
    numbers = dict(
        AgendaItem.objects.filter(meeting__table__in=[tactical, strategic])
        .values_list("meeting")
        .annotate(n=Max("number"))
    )
    pilot = context.users["pilot"]
    dysfunction_type = ContentType.objects.get_for_model(Dysfunction)
    proposal_type = ContentType.objects.get_for_model(Proposal)

    def add_item(meeting, subject, subject_type, title, kind):
        numbers[meeting.pk] = numbers.get(meeting.pk, 0) + 1
        return AgendaItem.objects.create(
            meeting=meeting,
            number=numbers[meeting.pk],
            title=f"{subject.reference} — {title}"[:250],
            kind=kind,
            subject_type=subject_type,
            subject_id=subject.pk,
            presenter=pilot,
            dealt_with=meeting.status in HELD_STATUSES,
        )

    tactical_past, tactical_future = meetings[tactical]
    strategic_past, strategic_future = meetings[strategic]
    for index, d in enumerate(dysfunctions):
        if d.state == S.SCHEDULED:
            add_item(tactical_future[0], d, dysfunction_type, d.title, "discussion")
        elif d.state in TACTICAL_STATES:
            meeting = tactical_past[index % len(tactical_past)]
            add_item(meeting, d, dysfunction_type, d.title, "discussion")
    for index, proposal in enumerate(proposals):
        if proposal.state == P.DRAFT:
            continue
        proposal.adopted_in = tactical_past[index % len(tactical_past)]
        if proposal.state in (P.SUBMITTED, P.ADOPTED):
            proposal.save(update_fields=["adopted_in"])
            continue
        decided = proposal.state not in (P.SCHEDULED,)
        meeting = strategic_past[index % len(strategic_past)] if decided else strategic_future[0]
        item = add_item(meeting, proposal, proposal_type, proposal.title, "decision")
        proposal.scheduled_in = meeting
        if proposal.state in (P.APPROVED, P.APPROVED_WITH_CHANGES, P.IMPLEMENTED):
            proposal.decision = Decision.objects.create(
                meeting=meeting,
                item=item,
                text=f"{proposal.reference} {proposal.title} — {proposal.decision_reason}",
                owner=pilot,
                created_by=pilot,
                status=DecisionStatus.DONE
                if proposal.state == P.IMPLEMENTED
                else DecisionStatus.IN_PROGRESS,
            )
            proposal.dysfunctions.update(decision=proposal.decision)
        proposal.save(update_fields=["adopted_in", "scheduled_in", "decision"])
